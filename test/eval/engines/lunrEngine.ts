import lunr from 'lunr';
import { peerDocument, ungraded, type EngineFactory } from './engine.js';

/**
 * lunr with its default English pipeline (trimmer, stop words, Porter stemmer). The question goes in
 * as plain terms through lunr's own tokenizer rather than its query syntax, so a "-" or ":" in a
 * question is not read as an operator (which would throw or exclude terms).
 */
export const lunrEngine: EngineFactory = async (knowledge) => {
  const index = lunr(function () {
    this.ref('key');
    this.field('text');
    this.field('title');
    for (const passage of knowledge.index.ordered) this.add(peerDocument(passage));
  });
  return {
    name: 'lunr (defaults)',
    rank: async (question, depth) =>
      ungraded(
        index
          .query((query) => query.term(lunr.tokenizer(question), {}))
          .slice(0, depth)
          .map((r) => r.ref),
      ),
  };
};
