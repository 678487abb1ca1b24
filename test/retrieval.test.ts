import { describe, expect, it } from 'vitest';
import { botEngine } from './eval/engines/bot.js';
import { evaluate, loadEvaluation, questionsOf } from './eval/evaluate.js';
import { DEV_QUESTIONS_FILE, FRESH_QUESTIONS_FILE, QUESTIONS_FILE } from './eval/questionSet.js';
import { score, type Scores } from './eval/metrics.js';
import type { Half } from './eval/split.js';

/**
 * Answer quality through the real `ask` handler, as `npm run eval` measures it (see the README's
 * "Answer quality"): a regression guard, each bound what the bot measured when it was set, less a
 * little. The floors say nothing of the bot's quality on questions nobody tuned for: that is what the
 * first scores of the independently authored sets are for.
 */

type Floor = Pick<Scores, 'hitAt3' | 'mrrAt5' | 'answered' | 'answeredRight'>;
type Ceiling = Pick<Scores, 'answerableNone' | 'hardNegativesAnswered'>;
interface Guard {
  name: string;
  file: string;
  half: Half | 'all';
  atLeast: { answerable: number; unanswerable: number };
  floor: Floor;
  ceiling: Ceiling;
}

const GUARDS: Guard[] = [
  // The first set's held-out half and the dev set are tuning data; the fresh set was, until the graded answers.
  {
    name: 'main set, held-out half',
    file: QUESTIONS_FILE,
    half: 'heldout',
    atLeast: { answerable: 80, unanswerable: 20 },
    floor: { hitAt3: 0.95, mrrAt5: 0.91, answered: 0.9, answeredRight: 0.95 },
    ceiling: { answerableNone: 0.01, hardNegativesAnswered: 0.16 },
  },
  {
    name: 'dev set',
    file: DEV_QUESTIONS_FILE,
    half: 'all',
    atLeast: { answerable: 130, unanswerable: 60 },
    floor: { hitAt3: 0.96, mrrAt5: 0.92, answered: 0.8, answeredRight: 0.97 },
    ceiling: { answerableNone: 0.01, hardNegativesAnswered: 0.15 },
  },
  {
    name: 'fresh set',
    file: FRESH_QUESTIONS_FILE,
    half: 'all',
    atLeast: { answerable: 60, unanswerable: 30 },
    floor: { hitAt3: 0.9, mrrAt5: 0.85, answered: 0.8, answeredRight: 0.96 },
    ceiling: { answerableNone: 0.04, hardNegativesAnswered: 0.22 },
  },
];

for (const { name, file, half, atLeast, floor, ceiling } of GUARDS) {
  const set = await loadEvaluation('corpus', file);
  const measured = score(await evaluate(await botEngine(set.knowledge), questionsOf(set.questions, half)));
  describe(`${name}: answer quality`, () => {
    it('holds enough answerable and unanswerable questions to measure', () => {
      expect(measured.answerable).toBeGreaterThanOrEqual(atLeast.answerable);
      expect(measured.unanswerable).toBeGreaterThanOrEqual(atLeast.unanswerable);
    });
    it('does not fall below the measured floor, nor rise above the measured ceiling (regression guard)', () => {
      for (const [metric, bound] of Object.entries(floor))
        expect({ metric, value: measured[metric as keyof Floor] }).toEqual({
          metric,
          value: expect.toSatisfy((v: number) => v >= bound),
        });
      for (const [metric, bound] of Object.entries(ceiling))
        expect({ metric, value: measured[metric as keyof Ceiling] }).toEqual({
          metric,
          value: expect.toSatisfy((v: number) => v <= bound),
        });
    });
  });
}

describe('the question sets', () => {
  it('the split gives both halves of the main set answerable and unanswerable questions, and every tag', async () => {
    const { questions } = await loadEvaluation('corpus', QUESTIONS_FILE);
    const tagsOf = (h: Half) => new Set(questionsOf(questions, h).flatMap((q) => q.tags));
    expect([...tagsOf('heldout')].sort()).toEqual([...tagsOf('tuning')].sort());
  });
});
