/**
 * The fixed split of the question set, decided once before any tuning:
 * a question whose id number is odd (q001, q003, …, o001, o003, …) is in the tuning half; even
 * is held out. The set is written topic by topic (article by article, answerable then out of
 * corpus), so alternating ids spreads every article, tag and the out-of-corpus questions over
 * both halves. Only the tuning half may guide changes to the bot; the held-out half is reported.
 */
export type Half = 'tuning' | 'heldout';

export function halfOf(id: string): Half {
  const n = Number(/\d+/.exec(id)?.[0]);
  if (!Number.isInteger(n)) throw new Error(`question id without a number: ${id}`);
  return n % 2 === 1 ? 'tuning' : 'heldout';
}
