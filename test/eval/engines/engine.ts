import type { Passage } from '../../../src/search/buildIndex.js';
import type { Knowledge } from '../../../src/search/knowledge.js';

/** How sure an engine is that its passages answer: the bot grades its answers; a peer answers whenever it finds anything. */
export type Grade = 'answered' | 'partial' | 'none';

/** What an engine returns for one question. */
export interface Ranked {
  /** Passage keys ("article#paragraph"), best first, at most the depth asked for; empty means "nothing found". */
  ranking: string[];
  grade: Grade;
}

/** One retrieval engine under evaluation: a ranked list of passage keys for a question. */
export interface RetrievalEngine {
  name: string;
  rank(question: string, depth: number): Promise<Ranked>;
}

/** A peer's answer: it has no grade of its own, so it "answers" whenever it returns a passage. */
export function ungraded(ranking: string[]): Ranked {
  return { ranking, grade: ranking.length === 0 ? 'none' : 'answered' };
}

/** Builds an engine over the bot's own knowledge; peers index exactly `knowledge.index.ordered`. */
export type EngineFactory = (knowledge: Knowledge) => Promise<RetrievalEngine>;

/** What the peers index of a passage: its paragraph text, and the title of its article. */
export function peerDocument(passage: Passage): { key: string; text: string; title: string } {
  return { key: passage.key, text: passage.text, title: passage.title };
}
