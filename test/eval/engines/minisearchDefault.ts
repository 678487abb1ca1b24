import MiniSearch from 'minisearch';
import { peerDocument, ungraded, type EngineFactory } from './engine.js';

/** MiniSearch with its default options (lower-case word tokens, OR, no fuzzy, no prefix, no boosts). */
export const minisearchEngine: EngineFactory = async (knowledge) => {
  const index = new MiniSearch({ idField: 'key', fields: ['text', 'title'] });
  index.addAll(knowledge.index.ordered.map(peerDocument));
  return {
    name: 'MiniSearch (defaults)',
    rank: async (question, depth) =>
      ungraded(
        index
          .search(question)
          .slice(0, depth)
          .map((r) => String(r.id)),
      ),
  };
};
