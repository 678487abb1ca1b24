/**
 * `npm run eval`: answer quality of the bot and of peer engines on the evaluation sets.
 *
 *   npm run eval                          the independently authored sets, pooled (the headline figure), scores only
 *   npm run eval -- --set 2026-12-07-a    one set of test/eval/sets/ (repeat --set to pool several)
 *   npm run eval -- --set main            the first question set, both halves (--split tuning | heldout | all)
 *   npm run eval -- --set dev             the development questions, with the bot's misses
 *   npm run eval -- --set fresh           the fresh questions of the third round, scores only
 *   npm run eval -- --misses              also list the bot's misses (tuning data only: see test/eval/AUTHORING.md)
 *   npm run eval -- --json                the same as one JSON object
 *
 * Every engine indexes the same paragraphs (the bot's `buildIndex(corpus).ordered`) and answers the
 * same questions; the output depends on nothing but the corpus, the question sets and the code.
 * Misses are listed only where asked for (or for the dev set and a named half), so that a set's
 * first score is read before anyone reads its misses.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { engines } from './engines/index.js';
import { evaluate, loadEvaluation, questionsOf } from './evaluate.js';
import { isRight, score, type QuestionOutcome } from './metrics.js';
import { DEV_QUESTIONS_FILE, FRESH_QUESTIONS_FILE, QUESTIONS_FILE, SETS_DIR } from './questionSet.js';
import { missList, scoreTable, type EngineResult } from './report.js';
import type { Half } from './split.js';

const HALVES = ['heldout', 'tuning', 'all'] as const;
const OLD_SETS = { main: QUESTIONS_FILE, dev: DEV_QUESTIONS_FILE, fresh: FRESH_QUESTIONS_FILE } as const;
const authored = readdirSync(SETS_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => basename(f, '.yaml'));
type Selection = (typeof HALVES)[number];
const TITLES: Record<Selection, string> = { heldout: 'Held-out half', tuning: 'Tuning half', all: 'Whole set' };

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    split: { type: 'string' },
    set: { type: 'string', multiple: true },
    misses: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const names = values.set ?? authored;
const fileOf = (name: string) =>
  (OLD_SETS as Record<string, string>)[name] ??
  (authored.includes(name)
    ? join(SETS_DIR, `${name}.yaml`)
    : fail(`--set must be one of ${[...Object.keys(OLD_SETS), ...authored].join(', ')}`));
const files = names.map(fileOf);
const isMain = names.length === 1 && names[0] === 'main';
if (values.split !== undefined && !(HALVES as readonly string[]).includes(values.split))
  fail(`--split must be one of ${HALVES.join(', ')}`);
if (!isMain && values.split !== undefined && values.split !== 'all') fail('only the main set has halves');
const selections: Selection[] = !isMain
  ? ['all']
  : values.split === undefined
    ? ['heldout', 'tuning']
    : [values.split as Selection];
const showMisses =
  values.misses || (names.length === 1 && names[0] === 'dev') || (isMain && values.split !== undefined);

const { knowledge, questions } = await loadEvaluation('corpus', files);
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

const title = (half: Selection) => (isMain ? TITLES[half] : `Sets: ${names.join(', ')}`);
if (values.json) {
  console.log(
    JSON.stringify({
      sets: names,
      halves: report.map(({ half, results, misses }) => ({
        half,
        results,
        ...(showMisses
          ? {
              misses: misses.map((o) => ({
                id: o.question.id,
                question: o.question.question,
                expected: [...o.question.relevant],
                grade: o.grade,
                got: o.ranking,
              })),
            }
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
