import { describe, expect, it } from 'vitest';
import { botEngine } from './eval/engines/bot.js';
import { evaluate, loadEvaluation, questionsOf } from './eval/evaluate.js';
import { DEV_QUESTIONS_FILE, FRESH_QUESTIONS_FILE } from './eval/questionSet.js';
import { score, type QuestionOutcome } from './eval/metrics.js';

/**
 * Retrieval quality on the held-out half of test/eval/questions.yaml, through the real `ask` handler
 * (see test/eval/run.ts and the README's "Answer quality"). The held-out half never guided tuning.
 */

// Loaded and run once for the file.
const { knowledge, questions } = await loadEvaluation('corpus');
const engine = await botEngine(knowledge);
const heldOut = await evaluate(engine, questionsOf(questions, 'heldout'));
const scores = score(heldOut);

/** What issue 6 asks of the held-out half. */
const GOALS = { hitAt3: 0.95, mrrAt5: 0.9, outOfCorpus: 1 };
/** What the bot measured when this guard was set: a change that falls below it is a regression. */
const FLOOR = { hitAt3: 0.95, mrrAt5: 0.9, outOfCorpus: 0.8 };

const answeredOutOfCorpus = (outcomes: QuestionOutcome[]) =>
  outcomes.filter((o) => o.question.relevant.size === 0 && o.ranking.length > 0).map((o) => `${o.question.id} ${o.question.question}`);

describe('held-out retrieval quality', () => {
  it('the split gives both halves answerable and out-of-corpus questions, and every tag', () => {
    expect(scores.answerable).toBeGreaterThanOrEqual(80);
    expect(scores.unanswerable).toBeGreaterThanOrEqual(10);
    const tagsOf = (half: 'tuning' | 'heldout') => new Set(questionsOf(questions, half).flatMap((q) => q.tags));
    expect([...tagsOf('heldout')].sort()).toEqual([...tagsOf('tuning')].sort());
  });

  it('does not fall below the measured floor (regression guard)', () => {
    expect(scores.hitAt3).toBeGreaterThanOrEqual(FLOOR.hitAt3);
    expect(scores.mrrAt5).toBeGreaterThanOrEqual(FLOOR.mrrAt5);
    expect(scores.outOfCorpus).toBeGreaterThanOrEqual(FLOOR.outOfCorpus);
  });

  // Not reached yet (see the README): kept as an expected failure so it turns red, to be promoted to
  // a plain test, the day the bot meets the goals.
  it.fails('meets the issue-6 goals: hit@3 ≥ 0.95, MRR@5 ≥ 0.90, every out-of-corpus question uncited', () => {
    expect(scores.hitAt3).toBeGreaterThanOrEqual(GOALS.hitAt3);
    expect(scores.mrrAt5).toBeGreaterThanOrEqual(GOALS.mrrAt5);
    expect(answeredOutOfCorpus(heldOut)).toEqual([]);
  });
});

/** A whole question file as the bot answers it, with the counts it must keep and the floor it must not fall below. */
const SETS = [
  // Tuning data: guarded so that tuning elsewhere does not undo it.
  { name: 'dev set', file: DEV_QUESTIONS_FILE, atLeast: { answerable: 130, unanswerable: 60 }, floor: { hitAt3: 0.945, mrrAt5: 0.915, outOfCorpus: 0.71 } },
  // Never tuned on: its floor is what the bot measured the day it was written, so that no change loses what generalised.
  { name: 'fresh set', file: FRESH_QUESTIONS_FILE, atLeast: { answerable: 60, unanswerable: 30 }, floor: { hitAt3: 0.9, mrrAt5: 0.85, outOfCorpus: 0.7 } },
];

for (const { name, file, atLeast, floor } of SETS) {
  const set = await loadEvaluation('corpus', file);
  const measured = score(await evaluate(await botEngine(set.knowledge), set.questions));
  describe(`${name} retrieval quality`, () => {
    it('does not fall below the measured floor (regression guard)', () => {
      expect(measured.answerable).toBeGreaterThanOrEqual(atLeast.answerable);
      expect(measured.unanswerable).toBeGreaterThanOrEqual(atLeast.unanswerable);
      expect(measured.hitAt3).toBeGreaterThanOrEqual(floor.hitAt3);
      expect(measured.mrrAt5).toBeGreaterThanOrEqual(floor.mrrAt5);
      expect(measured.outOfCorpus).toBeGreaterThanOrEqual(floor.outOfCorpus);
    });
  });
}
