import type { Registry, Statement } from '../corpus/schema.js';
import { STATEMENTS } from '../config/constants.js';
import { analyze, foldText } from '../search/textProcessing.js';
import { allowedTypos, editDistance } from '../search/editDistance.js';
import { parseDates } from './parseDates.js';

export type Resolution =
  | { kind: 'resolved'; statement: Statement }
  | { kind: 'ambiguous'; candidates: Statement[] }
  | { kind: 'none'; empty: boolean };

/** Every way a statement is named: its title, aliases, and the names of responses to it. */
function namesOf(registry: Registry, statement: Statement): string[] {
  const responses = registry.responses.filter((r) => r.respondsTo === statement.id);
  return [statement.title, ...statement.aliases, ...responses.flatMap((r) => [r.title, ...r.aliases])];
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Replaces each misspelt word by the name word (or month) it is a near miss of: "decmber" → "december". */
function correctTypos(query: string, registry: Registry): string {
  const known = new Set([
    ...MONTH_NAMES,
    ...registry.statements.flatMap((s) => namesOf(registry, s)).flatMap((n) => foldText(n).match(/\p{L}+/gu) ?? []),
  ]);
  return foldText(query).replace(/\p{L}+/gu, (word) => {
    if (known.has(word) || word.length < 5) return word;
    let best: string | undefined;
    let bestDistance = allowedTypos(word.length) + 1;
    for (const candidate of known) {
      const d = editDistance(word, candidate, bestDistance - 1);
      if (d < bestDistance) [best, bestDistance] = [candidate, d];
    }
    return best ?? word;
  });
}

interface StatementTerms {
  statement: Statement;
  terms: Set<string>;
}

/**
 * Finds the statement a user means from free text: an id, a date in any common format, an alias,
 * words of its title, with typos forgiven. Words shared by many statements ("joint", "statement")
 * weigh little, so "the December statement" resolves while "the joint statement" is ambiguous.
 */
export function resolveStatement(registry: Registry, text: string | null | undefined): Resolution {
  const query = (text ?? '').trim();
  if (query === '') return { kind: 'none', empty: true };
  const lower = foldText(query);

  // An id (or a response's id) settles it.
  for (const s of registry.statements) if (lower.includes(s.id)) return { kind: 'resolved', statement: s };
  for (const r of registry.responses) {
    const s = registry.statements.find((x) => x.id === r.respondsTo);
    if (s && lower.includes(r.id)) return { kind: 'resolved', statement: s };
  }

  const entries: StatementTerms[] = registry.statements.map((statement) => ({
    statement,
    terms: new Set(namesOf(registry, statement).flatMap((n) => analyze(n))),
  }));
  const vocabulary = new Set(entries.flatMap((e) => [...e.terms]));
  const corrected = correctTypos(query, registry);
  const weight = (term: string) =>
    Math.log((entries.length + 1) / entries.filter((e) => e.terms.has(term)).length);

  // Query words, each mapped to a known name word when it is a near miss ("decmber").
  const queryTerms = new Set(analyze(corrected, { isQuery: true }).filter((t) => vocabulary.has(t)));
  const dates = parseDates(corrected);

  const scored = entries.map(({ statement, terms }) => {
    let score = 0;
    for (const t of queryTerms) if (terms.has(t)) score += weight(t);
    const [y, m, d] = statement.date.split('-').map(Number);
    for (const date of dates) {
      if (date.year !== undefined && date.year !== y) continue;
      if (date.month === m && date.day === d) score += 3;
      else if (date.month === m) score += 1;
    }
    return { statement, score };
  });
  scored.sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best || best.score < STATEMENTS.minScore) return { kind: 'none', empty: false };
  const close = scored.filter((s) => s.score >= best.score * STATEMENTS.ambiguityRatio);
  if (close.length > 1) return { kind: 'ambiguous', candidates: close.map((s) => s.statement) };
  return { kind: 'resolved', statement: best.statement };
}
