import type { EvalQuestion } from './resolveAnswers.js';

/** How deep the rankings are read: MRR@5, and the engines are asked for five passages. */
export const RANK_DEPTH = 5;

export interface QuestionOutcome {
  question: EvalQuestion;
  /** Passage keys the engine returned, best first (at most RANK_DEPTH). */
  ranking: string[];
  /** 1-based rank of the first answering passage, or null when none is in the ranking. */
  firstHit: number | null;
}

export interface Scores {
  /** Answerable questions whose first passage answers them. */
  hitAt1: number;
  /** Answerable questions with an answering passage among the first three. */
  hitAt3: number;
  /** Mean of 1/rank of the first answering passage within five (0 when none). */
  mrrAt5: number;
  /** Out-of-corpus questions for which the engine returned nothing. */
  outOfCorpus: number;
  answerable: number;
  unanswerable: number;
}

export function outcomeOf(question: EvalQuestion, ranking: string[]): QuestionOutcome {
  const top = ranking.slice(0, RANK_DEPTH);
  const index = top.findIndex((key) => question.relevant.has(key));
  return { question, ranking: top, firstHit: index === -1 ? null : index + 1 };
}

/** Whether an outcome counts as right: an answer in the top three, or silence when there is none. */
export function isRight(outcome: QuestionOutcome): boolean {
  return outcome.question.relevant.size === 0 ? outcome.ranking.length === 0 : outcome.firstHit !== null && outcome.firstHit <= 3;
}

export function score(outcomes: QuestionOutcome[]): Scores {
  const answerable = outcomes.filter((o) => o.question.relevant.size > 0);
  const unanswerable = outcomes.filter((o) => o.question.relevant.size === 0);
  const share = (items: QuestionOutcome[], test: (o: QuestionOutcome) => boolean) =>
    items.length === 0 ? 0 : items.filter(test).length / items.length;
  return {
    hitAt1: share(answerable, (o) => o.firstHit === 1),
    hitAt3: share(answerable, (o) => o.firstHit !== null && o.firstHit <= 3),
    mrrAt5: answerable.length === 0 ? 0 : answerable.reduce((s, o) => s + (o.firstHit ? 1 / o.firstHit : 0), 0) / answerable.length,
    outOfCorpus: share(unanswerable, (o) => o.ranking.length === 0),
    answerable: answerable.length,
    unanswerable: unanswerable.length,
  };
}
