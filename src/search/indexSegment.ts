import SearchableMap from 'minisearch/SearchableMap';
import type { Article } from '../corpus/articleFile.js';
import type { Corpus } from '../corpus/loadCorpus.js';
import { passageKey, type AnalyzedPassage, type Issuer, type Passage, type SearchField } from './passage.js';
import { termPositions, type TermPositions } from './positions.js';
import { reportedBy, TOKEN_KINDS, type SegmentData } from './segmentData.js';
import { analyze, type Token } from './textProcessing.js';

/** The parties that issued what an article reports, each as the terms naming it (memoised per issuer text). */
function issuersOf(corpus: Pick<Corpus, 'registry'>, reports: string[], terms: Map<string, Set<string>>): Issuer[] {
  return reportedBy(corpus, reports).map(({ entry, kind }) => {
    let named = terms.get(entry.issuedBy);
    if (!named) terms.set(entry.issuedBy, (named = new Set(analyze(entry.issuedBy))));
    return { terms: named, issued: kind };
  });
}

/**
 * One segment of the index on the main thread: its SegmentData (as built, in a worker or here),
 * the Passage objects of its articles, and look-ups from terms and passage keys into the data.
 * Immutable once made, so the indexes before and after an added article share it.
 */
export class IndexSegment {
  /** The segment's term dictionary: analysed term → term id (MiniSearch's radix tree). */
  readonly termIds: SearchableMap<number>;
  readonly passages: Passage[] = [];
  /** Passage key → its number in the segment. */
  readonly localOf = new Map<string, number>();
  readonly #issuers: Issuer[][] = [];
  readonly #issuerTerms = new Map<string, Set<string>>();
  readonly #corpus: Pick<Corpus, 'registry'>;
  readonly #fieldCounts = new Map<number, { title: Map<string, number>; about: Map<string, number> }>();

  /**
   * `base` is the number of the segment's first passage among all the index's passages. Run `load`
   * through before use.
   */
  constructor(
    readonly data: SegmentData,
    readonly articles: readonly Article[],
    corpus: Pick<Corpus, 'registry'>,
    readonly base: number,
  ) {
    this.termIds = new SearchableMap<number>();
    this.#corpus = corpus;
  }

  /** Fills the term dictionary and makes the Passage objects, yielding after every `articlesPerStep` articles (and as many terms). */
  *load(articlesPerStep: number): Generator<void, void, void> {
    const { terms } = this.data;
    const termsPerStep = articlesPerStep * 20;
    for (let t = 0; t < terms.length; t++) {
      this.termIds.set(terms[t]!, t);
      if (t % termsPerStep === termsPerStep - 1) yield;
    }
    for (let a = 0; a < this.articles.length; a += articlesPerStep) {
      this.#addPassages(a, Math.min(this.articles.length, a + articlesPerStep));
      yield;
    }
  }

  /** Makes the Passage objects of articles [from, to). */
  #addPassages(from: number, to: number): void {
    for (let a = from; a < to; a++) {
      const article = this.articles[a]!;
      this.#issuers.push(issuersOf(this.#corpus, article.reports, this.#issuerTerms));
      article.paragraphs.forEach((text, i) => {
        const passage: Passage = {
          key: passageKey(article.id, i + 1),
          articleId: article.id,
          paragraph: i + 1,
          text,
          title: article.title,
          outlet: article.outlet,
          published: article.published,
          url: article.url,
          reports: article.reports,
        };
        this.localOf.set(passage.key, this.passages.length);
        this.passages.push(passage);
      });
    }
  }

  get size(): number {
    return this.data.passageCount;
  }

  /** The postings of `term`: [start, end) of the data's posting arrays (empty if the segment lacks it). */
  postings(term: string): [number, number] {
    const id = this.termIds.get(term);
    return id === undefined ? [0, 0] : [this.data.postingOffsets[id]!, this.data.postingOffsets[id + 1]!];
  }

  /** Title and "about" term counts of article `a`, made on first use. */
  fieldCounts(a: number): { title: Map<string, number>; about: Map<string, number> } {
    let counts = this.#fieldCounts.get(a);
    if (!counts) {
      const { data } = this;
      const read = (offsets: Int32Array, term: Int32Array, count: Int32Array) => {
        const map = new Map<string, number>();
        for (let k = offsets[a]!; k < offsets[a + 1]!; k++) map.set(data.terms[term[k]!]!, count[k]!);
        return map;
      };
      counts = {
        title: read(data.titleOffsets, data.titleTerm, data.titleCount),
        about: read(data.aboutOffsets, data.aboutTerm, data.aboutCount),
      };
      this.#fieldCounts.set(a, counts);
    }
    return counts;
  }

  issuers(a: number): Issuer[] {
    return this.#issuers[a]!;
  }

  /** Passage `local` as the ranker reads it; its parts are read from the data when first asked for. */
  analyzed(local: number): AnalyzedPassage {
    return new StoredPassage(this, local);
  }
}

/** An AnalyzedPassage read lazily from a segment's arrays. */
class StoredPassage implements AnalyzedPassage {
  readonly #segment: IndexSegment;
  readonly #local: number;
  #tokens?: Token[];
  #positions?: number[];
  #sentences?: number[];
  #counts?: Record<SearchField, Map<string, number>>;
  #termPositions?: TermPositions;

  constructor(segment: IndexSegment, local: number) {
    this.#segment = segment;
    this.#local = local;
  }

  get #range(): [number, number] {
    const { tokenOffsets } = this.#segment.data;
    return [tokenOffsets[this.#local]!, tokenOffsets[this.#local + 1]!];
  }

  get tokens(): Token[] {
    if (!this.#tokens) {
      const { terms, tokenTerm, tokenStart, tokenEnd, tokenKind } = this.#segment.data;
      const [from, to] = this.#range;
      const tokens: Token[] = [];
      for (let k = from; k < to; k++) {
        const kind = TOKEN_KINDS[tokenKind[k]!];
        const token: Token = { term: terms[tokenTerm[k]!]!, start: tokenStart[k]!, end: tokenEnd[k]! };
        if (kind) token.kind = kind;
        tokens.push(token);
      }
      this.#tokens = tokens;
    }
    return this.#tokens;
  }

  get positions(): number[] {
    return (this.#positions ??= Array.from(this.#segment.data.tokenPlace.subarray(...this.#range)));
  }

  get sentences(): number[] {
    return (this.#sentences ??= Array.from(this.#segment.data.tokenSentence.subarray(...this.#range)));
  }

  get counts(): Record<SearchField, Map<string, number>> {
    if (!this.#counts) {
      const { data } = this.#segment;
      const text = new Map<string, number>();
      for (let e = data.textOffsets[this.#local]!; e < data.textOffsets[this.#local + 1]!; e++) {
        text.set(data.terms[data.textTerm[e]!]!, data.occurrenceOffsets[e + 1]! - data.occurrenceOffsets[e]!);
      }
      this.#counts = { text, ...this.#segment.fieldCounts(data.passageArticle[this.#local]!) };
    }
    return this.#counts;
  }

  get issuers(): Issuer[] {
    return this.#segment.issuers(this.#segment.data.passageArticle[this.#local]!);
  }

  get length(): number {
    return this.#segment.data.passageLength[this.#local]!;
  }

  get termPositions(): TermPositions {
    const segment = this.#segment;
    return (this.#termPositions ??= termPositions(segment.data, (t) => segment.termIds.get(t), this.#local));
  }
}
