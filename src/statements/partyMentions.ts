import { foldText } from '../search/textProcessing.js';
import { PARTIES, STATE_BODIES } from './parties.js';

/** A word of text and where it stands. Hyphens and a possessive "'s" are words of their own. */
export interface WordToken {
  text: string;
  start: number;
  end: number;
}

// "U.S.", "N.", a possessive "'s", a word (with inner apostrophes: "d'Ivoire"), a hyphen.
const TOKEN =
  /(?:\p{L}\.){2,}|\p{Lu}\.(?=\s)|['’]s(?![\p{L}\p{N}])|[\p{L}\p{N}]+(?:['’](?!s(?![\p{L}\p{N}]))[\p{L}\p{N}]+)*|-/gu;

export function wordTokens(text: string): WordToken[] {
  return [...text.matchAll(TOKEN)].map((m) => ({
    text: m[0].replace(/’/g, "'"),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** How a mention names its party: by a name, the adjective or noun of its people, its capital, or a body of its own ("KCNA"). */
export type MentionForm = 'name' | 'demonym' | 'capital' | 'body';

export interface PartyMention {
  /** The parties the words may name: one, or several for a name they share ("Congolese"). */
  ids: string[];
  form: MentionForm;
  /** The words as the text writes them, and where they stand. */
  text: string;
  start: number;
  end: number;
  /** Index of the first word token and one past the last, in `wordTokens(text)`. */
  first: number;
  last: number;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  ends: Array<{ id: string; form: MentionForm; unMember: boolean }>;
}

const newNode = (): TrieNode => ({ next: new Map(), ends: [] });

/**
 * Two ways of reading: `text` finds names as printed (exact case, so "US" is not "us" and "Chad" not
 * "chad"; the first word of a long title may be lower case: "the high representative of the European
 * Union"); `typed` finds them as people type them (any case, no diacritics), demonyms in the plural too.
 */
export type Reading = 'text' | 'typed';

function buildTrie(reading: Reading): TrieNode {
  const root = newNode();
  const add = (phrase: string, end: TrieNode['ends'][number]) => {
    const words = wordTokens(phrase).map((t) => (reading === 'typed' ? foldText(t.text) : t.text));
    if (words.length === 0) return;
    const variants = [words];
    // A title opening a long name may be printed in lower case: "the high representative of the European Union".
    const title = words.findIndex((w) => !/^\p{Lu}/u.test(w));
    if (reading === 'text' && words.length >= 3 && title > 0)
      variants.push([
        ...words.slice(0, title).map((w) => w.charAt(0).toLowerCase() + w.slice(1)),
        ...words.slice(title),
      ]);
    // "the North" opens a sentence as "The North".
    if (reading === 'text' && words[0] === 'the') variants.push(['The', ...words.slice(1)]);
    for (const variant of variants) {
      let node = root;
      for (const w of variant) {
        let child = node.next.get(w);
        if (!child) node.next.set(w, (child = newNode()));
        node = child;
      }
      if (!node.ends.some((e) => e.id === end.id && e.form === end.form)) node.ends.push(end);
    }
  };
  for (const p of PARTIES) {
    const end = (form: MentionForm) => ({ id: p.id, form, unMember: p.unMember });
    for (const n of p.names) add(n, end('name'));
    if (reading === 'typed') for (const n of p.typedNames) add(n, end('name'));
    for (const d of p.demonyms) {
      add(d, end('demonym'));
      if (reading === 'typed') add(`${d}s`, end('demonym'));
    }
    for (const c of p.capitals) add(c, end('capital'));
  }
  for (const body of STATE_BODIES) for (const n of body.names) add(n, { id: body.state, form: 'body', unMember: true });
  return root;
}

const tries: Record<Reading, TrieNode | undefined> = { text: undefined, typed: undefined };

/** Of the parties one name fits, the best: a name before a demonym or capital, a UN member state before a territory. */
function pick(ends: TrieNode['ends']): { ids: string[]; form: MentionForm } {
  const order: MentionForm[] = ['name', 'body', 'demonym', 'capital'];
  const form = order.find((f) => ends.some((e) => e.form === f))!;
  let same = ends.filter((e) => e.form === form);
  if (same.some((e) => e.unMember)) same = same.filter((e) => e.unMember);
  return { ids: [...new Set(same.map((e) => e.id))], form };
}

function endsIn(node: TrieNode, id: string): boolean {
  return node.ends.some((e) => e.id === id) || [...node.next.values()].some((child) => endsIn(child, id));
}

const openingsOf = new Map<string, string[]>();

/**
 * Whether a text may name a party as printed (`findPartyMentions(text)` can find it only if so): it
 * holds the first word of one of the party's names, up to any apostrophe (which the text may write
 * as ’). A quick test that spares reading a text that cannot name it.
 */
export function mayNameParty(text: string, id: string): boolean {
  let openings = openingsOf.get(id);
  if (!openings) {
    const root = (tries.text ??= buildTrie('text'));
    openings = [...root.next].filter(([, node]) => endsIn(node, id)).map(([word]) => word.split("'")[0]!);
    openingsOf.set(id, openings);
  }
  return openings.some((word) => word === '' || text.includes(word));
}

/** Every state, territory or body a text names, left to right, the longest name at each place, without overlaps. */
export function findPartyMentions(text: string, reading: Reading = 'text'): PartyMention[] {
  const root = (tries[reading] ??= buildTrie(reading));
  const tokens = wordTokens(text);
  const words = reading === 'typed' ? tokens.map((t) => foldText(t.text)) : tokens.map((t) => t.text);
  const out: PartyMention[] = [];
  const longestAt = (i: number) => {
    let node: TrieNode | undefined = root;
    let best: { last: number; ends: TrieNode['ends'] } | null = null;
    for (let j = i; j < tokens.length && node; j++) {
      node = node.next.get(words[j]!);
      if (node && node.ends.length > 0) best = { last: j + 1, ends: node.ends };
    }
    return best;
  };
  for (let i = 0; i < tokens.length;) {
    const best = longestAt(i);
    // A name that a longer one starting inside it overlaps gives way: "The North Korean …" is "North Korean".
    const overlapped =
      best &&
      Array.from({ length: best.last - i - 1 }, (_, k) => longestAt(i + 1 + k)).some(
        (b) => b !== null && b.last > best.last,
      );
    if (!best || overlapped) {
      i++;
      continue;
    }
    const start = tokens[i]!.start;
    const end = tokens[best.last - 1]!.end;
    out.push({ ...pick(best.ends), text: text.slice(start, end), start, end, first: i, last: best.last });
    i = best.last;
  }
  return out;
}
