import type { Corpus } from '../corpus/loadCorpus.js';
import { buildIndex, type PassageIndex } from './buildIndex.js';

/** A corpus and its index: everything a command needs to answer, swapped as one on reload. */
export interface Knowledge {
  corpus: Corpus;
  index: PassageIndex;
  /** How long building the index took, in milliseconds. */
  buildMs: number;
}

export function buildKnowledge(corpus: Corpus): Knowledge {
  const started = performance.now();
  const index = buildIndex(corpus);
  return { corpus, index, buildMs: performance.now() - started };
}
