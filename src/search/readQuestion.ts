import type { PassageIndex } from './buildIndex.js';
import { normalizeQuestion } from './normalizeQuestion.js';
import { correctSpelling } from './queryAnalysis.js';

/** A question as typed, and as the bot reads it: each step done once per answer and passed down. */
export interface ReadQuestion {
  /** As typed. */
  asked: string;
  /** Without chat filler, mentions, emoji and markdown (`normalizeQuestion`). */
  normalized: string;
  /** Normalised, with misspelt words replaced by the corpus words they are near misses of. */
  corrected: string;
}

export function readQuestion(index: PassageIndex, asked: string): ReadQuestion {
  const normalized = normalizeQuestion(asked);
  return { asked, normalized, corrected: correctSpelling(index, normalized) };
}
