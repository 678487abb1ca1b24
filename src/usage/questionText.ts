/**
 * How the question log reads a question: the one place that normalises it and finds its key
 * concepts, so that rewordings of one question ("who signed the december statement?", "Who
 * signed the December statement") count together in `corpus gaps`.
 *
 * The key is the bot's own analysis (analyzeQuestion: spelling corrected against the corpus,
 * synonyms merged, the words that only frame a question dropped): the sorted canonical terms of its
 * concepts. A question with no concept left is keyed by its normalised text.
 */
import type { PassageIndex } from '../search/buildIndex.js';
import { analyzeQuestion } from '../search/queryAnalysis.js';

/**
 * The question as stored beside the words asked: lower-cased, whitespace collapsed.
 * (To be swapped for src/search/normalizeQuestion.ts, which also strips chat filler, mentions, emoji
 * and markdown, once it lands: this is the only call.)
 */
export function normaliseQuestion(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The key rewordings of one question share: its key concepts after the bot's own analysis. */
export function conceptKey(index: PassageIndex, normalised: string): string {
  if (normalised === '') return '';
  const terms = new Set(analyzeQuestion(index, normalised).concepts.map((c) => c.alternatives[0]?.term).filter((t): t is string => !!t));
  return [...terms].sort().join(' ');
}
