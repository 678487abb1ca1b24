/** Number expressions in folded text, read as values: "10,000", "10k", "ten thousand", "3 million". */
import { longestFirst } from './regex.js';

export interface NumberWords {
  /** Words for numbers ("ten": 10, "twenty": 20). */
  words: Record<string, number>;
  /** Words that multiply what comes before them ("thousand": 1000). */
  multipliers: Record<string, number>;
  /** Suffixes written onto digits ("10k", "3m", "2bn"). */
  suffixes: Record<string, number>;
  /** Number words below this value, with no multiplier, stay words. */
  smallestWordFigure: number;
}

export interface NumberMatch {
  /** The value as plain digits ("10000", "1.5"), the form both passages and questions index. */
  value: string;
  start: number;
  end: number;
}

const alternation = (words: string[]) => longestFirst(words);

/** Builds a matcher for one set of number words. */
export function numberFinder(data: NumberWords): (folded: string) => NumberMatch[] {
  const digits = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
  const word = `(?:${alternation(Object.keys(data.words))})`;
  const multiplier = `(?:${alternation(Object.keys(data.multipliers))})`;
  const suffix = `(?:${alternation(Object.keys(data.suffixes))})`;
  // A number (digits, or number words joined by spaces or hyphens), then optional multiplier words;
  // or digits with a suffix written on. Never inside a longer word or number.
  const pattern = new RegExp(
    String.raw`(?<![\p{L}\p{N}.,])(?:(?<suffixed>${digits})(?<suffix>${suffix})|(?<lead>${digits}|${word}(?:[\s-]+${word})*)(?<mult>(?:[\s-]+${multiplier})*))(?![\p{L}\p{N}])`,
    'gu',
  );
  const valueOfWords = (text: string): number => {
    let total = 0;
    let current = 0;
    for (const w of text.split(/[\s-]+/)) {
      const m = data.multipliers[w];
      if (m !== undefined) {
        current = (current || 1) * m;
        if (m >= 1000) [total, current] = [total + current, 0];
      } else {
        current += data.words[w] ?? Number(w.replace(/,/g, ''));
      }
    }
    return total + current;
  };
  return (folded) =>
    [...folded.matchAll(pattern)].flatMap((m) => {
      const g = m.groups!;
      // Small numbers written as words ("the two Koreas", "one of") are ordinary words, not figures.
      if (!g.suffixed && !g.mult && /^\p{L}/u.test(g.lead!) && valueOfWords(g.lead!) < data.smallestWordFigure)
        return [];
      const value = g.suffixed
        ? Number(g.suffixed.replace(/,/g, '')) * data.suffixes[g.suffix!]!
        : valueOfWords(`${g.lead!}${g.mult ?? ''}`.trim());
      return [{ value: String(Number(value.toPrecision(12))), start: m.index, end: m.index + m[0].length }];
    });
}
