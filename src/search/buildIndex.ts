import SearchableMap from 'minisearch/SearchableMap';
import { INDEX_BUILD } from '../config/constants.js';
import type { Article } from '../corpus/articleFile.js';
import type { Corpus } from '../corpus/loadCorpus.js';
import { IndexSegment } from './indexSegment.js';
import type { AnalyzedPassage, Passage } from './passage.js';
import { buildSegmentData, type SegmentData } from './segmentData.js';
import { foldedWords, questionVocabulary, synonymWords } from './textProcessing.js';

export {
  passageKey,
  SEARCH_FIELDS,
  type AnalyzedPassage,
  type Issuer,
  type Passage,
  type SearchField,
} from './passage.js';

/** The passages as the ranker reads them, by key (read from the index's arrays when asked for). */
export interface AnalyzedPassages {
  get(key: string): AnalyzedPassage | undefined;
}

/** Per term of the passage texts: its uses within a sentence, and how many of them are capitalised. */
export type Casing = Map<string, { uses: number; capitalised: number }>;

export interface PassageIndex {
  passages: Map<string, Passage>;
  /** Passages in corpus order. */
  ordered: Passage[];
  /**
   * How many passages contain each term in any field: whether the corpus knows a term at all. A
   * MiniSearch radix tree, so that the terms a word begins are found without reading them all.
   */
  documentFrequency: SearchableMap<number>;
  /**
   * How many passage texts contain each term, for weighting query terms (titles and what an article
   * is about repeat on every paragraph of the article and would make their words look common).
   */
  textFrequency: Map<string, number>;
  /** Each passage analysed, by key. */
  analyzed: AnalyzedPassages;
  /** Mean number of terms in a passage text. */
  averageLength: number;
  /** Terms in all passage texts together (so an added article updates the mean exactly). */
  totalLength: number;
  /** Terms the passage texts always write capitalised within a sentence: proper names ("Japan", "Rutte", "North Korea"). */
  properTerms: Set<string>;
  /** What properTerms is read from (kept so that an added article updates it exactly). */
  casing: Casing;
  /**
   * Folded words of the corpus and its names, with how many passages use each: misspellings are
   * corrected to these (a MiniSearch radix tree: near misses are found by its fuzzy look-up).
   */
  vocabulary: SearchableMap<number>;
  /** Words of the passage texts (hyphenated words whole), with how many passages use each: question autocomplete offers these. */
  suggestionWords: Map<string, number>;
  /**
   * Where the passages are stored: one segment after a full build, one more per article added
   * since. Passages are numbered through the segments in turn (a segment's `base` is its first).
   */
  segments: readonly IndexSegment[];
  /** The place in `ordered` of each passage, by that number. */
  rank: Int32Array;
}

/**
 * The steps of assembling an index on the main thread, as a generator that yields between chunks
 * of work, so a caller that must keep the event loop free can pause between them (runStepsYielding)
 * and one that need not runs them straight through (runSteps).
 */
export type Steps<T> = Generator<void, T, void>;

/** Articles made into passages per step when assembling. */
const ARTICLES_PER_STEP = 200;
/** Map entries added (or copied) per step when assembling. */
const ENTRIES_PER_STEP = 4096;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs the steps, giving the event loop a turn whenever a slice of `sliceMs` has been used. */
export async function runStepsYielding<T>(steps: Steps<T>, sliceMs: number = INDEX_BUILD.yieldSliceMs): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}

/** The stored passages behind `analyzed`: the segment holding the key reads it. */
function analyzedPassages(segments: readonly IndexSegment[]): AnalyzedPassages {
  return {
    get(key) {
      for (const segment of segments) {
        const local = segment.localOf.get(key);
        if (local !== undefined) return segment.analyzed(local);
      }
      return undefined;
    },
  };
}

interface Counts {
  documentFrequency: SearchableMap<number>;
  textFrequency: Map<string, number>;
  vocabulary: SearchableMap<number>;
  suggestionWords: Map<string, number>;
  casing: Casing;
}

/** Adds a segment's term frequencies, casing and words into the index-wide maps. */
function* addFrequencies(segment: IndexSegment, maps: Counts): Steps<void> {
  const { data } = segment;
  for (let t = 0; t < data.terms.length; t++) {
    const term = data.terms[t]!;
    const from = data.postingOffsets[t]!;
    const to = data.postingOffsets[t + 1]!;
    maps.documentFrequency.set(term, (maps.documentFrequency.get(term) ?? 0) + to - from);
    let inText = 0;
    for (let k = from; k < to; k++) if (data.postingText[k]! > 0) inText++;
    if (inText > 0) maps.textFrequency.set(term, (maps.textFrequency.get(term) ?? 0) + inText);
    if (data.termUses[t]! > 0) {
      const c = maps.casing.get(term) ?? { uses: 0, capitalised: 0 };
      maps.casing.set(term, {
        uses: c.uses + data.termUses[t]!,
        capitalised: c.capitalised + data.termCapitalised[t]!,
      });
    }
    if (t % 1024 === 1023) yield;
  }
  for (let i = 0; i < data.words.length; i++) {
    const word = data.words[i]!;
    maps.vocabulary.set(word, (maps.vocabulary.get(word) ?? 0) + data.wordCounts[i]!);
    if (i % ENTRIES_PER_STEP === ENTRIES_PER_STEP - 1) yield;
  }
  yield;
  for (let i = 0; i < data.suggestionWords.length; i++) {
    const word = data.suggestionWords[i]!;
    maps.suggestionWords.set(word, (maps.suggestionWords.get(word) ?? 0) + data.suggestionCounts[i]!);
    if (i % ENTRIES_PER_STEP === ENTRIES_PER_STEP - 1) yield;
  }
  yield;
}

/** Names people use for what the corpus covers are words worth correcting to, even where no passage uses them. */
function addNames(corpus: Corpus, vocabulary: SearchableMap<number>): void {
  const names = [...corpus.registry.statements, ...corpus.registry.responses].flatMap((e) => [
    e.title,
    ...e.aliases,
    e.issuedBy,
  ]);
  for (const word of [...names.flatMap(foldedWords), ...synonymWords, ...questionVocabulary])
    if (!vocabulary.has(word)) vocabulary.set(word, 0);
}

function properTermsOf(casing: Casing): Set<string> {
  return new Set([...casing].filter(([, c]) => c.capitalised === c.uses).map(([term]) => term));
}

function sumLengths(data: SegmentData): number {
  let total = 0;
  for (const n of data.passageLength) total += n;
  return total;
}

/** `target` filled with the entries of `source`, in steps. */
function* copyInto<K, V, T extends { set(key: K, value: V): unknown }>(source: Iterable<[K, V]>, target: T): Steps<T> {
  let n = 0;
  for (const [key, value] of source) {
    target.set(key, value);
    if (++n % ENTRIES_PER_STEP === 0) yield;
  }
  return target;
}

/** Articles a segment's data covers. */
function articleCount(data: SegmentData): number {
  return data.titleOffsets.length - 1;
}

/**
 * The index of `corpus` from its analysis (built here or in worker threads), in steps: `parts` are
 * the segments' data, each for the next run of the corpus's articles, together all of them.
 */
export function* assembleIndex(corpus: Corpus, parts: readonly SegmentData[]): Steps<PassageIndex> {
  const segments: IndexSegment[] = [];
  let first = 0;
  let base = 0;
  for (const data of parts) {
    const articles = corpus.articles.slice(first, first + articleCount(data));
    const segment = new IndexSegment(data, articles, corpus, base);
    yield* segment.load(ARTICLES_PER_STEP);
    segments.push(segment);
    first += articles.length;
    base += data.passageCount;
  }
  if (first !== corpus.articles.length) throw new Error('the segments do not cover the corpus');
  const ordered = segments.flatMap((segment) => segment.passages);
  const passages = new Map<string, Passage>();
  for (let i = 0; i < ordered.length; i++) {
    passages.set(ordered[i]!.key, ordered[i]!);
    if (i % 4096 === 4095) yield;
  }
  const maps: Counts = {
    documentFrequency: new SearchableMap<number>(),
    textFrequency: new Map(),
    vocabulary: new SearchableMap<number>(),
    suggestionWords: new Map(),
    casing: new Map(),
  };
  for (const segment of segments) yield* addFrequencies(segment, maps);
  addNames(corpus, maps.vocabulary);
  yield;
  const totalLength = parts.reduce((n, data) => n + sumLengths(data), 0);
  return {
    ...maps,
    properTerms: properTermsOf(maps.casing),
    passages,
    ordered,
    analyzed: analyzedPassages(segments),
    averageLength: ordered.length === 0 ? 1 : totalLength / ordered.length,
    totalLength,
    segments,
    rank: Int32Array.from(ordered, (_, i) => i),
  };
}

/** Indexes every paragraph of the corpus. Pure: the same corpus always gives the same index. */
export function buildIndex(
  corpus: Corpus,
  parts: readonly SegmentData[] = [buildSegmentData(corpus, corpus.articles)],
): PassageIndex {
  return runSteps(assembleIndex(corpus, parts));
}

/** Where `article` goes among `articles` as the loader orders them (by file name). */
export function insertionPoint(articles: readonly Article[], article: Article): number {
  const name = `${article.id}.md`;
  let at = 0;
  while (at < articles.length && `${articles[at]!.id}.md` < name) at++;
  return at;
}

/**
 * The index of `corpus` (which holds `article`, at its loader's place) from `index`, the index of the
 * same corpus without it: the article is analysed into a segment of its own and the index-wide
 * counts updated, with the same result as building the whole corpus again (the tests check it).
 * `index` is left as it was, so whoever still answers from it keeps a whole index.
 */
export function* addToIndex(index: PassageIndex, corpus: Corpus, article: Article): Steps<PassageIndex> {
  const base = index.rank.length;
  const segment = new IndexSegment(buildSegmentData(corpus, [article]), [article], corpus, base);
  yield* segment.load(ARTICLES_PER_STEP);
  const maps: Counts = {
    documentFrequency: yield* copyInto(index.documentFrequency, new SearchableMap<number>()),
    textFrequency: yield* copyInto(index.textFrequency, new Map<string, number>()),
    vocabulary: yield* copyInto(index.vocabulary, new SearchableMap<number>()),
    suggestionWords: yield* copyInto(index.suggestionWords, new Map<string, number>()),
    casing: yield* copyInto(index.casing, new Map()),
  };
  yield* addFrequencies(segment, maps);
  addNames(corpus, maps.vocabulary);

  const articleAt = corpus.articles.indexOf(article);
  let insertAt = 0;
  for (let a = 0; a < articleAt; a++) insertAt += corpus.articles[a]!.paragraphs.length;
  const added = segment.passages;
  const ordered = [...index.ordered.slice(0, insertAt), ...added, ...index.ordered.slice(insertAt)];
  yield;
  const passages = yield* copyInto(index.passages, new Map<string, Passage>());
  for (const p of added) passages.set(p.key, p);
  yield;
  const rank = new Int32Array(base + added.length);
  for (let i = 0; i < base; i++) rank[i] = index.rank[i]! + (index.rank[i]! >= insertAt ? added.length : 0);
  for (let i = 0; i < added.length; i++) rank[base + i] = insertAt + i;
  const segments = [...index.segments, segment];
  const totalLength = index.totalLength + sumLengths(segment.data);
  return {
    ...maps,
    properTerms: properTermsOf(maps.casing),
    passages,
    ordered,
    analyzed: analyzedPassages(segments),
    averageLength: totalLength / ordered.length,
    totalLength,
    segments,
    rank,
  };
}
