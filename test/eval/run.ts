/**
 * `npm run eval`: retrieval quality of the bot and of peer engines on the evaluation set.
 *
 *   npm run eval                      both halves, held-out misses of the bot
 *   npm run eval -- --split tuning    one half only (tuning | heldout | all), with the bot's misses there
 *   npm run eval -- --json            the same as one JSON object
 *
 * Every engine indexes the same paragraphs (the bot's `buildIndex(corpus).ordered`) and answers the
 * same questions; the output depends on nothing but the corpus, the question set and the code.
 */
import { parseArgs } from 'node:util';
import { engines } from './engines/index.js';
import { evaluate, loadEvaluation, questionsOf } from './evaluate.js';
import { isRight, score, type QuestionOutcome } from './metrics.js';
import { missList, scoreTable, type EngineResult } from './report.js';
import type { Half } from './split.js';

const HALVES = ['heldout', 'tuning', 'all'] as const;
type Selection = (typeof HALVES)[number];
const TITLES: Record<Selection, string> = { heldout: 'Held-out half', tuning: 'Tuning half', all: 'Whole set' };

function parseSelection(value: string | undefined): Selection[] {
  if (value === undefined) return ['heldout', 'tuning'];
  if (!(HALVES as readonly string[]).includes(value)) {
    console.error(`--split must be one of ${HALVES.join(', ')}`);
    process.exit(2);
  }
  return [value as Selection];
}

const { values } = parseArgs({ options: { split: { type: 'string' }, json: { type: 'boolean', default: false } } });
const selections = parseSelection(values.split);
const { knowledge, questions } = await loadEvaluation();

const built = await Promise.all(engines.map((factory) => factory(knowledge)));
const report: Array<{ half: Selection; results: EngineResult[]; misses: QuestionOutcome[] }> = [];
for (const half of selections) {
  const selected = questionsOf(questions, half as Half | 'all');
  const results: EngineResult[] = [];
  let misses: QuestionOutcome[] = [];
  for (const [i, engine] of built.entries()) {
    const outcomes = await evaluate(engine, selected);
    results.push({ engine: engine.name, scores: score(outcomes) });
    if (i === 0) misses = outcomes.filter((o) => !isRight(o));
  }
  report.push({ half, results, misses });
}

if (values.json) {
  console.log(
    JSON.stringify({
      halves: report.map(({ half, results, misses }) => ({
        half,
        results,
        misses: misses.map((o) => ({ id: o.question.id, question: o.question.question, expected: [...o.question.relevant], got: o.ranking })),
      })),
    }),
  );
} else {
  for (const [i, { half, results, misses }] of report.entries()) {
    console.log(`### ${TITLES[half]}\n\n${scoreTable(results)}\n`);
    // Misses are listed for the half being reported; the tuning half's only when asked for alone.
    if (i === 0 && (half !== 'tuning' || selections.length === 1)) console.log(`Misses of the bot (${TITLES[half].toLowerCase()}):\n\n${missList(misses)}\n`);
  }
}
