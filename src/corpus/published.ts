import { MONTHS } from './months.js';

/**
 * Publication dates at the precision the source gives: a day (2024-07-13), a month (2024-11)
 * or an interval when the source only narrows it down (2024-05-31/2024-06-01). Never a guess.
 */
const PART = String.raw`\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?`;
const PUBLISHED_PATTERN = new RegExp(`^${PART}(/${PART})?$`);

export function isValidPublished(value: string): boolean {
  if (!PUBLISHED_PATTERN.test(value)) return false;
  return value.split('/').every((part) => {
    const [y, m, d] = part.split('-').map(Number);
    if (d === undefined) return true;
    const date = new Date(Date.UTC(y!, m! - 1, d));
    return date.getUTCMonth() === m! - 1 && date.getUTCDate() === d;
  });
}

/** The earliest day the value allows, for sorting ("2024-11" sorts as 2024-11-01). */
export function publishedSortKey(value: string): string {
  const first = value.split('/')[0]!;
  return first.length === 7 ? `${first}-01` : first;
}

function formatPart(part: string): string {
  const [y, m, d] = part.split('-');
  const month = MONTHS[Number(m) - 1];
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

/** "13 July 2024", "November 2024", "31 May – 1 June 2024". */
export function formatPublished(value: string): string {
  const [from, to] = value.split('/');
  if (!to) return formatPart(from!);
  const a = formatPart(from!);
  const b = formatPart(to);
  const sameYear = from!.slice(0, 4) === to.slice(0, 4);
  return `${sameYear ? a.replace(/ \d{4}$/, '') : a} – ${b}`;
}
