import type { Registry } from '../corpus/schema.js';
import type { Resolution } from '../statements/resolveStatement.js';
import type { Answer, CommandName } from './answer.js';
import { describeStatement, statementRef } from './cite.js';

/** The answer when the user's text names no single statement: ask them to choose, listing the options. */
export function unresolvedAnswer(
  command: CommandName,
  query: string | null,
  resolution: Exclude<Resolution, { kind: 'resolved' }>,
  registry: Registry,
): Answer {
  const candidates = resolution.kind === 'ambiguous' ? resolution.candidates : registry.statements;
  const list = candidates.map((s) => describeStatement(s)).join('; ');
  const lead =
    resolution.kind === 'ambiguous'
      ? `“${query}” matches ${candidates.length} statements. Which one do you mean: ${list}?`
      : resolution.empty
        ? `Which statement? The corpus covers: ${list}.`
        : resolution.pronoun
          ? `Which statement do you mean by “${resolution.pronoun}”? The corpus covers: ${list}.`
          : `No statement in the corpus matches “${query}”${resolution.closest ? `; the closest is the ${describeStatement(resolution.closest)}` : ''}. The corpus covers: ${list}.`;
  return { command, match: 'none', query, lead, statement: null, citations: [], choices: candidates.map(statementRef) };
}
