import type { TermPositions } from './positions.js';
import type { Token } from './textProcessing.js';

/** One paragraph of one article: the unit the bot searches and cites. */
export interface Passage {
  key: string;
  articleId: string;
  /** 1-based position of the paragraph in its article. */
  paragraph: number;
  text: string;
  title: string;
  outlet: string;
  published: string;
  url: string | null;
  /** Registry ids the article reports (statements and responses). */
  reports: string[];
}

export function passageKey(articleId: string, paragraph: number): string {
  return `${articleId}#${paragraph}`;
}

/** The fields a passage is searched by: its own words, its article's title, and what the article is about. */
export type SearchField = 'text' | 'title' | 'about';
export const SEARCH_FIELDS: readonly SearchField[] = ['text', 'title', 'about'];

/** A passage as the ranker reads it: its text's terms in order, and term counts per field. */
export interface AnalyzedPassage {
  /** The index terms of the passage text, in order, with their spans (for proximity and highlights). */
  tokens: Token[];
  /** The place of each token, counted in distinct places, so a synonym and its words share one. */
  positions: number[];
  /** The sentence of each token, so words of one phrase are not matched across a full stop. */
  sentences: number[];
  counts: Record<SearchField, Map<string, number>>;
  /** The parties that issued what the article reports ("NATO heads of state"): the terms naming each, and whether it issued a statement or a response. */
  issuers: Issuer[];
  /** Number of terms in the text (for length normalisation). */
  length: number;
  /** Where each term stands in the text (token indexes), as stored at index time. */
  termPositions: TermPositions;
}

export interface Issuer {
  terms: Set<string>;
  issued: 'statement' | 'response';
}
