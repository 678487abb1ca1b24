/** A date or part of one mentioned in free text: "16 December 2024", "Dec 16", "16/12/2024", "December". */
export interface MentionedDate {
  year?: number;
  month: number;
  day?: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORD = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
const YEAR = String.raw`(\d{4})`;

const monthOf = (word: string) => MONTHS.indexOf(word.slice(0, 3).toLowerCase()) + 1;
const valid = (m: number, d?: number) => m >= 1 && m <= 12 && (d === undefined || (d >= 1 && d <= 31));

/** Every date mentioned in the text, most specific forms first, without overlaps. */
export function parseDates(text: string): MentionedDate[] {
  const found: MentionedDate[] = [];
  let rest = text;
  const take = (re: RegExp, build: (m: RegExpExecArray) => MentionedDate | null) => {
    rest = rest.replace(re, (...args: unknown[]) => {
      const m = args.slice(0, -2) as unknown as RegExpExecArray;
      const date = build(m);
      if (date && valid(date.month, date.day)) found.push(date);
      return ' ';
    });
  };
  // 2024-12-16
  take(/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g, (m) => ({ year: +m[1]!, month: +m[2]!, day: +m[3]! }));
  // 16/12/2024, 16.12.2024 (day first, as in most of the world); 12/16/2024 when the first part cannot be a month
  take(/\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/g, (m) => {
    const a = +m[1]!, b = +m[2]!;
    return b > 12 && a <= 12 ? { year: +m[3]!, month: a, day: b } : { year: +m[3]!, month: b, day: a };
  });
  // 16 December 2024, 16th of Dec
  take(new RegExp(String.raw`\b${DAY}\s+(?:of\s+)?${MONTH_WORD}(?:,?\s+${YEAR})?(?![\p{L}])`, 'giu'), (m) => ({
    month: monthOf(m[2]!), day: +m[1]!, ...(m[3] ? { year: +m[3] } : {}),
  }));
  // December 16, 2024, Dec 16th
  take(new RegExp(String.raw`\b${MONTH_WORD}\s+${DAY}(?:,?\s+${YEAR})?\b`, 'giu'), (m) => ({
    month: monthOf(m[1]!), day: +m[2]!, ...(m[3] ? { year: +m[3] } : {}),
  }));
  // December 2024, December
  take(new RegExp(String.raw`\b${MONTH_WORD}(?:\s+${YEAR})?(?![\p{L}])`, 'giu'), (m) => ({
    month: monthOf(m[1]!), ...(m[2] ? { year: +m[2] } : {}),
  }));
  // 2024-12
  take(/\b(\d{4})-(\d{1,2})\b/g, (m) => ({ year: +m[1]!, month: +m[2]! }));
  return found;
}
