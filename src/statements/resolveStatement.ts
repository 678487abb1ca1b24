import type { Registry, Statement } from '../corpus/schema.js';
import { SEARCH, STATEMENTS } from '../config/constants.js';
import {
  analyze,
  analyzeWithOffsets,
  foldText,
  groupConcepts,
  isFunctionWord,
  searchData,
  WORD,
} from '../search/textProcessing.js';
import { allowedTypos, editDistance } from '../search/editDistance.js';
import { parseDates, type MentionedDate } from './parseDates.js';
import { responsesTo } from './responses.js';

export type Resolution =
  | { kind: 'resolved'; statement: Statement }
  | { kind: 'ambiguous'; candidates: Statement[] }
  | {
      kind: 'none';
      /** No text at all. */
      empty: boolean;
      /** The text is only a pronoun ("it", "that one") with nothing before it to refer to. */
      pronoun?: string;
      /** The statement nearest the text, when its words would name it as a statement option but not clearly enough in a question. */
      closest?: Statement;
    };

export interface ResolveOptions {
  /**
   * The score a statement needs. STATEMENTS.minScore for a statement option, where the text only names
   * a statement; STATEMENTS.minScoreInQuestion inside a free question, where most words are about
   * something else.
   */
  minScore?: number;
}

/** Every way a statement is named: its title, aliases, and the names of responses to it. */
function namesOf(registry: Registry, statement: Statement): string[] {
  return [...ownNamesOf(statement), ...responseNamesOf(registry, statement)];
}

function ownNamesOf(statement: Statement): string[] {
  return [statement.title, ...statement.aliases];
}

/** The names of North Korea's responses to a statement ("reckless provocation"). */
function responseNamesOf(registry: Registry, statement: Statement): string[] {
  return responsesTo(registry, statement.id).flatMap((r) => [r.title, ...r.aliases]);
}

/** The index terms of every name of a statement: in a question, these words name it rather than ask about it. */
function namingTerms(registry: Registry, statement: Statement): Set<string> {
  return new Set(namesOf(registry, statement).flatMap((n) => analyze(n)));
}

const documentTerms = new Set(searchData.speech.documentWords.flatMap((w) => analyze(w)));

/**
 * The terms with which a question names the statement, rather than asks about it: the words right
 * before a document word that are words of the statement's names ("the troop deployment statement",
 * "the 6 November statement", "the Washington summit declaration"), and the parts of a date that are
 * the statement's own (or its response's) day, month or year. The same words elsewhere in the
 * question are what it asks about ("how many soldiers were sent"), and count in full.
 */
export function namingTermsInQuestion(registry: Registry, statement: Statement, question: string): Set<string> {
  const entry = registryTerms(registry).entries.find((e) => e.statement === statement);
  const names = entry?.terms ?? namingTerms(registry, statement);
  const days = entry?.dates ?? datesOf(registry, statement);
  const naming = new Set<string>();
  const words = [...foldText(question).matchAll(WORD)];
  const termsOf = (text: string) => analyzeWithOffsets(text).map((t) => t.term);
  words.forEach((m, i) => {
    if (!termsOf(m[0]).some((t) => documentTerms.has(t))) return;
    // The name stands before its document word: walk back over name words (and the parts of dates).
    let first = i;
    while (first > 0 && termsOf(words[first - 1]![0]).some((t) => names.has(t) || /^\d+$/.test(t))) first--;
    const span = question.slice(words[first]!.index, m.index + m[0].length);
    for (const t of analyzeWithOffsets(span))
      if (names.has(t.term) || t.kind === 'date' || documentTerms.has(t.term)) naming.add(t.term);
  });
  // A date the statement (or its response) bears names it wherever it stands ("in December", "on 16/12").
  for (const date of parseDates(question)) {
    const own = days.filter((k) => sameDate(date, k, false));
    if (own.length === 0) continue;
    naming.add(searchData.months[date.month - 1]!);
    if (date.year !== undefined) naming.add(String(date.year));
    if (date.day !== undefined && own.some((k) => k.d === date.day)) naming.add(String(date.day));
  }
  return naming;
}

/** Whether the concepts of a name (two or more) occur in order in the query, at most one concept apart. */
function containsName(query: Array<Set<string>>, name: string[]): boolean {
  if (name.length < 2) return false;
  return query.some((first, i) => {
    if (!first.has(name[0]!)) return false;
    let at = i;
    for (const term of name.slice(1)) {
      const next = [at + 1, at + 2].find((j) => query[j]?.has(term));
      if (next === undefined) return false;
      at = next;
    }
    return true;
  });
}

/** Replaces each misspelt word by the name word (or month) it is a near miss of: "decmber" → "december". */
function correctTypos(query: string, registry: Registry): string {
  const { knownWords } = registryTerms(registry);
  return foldText(query).replace(/\p{L}+/gu, (word) => {
    if (knownWords.includes(word) || isFunctionWord(word) || word.length < SEARCH.minTypoWordLength) return word;
    let best: string | undefined;
    let bestDistance = allowedTypos(word.length) + 1;
    for (const candidate of knownWords) {
      const d = editDistance(word, candidate, bestDistance - 1);
      if (d < bestDistance) [best, bestDistance] = [candidate, d];
    }
    return best ?? word;
  });
}

/** The days a statement is known by: its own date and the dates of the responses to it ("the Dec 19 statement"). */
function datesOf(registry: Registry, statement: Statement): Array<{ y: number; m: number; d: number }> {
  return [statement.date, ...responsesTo(registry, statement.id).map((r) => r.date)].map((date) => {
    const [y, m, d] = date.split('-').map(Number);
    return { y: y!, m: m!, d: d! };
  });
}

/** Whether a mentioned date falls in a known day's month (and year, when it gives one) and, with `day`, on that day. */
function sameDate(date: MentionedDate, known: { y: number; m: number; d: number }, day: boolean): boolean {
  return (date.year === undefined || date.year === known.y) && date.month === known.m && (!day || date.day === known.d);
}

/** What resolution needs of a registry, analysed once per registry (a registry is replaced, never changed). */
const analysedRegistries = new WeakMap<Registry, ReturnType<typeof analyseRegistry>>();

function analyseRegistry(registry: Registry) {
  const entries = registry.statements.map((statement) => ({
    statement,
    terms: namingTerms(registry, statement),
    ownTerms: new Set(ownNamesOf(statement).flatMap((n) => analyze(n))),
    names: namesOf(registry, statement).map((n) => groupConcepts(analyzeWithOffsets(n)).map((c) => c.terms[0]!)),
    dates: datesOf(registry, statement),
  }));
  // Sorted, so the first of equally near corrections is always the same.
  const knownWords = [
    ...new Set([
      ...searchData.months,
      ...registry.statements.flatMap((s) => namesOf(registry, s)).flatMap((n) => foldText(n).match(/\p{L}+/gu) ?? []),
    ]),
  ].sort();
  return { entries, knownWords };
}

function registryTerms(registry: Registry): ReturnType<typeof analyseRegistry> {
  let analysed = analysedRegistries.get(registry);
  if (!analysed) analysedRegistries.set(registry, (analysed = analyseRegistry(registry)));
  return analysed;
}

/**
 * Finds the statement a user means from free text: an id, a date in any common format, an alias,
 * words of its title, with typos forgiven. Words shared by many statements ("joint", "statement")
 * weigh little, so "the December statement" resolves while "the joint statement" is ambiguous. A
 * synonym and its words count once ("Washington" is not also "US").
 */
export function resolveStatement(
  registry: Registry,
  text: string | null | undefined,
  options: ResolveOptions = {},
): Resolution {
  const query = (text ?? '').trim();
  if (query === '') return { kind: 'none', empty: true };
  const minScore = options.minScore ?? STATEMENTS.minScore;
  const lower = foldText(query);

  // An id (or a response's id) settles it.
  for (const s of registry.statements) if (lower.includes(s.id)) return { kind: 'resolved', statement: s };
  for (const r of registry.responses) {
    const s = registry.statements.find((x) => x.id === r.respondsTo);
    if (s && lower.includes(r.id)) return { kind: 'resolved', statement: s };
  }

  const { entries } = registryTerms(registry);
  const weight = (term: string) => {
    const naming = entries.filter((e) => e.terms.has(term)).length;
    return naming === 0 ? 0 : Math.log((entries.length + 1) / naming);
  };

  // Query words, each mapped to a known name word when it is a near miss ("decmber").
  const corrected = correctTypos(query, registry);
  const concepts = groupConcepts(analyzeWithOffsets(corrected, { isQuery: true }));
  const dates = parseDates(corrected);

  // A full date that is the day of exactly one statement (or of its response) names it as surely as its id.
  const sameDay = entries.filter((e) =>
    dates.some((date) => date.day !== undefined && e.dates.some((k) => sameDate(date, k, true))),
  );
  if (sameDay.length === 1) return { kind: 'resolved', statement: sameDay[0]!.statement };

  const sequence = concepts.map((c) => new Set(c.terms));
  const scored = entries.map(({ statement, terms, ownTerms, names, dates: known }) => {
    let score = 0;
    // A word only of a response's name ("denounces") says less about which statement is meant.
    const termWeight = (t: string) => weight(t) * (ownTerms.has(t) ? 1 : STATEMENTS.responseNameWeight);
    for (const concept of concepts) score += Math.max(0, ...concept.terms.filter((t) => terms.has(t)).map(termWeight));
    // A whole alias or title, in order, names a statement more surely than its words one by one.
    if (names.some((name) => containsName(sequence, name))) score += STATEMENTS.nameMatch;
    for (const date of dates) {
      const sameDay = known.some((k) => sameDate(date, k, true));
      const sameMonth = known.some((k) => sameDate(date, k, false));
      if (sameDay) score += STATEMENTS.dayMatch;
      else if (sameMonth) score += STATEMENTS.monthMatch;
    }
    return { statement, score };
  });
  scored.sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best || best.score < minScore)
    return {
      kind: 'none',
      empty: false,
      ...(best && best.score >= STATEMENTS.minScore ? { closest: best.statement } : {}),
    };
  const close = scored.filter((s) => s.score >= best.score * STATEMENTS.ambiguityRatio);
  if (close.length > 1) return { kind: 'ambiguous', candidates: close.map((s) => s.statement) };
  return { kind: 'resolved', statement: best.statement };
}
