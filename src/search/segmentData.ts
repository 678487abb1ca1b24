import type { Article } from '../corpus/articleFile.js';
import type { Corpus } from '../corpus/loadCorpus.js';
import { formatPublished } from '../corpus/published.js';
import type { DprkResponse, Statement } from '../corpus/schema.js';
import { sentenceStarts } from './sentences.js';
import { SEARCH } from '../config/constants.js';
import { analyze, analyzeWithOffsets, foldedWords, foldText, searchData, type Token } from './textProcessing.js';

/**
 * The analysis of a run of articles (a segment of the index), as flat typed arrays and one term
 * dictionary: compact (no object per token), and handed from a worker to the main thread without
 * a copy (the arrays' buffers are transferred) and without a second build. Plain data only, so it
 * survives structured cloning.
 *
 * Passages are numbered 0… in the order of `articles`; terms by their place in `terms`.
 */
export interface SegmentData {
  /** Term id → term. */
  terms: string[];
  passageCount: number;
  /** The article (0… in segment order) of each passage. */
  passageArticle: Int32Array;
  /** Terms in each passage text (BM25's document length). */
  passageLength: Int32Array;
  /** What each passage text holds, as PASSAGE_FLAGS bits and one bit per answer type's marks. */
  passageFlags: Uint8Array;

  /** Each passage text's tokens in order: passage p's are [tokenOffsets[p], tokenOffsets[p + 1]). */
  tokenOffsets: Int32Array;
  tokenTerm: Int32Array;
  tokenStart: Int32Array;
  tokenEnd: Int32Array;
  /** TOKEN_KINDS index of each token's kind. */
  tokenKind: Uint8Array;
  /** The place of each token, counted in distinct places, so a synonym and its words share one. */
  tokenPlace: Int32Array;
  /** The sentence (0, 1, …) of each token. */
  tokenSentence: Int32Array;

  /**
   * Each passage text's distinct terms, ascending by id: passage p's are [textOffsets[p],
   * textOffsets[p + 1]) of textTerm, and entry e occurs at the token indexes
   * [occurrenceOffsets[e], occurrenceOffsets[e + 1]) of occurrenceTokens, ascending. Positions are
   * stored, never found by scanning a passage's tokens.
   */
  textOffsets: Int32Array;
  textTerm: Int32Array;
  occurrenceOffsets: Int32Array;
  occurrenceTokens: Int32Array;

  /** Term counts of each article's title and "about" text, ascending by term id, as textOffsets. */
  titleOffsets: Int32Array;
  titleTerm: Int32Array;
  titleCount: Int32Array;
  aboutOffsets: Int32Array;
  aboutTerm: Int32Array;
  aboutCount: Int32Array;

  /**
   * The posting list of each term: the passages holding it in any field, ascending, term t's at
   * [postingOffsets[t], postingOffsets[t + 1]), with its count in each field (capped at 65,535).
   */
  postingOffsets: Int32Array;
  postingPassage: Int32Array;
  postingText: Uint16Array;
  postingTitle: Uint16Array;
  postingAbout: Uint16Array;
  /**
   * Per term, what bounds its BM25F impact in any passage of the segment (the first stage's
   * max-score bound, whatever the index-wide mean length): its largest field-boosted count, and the
   * shortest passage text holding it in any field.
   */
  termMaxCount: Float64Array;
  termMinLength: Int32Array;
  /** Per term: its uses within a sentence (not first in it) in the passage texts, and how many of those are capitalised (proper names). */
  termUses: Int32Array;
  termCapitalised: Int32Array;

  /** Folded words of the passages' fields, with how many passages use each (spelling correction's vocabulary). */
  words: string[];
  wordCounts: Int32Array;
  /** Words of the passage texts that complete a typed question, with how many passages use each. */
  suggestionWords: string[];
  suggestionCounts: Int32Array;
}

/** A word as question autocomplete offers it: hyphenated words whole ("state-run"). */
const SUGGESTION_WORD = /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu;

/** Token kinds by index (0: none given). */
export const TOKEN_KINDS = [undefined, 'word', 'synonym', 'number', 'date'] as const;

export const PASSAGE_FLAGS = {
  /** The text holds a number (a token of kind number). */
  number: 1,
  /** The text holds a date (a token of kind date). */
  date: 2,
  /** The text holds a verb of saying (data/search.yaml speech.verbs). */
  speech: 4,
  /** The first answer type's marks bit; the others follow in data/search.yaml order. */
  firstAnswerType: 8,
} as const;

/** The answer types in data/search.yaml order, with the terms that mark an answer of each. */
export const ANSWER_TYPE_MARKS: ReadonlyArray<{ name: string; marks: ReadonlySet<string> }> = Object.entries(
  searchData.answerTypes,
).map(([name, t]) => ({ name, marks: new Set(t.marks.flatMap((m) => analyze(m))) }));
if (ANSWER_TYPE_MARKS.length > 5) throw new Error('data/search.yaml: at most five answer types fit the passage flags');

export const SPEECH_TERMS: ReadonlySet<string> = new Set(searchData.speech.verbs.flatMap((v) => analyze(v)));

const MAX_COUNT = 0xffff;

/** What an article reports: the registry's statements and responses it names, each with its kind. */
export function reportedBy(
  corpus: Pick<Corpus, 'registry'>,
  reports: string[],
): Array<{ entry: Statement | DprkResponse; kind: 'statement' | 'response' }> {
  return [
    ...corpus.registry.statements.map((entry) => ({ entry, kind: 'statement' as const })),
    ...corpus.registry.responses.map((entry) => ({ entry, kind: 'response' as const })),
  ].filter(({ entry }) => reports.includes(entry.id));
}

/** The words a passage's article is "about": the titles, aliases, dates and issuers of what it reports. */
export function aboutText(corpus: Pick<Corpus, 'registry'>, reports: string[]): string {
  return reportedBy(corpus, reports)
    .flatMap(({ entry }) => [entry.title, ...entry.aliases, formatPublished(entry.date), entry.issuedBy])
    .join(' ; ');
}

/** The place of each text token counted in distinct places, so a synonym and its words share one. */
function placesOf(tokens: Token[], out: Int32Array, at: number): void {
  let place = -1;
  let lastStart = -1;
  tokens.forEach((t, i) => {
    if (t.start !== lastStart) [place, lastStart] = [place + 1, t.start];
    out[at + i] = place;
  });
}

/** The sentence (0, 1, …) of each text token. */
function sentencesOf(text: string, tokens: Token[], out: Int32Array, at: number): void {
  const starts = sentenceStarts(text);
  let sentence = 0;
  tokens.forEach((t, i) => {
    while (sentence < starts.length && starts[sentence]! <= t.start) sentence++;
    out[at + i] = sentence;
  });
}

/** A growable Int32 list (typed arrays cannot grow). */
class IntList {
  array = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    this.reserve(1);
    this.array[this.length++] = value;
  }
  /** Makes room for `n` more values after `length` (written through `array`, then `length` set). */
  reserve(n: number): void {
    if (this.length + n <= this.array.length) return;
    let size = this.array.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Int32Array(size);
    grown.set(this.array.subarray(0, this.length));
    this.array = grown;
  }
  done(): Int32Array {
    return this.array.slice(0, this.length);
  }
}

/**
 * Analyses `articles` (in the order given) against `corpus`'s registry. Pure: the same articles and
 * registry always give the same data.
 */
export function buildSegmentData(corpus: Pick<Corpus, 'registry'>, articles: readonly Article[]): SegmentData {
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  const idOf = (term: string): number => {
    let id = termIds.get(term);
    if (id === undefined) {
      id = terms.length;
      termIds.set(term, id);
      terms.push(term);
    }
    return id;
  };
  const kindIndex = new Map(TOKEN_KINDS.map((k, i) => [k, i]));

  // Titles and "about" texts repeat across articles: analyse each distinct one once (paragraphs do not repeat).
  const fieldCounts = new Map<string, Array<[number, number]>>();
  const fieldWords = new Map<string, string[]>();
  const countsOf = (text: string): Array<[number, number]> => {
    let counts = fieldCounts.get(text);
    if (!counts) {
      const byId = new Map<number, number>();
      for (const term of analyze(text)) byId.set(idOf(term), (byId.get(idOf(term)) ?? 0) + 1);
      fieldCounts.set(text, (counts = [...byId].sort((a, b) => a[0] - b[0])));
    }
    return counts;
  };
  const wordsOf = (text: string): string[] => {
    let words = fieldWords.get(text);
    if (!words) fieldWords.set(text, (words = foldedWords(text)));
    return words;
  };

  const titleOffsets = new Int32Array(articles.length + 1);
  const aboutOffsets = new Int32Array(articles.length + 1);
  const titleTerm = new IntList();
  const titleCount = new IntList();
  const aboutTerm = new IntList();
  const aboutCount = new IntList();
  const articleFields: Array<{ title: Array<[number, number]>; about: Array<[number, number]>; words: string[] }> = [];
  articles.forEach((article, a) => {
    const about = aboutText(corpus, article.reports);
    const title = countsOf(article.title);
    const aboutCounts = countsOf(about);
    for (const [id, n] of title) {
      titleTerm.push(id);
      titleCount.push(n);
    }
    for (const [id, n] of aboutCounts) {
      aboutTerm.push(id);
      aboutCount.push(n);
    }
    titleOffsets[a + 1] = titleTerm.length;
    aboutOffsets[a + 1] = aboutTerm.length;
    articleFields.push({
      title,
      about: aboutCounts,
      words: [...new Set([...wordsOf(article.title), ...wordsOf(about)])],
    });
  });

  const passageCount = articles.reduce((n, a) => n + a.paragraphs.length, 0);
  const passageArticle = new Int32Array(passageCount);
  const passageLength = new Int32Array(passageCount);
  const passageFlags = new Uint8Array(passageCount);
  const tokenOffsets = new Int32Array(passageCount + 1);
  // Each passage's tokens go straight into these lists: no token objects outlive their passage.
  const tokenTerm = new IntList();
  const tokenStart = new IntList();
  const tokenEnd = new IntList();
  const tokenKind = new IntList();
  const tokenPlace = new IntList();
  const tokenSentence = new IntList();
  const textOffsets = new Int32Array(passageCount + 1);
  const textTerm = new IntList();
  const occurrenceOffsets = new IntList();
  occurrenceOffsets.push(0);
  const occurrenceTokens = new IntList();
  const tokenLists = [tokenTerm, tokenStart, tokenEnd, tokenKind, tokenPlace, tokenSentence, occurrenceTokens];
  // Postings in passage order, grouped by term afterwards.
  const postTerm = new IntList();
  const postPassage = new IntList();
  const postText = new IntList();
  const postTitle = new IntList();
  const postAbout = new IntList();
  const uses = new IntList();
  const capitalised = new IntList();
  const wordCounts = new Map<string, number>();
  const suggestionCounts = new Map<string, number>();

  let p = 0;
  let at = 0;
  articles.forEach((article, a) => {
    const fields = articleFields[a]!;
    for (const text of article.paragraphs) {
      const tokens = analyzeWithOffsets(text);
      for (const list of tokenLists) list.reserve(tokens.length);
      passageArticle[p] = a;
      passageLength[p] = tokens.length;
      let flags = 0;
      const byTerm = new Map<number, number[]>();
      tokens.forEach((t, i) => {
        const id = idOf(t.term);
        tokenTerm.array[at + i] = id;
        tokenStart.array[at + i] = t.start;
        tokenEnd.array[at + i] = t.end;
        tokenKind.array[at + i] = kindIndex.get(t.kind) ?? 0;
        let occurrences = byTerm.get(id);
        if (!occurrences) byTerm.set(id, (occurrences = []));
        occurrences.push(i);
        if (t.kind === 'number') flags |= PASSAGE_FLAGS.number;
        if (t.kind === 'date') flags |= PASSAGE_FLAGS.date;
        if (SPEECH_TERMS.has(t.term)) flags |= PASSAGE_FLAGS.speech;
        ANSWER_TYPE_MARKS.forEach((type, k) => {
          if (type.marks.has(t.term)) flags |= PASSAGE_FLAGS.firstAnswerType << k;
        });
      });
      passageFlags[p] = flags;
      placesOf(tokens, tokenPlace.array, at);
      sentencesOf(text, tokens, tokenSentence.array, at);
      for (let i = 1; i < tokens.length; i++) {
        if (tokenSentence.array[at + i - 1] !== tokenSentence.array[at + i]) continue;
        const id = tokenTerm.array[at + i]!;
        uses.push(id);
        if (/^\p{Lu}/u.test(text.slice(tokens[i]!.start, tokens[i]!.end))) capitalised.push(id);
      }

      const textTerms = [...byTerm.keys()].sort((x, y) => x - y);
      for (const id of textTerms) {
        textTerm.push(id);
        const start = occurrenceOffsets.array[occurrenceOffsets.length - 1]!;
        const occurrences = byTerm.get(id)!;
        occurrences.forEach((i, k) => (occurrenceTokens.array[start + k] = i));
        occurrenceOffsets.push(start + occurrences.length);
      }
      textOffsets[p + 1] = textTerm.length;

      // Postings: every term of any field, with its count in each (a merge of three ascending lists).
      const fieldsOf = new Map<number, [number, number, number]>();
      for (const id of textTerms) fieldsOf.set(id, [byTerm.get(id)!.length, 0, 0]);
      const fieldOf = (id: number) => fieldsOf.get(id) ?? fieldsOf.set(id, [0, 0, 0]).get(id)!;
      for (const [id, n] of fields.title) fieldOf(id)[1] = n;
      for (const [id, n] of fields.about) fieldOf(id)[2] = n;
      for (const [id, [text, title, about]] of fieldsOf) {
        postTerm.push(id);
        postPassage.push(p);
        postText.push(Math.min(text, MAX_COUNT));
        postTitle.push(Math.min(title, MAX_COUNT));
        postAbout.push(Math.min(about, MAX_COUNT));
      }

      for (const word of new Set([...foldedWords(text), ...fields.words]))
        wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
      for (const word of new Set(foldText(text).match(SUGGESTION_WORD) ?? [])) {
        if (word.length >= SEARCH.suggestionMinWordLength)
          suggestionCounts.set(word, (suggestionCounts.get(word) ?? 0) + 1);
      }
      at += tokens.length;
      for (const list of tokenLists) list.length = at;
      tokenOffsets[p + 1] = at;
      p++;
    }
  });

  // Group the postings by term (a counting sort, stable, so each list stays in passage order).
  const postingOffsets = new Int32Array(terms.length + 1);
  const termOfPost = postTerm.done();
  for (const id of termOfPost) postingOffsets[id + 1]!++;
  for (let t = 0; t < terms.length; t++) postingOffsets[t + 1]! += postingOffsets[t]!;
  const next = postingOffsets.slice(0, terms.length);
  const postingPassage = new Int32Array(termOfPost.length);
  const postingText = new Uint16Array(termOfPost.length);
  const postingTitle = new Uint16Array(termOfPost.length);
  const postingAbout = new Uint16Array(termOfPost.length);
  const passageOfPost = postPassage.done();
  const counts = [postText.done(), postTitle.done(), postAbout.done()] as const;
  for (let k = 0; k < termOfPost.length; k++) {
    const slot = next[termOfPost[k]!]!++;
    postingPassage[slot] = passageOfPost[k]!;
    postingText[slot] = counts[0][k]!;
    postingTitle[slot] = counts[1][k]!;
    postingAbout[slot] = counts[2][k]!;
  }

  const termMaxCount = new Float64Array(terms.length);
  const termMinLength = new Int32Array(terms.length).fill(0x7fffffff);
  for (let t = 0; t < terms.length; t++) {
    for (let k = postingOffsets[t]!; k < postingOffsets[t + 1]!; k++) {
      const count =
        SEARCH.boost.text * postingText[k]! +
        SEARCH.boost.title * postingTitle[k]! +
        SEARCH.boost.about * postingAbout[k]!;
      if (count > termMaxCount[t]!) termMaxCount[t] = count;
      const length = passageLength[postingPassage[k]!]!;
      if (length < termMinLength[t]!) termMinLength[t] = length;
    }
  }
  const termUses = new Int32Array(terms.length);
  const termCapitalised = new Int32Array(terms.length);
  for (const id of uses.done()) termUses[id]!++;
  for (const id of capitalised.done()) termCapitalised[id]!++;

  const words = [...wordCounts.keys()];
  return {
    terms,
    passageCount,
    passageArticle,
    passageLength,
    passageFlags,
    tokenOffsets,
    tokenTerm: tokenTerm.done(),
    tokenStart: tokenStart.done(),
    tokenEnd: tokenEnd.done(),
    tokenKind: Uint8Array.from(tokenKind.done()),
    tokenPlace: tokenPlace.done(),
    tokenSentence: tokenSentence.done(),
    textOffsets,
    textTerm: textTerm.done(),
    occurrenceOffsets: occurrenceOffsets.done(),
    occurrenceTokens: occurrenceTokens.done(),
    titleOffsets,
    titleTerm: titleTerm.done(),
    titleCount: titleCount.done(),
    aboutOffsets,
    aboutTerm: aboutTerm.done(),
    aboutCount: aboutCount.done(),
    postingOffsets,
    postingPassage,
    postingText,
    postingTitle,
    postingAbout,
    termMaxCount,
    termMinLength,
    termUses,
    termCapitalised,
    words,
    wordCounts: Int32Array.from(words, (w) => wordCounts.get(w)!),
    suggestionWords: [...suggestionCounts.keys()],
    suggestionCounts: Int32Array.from(suggestionCounts.values()),
  };
}

/** The buffers of a segment's arrays, to transfer it to another thread without a copy. */
export function transferablesOf(data: SegmentData): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const value of Object.values(data)) if (ArrayBuffer.isView(value)) buffers.add(value.buffer as ArrayBuffer);
  return [...buffers];
}
