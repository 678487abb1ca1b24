import { isRight, type QuestionOutcome, type Scores } from './metrics.js';

export interface EngineResult {
  engine: string;
  scores: Scores;
}

const fixed = (n: number) => n.toFixed(3);

/** The comparison table, one row per engine, in Markdown. */
export function scoreTable(results: EngineResult[]): string {
  const first = results[0]?.scores;
  const rows = results.map(
    ({ engine, scores: s }) =>
      `| ${engine} | ${fixed(s.hitAt1)} | ${fixed(s.hitAt3)} | ${fixed(s.mrrAt5)} | ${fixed(s.outOfCorpus)} (${Math.round(s.outOfCorpus * s.unanswerable)}/${s.unanswerable}) |`,
  );
  return [
    `${first?.answerable ?? 0} answerable and ${first?.unanswerable ?? 0} out-of-corpus questions.`,
    '',
    '| engine | hit@1 | hit@3 | MRR@5 | out of corpus: nothing returned |',
    '|---|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

/** The questions an engine got wrong (no answer in its first three, or an answer where there is none). */
export function missList(outcomes: QuestionOutcome[]): string {
  const misses = outcomes.filter((o) => !isRight(o));
  if (misses.length === 0) return '_none_';
  return misses
    .map((o) => {
      const expected = o.question.relevant.size === 0 ? 'nothing' : [...o.question.relevant].join(', ');
      const got = o.ranking.length === 0 ? 'nothing' : o.ranking.join(', ');
      const rank = o.firstHit ? ` (first answer at ${o.firstHit})` : '';
      return `- ${o.question.id} “${o.question.question}”: expected ${expected}; got ${got}${rank}`;
    })
    .join('\n');
}
