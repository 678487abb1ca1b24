import { numericDates, type MentionedDate } from '../search/numericDates.js';
import { longestFirst } from '../search/regex.js';
import { searchData } from '../search/textProcessing.js';

export type { MentionedDate };

// A month by any of its names in data/search.yaml ("december", "dec"), perhaps with a full stop ("Dec.").
const monthNames = new Map(
  searchData.months.flatMap((month, i) =>
    (searchData.synonyms[month] ?? [month]).map((name) => [name, i + 1] as const),
  ),
);
const MONTH_WORD = String.raw`(${longestFirst([...monthNames.keys()])})\.?`;
const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
const YEAR = String.raw`(\d{4})`;

const monthOf = (word: string) => monthNames.get(word.toLowerCase()) ?? 0;
const valid = (m: number, d?: number) => m >= 1 && m <= 12 && (d === undefined || (d >= 1 && d <= 31));

/**
 * Every date mentioned in the text, most specific forms first, without overlaps. A date in digits
 * that reads two ways ("06/11/2024") gives both readings, the day-first one first.
 */
export function parseDates(text: string): MentionedDate[] {
  const found: MentionedDate[] = [];
  let rest = text;
  for (const date of numericDates(text, { yearless: true })) {
    found.push(...date.readings);
    rest = rest.slice(0, date.start) + ' '.repeat(date.end - date.start) + rest.slice(date.end);
  }
  const take = (re: RegExp, build: (m: RegExpExecArray) => MentionedDate) => {
    rest = rest.replace(re, (...args: unknown[]) => {
      const date = build(args.slice(0, -2) as unknown as RegExpExecArray);
      if (valid(date.month, date.day)) found.push(date);
      return ' ';
    });
  };
  // 16 December 2024, 16th of Dec
  take(new RegExp(String.raw`\b${DAY}\s+(?:of\s+)?${MONTH_WORD}(?:,?\s+${YEAR})?(?![\p{L}])`, 'giu'), (m) => ({
    month: monthOf(m[2]!),
    day: +m[1]!,
    ...(m[3] ? { year: +m[3] } : {}),
  }));
  // December 16, 2024, Dec 16th
  take(new RegExp(String.raw`\b${MONTH_WORD}\s+${DAY}(?:,?\s+${YEAR})?\b`, 'giu'), (m) => ({
    month: monthOf(m[1]!),
    day: +m[2]!,
    ...(m[3] ? { year: +m[3] } : {}),
  }));
  // December 2024, December
  take(new RegExp(String.raw`\b${MONTH_WORD}(?:\s+${YEAR})?(?![\p{L}])`, 'giu'), (m) => ({
    month: monthOf(m[1]!),
    ...(m[2] ? { year: +m[2] } : {}),
  }));
  // 2024-12
  take(/\b(\d{4})-(\d{1,2})\b/g, (m) => ({ year: +m[1]!, month: +m[2]! }));
  return found;
}
