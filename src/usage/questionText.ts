/**
 * How the question log reads a question: the one place that normalises it and finds its key
 * concepts, so that rewordings of one question ("hey, who signed the december statement??", "Who
 * signed the December statement") count together in `corpus gaps`.
 *
 * The key is the bot's own reading (readQuestion and analyzeQuestion: chat filler, mentions, emoji and
 * markdown gone, spelling corrected against the corpus, synonyms merged, the words that only frame a
 * question dropped): the sorted canonical terms of its concepts. A question with no concept left is
 * keyed by its normalised text.
 */
import type { PassageIndex } from '../search/buildIndex.js';
import { normalizeQuestion } from '../search/normalizeQuestion.js';
import { analyzeQuestion } from '../search/queryAnalysis.js';
import { readQuestion } from '../search/readQuestion.js';

/** The question as stored beside the words asked: normalised as the bot reads it (normalizeQuestion), lower-cased, whitespace collapsed. */
export function normaliseQuestion(text: string): string {
  return normalizeQuestion(text.normalize('NFC')).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The key rewordings of one question share: its key concepts after the bot's own reading. */
export function conceptKey(index: PassageIndex, normalised: string): string {
  if (normalised === '') return '';
  const { corrected } = readQuestion(index, normalised);
  const terms = new Set(
    analyzeQuestion(index, corrected)
      .concepts.map((c) => c.alternatives[0]?.term)
      .filter((t): t is string => !!t),
  );
  return [...terms].sort().join(' ');
}
