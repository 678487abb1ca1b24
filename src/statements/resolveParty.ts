import { foldText, isFunctionWord } from '../search/textProcessing.js';
import { escapeRegExp } from '../search/regex.js';
import { extractionRules } from './extractionRules.js';

/** A state or body someone asks about ("did New Zealand sign …?"). */
export interface Party {
  /** How to write it: the name of data/extraction.yaml the text used, else the text itself. */
  name: string;
  /** The entity of data/extraction.yaml it is, or null for a party the rules do not list ("China"). */
  entity: number | null;
}

const wholeWords = (source: string) => new RegExp(`(?<![\\p{L}\\p{N}.])(?:${source})(?![\\p{L}\\p{N}])`, 'u');

/**
 * Every name of every entity, longest first, so "High Representative of the EU" wins over "EU". A name
 * is found as whole words, ignoring case, except a name that is also a common word ("US"): that must
 * be written as the name ("US", "the us"), not as the word ("us").
 */
const names = extractionRules.entities
  .flatMap((entity, index) =>
    entity.names.map((name) => {
      const folded = foldText(name);
      const patterns = isFunctionWord(folded)
        ? { typed: wholeWords(escapeRegExp(name)), folded: wholeWords(`the\\s+${escapeRegExp(folded)}`) }
        : { typed: null, folded: wholeWords(escapeRegExp(folded)) };
      return { name, index, folded, patterns };
    }),
  )
  .sort((a, b) => b.folded.length - a.folded.length);

function isNamedIn(text: string, name: (typeof names)[number]): boolean {
  return name.patterns.typed?.test(text) === true || name.patterns.folded.test(foldText(text));
}

/** "new zealand" → "New Zealand"; text with capitals is kept as written. */
function asName(text: string): string {
  const trimmed = text.trim().replace(/^the\s+/i, '');
  return /\p{Lu}/u.test(trimmed) ? trimmed : trimmed.replace(/(^|[\s-])(\p{L})/gu, (_, gap: string, letter: string) => gap + letter.toUpperCase());
}

/** The party a text names: the state or body of data/extraction.yaml it names, else the text as a name; null for empty text. */
export function resolveParty(text: string): Party | null {
  if (text.trim() === '') return null;
  const found = names.find((n) => isNamedIn(text, n));
  if (!found) return { name: asName(text), entity: null };
  // "the UK", as it was asked, reads better than "UK".
  const the = new RegExp(`(?<![\\p{L}])the\\s+${escapeRegExp(found.folded)}`, 'u').test(foldText(text)) && !/^the\s/i.test(found.name);
  return { name: the ? `the ${found.name}` : found.name, entity: found.index };
}
