/** What every command returns: a plain structure that renderers turn into text, JSON or Discord messages. */

export interface Citation {
  n: number;
  articleId: string;
  paragraph: number;
  text: string;
  outlet: string;
  title: string;
  published: string;
  url: string | null;
  /** Character ranges of `text` that matched the question (bold in Discord). */
  highlights: Array<[number, number]>;
}

export interface StatementRef {
  id: string;
  title: string;
  date: string;
}

export interface SignatoryItem {
  name: string;
  /** The citation number of the passage the name comes from. */
  citation: number;
}

/** Whether one party is among one statement's signatories, as the passages name them. */
export interface PartySigned {
  statement: StatementRef;
  /** "unknown": the passages name the signatories only as a group ("NATO members") that does not say. */
  signed: 'yes' | 'no' | 'unknown';
  /** The citation that settles it: the passage naming the party, or the fullest list without it. */
  citation: number | null;
}

export interface TimelineEvent {
  date: string;
  kind: 'statement' | 'response';
  id: string;
  title: string;
  issuedBy: string;
  citations: number[];
}

export interface ArticleSummary {
  id: string;
  outlet: string;
  published: string;
  title: string;
  url: string | null;
  paragraphs: number;
}

export type CommandName = 'ask' | 'who-signed' | 'dprk-response' | 'timeline' | 'sources' | 'help';

/**
 * How well the cited passages answer: `answered` (they answer it), `partial` (they share the
 * question's subject, but none clearly answers it), `none` (nothing in the corpus is about it; no citations).
 */
export type Match = 'answered' | 'partial' | 'none';

export interface Answer {
  command: CommandName;
  match: Match;
  query: string | null;
  lead: string | null;
  statement: StatementRef | null;
  citations: Citation[];
  signatories?: SignatoryItem[];
  /** "Did X sign …?": the party asked about and, for each statement asked about, whether it signed. */
  membership?: { party: string; statements: PartySigned[] };
  events?: TimelineEvent[];
  articles?: ArticleSummary[];
  /** States or bodies the user may have meant, when the party they named is unknown or fits several ("Korea"). */
  partyChoices?: string[];
  /** Statements the user may have meant, when their text matched several (or none). */
  choices?: StatementRef[];
  /** For answers that page through passages: where this page starts and how many there are in all. */
  page?: { offset: number; total: number };
}
