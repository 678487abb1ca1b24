import type { Article } from './articleFile.js';
import type { Corpus } from './loadCorpus.js';

/**
 * A corpus as one block of bytes plus its articles' front matter: what crosses between threads and
 * into the index snapshot. Copying a hundred thousand paragraph strings (structured cloning) would
 * stop the receiving thread for the whole copy; the paragraphs' UTF-8 bytes are transferred instead,
 * and the strings are made again in slices (unpackCorpus), between which the event loop can turn.
 */
export interface PackedCorpus {
  dir: string;
  registry: Corpus['registry'];
  files: Array<[string, string]>;
  digest: string;
  /** Each article without its paragraphs. */
  articles: Array<Omit<Article, 'paragraphs'>>;
  /** Paragraphs per article. */
  paragraphCounts: Int32Array;
  /** Every paragraph's UTF-8 bytes, one after another; paragraph i ends at byte paragraphEnds[i]. */
  text: Uint8Array;
  paragraphEnds: Int32Array;
}

export function packCorpus(corpus: Corpus): PackedCorpus {
  const encoder = new TextEncoder();
  const encoded = corpus.articles.flatMap((a) => a.paragraphs.map((p) => encoder.encode(p)));
  const paragraphEnds = new Int32Array(encoded.length);
  let size = 0;
  encoded.forEach((bytes, i) => (paragraphEnds[i] = size += bytes.length));
  const text = new Uint8Array(size);
  encoded.forEach((bytes, i) => text.set(bytes, paragraphEnds[i]! - bytes.length));
  return {
    dir: corpus.dir,
    registry: corpus.registry,
    files: [...corpus.files],
    digest: corpus.digest,
    articles: corpus.articles.map(({ paragraphs: _, ...front }) => front),
    paragraphCounts: Int32Array.from(corpus.articles, (a) => a.paragraphs.length),
    text,
    paragraphEnds,
  };
}

/** The buffers a packed corpus can hand to another thread without a copy. */
export function packedTransferables(packed: PackedCorpus): ArrayBuffer[] {
  return [packed.paragraphCounts.buffer, packed.text.buffer, packed.paragraphEnds.buffer] as ArrayBuffer[];
}

/** Articles unpacked per slice of unpackCorpus. */
const ARTICLES_PER_SLICE = 250;

/** The corpus again, made in slices of articles: the generator yields between them. */
export function* unpackCorpus(packed: PackedCorpus): Generator<void, Corpus, void> {
  const decoder = new TextDecoder();
  const articles: Article[] = [];
  let paragraph = 0;
  for (let a = 0; a < packed.articles.length; a++) {
    const paragraphs: string[] = [];
    for (let k = 0; k < packed.paragraphCounts[a]!; k++, paragraph++) {
      const start = paragraph === 0 ? 0 : packed.paragraphEnds[paragraph - 1]!;
      paragraphs.push(decoder.decode(packed.text.subarray(start, packed.paragraphEnds[paragraph]!)));
    }
    articles.push({ ...packed.articles[a]!, paragraphs });
    if (a % ARTICLES_PER_SLICE === ARTICLES_PER_SLICE - 1) yield;
  }
  const { dir, registry, digest } = packed;
  return { dir, articles, registry, files: new Map(packed.files), digest };
}
