import type { SegmentData } from './segmentData.js';

/** Where one passage's text holds its terms, looked up in the positions stored at index time. */
export interface TermPositions {
  /** The token indexes, ascending, of every occurrence of any of `terms` in the text. */
  tokensOf(terms: readonly string[]): number[];
}

/** The entry of term `id` among passage `local`'s text terms (ascending ids), or -1. */
function entryOf(data: SegmentData, local: number, id: number): number {
  let lo = data.textOffsets[local]!;
  let hi = data.textOffsets[local + 1]!;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = data.textTerm[mid]!;
    if (at === id) return mid;
    if (at < id) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/** The term positions of passage `local` of a segment; `termId` maps a term to the segment's id for it. */
export function termPositions(
  data: SegmentData,
  termId: (term: string) => number | undefined,
  local: number,
): TermPositions {
  return {
    tokensOf(terms) {
      const found: number[] = [];
      let lists = 0;
      for (const term of new Set(terms)) {
        const id = termId(term);
        const entry = id === undefined ? -1 : entryOf(data, local, id);
        if (entry === -1) continue;
        lists++;
        for (let k = data.occurrenceOffsets[entry]!; k < data.occurrenceOffsets[entry + 1]!; k++)
          found.push(data.occurrenceTokens[k]!);
      }
      // One term's occurrences are stored ascending; several are merged.
      return lists > 1 ? found.sort((a, b) => a - b) : found;
    },
  };
}
