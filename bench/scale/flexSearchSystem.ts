import { Index } from 'flexsearch';
import type { PeerEngine, PeerIndex } from './peerSystem.js';

/**
 * FlexSearch's default Index over each paragraph's title and text. Its default search is an AND of
 * the terms; `suggest` keeps the paragraphs that match only some of them, an OR as the others do.
 */
const SEARCH = { suggest: true } as const;

function wrap(index: Index): PeerIndex {
  return {
    add: (paragraph) => void index.add(paragraph.id, `${paragraph.title}\n${paragraph.text}`),
    search: (question) => index.search(question, SEARCH) as number[],
    serialize: () => {
      // export() hands over its parts synchronously when the handler returns nothing.
      const parts: Record<string, string> = {};
      index.export((key: string, data: string) => void (parts[key] = data));
      return JSON.stringify(parts);
    },
  };
}

export const flexSearchEngine: PeerEngine = {
  name: 'FlexSearch (default, OR)',
  create: () => wrap(new Index()),
  restore: (serialized) => {
    const index = new Index();
    for (const [key, data] of Object.entries(JSON.parse(serialized) as Record<string, string>)) index.import(key, data);
    return wrap(index);
  },
};
