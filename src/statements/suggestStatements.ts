import type { Registry } from '../corpus/schema.js';
import { DISCORD_LIMITS } from '../config/constants.js';
import { formatPublished } from '../corpus/published.js';
import { foldText } from '../search/textProcessing.js';
import { resolveStatement } from './resolveStatement.js';

/** One autocomplete suggestion: what the user sees, and the value the option takes. */
export interface Choice {
  name: string;
  value: string;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/**
 * Autocomplete for a statement option: best matches first (the statement the text resolves to,
 * then those whose title, alias or date contains what was typed), each "title (date)" → id.
 */
export function suggestStatements(registry: Registry, typed: string): Choice[] {
  const text = foldText(typed.trim());
  const resolution = resolveStatement(registry, typed);
  const first =
    resolution.kind === 'resolved'
      ? [resolution.statement]
      : resolution.kind === 'ambiguous'
        ? resolution.candidates
        : [];
  const contains = registry.statements.filter((s) =>
    [s.title, ...s.aliases, s.date, formatPublished(s.date), s.id].some((n) => foldText(n).includes(text)),
  );
  const ordered = [...new Set([...first, ...contains])];
  return ordered.slice(0, DISCORD_LIMITS.autocompleteChoices).map((s) => ({
    name: truncate(`${s.title} (${formatPublished(s.date)})`, DISCORD_LIMITS.choiceName),
    value: s.id,
  }));
}
