import type { Grade, Ranked } from './engines/engine.js';
import type { EvalQuestion } from './resolveAnswers.js';

/** How deep the rankings are read: MRR@5, and the engines are asked for five passages. */
export const RANK_DEPTH = 5;

/** The tag of an unanswerable question with nothing to do with the subject; any other unanswerable one is a hard negative. */
export const OFF_TOPIC = 'off-topic';

export interface QuestionOutcome {
  question: EvalQuestion;
  /** Passage keys the engine returned, best first (at most RANK_DEPTH). */
  ranking: string[];
  grade: Grade;
  /** 1-based rank of the first answering passage, or null when none is in the ranking. */
  firstHit: number | null;
}

export interface Scores {
  /** Answerable questions whose first passage answers them (over the passages shown, whatever the grade). */
  hitAt1: number;
  /** Answerable questions with an answering passage among the first three. */
  hitAt3: number;
  /** Mean of 1/rank of the first answering passage within five (0 when none). */
  mrrAt5: number;
  /** Answerable questions graded `none` (no passage shown). */
  answerableNone: number;
  /** Answerable questions graded `answered`. */
  answered: number;
  /** Of the answerable questions graded `answered`, those with an answering passage in the top three. */
  answeredRight: number;
  /** Unanswerable questions about the subject graded `answered` (lower is better). */
  hardNegativesAnswered: number;
  /** Off-topic questions shown any passage (lower is better). */
  offTopicShown: number;
  answerable: number;
  unanswerable: number;
  hardNegatives: number;
  offTopic: number;
}

export function outcomeOf(question: EvalQuestion, { ranking, grade }: Ranked): QuestionOutcome {
  const top = ranking.slice(0, RANK_DEPTH);
  const index = top.findIndex((key) => question.relevant.has(key));
  return { question, ranking: top, grade, firstHit: index === -1 ? null : index + 1 };
}

const isOffTopic = (o: QuestionOutcome) => o.question.tags.includes(OFF_TOPIC);
const inTop3 = (o: QuestionOutcome) => o.firstHit !== null && o.firstHit <= 3;

/**
 * Whether an outcome counts as right: an answer in the top three, graded as an answer; for an
 * unanswerable question, no `answered` grade (and nothing at all shown for an off-topic one).
 */
export function isRight(outcome: QuestionOutcome): boolean {
  if (outcome.question.relevant.size > 0) return inTop3(outcome) && outcome.grade !== 'none';
  return isOffTopic(outcome) ? outcome.ranking.length === 0 : outcome.grade !== 'answered';
}

export function score(outcomes: QuestionOutcome[]): Scores {
  const answerable = outcomes.filter((o) => o.question.relevant.size > 0);
  const unanswerable = outcomes.filter((o) => o.question.relevant.size === 0);
  const offTopic = unanswerable.filter(isOffTopic);
  const hardNegatives = unanswerable.filter((o) => !isOffTopic(o));
  const answered = answerable.filter((o) => o.grade === 'answered');
  const share = (items: QuestionOutcome[], test: (o: QuestionOutcome) => boolean) =>
    items.length === 0 ? 0 : items.filter(test).length / items.length;
  return {
    hitAt1: share(answerable, (o) => o.firstHit === 1),
    hitAt3: share(answerable, inTop3),
    mrrAt5:
      answerable.length === 0
        ? 0
        : answerable.reduce((s, o) => s + (o.firstHit ? 1 / o.firstHit : 0), 0) / answerable.length,
    answerableNone: share(answerable, (o) => o.grade === 'none'),
    answered: share(answerable, (o) => o.grade === 'answered'),
    answeredRight: share(answered, inTop3),
    hardNegativesAnswered: share(hardNegatives, (o) => o.grade === 'answered'),
    offTopicShown: share(offTopic, (o) => o.ranking.length > 0),
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    hardNegatives: hardNegatives.length,
    offTopic: offTopic.length,
  };
}
