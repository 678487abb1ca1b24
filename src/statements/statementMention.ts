import type { Registry } from '../corpus/schema.js';
import { STATEMENTS } from '../config/constants.js';
import { foldText, searchData } from '../search/textProcessing.js';
import { resolveStatement, type Resolution } from './resolveStatement.js';
import { longestFirst } from '../search/regex.js';

/**
 * How a question refers to a statement: by a phrase naming it ("the kursk one", "the March
 * statement", "the NATO declaration"), by a pronoun with nothing before it to refer to ("who signed
 * it?": the bot sees each message alone), or not at all.
 */
export type StatementMention = { kind: 'named'; text: string } | { kind: 'pronoun'; text: string } | { kind: 'absent' };

const documents = longestFirst([...searchData.speech.documentWords, 'one'], foldText);
// "the kursk one", "that may statement", "the 6 november joint statement": up to four words before the document word.
const NAMED = new RegExp(
  `(?<![\\p{L}])(?:the|that|this|their)\\s+((?:[\\p{L}\\p{N}’'.-]+\\s+){1,4}?)(?:joint\\s+)?(?:${documents})(?![\\p{L}])`,
  'u',
);
// Words before a document word that say which of several, not which statement: "the same one", "the other statement".
const NOT_A_NAME =
  /^(?:same|other|first|second|last|latest|new|newest|earlier|later|previous|next|whole|joint|official|original|full)$/;
// "who signed it", "how did they respond to that", "what did nk say about this one".
const PRONOUN = /(?<![\p{L}])(it|that|this|that one|this one|that statement|this statement)\s*[?!.]*$/u;

export function statementMention(question: string): StatementMention {
  const folded = foldText(question);
  const named = NAMED.exec(folded);
  if (
    named &&
    !named[1]!
      .trim()
      .split(/\s+/)
      .every((w) => NOT_A_NAME.test(w))
  )
    return { kind: 'named', text: named[0] };
  const pronoun = PRONOUN.exec(folded);
  return pronoun ? { kind: 'pronoun', text: pronoun[1]! } : { kind: 'absent' };
}

/**
 * The one way every command finds the statement a text means. A statement option is all mention:
 * "the kursk one" resolves as "kursk" would, and a bare "it" asks which. A free question is read for
 * its mention ("who signed the may one") and resolved as an option would be; without one, from all
 * its words, which must name a statement more clearly (most are about something else).
 */
export function resolveStatementIn(
  registry: Registry,
  text: string | null | undefined,
  { inQuestion = false } = {},
): { resolution: Resolution; mention: StatementMention } {
  const mention = statementMention(text ?? '');
  // Only a pronoun ("it", "that one"): nothing to resolve. Ending a longer text, it may still be named by the rest.
  if (
    mention.kind === 'pronoun' &&
    foldText(text ?? '')
      .replace(/[?!.\s]+$/, '')
      .trim() === mention.text
  ) {
    return { resolution: { kind: 'none', empty: false, pronoun: mention.text }, mention };
  }
  if (!inQuestion) return { resolution: resolveStatement(registry, text), mention };
  if (mention.kind === 'named') {
    const named = resolveStatement(registry, mention.text);
    if (named.kind !== 'none') return { resolution: named, mention };
  }
  const resolution = resolveStatement(registry, text, { minScore: STATEMENTS.minScoreInQuestion });
  if (resolution.kind !== 'none' || mention.kind !== 'pronoun') return { resolution, mention };
  return { resolution: { kind: 'none', empty: false, pronoun: mention.text }, mention };
}
