import { allowedTypos, editDistance } from '../search/editDistance.js';
import { foldText, isEnglishWord, isFunctionWord } from '../search/textProcessing.js';
import { PARTIES, partyById, type PartyEntity } from './parties.js';
import { findPartyMentions, wordTokens } from './partyMentions.js';

/**
 * A state or body someone asks about ("did New Zealand sign …?"): one the bot knows, a name several
 * fit ("Korea": South or North?), or a name it does not know, with the names it may have meant.
 */
export type Party =
  | { kind: 'known'; name: string; entity: string }
  | { kind: 'ambiguous'; name: string; candidates: string[] }
  | { kind: 'unknown'; name: string; suggestions: string[] };

const MAX_SUGGESTIONS = 5;

/** "new zealand" → "New Zealand"; text with capitals is kept as written. */
function asName(text: string): string {
  const trimmed = text.trim().replace(/^the\s+/i, '');
  return /\p{Lu}/u.test(trimmed)
    ? trimmed
    : trimmed.replace(/(^|[\s-])(\p{L})/gu, (_, gap: string, letter: string) => gap + letter.toUpperCase());
}

/**
 * How to write a party as asked: the name as the data writes it when the question used a full name
 * ("south korea" → "South Korea", "the UK" stays), else its usual name ("nz" → "New Zealand").
 */
function nameAsAsked(entity: PartyEntity, typed: string, withThe: boolean): string {
  const folded = foldText(typed);
  const full = entity.names.find((n) => foldText(n) === folded && (n.length > 3 || /\p{Lu}/u.test(typed)));
  if (!full) return entity.name;
  // "the UK", "the G7", as English writes them, whether or not the question did.
  const englishThe =
    entity.name.startsWith('the ') && (/^[\p{Lu}\p{N}.-]+$/u.test(full) || entity.name === `the ${full}`);
  return (withThe || englishThe) && !/^the\s/i.test(full) ? `the ${full}` : full;
}

/** A single word that is also an English word ("us", "chad") names a party only as the whole text, in capitals, or after "the". */
function plausible(mention: { text: string; start: number }, text: string): boolean {
  const folded = foldText(mention.text);
  if (/\s/.test(folded) || (!isFunctionWord(folded) && !isEnglishWord(folded))) return true;
  const rest = text.trim().replace(/^the\s+/i, '');
  return foldText(rest) === folded || /\p{Lu}/u.test(mention.text) || /\bthe\s+$/i.test(text.slice(0, mention.start));
}

const wordsOf = (text: string) =>
  wordTokens(foldText(text))
    .map((t) => t.text)
    .filter((w) => w !== '-' && w !== "'s");

/** Every way each party is named, folded into words. */
const namedWords = PARTIES.map((entity) => ({
  entity,
  names: [...entity.names, ...entity.typedNames, ...entity.demonyms].map((n) => wordsOf(n)),
}));

/** Parties whose names hold every word of the text ("korea": South Korea and North Korea). */
function containing(words: string[]): PartyEntity[] {
  if (words.length === 0) return [];
  return namedWords
    .filter(({ names }) => names.some((name) => words.every((w) => name.includes(w))))
    .map(({ entity }) => entity);
}

/** Parties named almost as the text is: a typo away ("new zeland"), or a word of it cut short or run on ("Zealandia"). */
function near(words: string[]): PartyEntity[] {
  const typed = words.join(' ');
  if (typed.length < 3) return [];
  return namedWords
    .filter(({ names }) =>
      names.some((name) => {
        const whole = name.join(' ');
        if (editDistance(typed, whole, allowedTypos(whole.length)) <= allowedTypos(whole.length)) return true;
        return name.some(
          (w) =>
            w.length >= 4 &&
            words.some(
              (t) =>
                t.length >= 4 &&
                (t.startsWith(w) ||
                  w.startsWith(t) ||
                  editDistance(t, w, allowedTypos(w.length)) <= allowedTypos(w.length)),
            ),
        );
      }),
    )
    .map(({ entity }) => entity);
}

/** The party a text names; null for empty text. */
export function resolveParty(text: string): Party | null {
  if (text.trim() === '') return null;
  const [found] = findPartyMentions(text, 'typed').filter((m) => plausible(m, text));
  if (found) {
    const entities = found.ids.map((id) => partyById(id)!);
    if (entities.length > 1)
      return { kind: 'ambiguous', name: asName(found.text), candidates: entities.map((e) => e.name) };
    const withThe = /\bthe\s+$/i.test(text.slice(0, found.start));
    return { kind: 'known', name: nameAsAsked(entities[0]!, found.text, withThe), entity: entities[0]!.id };
  }
  const words = wordsOf(text).filter((w) => w !== 'the' && !isFunctionWord(w));
  const fitting = containing(words);
  if (fitting.length > 1)
    return { kind: 'ambiguous', name: asName(text), candidates: fitting.slice(0, MAX_SUGGESTIONS).map((e) => e.name) };
  const suggestions = [...new Set([...fitting, ...near(words)].map((e) => e.name))].slice(0, MAX_SUGGESTIONS);
  return { kind: 'unknown', name: asName(text), suggestions };
}
