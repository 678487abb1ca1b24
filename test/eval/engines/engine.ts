import type { Passage } from '../../../src/search/buildIndex.js';
import type { Knowledge } from '../../../src/search/knowledge.js';

/** One retrieval engine under evaluation: a ranked list of passage keys for a question. */
export interface RetrievalEngine {
  name: string;
  /** Passage keys ("article#paragraph"), best first, at most `depth`; empty means "nothing found". */
  rank(question: string, depth: number): Promise<string[]>;
}

/** Builds an engine over the bot's own knowledge; peers index exactly `knowledge.index.ordered`. */
export type EngineFactory = (knowledge: Knowledge) => Promise<RetrievalEngine>;

/** What the peers index of a passage: its paragraph text, and the title of its article. */
export function peerDocument(passage: Passage): { key: string; text: string; title: string } {
  return { key: passage.key, text: passage.text, title: passage.title };
}
