import { describe, expect, it } from 'vitest';
import { findCommand } from '../src/commands/index.js';
import type { Article } from '../src/corpus/articleFile.js';
import type { Corpus } from '../src/corpus/loadCorpus.js';
import { buildKnowledge } from '../src/search/knowledge.js';

/**
 * The ranking's general rules, each on a small made-up corpus built to show one rule: a passage
 * that meets the question's words but not what it asks, beside one that answers it.
 */

const STATEMENT = {
  id: 'joint-2030-01-10',
  title: 'Joint statement on arms transfers',
  date: '2030-01-10',
  issuedBy: 'Foreign ministers of ten countries and the High Representative of the European Union',
  aliases: ['January statement'],
};
const DECLARATION = {
  id: 'nato-2030-02-20',
  title: 'NATO Oslo Summit Declaration',
  date: '2030-02-20',
  issuedBy: 'NATO heads of state and government',
  aliases: ['NATO declaration'],
};
const RESPONSE = {
  id: 'dprk-2030-01-12',
  respondsTo: STATEMENT.id,
  title: 'North Korea rejects the joint statement',
  date: '2030-01-12',
  issuedBy: "North Korea's foreign ministry (a spokesperson)",
  channel: 'Korean Central News Agency (KCNA)',
  aliases: [],
};

function article(id: string, paragraphs: string[], reports: string[] = [], outlet = 'Test Wire'): Article {
  return {
    id,
    title: `Report ${id}`,
    outlet,
    url: null,
    published: '2030-01-13',
    reports,
    paragraphs,
    file: `articles/${id}.md`,
  };
}

/** The passages `ask` cites, best first, when it grades them as answering the question; none when it does not. */
function ask(articles: Article[], question: string): string[] {
  const corpus: Corpus = {
    files: new Map(),
    digest: 'memory',
    dir: 'memory',
    articles,
    registry: { statements: [STATEMENT, DECLARATION], responses: [RESPONSE] },
  };
  const command = findCommand('ask')!;
  const answer = command.run(buildKnowledge(corpus), command.options.parse({ question }));
  return answer.match === 'answered' ? answer.citations.map((c) => `${c.articleId}#${c.paragraph}`) : [];
}

// Filler paragraphs, so that the words of the questions are not common to every passage.
const FILLER = [
  'The harvest in the southern provinces was poor this autumn after a long drought.',
  'Railway workers went on strike over pay and hours for the third time this year.',
  'A new bridge across the river opened to traffic after four years of building.',
  'Schools reopened after the holiday with more pupils than the year before.',
];

describe('who speaks', () => {
  it('a party named before another voice’s clause does not speak ("…to Russia, state media said")', () => {
    const articles = [
      article('media', [
        'North Korea decried a declaration that condemned its arms exports to Russia, state media said on Saturday.',
      ]),
      article('filler', FILLER),
    ];
    expect(ask(articles, 'what did russia say about the declaration?')).toEqual([]);

    articles.push(article('kremlin', ['Russia’s foreign ministry said the declaration was an act of hostility.']));
    expect(ask(articles, 'what did russia say about the declaration?')[0]).toBe('kremlin#1');
  });

  it('an issuer speaks unnamed through its statement, but not where another issuer of the article speaks', () => {
    const articles = [
      article(
        'both',
        [
          'Pyongyang’s foreign ministry fired back, with the spokesman denouncing the joint statement as a reckless provocation.',
          '“We urge the DPRK to stop all arms transfers at once,” the joint statement said.',
        ],
        [STATEMENT.id, RESPONSE.id],
      ),
      article('filler', FILLER),
    ];
    expect(ask(articles, 'what did the EU say about arms transfers?')[0]).toBe('both#2');
    expect(ask(articles, 'how did the EU respond to the reckless provocation remark?')).toEqual([]);
  });
});

describe('who speaks, continued', () => {
  it('a party in what is said, or before a participle of the sentence’s subject, does not speak', () => {
    const articles = [
      article('said', [
        'North Korea denounced the nations for condemning its cooperation with Russia, claiming they were slandering normal ties.',
        'Ukraine’s intelligence service said that some 200 Russian soldiers were killed near the border.',
      ]),
      article('filler', FILLER),
    ];
    expect(ask(articles, 'what did russia say about the nations condemning its cooperation?')).toEqual([]);
    expect(ask(articles, 'what did russia say about soldiers killed near the border?')).toEqual([]);
    expect(ask(articles, 'what did ukraine say about soldiers killed near the border?')).toEqual(['said#2']);
  });

  it('"according to X" asks for what X says, as "what did X say" does', () => {
    const articles = [
      article('us', ['U.S. intelligence confirmed that at least 3 million artillery shells were sent to Russia.']),
      article('filler', FILLER),
    ];
    expect(
      ask(articles, 'how many artillery shells were sent to russia, according to south korean intelligence?'),
    ).toEqual([]);
    expect(ask(articles, 'how many artillery shells were sent to russia, according to us intelligence?')).toEqual([
      'us#1',
    ]);
  });

  it('"the allies" are whoever issued the joint statements, never North Korea', () => {
    const articles = [
      article(
        'both',
        [
          '“This deployment threatens security in the Indo-Pacific,” the joint statement said.',
          'The foreign ministry said the deployment threatens nobody and serves regional security.',
        ],
        [STATEMENT.id, RESPONSE.id],
      ),
      article('filler', FILLER),
    ];
    expect(ask(articles, 'did the allies say the deployment threatens indo-pacific security?')[0]).toBe('both#1');
    expect(ask(articles, 'do western governments think the deployment threatens indo-pacific security?')[0]).toBe(
      'both#1',
    );
  });
});

describe('what the question asks for', () => {
  it('the words of one noun phrase must stand together in one sentence', () => {
    const articles = [
      article('apart', ['The war against Ukraine goes on. Soldiers of the DPRK number 10,000 in the Kursk region.']),
      article('filler', FILLER),
    ];
    expect(ask(articles, 'how many ukrainian soldiers are in kursk?')).toEqual([]);

    articles.push(article('together', ['Some 5,000 Ukrainian soldiers still hold ground in the Kursk region.']));
    expect(ask(articles, 'how many ukrainian soldiers are in kursk?')[0]).toBe('together#1');
  });
});

describe('a document named as the source', () => {
  it('only the articles about the statement a question cites can answer "what did that statement say"', () => {
    const articles = [
      article(
        'january',
        ['The ministers condemned the arms transfers between the two countries in the strongest terms.'],
        [STATEMENT.id],
      ),
      article(
        'oslo',
        ['The alliance’s leaders expressed profound concern over China’s industrial support to Russia.'],
        [DECLARATION.id],
      ),
      article('filler', FILLER),
    ];
    expect(ask(articles, 'what did the january statement say about china’s support to russia?')).toEqual([]);
    expect(ask(articles, 'what did the nato declaration say about china’s support to russia?')).toEqual(['oslo#1']);
  });
});

describe('misspellings', () => {
  it('corrects a short mistyped name to the corpus name one letter away ("Rute" → "Rutte"), not to an English word', () => {
    const articles = [
      article('rutte', ['NATO chief Mark Rutte said the troops were already in the Kursk region.']),
      article('filler', FILLER),
    ];
    expect(ask(articles, 'what did rute say about the troops?')).toEqual(['rutte#1']);
  });
});

describe('an outlet named as the source', () => {
  it('answers "according to <outlet>" and "what did <outlet> report" from that outlet’s articles only', () => {
    const text = ['Some 10,000 soldiers were sent to the Kursk region, officials said.'];
    const articles = [
      article('kyiv', text, [], 'Kyiv Post (with AFP)'),
      article('ukr', text, [], 'Ukrinform'),
      article('filler', FILLER),
    ];
    expect(ask(articles, 'how many soldiers were sent to kursk?')).toEqual(['kyiv#1', 'ukr#1']);
    expect(ask(articles, 'what did the kyiv post report about soldiers sent to kursk?')).toEqual(['kyiv#1']);
    expect(ask(articles, 'how many soldiers were sent to kursk, according to ukrinform?')).toEqual(['ukr#1']);
  });
});
