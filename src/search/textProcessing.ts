import { stemmer } from 'stemmer';
import { z } from 'zod';
import { loadDataFile } from '../config/dataFiles.js';

const searchDataSchema = z.strictObject({
  synonyms: z.record(z.string(), z.array(z.string().min(1))),
  caseSensitive: z.record(z.string(), z.string()),
  stopWords: z.array(z.string()),
  questionWords: z.array(z.string()),
});

const data = loadDataFile('search.yaml', searchDataSchema);
const stopWords = new Set(data.stopWords);
const questionWords = new Set(data.questionWords);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const CHAR_FOLDS: Record<string, string> = {
  '‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'", '`': "'", '´': "'",
  '“': '"', '”': '"', '„': '"', '‟': '"', '″': '"', '«': '"', '»': '"',
  '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '―': '-', '−': '-',
};

/**
 * Folds what differs between how people type and how outlets print (diacritics, curly quotes,
 * dashes, case) one character for one, so offsets in the folded text are offsets in the original.
 */
export function foldText(text: string): string {
  let out = '';
  for (const ch of text) {
    const folded = CHAR_FOLDS[ch] ?? ch.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    // Keep the UTF-16 length of the original character.
    out += folded.length === ch.length ? folded : ch.length === 1 ? (folded[0] ?? ch) : ch;
  }
  return out;
}

// Longest phrases first so "north korean" wins over "north korea".
const synonymPhrases = Object.entries(data.synonyms)
  .flatMap(([canonical, phrases]) => phrases.map((p) => ({ phrase: foldText(p), canonical })))
  .sort((a, b) => b.phrase.length - a.phrase.length);
const synonymPattern = new RegExp(
  `(?<![\\p{L}\\p{N}'])(${synonymPhrases.map((s) => escapeRegExp(s.phrase)).join('|')})(?![\\p{L}\\p{N}])`,
  'gu',
);
const canonicalOf = new Map(synonymPhrases.map((s) => [s.phrase, s.canonical]));
const caseSensitivePattern = new RegExp(
  `(?<![\\p{L}\\p{N}.])(${Object.keys(data.caseSensitive).map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`,
  'gu',
);

/** An index term and the span of the original text it came from. */
export interface Token {
  term: string;
  start: number;
  end: number;
}

// A word: letters/digits joined by apostrophes, dots or hyphens; or a number with thousands separators.
const WORD = /\d{1,3}(?:,\d{3})+(?![\d,])|[\p{L}\p{N}]+(?:['.-][\p{L}\p{N}]+)*/gu;

/** Stems one folded word; null for stop words (and, in questions, words that only frame the question). */
export function processWord(word: string, { isQuery = false } = {}): string | null {
  const w = word.replace(/'s$/, '').replace(/[.',]/g, '');
  if (w.length === 0 || stopWords.has(w)) return null;
  if (isQuery && questionWords.has(w)) return null;
  return /^\d+$/.test(w) ? w : stemmer(w);
}

/**
 * The index terms of a text with where each came from: words folded, stemmed and stripped of stop
 * words, plus the canonical token of every synonym phrase ("North Korea" → also "dprk").
 * Passages and queries both go through here, so the two always meet.
 */
export function analyzeWithOffsets(text: string, { isQuery = false } = {}): Token[] {
  const folded = foldText(text);
  const tokens: Token[] = [];
  for (const m of folded.matchAll(WORD)) {
    const term = processWord(m[0], { isQuery });
    if (term) tokens.push({ term, start: m.index, end: m.index + m[0].length });
  }
  for (const m of folded.matchAll(synonymPattern)) {
    tokens.push({ term: canonicalOf.get(m[0])!, start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(caseSensitivePattern)) {
    tokens.push({ term: data.caseSensitive[m[0]]!, start: m.index, end: m.index + m[0].length });
  }
  return tokens.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The index terms of a text, in order. */
export function analyze(text: string, options: { isQuery?: boolean } = {}): string[] {
  return analyzeWithOffsets(text, options).map((t) => t.term);
}
