import { describe, expect, it } from 'vitest';
import type { Answer } from '../src/answer/answer.js';
import { findCommand } from '../src/commands/index.js';
import type { Article } from '../src/corpus/articleFile.js';
import type { Corpus } from '../src/corpus/loadCorpus.js';
import { loadCorpus } from '../src/corpus/loadCorpus.js';
import { buildKnowledge, type Knowledge } from '../src/search/knowledge.js';

/**
 * Signatories from any state, territory or body, found by the shape of the sentence; party look-ups
 * that never answer a name they do not know with "no"; North Korea's voice found by part of speech.
 * The made-up corpora below use statements, states and speakers no real article of the corpus has.
 */

const bundled = buildKnowledge(await loadCorpus('corpus'));

function run(knowledge: Knowledge, command: string, options: Record<string, unknown>): Answer {
  const handler = findCommand(command)!;
  return handler.run(knowledge, handler.options.parse(options));
}

const STATEMENT = {
  id: 'joint-2030-04-02',
  title: 'Joint statement on shipments of artillery shells',
  date: '2030-04-02',
  issuedBy: 'Foreign ministers of several countries',
  aliases: ['April statement'],
};
const RESPONSE = {
  id: 'dprk-2030-04-05',
  respondsTo: STATEMENT.id,
  title: 'North Korea rejects the April statement',
  date: '2030-04-05',
  issuedBy: 'Kim Yo Jong, vice department director of the Central Committee',
  channel: 'Korean Central News Agency (KCNA)',
  aliases: [],
};

function article(id: string, paragraphs: string[], reports: string[]): Article {
  return {
    id,
    title: `Report ${id}`,
    outlet: 'Test Wire',
    url: null,
    published: '2030-04-06',
    reports,
    paragraphs,
    file: `articles/${id}.md`,
  };
}

function knowledgeOf(articles: Article[]): Knowledge {
  const corpus: Corpus = {
    dir: 'memory',
    articles,
    files: new Map(),
    digest: 'memory',
    registry: { statements: [STATEMENT], responses: [RESPONSE] },
  };
  return buildKnowledge(corpus);
}

const signatories = (k: Knowledge) => run(k, 'who-signed', { statement: STATEMENT.id }).signatories?.map((s) => s.name);
const signed = (k: Knowledge, party: string) => run(k, 'who-signed', { statement: STATEMENT.id, party });

describe('signatories, by the shape of the sentence', () => {
  it.each([
    [
      'a list after "the foreign ministers of"',
      'The statement was issued by the foreign ministers of Norway, Portugal and the Philippines on Tuesday.',
      ['Norway', 'Portugal', 'the Philippines'],
    ],
    [
      '"we, the …"',
      '“We, the Foreign Ministers of Ireland, Kenya and Uruguay, condemn these shipments,” the statement reads.',
      ['Ireland', 'Kenya', 'Uruguay'],
    ],
    [
      'a list as the subject of "issued a joint statement"',
      'Iceland, Peru and Ghana issued a joint statement on Tuesday condemning the shipments.',
      ['Iceland', 'Peru', 'Ghana'],
    ],
    ['one name after "signed by"', 'The declaration, signed by Switzerland, was published in Geneva.', ['Switzerland']],
    [
      'a list on the statement’s day, without the word "statement"',
      'Austria, Greece and Malta on April 2 expressed grave concern over the shipments.',
      ['Austria', 'Greece', 'Malta'],
    ],
  ])('%s', (_, sentence, names) => {
    expect(signatories(knowledgeOf([article('a', [sentence], [STATEMENT.id])]))).toEqual(names);
  });

  it('does not take the parties a statement is about, or a state named in passing, for signatories', () => {
    const k = knowledgeOf([
      article(
        'a',
        [
          'The statement condemned military cooperation between North Korea and Russia.',
          'Austria and Greece signed a trade deal last year.',
          'Norway, Portugal and Chile signed the statement, released by Washington.',
        ],
        [STATEMENT.id],
      ),
    ]);
    expect(signatories(k)).toEqual(['Norway', 'Portugal', 'Chile']);
  });
});

describe('whether a state or body signed', () => {
  it('a name the bot does not know is said to be unknown, with names it may mean and who did sign; never a "no"', () => {
    for (const party of ['Zealandia', 'Narnia', 'New Zeland']) {
      const answer = run(bundled, 'who-signed', { statement: 'December', party });
      expect(answer.lead, party).toMatch(/^The bot knows no state, territory or international body called/);
      expect(answer.lead).toMatch(/The passages name as signatories of the .* \[1\]\.$/);
      expect(answer.membership?.statements).toEqual([]);
      expect(answer.match).toBe('partial');
      expect(answer.signatories!.length).toBeGreaterThan(5);
      expect(answer.partyChoices!.length).toBeGreaterThan(0);
    }
    expect(run(bundled, 'who-signed', { statement: 'December', party: 'Zealandia' }).partyChoices).toEqual([
      'New Zealand',
    ]);
  });

  it('a name two states share asks which one', () => {
    const answer = run(bundled, 'who-signed', { statement: 'December', party: 'Korea' });
    expect(answer.partyChoices).toEqual(['South Korea', 'North Korea']);
    expect(answer.lead).toMatch(/^“Korea” may mean South Korea or North Korea: which one do you mean\?/);
    expect(answer.membership?.statements).toEqual([]);
  });

  it.each([
    ['nz', 'New Zealand'],
    ['America', 'the United States'],
    ['Czechia', null],
    ['ROK', 'ROK'],
  ])('%s is known by the dataset’s names', (party, name) => {
    const answer = run(bundled, 'who-signed', { statement: 'December', party });
    expect(answer.membership?.statements[0]?.signed).toBe(name ? 'yes' : 'no');
    if (name) expect(answer.membership?.party).toBe(name);
  });

  it('the G7 named among those who issued the November statement is a yes, citing that passage first', () => {
    const answer = run(bundled, 'who-signed', { statement: 'November', party: 'G7' });
    expect(answer.membership?.statements[0]?.signed).toBe('yes');
    expect(answer.citations[0]!.text).toContain('The G7 countries, the EU as well as Australia');
    expect(answer.match).toBe('answered');
  });

  it('a group no passage names, whose members no passage lists, is "not said", never "no"', () => {
    const answer = run(bundled, 'who-signed', { statement: 'December', party: 'G7' });
    expect(answer.membership?.statements[0]?.signed).toBe('unknown');
    expect(answer.lead).toMatch(/no passage lists its members/);
    expect(answer.match).toBe('partial');
  });

  it('a group is answered through its members where a passage lists them', () => {
    const k = knowledgeOf([
      article('a', ['The statement was signed by the Nordic-Baltic Eight on April 2.'], [STATEMENT.id]),
      article(
        'b',
        [
          'The Nordic-Baltic Eight (Denmark, Estonia, Finland, Iceland, Latvia, Lithuania, Norway and Sweden) meet twice a year.',
        ],
        [],
      ),
    ]);
    expect(signed(k, 'Latvia').membership?.statements[0]?.signed).toBe('yes');
    expect(signed(k, 'Latvia').lead).toMatch(/list Latvia among its members/);
    // Poland is in no list: the group's listed members do not include it, and nothing else is named.
    expect(signed(k, 'Poland').membership?.statements[0]?.signed).toBe('no');
    expect(
      signed(
        knowledgeOf([
          article('a', ['The statement was signed by the Nordic-Baltic Eight on April 2.'], [STATEMENT.id]),
        ]),
        'Latvia',
      ).membership?.statements[0]?.signed,
    ).toBe('unknown');
  });

  it('a list that goes on without names ("and eight other countries") says nothing of a state it leaves out', () => {
    const k = knowledgeOf([
      article('a', ['Japan, Canada and six other countries issued the statement on April 2.'], [STATEMENT.id]),
    ]);
    expect(signed(k, 'Japan').membership?.statements[0]?.signed).toBe('yes');
    expect(signed(k, 'Brazil').membership?.statements[0]?.signed).toBe('unknown');
  });
});

describe("North Korea's voice, by part of speech", () => {
  const responded = (paragraphs: string[]) => {
    const k = knowledgeOf([article('r', paragraphs, [STATEMENT.id, RESPONSE.id])]);
    return run(k, 'dprk-response', { statement: STATEMENT.id }).citations.map((c) => c.paragraph);
  };

  it.each([
    "North Korea's vice foreign minister brushed off the statement on Friday.",
    'A spokesman for the North Korean foreign ministry ridiculed the allies.',
    'The North’s ambassador to the United Nations scoffed at what he called a farce.',
    'Pyongyang’s state media blasted the countries behind it.',
    'In a commentary carried by KCNA, the allies were told to mind their own business.',
    'The Rodong Sinmun newspaper mocked the ministers in an editorial.',
    'Kim Yo Jong lambasted the shipments report as fiction.',
    'Kim Yo Jong, the powerful sister of the leader, derided the statement.',
  ])('an official or body of the North with any verb: %s', (sentence) => {
    expect(responded(['Filler about the weather in the region this spring.', sentence])).toEqual([2]);
  });

  it.each([
    'North Korea has shipped more than a million shells to Russia since last year.',
    'North Korean troops were seen near the border in April.',
    'A senior US official said Tuesday that North Korea had suffered “heavy losses” in the fighting.',
    'The statement faulted North Korea for “fuelling the war”.',
    'Trade between Pyongyang and Moscow has grown fast.',
    'A spokesperson for the European Commission said the statement was “timely”.',
  ])('not North Korea answering: %s', (sentence) => {
    expect(responded([sentence])).toEqual([]);
  });
});
