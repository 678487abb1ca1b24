import type { Passage } from '../search/buildIndex.js';
import { escapeRegExp } from '../search/regex.js';
import { splitSentences } from '../search/sentences.js';
import { extractionRules, phrasePattern } from './extractionRules.js';

export interface Signatory {
  /** As the passage writes it ("Republic of Korea", "the High Representative of the European Union"). */
  name: string;
  /** The passage it was found in. */
  passageKey: string;
  /** Which state or body it is: an index into the entities of data/extraction.yaml. */
  entity: number;
}

// Entity names match case-sensitively ("US" is not "us"), except for the first letter.
const entityPatterns = extractionRules.entities.flatMap((entity, entityIndex) =>
  entity.names.map((name) => {
    const source = `[${name[0]!.toUpperCase()}${name[0]!.toLowerCase()}]${escapeRegExp(name.slice(1)).replace(/'/g, "['’]")}`;
    return { entityIndex, collective: entity.collective, length: name.length, source, exact: new RegExp(`^(?:${source})$`, 'u') };
  }),
);
entityPatterns.sort((a, b) => b.length - a.length);
const entityPattern = new RegExp(`(?<![\\p{L}\\p{N}.])(${entityPatterns.map((e) => e.source).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
const coveredBy = extractionRules.entities.map((entity) =>
  entity.covers.map((name) => extractionRules.entities.findIndex((other) => other.names.includes(name))).filter((i) => i >= 0),
);
const statementWords = phrasePattern(extractionRules.statementWords);
const issuingCues = phrasePattern(extractionRules.issuingCues);

function entityOf(match: string) {
  return entityPatterns.find((e) => e.exact.test(match))!;
}

// What may stand between two names of one list: "A, B", "A and B", "A, and the B", "A as well as B".
const LIST_GAP = /^\s*(?:,|,?\s*(?:and|as well as|&))?\s*(?:the\s+)?$/i;

/** The names of states and bodies one sentence gives as issuing a statement, in order. */
function signatoriesInSentence(sentence: string): Array<{ name: string; entityIndex: number; collective: boolean }> {
  if (!statementWords.test(sentence) || !issuingCues.test(sentence)) return [];
  const found = [...sentence.matchAll(entityPattern)].map((m) => {
    const entity = entityOf(m[0]);
    const the = /\bthe\s+$/i.exec(sentence.slice(Math.max(0, m.index - 4), m.index));
    return { name: `${the ? 'the ' : ''}${m[0]}`, entityIndex: entity.entityIndex, collective: entity.collective, start: m.index, end: m.index + m[0].length };
  });
  // Signatories come as a list ("Australia, Canada, ... and the EU") or as a collective ("NATO
  // members"); a state named alone elsewhere in the sentence is a passing mention.
  const runs: Array<typeof found> = [];
  for (const f of found) {
    const run = runs[runs.length - 1];
    const previous = run?.[run.length - 1];
    if (run && previous && LIST_GAP.test(sentence.slice(previous.end, f.start))) run.push(f);
    else runs.push([f]);
  }
  return runs.filter((run) => run.length >= 2 || run.some((f) => f.collective)).flat();
}

/**
 * Signatories of a statement as the given passages report them, de-duplicated by entity so that
 * "South Korea" and "Republic of Korea" are one signatory, named the first way a passage names it.
 */
export function extractSignatories(passages: Passage[]): Signatory[] {
  const found = passages.flatMap((passage) =>
    splitSentences(passage.text).flatMap((sentence) => signatoriesInSentence(sentence).map((s) => ({ ...s, passageKey: passage.key }))),
  );
  // Entities another found entity stands for are not listed on their own.
  const covered = new Set(found.flatMap((f) => coveredBy[f.entityIndex] ?? []));
  const seen = new Set<number>();
  const out: Signatory[] = [];
  for (const { name, entityIndex, passageKey } of found) {
    if (seen.has(entityIndex) || covered.has(entityIndex)) continue;
    seen.add(entityIndex);
    out.push({ name, passageKey, entity: entityIndex });
  }
  return out;
}

/** Whether a passage names signatories at all (used to pick the passages who-signed cites). */
export function namesSignatories(passage: Passage): boolean {
  return splitSentences(passage.text).some((s) => signatoriesInSentence(s).length > 0);
}

/** Whether a signatory is a group named without its members ("NATO members", "G7 countries"). */
export function isGroup(signatory: Signatory): boolean {
  return extractionRules.entities[signatory.entity]?.collective ?? false;
}

/** Whether two entities stand for the same signatory: the same, or one covering the other (the EU and its High Representative). */
export function sameSignatory(a: number, b: number): boolean {
  return a === b || (coveredBy[a]?.includes(b) ?? false) || (coveredBy[b]?.includes(a) ?? false);
}
