/**
 * English auxiliary verbs, grouped by the verb they are forms of: the one table the question
 * patterns that look for them ("did Japan sign", "has Japan joined", "how many troops were") are
 * built from. Each pattern takes the groups its question form allows.
 */
export const AUXILIARY_VERBS = {
  do: ['did', 'does', 'do'],
  have: ['has', 'have', 'had'],
  be: ['was', 'were', 'is', 'are'],
  modal: ['will', 'would', 'can', 'could'],
} as const;

export type AuxiliaryVerb = (typeof AUXILIARY_VERBS)[keyof typeof AUXILIARY_VERBS][number];

/** A non-capturing regular-expression group matching any of the words: `(?:did|does|do)`. */
export function auxiliaryAlternation(words: readonly AuxiliaryVerb[]): string {
  return `(?:${words.join('|')})`;
}
