/** Helpers for building regular expressions out of word lists. */

/** The text, with every character a regular expression treats specially escaped. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * An alternation of the words, longest first so that a longer word wins over its own beginning
 * ("north korean" over "north korea"), each escaped after `form` (say, folding) is applied to it.
 */
export function longestFirst(words: string[], form: (word: string) => string = (word) => word): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((word) => escapeRegExp(form(word)))
    .join('|');
}
