import { isRight, type QuestionOutcome, type Scores } from './metrics.js';

export interface EngineResult {
  engine: string;
  scores: Scores;
}

const fixed = (n: number) => n.toFixed(3);
const ofCount = (share: number, count: number) => `${fixed(share)} (${Math.round(share * count)}/${count})`;

/** The comparison table, one row per engine, in Markdown. */
export function scoreTable(results: EngineResult[]): string {
  const first = results[0]?.scores;
  const rows = results.map(({ engine, scores: s }) => {
    const answered = Math.round(s.answered * s.answerable);
    return [
      engine,
      fixed(s.hitAt1),
      fixed(s.hitAt3),
      fixed(s.mrrAt5),
      ofCount(s.answerableNone, s.answerable),
      ofCount(s.answered, s.answerable),
      ofCount(s.answeredRight, answered),
      ofCount(s.hardNegativesAnswered, s.hardNegatives),
      ofCount(s.offTopicShown, s.offTopic),
    ].join(' | ');
  });
  return [
    `${first?.answerable ?? 0} answerable questions; ${first?.hardNegatives ?? 0} hard negatives and ${first?.offTopic ?? 0} off-topic questions.`,
    '',
    '| engine | hit@1 | hit@3 | MRR@5 | answerable graded none | answerable graded answered | … with the answer in the top 3 | hard negatives graded answered | off-topic shown a passage |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}

/** The questions an engine got wrong (see `isRight`). */
export function missList(outcomes: QuestionOutcome[]): string {
  const misses = outcomes.filter((o) => !isRight(o));
  if (misses.length === 0) return '_none_';
  return misses
    .map((o) => {
      const expected = o.question.relevant.size === 0 ? 'nothing' : [...o.question.relevant].join(', ');
      const got = o.ranking.length === 0 ? 'nothing' : o.ranking.join(', ');
      const rank = o.firstHit ? ` (first answer at ${o.firstHit})` : '';
      return `- ${o.question.id} “${o.question.question}”: expected ${expected}; got ${o.grade}: ${got}${rank}`;
    })
    .join('\n');
}
