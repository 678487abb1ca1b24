import { SEARCH } from '../config/constants.js';
import type { Passage, PassageIndex } from './buildIndex.js';
import { analyze, analyzeWithOffsets } from './textProcessing.js';

export interface PassageHit {
  passage: Passage;
  score: number;
  /** Share of the question's weight this passage matches (0–1). */
  coverage: number;
  /** Character ranges of the passage that matched the question, for bold text. */
  highlights: Array<[number, number]>;
}

export interface SearchOptions {
  /** Only passages that pass this test (e.g. from articles about one statement). */
  filter?: (passage: Passage) => boolean;
  /** Relevance floor; defaults to SEARCH.minCoverage. 0 keeps every match. */
  minCoverage?: number;
}

/** How informative a term is: rare terms weigh more; a term the corpus lacks weighs most. */
function termWeight(index: PassageIndex, term: string): number {
  const n = index.ordered.length;
  return Math.log(1 + n / ((index.documentFrequency.get(term) ?? 0) + 0.5));
}

/**
 * Ranks passages for a free question. Returns only passages that match enough of the question to
 * be relevant, best first; an empty list means the corpus does not answer it.
 */
export function searchPassages(index: PassageIndex, query: string, options: SearchOptions = {}): PassageHit[] {
  const queryTerms = [...new Set(analyze(query, { isQuery: true }))];
  if (queryTerms.length === 0) return [];
  const totalWeight = queryTerms.reduce((sum, t) => sum + termWeight(index, t), 0);
  const minCoverage = options.minCoverage ?? SEARCH.minCoverage;

  const hits: PassageHit[] = [];
  for (const result of index.search.search(query)) {
    const passage = index.passages.get(String(result.id));
    if (!passage || (options.filter && !options.filter(passage))) continue;
    const matched = new Set(result.queryTerms);
    const coverage = queryTerms.filter((t) => matched.has(t)).reduce((s, t) => s + termWeight(index, t), 0) / totalWeight;
    if (coverage < minCoverage) continue;
    hits.push({ passage, score: result.score, coverage, highlights: highlightSpans(passage.text, new Set(result.terms)) });
  }
  return hits;
}

/** The spans of `text` whose terms are in `terms`, merged where they touch. */
export function highlightSpans(text: string, terms: Set<string>): Array<[number, number]> {
  const spans = analyzeWithOffsets(text)
    .filter((t) => terms.has(t.term))
    .map((t): [number, number] => [t.start, t.end])
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1] + 1 && /^\s*$/.test(text.slice(last[1], span[0]))) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}
