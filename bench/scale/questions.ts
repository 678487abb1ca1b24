import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEV_QUESTIONS_FILE,
  FRESH_QUESTIONS_FILE,
  QUESTIONS_FILE,
  SETS_DIR,
  loadQuestionSet,
} from '../../test/eval/questionSet.js';

/** How many questions are timed: enough for a p99, few enough that the slowest system finishes at 100k. */
export const TIMED_QUESTIONS = 300;
/** Questions asked once before timing, so that lazy initialisation and the JIT are not in the figures. */
export const WARM_UP_QUESTIONS = 20;

/**
 * The question texts of every evaluation set, without repeats, thinned evenly to TIMED_QUESTIONS:
 * questions people ask about this corpus, asked of a larger corpus on the same topic.
 */
export function scaleQuestions(): string[] {
  const files = [
    QUESTIONS_FILE,
    DEV_QUESTIONS_FILE,
    FRESH_QUESTIONS_FILE,
    ...readdirSync(SETS_DIR)
      .filter((name) => name.endsWith('.yaml'))
      .sort()
      .map((name) => join(SETS_DIR, name)),
  ];
  const all = [...new Set(files.flatMap((file) => loadQuestionSet(file).map((q) => q.question)))];
  const step = Math.max(1, all.length / TIMED_QUESTIONS);
  const timed: string[] = [];
  for (let i = 0; Math.floor(i) < all.length && timed.length < TIMED_QUESTIONS; i += step)
    timed.push(all[Math.floor(i)]!);
  return timed;
}
