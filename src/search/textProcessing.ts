import { readFileSync } from 'node:fs';
import { stemmer } from 'stemmer';
import wordListPath from 'word-list';
import { z } from 'zod';
import { loadDataFile } from '../config/dataFiles.js';
import { MONTHS } from '../corpus/months.js';
import { numberFinder } from './numbers.js';
import { numericDates } from './numericDates.js';
import { escapeRegExp, longestFirst } from './regex.js';

const searchDataSchema = z.strictObject({
  synonyms: z.record(z.string(), z.array(z.string().min(1))),
  caseSensitive: z.record(z.string(), z.string()),
  stopWords: z.array(z.string()),
  questionWords: z.array(z.string()),
  dateQualifiers: z.array(z.string().min(1)),
  particles: z.array(z.string().min(1)),
  numbers: z.strictObject({
    words: z.record(z.string(), z.number()),
    multipliers: z.record(z.string(), z.number()),
    suffixes: z.record(z.string(), z.number()),
    smallestWordFigure: z.number(),
  }),
  answerTypes: z.record(
    z.string(),
    z.strictObject({
      /** Question phrases that ask for this kind of answer ("how many"). */
      cues: z.array(z.string().min(1)),
      /** Index terms of a passage that carry such an answer (numbers count for `numbers: true`). */
      marks: z.array(z.string().min(1)),
      numbers: z.boolean().default(false),
      dates: z.boolean().default(false),
    }),
  ),
  speech: z.strictObject({
    questionVerbs: z.array(z.string().min(1)),
    verbs: z.array(z.string().min(1)),
    inverted: z.array(z.string().min(1)),
    documentWords: z.array(z.string().min(1)),
    voices: z.array(z.string().min(1)),
    statementIssuers: z.array(z.string().min(1)),
    window: z.number().int().min(1),
  }),
});

/** The tuning data of data/search.yaml, validated once, with the month terms (January to December, lower case) of the one month table. */
export const searchData = {
  ...loadDataFile('search.yaml', searchDataSchema),
  months: MONTHS.map((m) => m.toLowerCase()),
};

const stopWords = new Set(searchData.stopWords);
const questionWords = new Set(searchData.questionWords);
for (const month of searchData.months) {
  if (!searchData.synonyms[month])
    throw new Error(`data/search.yaml: month "${month}" needs a synonym group of the same name`);
}

const CHAR_FOLDS: Record<string, string> = {
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  '′': "'",
  '`': "'",
  '´': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '‟': '"',
  '″': '"',
  '«': '"',
  '»': '"',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '–': '-',
  '—': '-',
  '―': '-',
  '−': '-',
};

/**
 * Folds what differs between how people type and how outlets print (diacritics, curly quotes,
 * dashes, case) one character for one, so offsets in the folded text are offsets in the original.
 */
export function foldText(text: string): string {
  // Most text is plain ASCII: only case and the backtick change.
  if (/^[ -~\t\n\r]*$/.test(text)) return text.toLowerCase().replace(/`/g, "'");
  let out = '';
  for (const ch of text) out += foldChar(ch);
  return out;
}

const foldedChars = new Map<string, string>();

function foldChar(ch: string): string {
  let out = foldedChars.get(ch);
  if (out === undefined) {
    const folded = CHAR_FOLDS[ch] ?? ch.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    // Keep the UTF-16 length of the original character.
    out = folded.length === ch.length ? folded : ch.length === 1 ? (folded[0] ?? ch) : ch;
    foldedChars.set(ch, out);
  }
  return out;
}

// Longest phrases first so "north korean" wins over "north korea".
const synonymPhrases = Object.entries(searchData.synonyms)
  .flatMap(([canonical, phrases]) => phrases.map((p) => ({ phrase: foldText(p), canonical })))
  .sort((a, b) => b.phrase.length - a.phrase.length);
const synonymPattern = new RegExp(
  `(?<![\\p{L}\\p{N}'])(${synonymPhrases.map((s) => escapeRegExp(s.phrase)).join('|')})(?![\\p{L}\\p{N}])`,
  'gu',
);
const canonicalOf = new Map(synonymPhrases.map((s) => [s.phrase, s.canonical]));
const caseSensitivePattern = new RegExp(
  `(?<![\\p{L}\\p{N}.])(${Object.keys(searchData.caseSensitive).map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`,
  'gu',
);

/**
 * The synonym phrases of a folded text, longest first wherever they start, without overlaps: "the
 * North Korean state-run media" is "north korean" and "state-run media", not "the north" and "korean".
 */
// Compiled once: the alternation of every synonym phrase is large.
const stickySynonymPattern = new RegExp(synonymPattern.source, 'uy');

function synonymMatches(folded: string): Array<{ term: string; start: number; end: number }> {
  const candidates: Array<{ term: string; start: number; end: number }> = [];
  for (const w of folded.matchAll(/[\p{L}\p{N}]+/gu)) {
    stickySynonymPattern.lastIndex = w.index;
    const m = stickySynonymPattern.exec(folded);
    if (m) candidates.push({ term: canonicalOf.get(m[0])!, start: m.index, end: m.index + m[0].length });
  }
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const chosen: typeof candidates = [];
  for (const c of candidates) if (!chosen.some((k) => c.start < k.end && c.end > k.start)) chosen.push(c);
  return chosen.sort((a, b) => a.start - b.start);
}

// Phrasal verbs of the synonym data ("pull out", "hand over"), which a question may split around
// their object ("pull its soldiers out"): the verb, then up to three words, then the particle.
const phrasalVerbs = synonymPhrases.filter((s) => {
  const words = s.phrase.split(' ');
  return words.length === 2 && searchData.particles.includes(words[1]!);
});
const splitPhrasalPattern =
  phrasalVerbs.length === 0
    ? null
    : new RegExp(
        `(?<![\\p{L}\\p{N}'])(?<verb>${longestFirst([...new Set(phrasalVerbs.map((s) => s.phrase.split(' ')[0]!))])})((?:\\s+[\\p{L}\\p{N}'-]+){1,3}?)\\s+(?<particle>${longestFirst(searchData.particles)})(?![\\p{L}\\p{N}])`,
        'gu',
      );

/** Phrasal verbs split around their object: the verb's span, with the phrase's canonical term, and the particle's span. */
function splitPhrasalVerbs(
  folded: string,
): Array<{ term: string; start: number; end: number; particle: [number, number] }> {
  if (!splitPhrasalPattern) return [];
  const found = [];
  for (const m of folded.matchAll(splitPhrasalPattern)) {
    const { verb, particle } = m.groups!;
    const canonical = canonicalOf.get(`${verb} ${particle}`);
    if (!canonical) continue;
    const particleStart = m.index + m[0].length - particle!.length;
    found.push({
      term: canonical,
      start: m.index,
      end: m.index + verb!.length,
      particle: [particleStart, particleStart + particle!.length] as [number, number],
    });
  }
  return found;
}

/** Every word the synonym data knows, so a misspelling of one can be corrected to it. */
export const synonymWords: ReadonlySet<string> = new Set(
  synonymPhrases.flatMap((s) => s.phrase.match(/[\p{L}\p{N}]+/gu) ?? []),
);

/**
 * Words a question may use that a misspelling should be corrected to even where no passage has them:
 * stop words, question words, number words and months ("thuosand" → "thousand", "wodring" → "wording").
 */
export const questionVocabulary: ReadonlySet<string> = new Set(
  [
    ...stopWords,
    ...questionWords,
    ...Object.keys(searchData.numbers.words),
    ...Object.keys(searchData.numbers.multipliers),
    ...searchData.months,
  ].filter((w) => /^\p{L}+$/u.test(w)),
);

/** The word list (one word a line, sorted), read on first use. */
/** How many lines either side of a failed search to check (the list is sorted but for a few neighbours). */
const ENGLISH_WORDS_SLACK = 8;
let englishWords: string | null = null;

/** The line of `text` that holds position `at`: [start, end). */
function lineAround(text: string, at: number): [number, number] {
  const end = text.indexOf('\n', at);
  return [text.lastIndexOf('\n', at - 1) + 1, end < 0 ? text.length : end];
}

/**
 * Whether a folded word is an English word (the word-list package: ~275,000 words of general English,
 * lower case, no proper names). A word neither the corpus nor English knows is most likely a name
 * ("Sweden", "Hwasong", "Donbas"); one English knows may be a real word the corpus happens not to use.
 * The list is sorted, so this is a binary search over its text: reading it costs a few milliseconds,
 * where building a set of it would stall the first answer for hundreds.
 */
export function isEnglishWord(word: string): boolean {
  const text = (englishWords ??= readFileSync(wordListPath, 'utf8'));
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const [start, end] = lineAround(text, (lo + hi) >>> 1);
    const line = text.slice(start, end);
    if (line === word) return true;
    if (line < word) lo = end + 1;
    else hi = start;
  }
  // The list has a few neighbours out of order; look at the lines around where the search ended.
  let [start, end] = lineAround(text, Math.min(lo, text.length - 1));
  for (let i = 0; i < ENGLISH_WORDS_SLACK && start > 0; i++) [start] = lineAround(text, start - 1);
  for (let i = 0; i <= 2 * ENGLISH_WORDS_SLACK && start < text.length; i++) {
    [start, end] = lineAround(text, start);
    if (text.slice(start, end) === word) return true;
    start = end + 1;
  }
  return false;
}

/** Whether a folded word only frames a question or is too common to search for. */
export function isFunctionWord(word: string): boolean {
  return stopWords.has(word) || questionWords.has(word);
}

/** An index term and the span of the original text it came from. */
export interface Token {
  term: string;
  start: number;
  end: number;
  /** word: a stemmed word; synonym: the canonical term of a phrase; number: a value in digits; date: a year or a day of a month. */
  kind?: 'word' | 'synonym' | 'number' | 'date';
}

// A word: letters/digits joined by apostrophes or dots ("it's", "U.S."). Hyphens split words, so
// "trash-filled" and "Pyongyang-Moscow" meet "trash" and "Moscow".
export const WORD = /[\p{L}\p{N}]+(?:['.][\p{L}\p{N}]+)*/gu;

/** The folded words of a text, in order. */
export function foldedWords(text: string): string[] {
  return foldText(text).match(WORD) ?? [];
}

const findNumbers = numberFinder(searchData.numbers);

function isNumberWord(word: string): boolean {
  return (
    /^\p{N}/u.test(word) ||
    searchData.numbers.words[word] !== undefined ||
    searchData.numbers.multipliers[word] !== undefined
  );
}

/** Stems one folded word; null for stop words (and, in questions, words that only frame the question). */
export function processWord(word: string, { isQuery = false } = {}): string | null {
  const w = word.replace(/'s$/, '').replace(/[.',]/g, '');
  if (w.length === 0 || stopWords.has(w)) return null;
  if (isQuery && questionWords.has(w)) return null;
  const ordinal = /^(\d+)(?:st|nd|rd|th)$/.exec(w);
  if (ordinal) return String(Number(ordinal[1]));
  return /^\d+$/.test(w) ? String(Number(w)) : stemmer(w);
}

/** Dates written in digits, in their usual reading, as their month's term and the day and year as numbers. */
function numericDateTokens(folded: string, isQuery: boolean): Token[] {
  return numericDates(folded, { yearless: isQuery }).flatMap(
    ({ start, end, readings: [{ year, month, day }] }): Token[] => [
      { term: searchData.months[month - 1]!, start, end, kind: 'synonym' },
      { term: String(day), start, end, kind: 'number' },
      ...(year === undefined ? [] : [{ term: String(year), start, end, kind: 'number' as const }]),
    ],
  );
}

/**
 * The index terms of a text with where each came from: words folded, stemmed and stripped of stop
 * words; numbers as plain values ("10,000", "10k" and "ten thousand" are all "10000"); dates in
 * digits as their month; plus the canonical term of every synonym phrase ("North Korea" → also
 * "dprk"). Passages and questions both go through here, so the two always meet.
 */
export function analyzeWithOffsets(text: string, { isQuery = false } = {}): Token[] {
  const folded = foldText(text);
  const tokens: Token[] = numericDateTokens(folded, isQuery);
  const taken: Array<[number, number]> = tokens.map((t) => [t.start, t.end]);
  for (const n of findNumbers(folded)) {
    if (taken.some(([s, e]) => n.start < e && n.end > s)) continue;
    tokens.push({ term: n.value, start: n.start, end: n.end, kind: 'number' });
    taken.push([n.start, n.end]);
  }
  for (const m of folded.matchAll(WORD)) {
    const start = m.index;
    // A possessive's "'s" is not part of its word, so "North Korea's" is the phrase "North Korea", not also "korea".
    const end = start + m[0].replace(/'s$/, '').length;
    // The words of a number or date ("ten thousand", "16/12/2024") are that number or date.
    if (isNumberWord(m[0]) && taken.some(([s, e]) => start < e && end > s)) continue;
    const term = processWord(m[0], { isQuery });
    if (term) tokens.push({ term, start, end, kind: /^\d+$/.test(term) ? 'number' : 'word' });
  }
  const phrases = synonymMatches(folded);
  for (const m of phrases) tokens.push({ ...m, kind: 'synonym' });
  // Questions only: in an article, "hand the country over" is rare enough not to guess at.
  for (const { particle, ...verb } of isQuery ? splitPhrasalVerbs(folded) : []) {
    if (phrases.some((p) => p.start < verb.end && p.end > verb.start)) continue;
    tokens.push({ ...verb, kind: 'synonym' });
    // The particle is part of the verb, not a word of its own.
    const at = tokens.findIndex((t) => t.kind === 'word' && t.start === particle[0]);
    if (at !== -1) tokens.splice(at, 1);
  }
  for (const m of text.matchAll(caseSensitivePattern)) {
    tokens.push({ term: searchData.caseSensitive[m[0]]!, start: m.index, end: m.index + m[0].length, kind: 'synonym' });
  }
  tokens.sort((a, b) => a.start - b.start || b.end - a.end);
  markDates(tokens, folded);
  return tokens;
}

const monthTerms = new Set(searchData.months);
const YEAR = /^(?:19|20)\d\d$/;

/** Numbers that are part of a date ("November 6, 2024", "6 November", "in 2024") are dates, not quantities. */
function markDates(tokens: Token[], folded: string): void {
  tokens.forEach((t, i) => {
    if (t.kind !== 'number') return;
    const nearMonth = [tokens[i - 1], tokens[i + 1], tokens[i - 2]].some(
      (n) =>
        n &&
        monthTerms.has(n.term) &&
        /^[\s,.]*$/.test(folded.slice(Math.min(n.end, t.end), Math.max(n.start, t.start)).replace(/\d+/g, '')),
    );
    if (nearMonth || YEAR.test(t.term)) t.kind = 'date';
  });
}

/** The index terms of a text, in order. */
export function analyze(text: string, options: { isQuery?: boolean } = {}): string[] {
  return analyzeWithOffsets(text, options).map((t) => t.term);
}

/** One thing a text names: the alternative terms of one span ("North Korea" → dprk, north, korea). */
export interface Concept {
  /** The terms that stand for it; the first is the one to match on (a synonym's canonical term). */
  terms: string[];
  start: number;
  end: number;
  kind: NonNullable<Token['kind']>;
}

/**
 * Groups tokens into concepts: a synonym phrase and the words inside it are one concept, so "North
 * Korea" counts once, not three times; other tokens are a concept each. Repeats are merged.
 */
export function groupConcepts(tokens: Token[]): Concept[] {
  const phrases = tokens.filter((t) => t.kind === 'synonym');
  const concepts: Concept[] = [];
  for (const token of tokens) {
    if (token.kind !== 'synonym' && phrases.some((p) => token.start >= p.start && token.end <= p.end)) continue;
    if (
      token.kind === 'synonym' &&
      phrases.some(
        (p) => p !== token && p.start <= token.start && p.end >= token.end && p.end - p.start > token.end - token.start,
      )
    )
      continue;
    // A synonym's own words are alternatives to it; the day and year of a date are not its month.
    const inside = tokens
      .filter((t) => t !== token && t.kind === 'word' && t.start >= token.start && t.end <= token.end)
      .map((t) => t.term);
    const terms = token.kind === 'synonym' ? [token.term, ...inside] : [token.term];
    if (concepts.some((c) => c.terms[0] === terms[0])) continue;
    concepts.push({ terms: [...new Set(terms)], start: token.start, end: token.end, kind: token.kind ?? 'word' });
  }
  return concepts;
}
