import { IMPORT } from '../config/constants.js';

/** Words that say nothing about an article and only lengthen its id. */
const FILLER = new Set(['a', 'an', 'the', 'of', 'to', 'in', 'on', 'for', 'and', 'with', 'at', 'by', 'from', 'as', 'is', 'are', 'its', 's', 'over']);

/** Enough title words to tell articles apart, as the seeds' ids do. */
const TITLE_WORDS = 6;

/** Lowercase ASCII words of a text ("Allies condemn the DPRK’s…" → ["allies", "condemn", "the", "dprk", "s"]). */
function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The outlet as one short word: "Kyiv Post (with AFP)" → "kyivpost", "New Europe / NE Global" → "neweurope". */
function outletWord(outlet: string): string {
  const name = outlet.split(/[(/,|]/)[0] ?? '';
  return words(name).filter((w) => w !== 'the').join('').slice(0, 20);
}

/**
 * An id for a new article, the way the seeds are named: outlet, then the telling words of the title,
 * lowercase and hyphenated, cut at a word boundary; "-2", "-3"… when the id is taken.
 */
export function proposeArticleId(title: string, outlet: string, taken: ReadonlySet<string>): string {
  const parts = [outletWord(outlet), ...words(title).filter((w) => !FILLER.has(w)).slice(0, TITLE_WORDS)].filter(Boolean);
  let id = '';
  for (const part of parts) {
    const next = id ? `${id}-${part}` : part;
    if (next.length > IMPORT.maxIdLength) break;
    id = next;
  }
  if (id === '') id = 'article';
  if (!taken.has(id)) return id;
  for (let n = 2; ; n++) {
    const candidate = `${id.slice(0, IMPORT.maxIdLength - String(n).length - 1).replace(/-+$/, '')}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
