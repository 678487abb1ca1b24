/**
 * `npm run eval`: retrieval quality of the bot and of peer engines on the evaluation set.
 *
 *   npm run eval                      both halves of the question set, scores only
 *   npm run eval -- --split tuning    one half only (tuning | heldout | all), with the bot's misses there
 *   npm run eval -- --set dev         the development questions (test/eval/dev-questions.yaml), with the bot's misses
 *   npm run eval -- --set fresh       the fresh questions (test/eval/fresh-questions.yaml), scores only
 *   npm run eval -- --json            the same as one JSON object
 *
 * Every engine indexes the same paragraphs (the bot's `buildIndex(corpus).ordered`) and answers the
 * same questions; the output depends on nothing but the corpus, the question set and the code.
 * The held-out half's misses are listed only when that half is asked for by name, so that tuning
 * (on the tuning half and the dev set) does not read them by the way.
 */
import { parseArgs } from 'node:util';
import { engines } from './engines/index.js';
import { evaluate, loadEvaluation, questionsOf } from './evaluate.js';
import { isRight, score, type QuestionOutcome } from './metrics.js';
import { DEV_QUESTIONS_FILE, FRESH_QUESTIONS_FILE, QUESTIONS_FILE } from './questionSet.js';
import { missList, scoreTable, type EngineResult } from './report.js';
import type { Half } from './split.js';

const HALVES = ['heldout', 'tuning', 'all'] as const;
const SETS = ['main', 'dev', 'fresh'] as const;
const SET_FILES = { main: QUESTIONS_FILE, dev: DEV_QUESTIONS_FILE, fresh: FRESH_QUESTIONS_FILE } as const;
const SET_TITLES = { dev: 'Dev set', fresh: 'Fresh set' } as const;
type Selection = (typeof HALVES)[number];
const TITLES: Record<Selection, string> = { heldout: 'Held-out half', tuning: 'Tuning half', all: 'Whole set' };

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values } = parseArgs({
  options: { split: { type: 'string' }, set: { type: 'string', default: 'main' }, json: { type: 'boolean', default: false } },
});
const set = values.set as (typeof SETS)[number];
if (!(SETS as readonly string[]).includes(set)) fail(`--set must be one of ${SETS.join(', ')}`);
if (values.split !== undefined && !(HALVES as readonly string[]).includes(values.split)) fail(`--split must be one of ${HALVES.join(', ')}`);
if (set !== 'main' && values.split !== undefined && values.split !== 'all') fail(`the ${set} set has no halves`);
// The dev and fresh sets are not split; the question set's two halves are reported unless one is named.
const selections: Selection[] = set !== 'main' ? ['all'] : values.split === undefined ? ['heldout', 'tuning'] : [values.split as Selection];
// The fresh set is never tuned on, so its misses are never shown.
const showMisses = set === 'dev' || (set === 'main' && values.split !== undefined);
const { knowledge, questions } = await loadEvaluation('corpus', SET_FILES[set]);

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

const title = (half: Selection) => (set === 'main' ? TITLES[half] : SET_TITLES[set]);
if (values.json) {
  console.log(
    JSON.stringify({
      set,
      halves: report.map(({ half, results, misses }) => ({
        half,
        results,
        ...(showMisses
          ? { misses: misses.map((o) => ({ id: o.question.id, question: o.question.question, expected: [...o.question.relevant], got: o.ranking })) }
          : {}),
      })),
    }),
  );
} else {
  for (const { half, results, misses } of report) {
    console.log(`### ${title(half)}\n\n${scoreTable(results)}\n`);
    if (showMisses) console.log(`Misses of the bot (${title(half).toLowerCase()}):\n\n${missList(misses)}\n`);
  }
}
