import { create, insertMultiple, search } from '@orama/orama';
import { peerDocument, ungraded, type EngineFactory } from './engine.js';

/** Orama with its defaults (English tokenizer, BM25, any term may match), over text and title. */
export const oramaEngine: EngineFactory = async (knowledge) => {
  const db = create({ schema: { key: 'string', text: 'string', title: 'string' } as const });
  await insertMultiple(db, knowledge.index.ordered.map(peerDocument));
  return {
    name: 'Orama (defaults)',
    rank: async (question, depth) => {
      const result = await search(db, { term: question, properties: ['text', 'title'], limit: depth });
      return ungraded(result.hits.map((hit) => hit.document.key));
    },
  };
};
