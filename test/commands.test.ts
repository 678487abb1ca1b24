import { describe, expect, it } from 'vitest';
import { findCommand } from '../src/commands/index.js';
import { loadCorpus } from '../src/corpus/loadCorpus.js';
import { buildKnowledge } from '../src/search/knowledge.js';

const knowledge = buildKnowledge(await loadCorpus('corpus'));

function run(name: string, options: Record<string, unknown> = {}) {
  const command = findCommand(name)!;
  return command.run(knowledge, command.options.parse(options));
}

/** The text of the passages an answer cites, to check that names and phrases trace to them. */
function citedText(answer: ReturnType<typeof run>): string {
  return answer.citations.map((c) => c.text).join('\n');
}

const FOUR = [
  {
    id: 'joint-2024-05-31',
    text: 'the 31 May 2024 joint statement',
    article: 'ukrinform-ten-countries-eu-condemn',
    response: null,
  },
  {
    id: 'nato-2024-07-10',
    text: 'the NATO Washington Summit Declaration',
    article: 'dw-nato-declaration-response',
    response: 'dw-nato-declaration-response',
  },
  {
    id: 'joint-2024-11-06',
    text: 'the statement on the deployment of troops to Russia',
    article: 'neglobal-troop-deployment-statement',
    response: null,
  },
  {
    id: 'joint-2024-12-16',
    text: 'the 16 December statement',
    article: 'kyivpost-reckless-provocation',
    response: 'kyivpost-reckless-provocation',
  },
];

describe('who-signed', () => {
  it.each(FOUR)(
    '$id: names the statement with its date and lists signatories found in its cited passages',
    ({ id, text }) => {
      const answer = run('who-signed', { statement: text });
      expect(answer.statement?.id).toBe(id);
      expect(answer.lead).toContain(answer.statement!.title);
      expect(answer.signatories!.length).toBeGreaterThan(0);
      const cited = citedText(answer);
      for (const s of answer.signatories!) {
        expect(cited, `${s.name} traces to a citation`).toContain(s.name.replace(/^the /, ''));
        expect(answer.citations.map((c) => c.n)).toContain(s.citation);
      }
      // Only passages from articles that report this statement.
      const reporting = knowledge.corpus.articles.filter((a) => a.reports.includes(id)).map((a) => a.id);
      for (const c of answer.citations) expect(reporting).toContain(c.articleId);
    },
  );

  it('gives the joint statements’ ten countries and the EU, but only NATO members for the NATO declaration', () => {
    const december = run('who-signed', { statement: 'December' }).signatories!.map((s) => s.name);
    expect(december).toEqual(
      expect.arrayContaining([
        'Australia',
        'Canada',
        'France',
        'Germany',
        'Italy',
        'Japan',
        'New Zealand',
        'South Korea',
        'the United Kingdom',
        'the United States',
      ]),
    );
    expect(run('who-signed', { statement: 'NATO' }).signatories!.map((s) => s.name)).toEqual(['NATO members']);
  });

  it('asks the user to choose when the text fits several statements, and lists all when it fits none', () => {
    const ambiguous = run('who-signed', { statement: 'the joint statement' });
    expect(ambiguous.statement).toBeNull();
    expect(ambiguous.citations).toEqual([]);
    expect(ambiguous.choices!.map((c) => c.id).sort()).toEqual([
      'joint-2024-05-31',
      'joint-2024-11-06',
      'joint-2024-12-16',
    ]);
    expect(ambiguous.lead).toMatch(/Which one/);

    const unknown = run('who-signed', { statement: 'the Paris climate accord' });
    expect(unknown.citations).toEqual([]);
    expect(unknown.choices).toHaveLength(4);
    expect(run('who-signed').choices).toHaveLength(4);
  });
});

describe('dprk-response', () => {
  it.each(FOUR)('$id: the response and only its passages, or plainly none', ({ id, text, response }) => {
    const answer = run('dprk-response', { statement: text });
    expect(answer.statement?.id).toBe(id);
    if (response === null) {
      expect(answer.citations).toEqual([]);
      expect(answer.lead).toMatch(/holds no North Korean response/);
    } else {
      expect(answer.citations.length).toBeGreaterThan(0);
      const reporting = knowledge.corpus.articles.filter((a) =>
        a.reports.some(
          (r) =>
            r.startsWith('dprk-') && knowledge.corpus.registry.responses.find((x) => x.id === r)?.respondsTo === id,
        ),
      );
      for (const c of answer.citations) expect(reporting.map((a) => a.id)).toContain(c.articleId);
      expect(answer.lead).toMatch(/KCNA/);
      expect(answer.lead).toMatch(/spokesperson/);
    }
  });

  it('quotes key phrases that North Korea used, never the allies’ words', () => {
    const december = run('dprk-response', { statement: 'December' });
    expect(december.lead).toMatch(/distorting and slandering|vassal forces|reckless provocation/);
    expect(december.lead).not.toContain('strongest possible terms');
    const nato = run('dprk-response', { statement: 'NATO' });
    expect(nato.lead).toContain('new Cold War');
    expect(nato.lead).not.toContain('fuelling');
  });

  it('without a statement, summarises every response and names the statements left unanswered', () => {
    const answer = run('dprk-response');
    expect(answer.lead).toMatch(/NATO Washington Summit Declaration/);
    expect(answer.lead).toMatch(/No response in the corpus to: .*31 May 2024.*6 November 2024/);
  });

  it('pages through response passages', () => {
    const first = run('dprk-response', { statement: 'December', limit: 2 });
    const second = run('dprk-response', { statement: 'December', limit: 2, offset: 2 });
    expect(first.citations.map((c) => c.n)).toEqual([1, 2]);
    expect(second.citations.map((c) => c.n)).toEqual([3, 4]);
    expect(second.citations[0]!.text).not.toBe(first.citations[0]!.text);
    expect(first.page!.total).toBeGreaterThan(4);
  });
});

describe('ask', () => {
  it.each([
    'What is the boiling point of mercury?',
    'Who won the 2022 football World Cup?',
    'recipe for kimchi',
    'the',
  ])('says nothing is found, citing nothing, for %j', (question) => {
    const answer = run('ask', { question });
    expect(answer.citations).toEqual([]);
    expect(answer.lead).toMatch(/nothing in the corpus/i);
  });

  it('cites passages with the matched words marked for bold', () => {
    const answer = run('ask', { question: 'What did Pyongyang call the NATO declaration?' });
    expect(answer.citations[0]!.articleId).toBe('dw-nato-declaration-response');
    const { text, highlights } = answer.citations[0]!;
    expect(highlights.length).toBeGreaterThan(0);
    for (const [start, end] of highlights)
      expect(text.slice(start, end)).toMatch(/^(call\w*|NATO|declaration|Pyongyang|North Korea\w*|DPRK)$/i);
    expect(answer.lead).toMatch(/^DW .*\[1\]$/);
  });

  it('answers a who-signed question the way who-signed does', () => {
    const answer = run('ask', { question: 'Which countries signed the November statement?' });
    expect(answer.statement?.id).toBe('joint-2024-11-06');
    expect(answer.signatories!.length).toBeGreaterThan(5);
  });

  it('does not take "who signed" in a relative clause for a who-signed question', () => {
    const answer = run('ask', {
      question: 'What is the name of the EU high representative who signed the November statement?',
    });
    expect(answer.signatories).toBeUndefined();
    expect(
      run('ask', { question: 'Do you know who signed the November statement?' }).signatories!.length,
    ).toBeGreaterThan(5);
  });

  it('answers a response question from response passages only', () => {
    const answer = run('ask', { question: 'How did North Korea react to the troop deployment statement?' });
    expect(answer.statement?.id).toBe('joint-2024-11-06');
    expect(answer.citations).toEqual([]);
  });
});

describe('timeline, sources and help', () => {
  it('timeline lists statements and responses in date order, each with who issued it', () => {
    const answer = run('timeline');
    expect(answer.events!.map((e) => e.id)).toEqual([
      'joint-2024-05-31',
      'nato-2024-07-10',
      'dprk-2024-07-13',
      'joint-2024-11-06',
      'joint-2024-12-16',
      'dprk-2024-12-19',
    ]);
    expect(answer.events!.every((e) => e.citations.length === 1 && e.issuedBy.length > 0)).toBe(true);
    expect(new Set(answer.citations.map((c) => `${c.articleId}#${c.paragraph}`)).size).toBe(answer.citations.length);
  });

  it('sources lists every article oldest first, with dates at the precision known', () => {
    const answer = run('sources');
    expect(answer.articles!.map((a) => a.published)).toEqual([
      '2024-05-31/2024-06-01',
      '2024-07-13',
      '2024-11',
      '2024-12-19',
      '2024-12-19',
    ]);
    expect(answer.lead).toMatch(/^5 articles, \d+ paragraphs\.$/);
  });

  it('help names every command', () => {
    const lead = run('help').lead!;
    for (const name of ['ask', 'who-signed', 'dprk-response', 'timeline', 'sources']) expect(lead).toContain(name);
  });
});
