import lunr from 'lunr';
import MiniSearch from 'minisearch';
import { stemmer } from 'stemmer';
import { peerDocument, ungraded, type EngineFactory } from './engine.js';

/** A standard English stop list (lunr's). */
const isStopWord = (word: string) => lunr.stopWordFilter(word as unknown as lunr.Token) === undefined;

/**
 * MiniSearch as a careful user would set it up: diacritics folded, lunr's stop words dropped, the bot's
 * stemmer (Porter), and fuzzy matching (0.2) for typos. The strongest plain peer.
 */
export const minisearchStemmedEngine: EngineFactory = async (knowledge) => {
  const processTerm = (term: string) => {
    const word = term.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    return isStopWord(word) ? null : stemmer(word);
  };
  const index = new MiniSearch({
    idField: 'key',
    fields: ['text', 'title'],
    processTerm,
    searchOptions: { fuzzy: 0.2, processTerm },
  });
  index.addAll(knowledge.index.ordered.map(peerDocument));
  return {
    name: 'MiniSearch (stemmer, stop words, fuzzy)',
    rank: async (question, depth) =>
      ungraded(
        index
          .search(question)
          .slice(0, depth)
          .map((r) => String(r.id)),
      ),
  };
};
