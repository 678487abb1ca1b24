/** A date or part of one: "16 December 2024", "Dec 16", "16/12/2024", "December". */
export interface MentionedDate {
  year?: number;
  month: number;
  day?: number;
}

/** A date written in digits, with the readings it allows, the usual one first. */
export interface NumericDate {
  start: number;
  end: number;
  readings: [MentionedDate, ...MentionedDate[]];
}

// 2024-12-16; 16/12/2024, 16.12.2024, 16/12/24; and, where allowed, 16/12 (a slash only: "1.5" is a number).
const ISO = String.raw`(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})`;
const WITH_YEAR = String.raw`(?<a>\d{1,2})(?<sep>[/.])(?<b>\d{1,2})\k<sep>(?<year>\d{4}|\d{2})`;
const YEARLESS = String.raw`(?<c>\d{1,2})/(?<e>\d{1,2})`;
const edges = (body: string) => new RegExp(String.raw`(?<![\p{L}\p{N}/.])(?:${body})(?![\p{L}\p{N}]|[/.]\d)`, 'gu');
const withYear = edges(`${ISO}|${WITH_YEAR}`);
const withOrWithoutYear = edges(`${ISO}|${WITH_YEAR}|${YEARLESS}`);

const valid = (d: MentionedDate) =>
  d.month >= 1 && d.month <= 12 && (d.day === undefined || (d.day >= 1 && d.day <= 31));

/**
 * The readings of "a/b": day first, as in most of the world; month first as well, as Americans write
 * it, unless that cannot be a date ("16/12" is only 16 December, "12/16" only December 16).
 */
function readingsOf(a: number, b: number, year?: number): MentionedDate[] {
  const y = year === undefined ? {} : { year };
  const readings = [
    { ...y, month: b, day: a },
    { ...y, month: a, day: b },
  ].filter(valid);
  return a === b ? readings.slice(0, 1) : readings;
}

/**
 * The dates a text writes in digits. A two-digit year is of this century ("24" is 2024). Dates
 * without a year ("16/12") only with `yearless`: in a question they are dates, in an article
 * they could be scores or fractions.
 */
export function numericDates(text: string, { yearless = false } = {}): NumericDate[] {
  const found: NumericDate[] = [];
  for (const m of text.matchAll(yearless ? withOrWithoutYear : withYear)) {
    const g = m.groups!;
    const readings = g.y
      ? [{ year: +g.y, month: +g.m!, day: +g.d! }].filter(valid)
      : g.a
        ? readingsOf(+g.a, +g.b!, g.year!.length === 2 ? 2000 + +g.year! : +g.year!)
        : readingsOf(+g.c!, +g.e!);
    const [usual, ...others] = readings;
    if (usual) found.push({ start: m.index, end: m.index + m[0].length, readings: [usual, ...others] });
  }
  return found;
}
