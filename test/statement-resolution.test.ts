import { describe, expect, it } from 'vitest';
import type { Answer } from '../src/answer/answer.js';
import { contextOf } from '../src/commands/dprkResponse.js';
import { findCommand } from '../src/commands/index.js';
import { loadCorpus } from '../src/corpus/loadCorpus.js';
import { passageKey } from '../src/search/buildIndex.js';
import { buildKnowledge } from '../src/search/knowledge.js';
import { reportsDprkResponse } from '../src/statements/findResponses.js';

// Loaded once for the file: every test below only reads it.
const knowledge = buildKnowledge(await loadCorpus('corpus'));
const { registry } = knowledge.corpus;

function run(command: string, options: Record<string, unknown>): Answer {
  const handler = findCommand(command);
  if (!handler) throw new Error(`no command ${command}`);
  return handler.run(knowledge, handler.options.parse(options));
}

/** The article a citation comes from reports this registry id (a statement or a response). */
function citesOnly(answer: Answer, reportId: string): boolean {
  return answer.citations.every((c) =>
    knowledge.index.passages.get(passageKey(c.articleId, c.paragraph))!.reports.includes(reportId),
  );
}

/**
 * How people name each statement: ids, dates in several formats, nicknames, partial titles and
 * misspellings. The four statements have near-identical signatories, so only the naming tells them apart.
 */
const PHRASINGS: Record<string, string[]> = {
  'joint-2024-05-31': [
    'joint-2024-05-31',
    '31 May',
    '31/05/2024',
    '2024-05-31',
    'May 31st',
    '31.05.2024',
    'may 31 2024',
    'end of May',
    'the May one',
    'the May statement',
    'the statment of may',
    'arms transfers statement',
    'arms transfer',
    'return to diplomacy',
    'first joint statement',
    '5/31/24',
    '31.05.24',
  ],
  'nato-2024-07-10': [
    'nato-2024-07-10',
    'dprk-2024-07-13',
    '10 July',
    '10/07/2024',
    'July 10th',
    '2024-07-10',
    'NATO declaration',
    'NATO declaraton',
    'Washington summit',
    'washington summit declaration',
    'the July one',
    'NATO summit',
    'the nato statment',
    '7/10/2024',
    'the 07/10 declaration',
  ],
  'joint-2024-11-06': [
    'joint-2024-11-06',
    '6 November',
    '06/11/2024',
    'Nov 6th',
    '2024-11-06',
    '5 November',
    'November 5',
    'troop deployment statement',
    'troop deploymnet statement',
    'troops statement',
    'the November one',
    'Kursk deployment',
    'deployment of troops',
    'novembre statement',
    "the statement on the DPRK's deployment of troops to Russia",
    '11/06/2024',
    '6/11/24',
  ],
  'joint-2024-12-16': [
    'joint-2024-12-16',
    'dprk-2024-12-19',
    '16/12/2024',
    'Dec 16th',
    '2024-12-16',
    '16 December',
    'December 16, 2024',
    'the December statement',
    'decmber statement',
    'military cooperation statement',
    'latest joint statement',
    'reckless provocation',
    'dec 19',
    'the statement North Korea called a reckless provocation',
    '12/16/24',
    '16.12.24',
    'the 16/12 statement',
  ],
};

/** From the source list: North Korea's answers in these articles are to the NATO and December statements only. */
const NO_RESPONSE_IN_CORPUS = new Set(['joint-2024-05-31', 'joint-2024-11-06']);

const responsesTo = (statementId: string) => registry.responses.filter((r) => r.respondsTo === statementId);

describe('the registry matches the sources', () => {
  it('has a response for exactly the statements North Korea answered in these articles', () => {
    for (const s of registry.statements)
      expect(responsesTo(s.id).length === 0, s.id).toBe(NO_RESPONSE_IN_CORPUS.has(s.id));
  });
});

for (const [statementId, phrasings] of Object.entries(PHRASINGS)) {
  describe(`${statementId}`, () => {
    it.each(phrasings)('who-signed "%s" names it, with signatories cited from its own articles', (phrase) => {
      const answer = run('who-signed', { statement: phrase });
      expect(answer.statement?.id).toBe(statementId);
      expect(answer.signatories?.length).toBeGreaterThan(0);
      expect(answer.citations.length).toBeGreaterThan(0);
      expect(citesOnly(answer, statementId)).toBe(true);
    });

    it.each(phrasings)('dprk-response "%s" gives its own response, or says there is none', (phrase) => {
      const answer = run('dprk-response', { statement: phrase });
      expect(answer.statement?.id).toBe(statementId);
      if (NO_RESPONSE_IN_CORPUS.has(statementId)) {
        expect(answer.citations).toEqual([]);
        expect(answer.lead).toMatch(/no North Korean response/i);
        return;
      }
      const [response] = responsesTo(statementId);
      expect(answer.citations.length).toBeGreaterThan(0);
      expect(citesOnly(answer, response!.id)).toBe(true);
      for (const c of answer.citations) {
        expect(
          reportsDprkResponse(
            knowledge.index.passages.get(passageKey(c.articleId, c.paragraph))!,
            contextOf(knowledge, response!),
          ),
          `${c.articleId}#${c.paragraph}`,
        ).toBe(true);
      }
    });
  });
}

describe('ambiguous or unknown statement text', () => {
  it.each(['the joint statement', 'joint statement'])(
    '"%s" offers the statements it may mean and cites nothing',
    (phrase) => {
      for (const command of ['who-signed', 'dprk-response']) {
        const answer = run(command, { statement: phrase });
        expect(answer.statement).toBeNull();
        expect(answer.citations).toEqual([]);
        expect(answer.choices?.length).toBeGreaterThan(1);
      }
    },
  );

  it('dprk-response without a statement lists every response, each cited from its own articles', () => {
    const answer = run('dprk-response', {});
    expect(answer.statement).toBeNull();
    const responseIds = registry.responses.map((r) => r.id);
    for (const c of answer.citations) {
      const passage = knowledge.index.passages.get(passageKey(c.articleId, c.paragraph))!;
      expect(passage.reports.some((id) => responseIds.includes(id))).toBe(true);
    }
    expect(answer.lead).toMatch(/No response in the corpus to/);
  });
});

describe('asked through /ask, the same resolution as the dedicated commands', () => {
  const QUESTIONS: Array<[string, string, string]> = [
    [
      'joint-2024-05-31',
      'who signed the May 31 statement?',
      'how did north korea respond to the 31/05/2024 statement?',
    ],
    [
      'nato-2024-07-10',
      'who signed the NATO declaration?',
      'how did pyongyang react to the washington summit declaraton?',
    ],
    [
      'joint-2024-11-06',
      'which countries signed the troop deployment statement?',
      "what was north korea's reaction to the nov 6 statement?",
    ],
    [
      'joint-2024-12-16',
      'who were the signatories of the December statement?',
      'how did north korea respond to the dec 16th joint statement?',
    ],
  ];

  it.each(QUESTIONS)('%s: who signed, and North Korea’s response', (statementId, whoSigned, response) => {
    const signed = run('ask', { question: whoSigned });
    expect(signed.statement?.id).toBe(statementId);
    expect(signed.signatories?.length).toBeGreaterThan(0);
    expect(citesOnly(signed, statementId)).toBe(true);

    const answered = run('ask', { question: response });
    expect(answered.statement?.id).toBe(statementId);
    if (NO_RESPONSE_IN_CORPUS.has(statementId)) {
      expect(answered.citations).toEqual([]);
      expect(answered.lead).toMatch(/no North Korean response/i);
    } else {
      expect(answered.citations.length).toBeGreaterThan(0);
      expect(citesOnly(answered, responsesTo(statementId)[0]!.id)).toBe(true);
    }
  });

  it('a response by someone else is not read as North Korea’s', () => {
    const answer = run('ask', { question: 'how did the EU respond to north korea’s reply to the December statement?' });
    expect(answer.statement).toBeNull();
  });

  it('signatories doing something else is not a who-signed question', () => {
    const answer = run('ask', {
      question: 'what did the signatories of the May statement urge North Korea to do about its nuclear weapons?',
    });
    expect(answer.signatories).toBeUndefined();
  });
});

describe('whether a state or body signed', () => {
  const JOINT = ['joint-2024-05-31', 'joint-2024-11-06', 'joint-2024-12-16'];
  const lookUp = (statement: string | undefined, party: string) => run('who-signed', { statement, party });

  // Each joint statement names its signatories in a list; the party is found whichever way it is written.
  it.each(
    JOINT.flatMap((id) =>
      [
        'New Zealand',
        'the UK',
        'Britain',
        'south korea',
        'Republic of Korea',
        'the EU',
        'the High Representative of the EU',
      ].map((party) => [id, party]),
    ),
  )('%s, %s: yes, citing first the passage that names it, in bold', (id, party) => {
    const answer = lookUp(id, party);
    expect(answer.lead).toMatch(/^Yes: /);
    expect(answer.membership?.statements).toEqual([
      { statement: expect.objectContaining({ id }), signed: 'yes', citation: 1 },
    ]);
    const first = answer.citations[0]!;
    expect(first.highlights).toHaveLength(1);
    const [start, end] = first.highlights[0]!;
    expect(answer.signatories?.map((s) => s.name.replace(/^the /, ''))).toContain(first.text.slice(start, end));
    expect(citesOnly(answer, id)).toBe(true);
  });

  it.each(JOINT.flatMap((id) => ['China', 'Mongolia', 'Russia'].map((party) => [id, party])))(
    '%s, %s: no, with the list it is not in',
    (id, party) => {
      const answer = lookUp(id, party);
      expect(answer.lead).toMatch(/^No: /);
      expect(answer.membership?.statements[0]?.signed).toBe('no');
      expect(answer.signatories!.length).toBeGreaterThan(5);
    },
  );

  it('where the passages name only a group ("NATO members"), they do not say, and the answer says so', () => {
    const answer = lookUp('NATO declaration', 'Japan');
    expect(answer.membership?.statements[0]?.signed).toBe('unknown');
    expect(answer.lead).toMatch(/only as NATO members; whether Japan is among them, they do not say/);
  });

  it('without a statement, or with text several fit, each of those statements gets its line and the citation that settles it', () => {
    const all = lookUp(undefined, 'Japan');
    expect(all.membership?.statements.map((m) => [m.statement.id, m.signed])).toEqual(
      registry.statements.map((s) => [s.id, s.id.startsWith('nato') ? 'unknown' : 'yes']),
    );
    for (const m of all.membership!.statements) {
      const cited = all.citations[m.citation! - 1]!;
      expect(knowledge.index.passages.get(passageKey(cited.articleId, cited.paragraph))!.reports).toContain(
        m.statement.id,
      );
    }
    const joint = lookUp('the joint statement', 'Japan');
    expect(joint.membership?.statements.map((m) => m.statement.id)).toEqual(JOINT);
    expect(joint.lead).toMatch(/^Japan is among the signatories of all 3 statements/);
  });

  it.each([
    ['did New Zealand sign the December statement?', ['joint-2024-12-16'], 'yes'],
    ['Was Britain part of the troop deployment statement', ['joint-2024-11-06'], 'yes'],
    ['is China a signatory of the May statement?', ['joint-2024-05-31'], 'no'],
    ['which statements did south korea sign?', registry.statements.map((s) => s.id), null],
    ['how many of the declarations has the EU endorsed', registry.statements.map((s) => s.id), null],
  ])('/ask "%s" gives the same look-up', (question, ids, signed) => {
    const answer = run('ask', { question });
    expect(answer.membership?.statements.map((m) => m.statement.id)).toEqual(ids);
    if (signed) expect(answer.membership?.statements[0]?.signed).toBe(signed);
  });

  it.each(['did the ministers sign the December statement?', 'did us sign the December statement?'])(
    '/ask "%s" names no state or body: the signatory list',
    (question) => {
      const answer = run('ask', { question });
      expect(answer.membership).toBeUndefined();
      expect(answer.statement?.id).toBe('joint-2024-12-16');
      expect(answer.signatories!.length).toBeGreaterThan(5);
    },
  );
});
