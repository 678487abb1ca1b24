import type { Article } from '../corpus/articleFile.js';
import { corpusDigest, fileDigest, withFile } from '../corpus/corpusDigest.js';
import type { Corpus } from '../corpus/loadCorpus.js';
import { unpackCorpus, type PackedCorpus } from '../corpus/packedCorpus.js';
import {
  addToIndex,
  assembleIndex,
  buildIndex,
  insertionPoint,
  runSteps,
  runStepsYielding,
  type PassageIndex,
  type Steps,
} from './buildIndex.js';
import type { SegmentData } from './segmentData.js';

/** A corpus and its index: everything a command needs to answer, swapped as one on reload. */
export interface Knowledge {
  corpus: Corpus;
  index: PassageIndex;
  /** How long building the index took, in milliseconds (reading and analysing the corpus included). */
  buildMs: number;
}

/** Builds the index of `corpus` on this thread, in one go (from `parts`, its analysis, when already made). */
export function buildKnowledge(corpus: Corpus, parts?: readonly SegmentData[]): Knowledge {
  const started = performance.now();
  const index = buildIndex(corpus, parts);
  return { corpus, index, buildMs: performance.now() - started };
}

/**
 * The knowledge of a corpus analysed elsewhere (a worker, a snapshot). `yielding`: the assembly gives
 * the event loop a turn every few milliseconds, for a process that is answering meanwhile.
 */
export async function assembleKnowledge(
  packed: PackedCorpus,
  parts: readonly SegmentData[],
  options: { yielding: boolean; spentMs?: number },
): Promise<Knowledge> {
  const started = performance.now();
  const steps = assembleSteps(packed, parts);
  const { corpus, index } = options.yielding ? await runStepsYielding(steps) : runSteps(steps);
  return { corpus, index, buildMs: (options.spentMs ?? 0) + performance.now() - started };
}

function* assembleSteps(
  packed: PackedCorpus,
  parts: readonly SegmentData[],
): Steps<{ corpus: Corpus; index: PassageIndex }> {
  const corpus = yield* unpackCorpus(packed);
  return { corpus, index: yield* assembleIndex(corpus, parts) };
}

/**
 * `knowledge` with one more article (its file's text is `text`), indexed as a segment of its own
 * while `knowledge` keeps answering: the same answers as building the whole corpus again.
 */
export async function addArticleToKnowledge(knowledge: Knowledge, article: Article, text: string): Promise<Knowledge> {
  const started = performance.now();
  const { corpus } = knowledge;
  const articles = [...corpus.articles];
  articles.splice(insertionPoint(articles, article), 0, article);
  const files = withFile(corpus.files, article.file, fileDigest(text));
  const next: Corpus = { ...corpus, articles, files, digest: corpusDigest(files) };
  const index = await runStepsYielding(addToIndex(knowledge.index, next, article));
  return { corpus: next, index, buildMs: performance.now() - started };
}
