/**
 * The first stage's bound, as a property: on a corpus of thousands of passages, whatever the first
 * stage's depth (the default, or a shallow one that cuts on nearly every question), the top
 * SEARCH.exactDepth passages of the two-stage search are exactly those of scoring every passage, in
 * the same order with the same scores, for questions drawn at random from the corpus's own words,
 * with and without a boost.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32, writeSyntheticCorpus } from '../bench/scale/syntheticCorpus.js';
import { SEARCH } from '../src/config/constants.js';
import { loadCorpus } from '../src/corpus/loadCorpus.js';
import { buildKnowledge, type Knowledge } from '../src/search/knowledge.js';
import { analyzeQuestion, correctSpelling } from '../src/search/queryAnalysis.js';
import { searchPassages, type SearchOptions } from '../src/search/searchPassages.js';
import { loadQuestionSet } from './eval/questionSet.js';

const PARAGRAPHS = 2_000;
/** A shallow first stage makes the cut (and the reading on past it) happen on most questions. */
const SHALLOW_DEPTH = 10;
const RANDOM_QUESTIONS = 100;
const EVAL_QUESTIONS = 100;

let dir: string;
let knowledge: Knowledge;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'statement-desk-bound-'));
  await writeSyntheticCorpus(dir, PARAGRAPHS, 7);
  knowledge = buildKnowledge(await loadCorpus(dir));
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Questions of 2–7 words drawn from the passages' own words (seeded), and the evaluation questions. */
function questions(): string[] {
  const random = mulberry32(11);
  const words = knowledge.index.ordered.flatMap((p) => p.text.split(/\s+/).slice(0, 30));
  const drawn = Array.from({ length: RANDOM_QUESTIONS }, () =>
    Array.from({ length: 2 + Math.floor(random() * 6) }, () => words[Math.floor(random() * words.length)]!).join(' '),
  );
  return [
    ...drawn,
    ...loadQuestionSet()
      .slice(0, EVAL_QUESTIONS)
      .map((q) => q.question),
  ];
}

function top(question: string, options: SearchOptions): Array<[string, number]> {
  const { index } = knowledge;
  const analyzed = analyzeQuestion(index, correctSpelling(index, question));
  return searchPassages(index, analyzed, options)
    .slice(0, SEARCH.exactDepth)
    .map((hit) => [hit.passage.key, hit.score]);
}

describe(`the first stage on ${PARAGRAPHS.toLocaleString('en')} passages`, { timeout: 120_000 }, () => {
  it('cuts: far more passages than it reads in full', () => {
    expect(knowledge.index.ordered.length).toBeGreaterThan(SEARCH.firstStageDepth * 5);
  });

  it('never drops a passage that scoring every passage ranks in the top ones, at any depth', () => {
    const differing = questions().filter((question) => {
      const exact = JSON.stringify(top(question, { depth: Infinity }));
      return [SEARCH.firstStageDepth, SHALLOW_DEPTH].some(
        (depth) => JSON.stringify(top(question, { depth })) !== exact,
      );
    });
    expect(differing).toEqual([]);
  });

  it('holds with a boost on some articles (as the statement commands give)', () => {
    const boosted = new Set(knowledge.corpus.articles.filter((_, i) => i % 7 === 0).map((a) => a.id));
    const boost = (p: { articleId: string }) => (boosted.has(p.articleId) ? 1.8 : 1);
    const differing = questions()
      .filter((_, i) => i % 4 === 0)
      .filter(
        (question) =>
          JSON.stringify(top(question, { boost, depth: SHALLOW_DEPTH })) !==
          JSON.stringify(top(question, { boost, depth: Infinity })),
      );
    expect(differing).toEqual([]);
  });
});
