import lunr from 'lunr';
import { stemmer } from 'stemmer';
import bm25 from 'wink-bm25-text-search';
import { peerDocument, ungraded, type EngineFactory } from './engine.js';

/** Lower case without diacritics, split into words and numbers. */
function words(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** A standard English stop list (lunr's), so the peer is not handicapped by "the" and "of". */
const isContentWord = (word: string) => lunr.stopWordFilter(word as unknown as lunr.Token) !== undefined;

/**
 * BM25F (wink-bm25-text-search, default k1 = 1.2, b = 0.75) over text and title with equal weights,
 * with the stemmer the bot uses (`stemmer`, Porter) and a plain word tokenizer.
 */
export const winkBm25Engine: EngineFactory = async (knowledge) => {
  const engine = bm25();
  engine.defineConfig({ fldWeights: { text: 1, title: 1 } });
  engine.definePrepTasks([
    (text: string) => words(text),
    (tokens: string[]) => tokens.filter(isContentWord),
    (tokens: string[]) => tokens.map((t) => stemmer(t)),
  ]);
  for (const passage of knowledge.index.ordered) {
    const doc = peerDocument(passage);
    engine.addDoc({ text: doc.text, title: doc.title }, doc.key);
  }
  engine.consolidate();
  return {
    name: 'BM25 (wink-bm25-text-search, same stemmer)',
    rank: async (question, depth) => ungraded(engine.search(question, depth).map(([key]) => key)),
  };
};
