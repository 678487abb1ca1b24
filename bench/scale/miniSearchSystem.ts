import MiniSearch from 'minisearch';
import type { PeerParagraph } from './paragraphs.js';
import type { PeerEngine, PeerIndex } from './peerSystem.js';

/** MiniSearch's defaults (OR of the question's terms, BM25) over each paragraph's title and text. */
const OPTIONS = { fields: ['title', 'text'] };

function wrap(index: MiniSearch<PeerParagraph>): PeerIndex {
  return {
    add: (paragraph) => index.add(paragraph),
    search: (question) => index.search(question).map((hit) => hit.id as number),
    serialize: () => JSON.stringify(index),
  };
}

export const miniSearchEngine: PeerEngine = {
  name: 'MiniSearch (default)',
  create: () => wrap(new MiniSearch<PeerParagraph>(OPTIONS)),
  restore: (serialized) => wrap(MiniSearch.loadJSON<PeerParagraph>(serialized, OPTIONS)),
};
