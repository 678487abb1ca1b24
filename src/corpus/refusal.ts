import { formatProblem, type CorpusProblem } from '../files/problems.js';

/** Why a moderator's input was refused; callers map the code to their own wording if they need to. */
export type RefusalCode =
  | 'too-large'
  | 'too-complex'
  | 'binary'
  | 'encoding'
  | 'unsupported-type'
  | 'no-article'
  | 'too-many-paragraphs'
  | 'paragraph-too-long'
  | 'invalid-article'
  | 'invalid-entry'
  | 'missing-metadata'
  | 'unknown-statement'
  | 'duplicate'
  | 'not-found'
  | 'broken-corpus'
  | 'url-scheme'
  | 'blocked-address'
  | 'fetch-failed'
  | 'timeout'
  | 'too-many-redirects'
  | 'expired'
  | 'not-yours'
  | 'busy';

/**
 * A refused change: the input is wrong or unsafe, nothing was written. The message is one line a
 * moderator can act on; `problems` locate it in a file when there is one.
 */
export class Refusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly problems: CorpusProblem[] = [],
  ) {
    super(message);
    this.name = 'Refusal';
  }

  /** A refusal listing corpus problems, the first one in the message. */
  static fromProblems(code: RefusalCode, lead: string, problems: CorpusProblem[]): Refusal {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    return new Refusal(code, first ? `${lead}: ${formatProblem(first)}${more}` : lead, problems);
  }
}
