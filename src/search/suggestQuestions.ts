import { DISCORD_LIMITS, SEARCH } from '../config/constants.js';
import type { PassageIndex } from './buildIndex.js';
import { foldText } from './textProcessing.js';

// The corpus's own words by how many passages use them (counted at index time), sorted once per index.
const vocabularies = new WeakMap<PassageIndex, Array<[string, number]>>();

function vocabularyOf(index: PassageIndex): Array<[string, number]> {
  let words = vocabularies.get(index);
  if (!words) {
    words = [...index.suggestionWords].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    vocabularies.set(index, words);
  }
  return words;
}

/**
 * Autocomplete for a question: what the user typed, then the same text with its last word
 * completed by words the corpus uses most (MiniSearch's own suggestions would show stemmed terms).
 */
export function suggestQuestions(index: PassageIndex, typed: string): Array<{ name: string; value: string }> {
  const text = typed.replace(/\s+/g, ' ').trimStart().slice(0, DISCORD_LIMITS.choiceValue);
  const match = /([\p{L}\p{N}'-]+)$/u.exec(text);
  const stem = match ? foldText(match[1]!) : '';
  const head = match ? text.slice(0, match.index) : text;
  const completions =
    stem.length >= SEARCH.suggestionMinTypedLength
      ? vocabularyOf(index)
          .filter(([word]) => word.startsWith(stem) && word !== stem)
          .map(([word]) => `${head}${word}`)
      : [];
  const out: Array<{ name: string; value: string }> = [];
  const seen = new Set<string>();
  for (const candidate of [text.trim(), ...completions]) {
    if (candidate.length === 0 || candidate.length > DISCORD_LIMITS.choiceValue || seen.has(candidate)) continue;
    seen.add(candidate);
    out.push({ name: candidate, value: candidate });
    if (out.length === DISCORD_LIMITS.autocompleteChoices) break;
  }
  return out;
}
