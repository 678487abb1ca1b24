import type { Passage } from '../search/buildIndex.js';
import { splitSentences } from '../search/sentences.js';
import { extractionRules, phrasePattern } from './extractionRules.js';
import { parseDates } from './parseDates.js';
import { covers, isGroupParty, sameParty } from './parties.js';
import { findPartyMentions, mayNameParty, type PartyMention } from './partyMentions.js';

export interface Signatory {
  /** As the passage writes it ("Republic of Korea", "the High Representative of the European Union"). */
  name: string;
  /** The passage it was found in. */
  passageKey: string;
  /** Which state or body it is: an id of src/statements/parties.ts ("KOR", "EU-HR"). */
  entity: string;
}

/** One list of signatories as one sentence gives it. */
export interface SigningList {
  passageKey: string;
  members: Signatory[];
  /** Whether the list goes on without names: "…, the EU and eight other countries". */
  open: boolean;
}

/** The statement whose signatories are sought: a sentence naming its day refers to it even without the word "statement". */
export interface StatementDates {
  date: string;
  dateNote?: string | undefined;
}

const statementWords = phrasePattern(extractionRules.statementWords);
const issuingCues = phrasePattern(extractionRules.issuingCues);
// A frame that makes even one name a signatory: "signed by Japan", "the foreign ministers of …".
const signingFrame = new RegExp(`(?:${phrasePattern(extractionRules.signingFrames).source})[\\s,]*(?:the\\s+)?$`, 'iu');

// What may stand between two names of one list: "A, B", "A and B", "A, and the B", "A as well as B".
const LIST_GAP = /^\s*(?:,|,?\s*(?:and|as well as|&))?\s*(?:the\s+)?$/i;
// A list that goes on without names: "…, the EU and eight other countries", "… and others".
const UNNAMED_REST =
  /^\s*,?\s*(?:(?:and|as well as)\s+(?:[\p{L}\p{N}-]+\s+){0,2}?(?:other|more)\s|and\s+others\b|among\s+others\b)/iu;
// A list after "between" names whom the statement is about ("cooperation between the DPRK and Russia").
const BETWEEN = /\bbetween\s+(?:the\s+)?$/i;

type Day = { month: number; day: number };

/** The days of each statement asked about, read from its date and note once (signingLists runs per passage). */
const daysRead = new WeakMap<StatementDates, { date: string; dateNote: string | undefined; days: Day[] }>();

/** The days a statement is known by: its date and any day its note gives ("released … on 5 November"). */
function statementDays(statement: StatementDates | undefined): Day[] {
  if (!statement) return [];
  const read = daysRead.get(statement);
  if (read && read.date === statement.date && read.dateNote === statement.dateNote) return read.days;
  const [, month, day] = /^\d{4}-(\d{2})-(\d{2})$/.exec(statement.date) ?? [];
  const own = month && day ? [{ month: +month, day: +day }] : [];
  const noted = parseDates(statement.dateNote ?? '').flatMap((d) => (d.day ? [{ month: d.month, day: d.day }] : []));
  const days = [...own, ...noted];
  daysRead.set(statement, { date: statement.date, dateNote: statement.dateNote, days });
  return days;
}

/** Whether a sentence speaks of the statement: a word for it ("statement", "declaration") or its day ("on November 6"). */
function refersToStatement(sentence: string, days: Day[]): boolean {
  if (statementWords.test(sentence)) return true;
  return days.length > 0 && parseDates(sentence).some((d) => days.some((s) => s.month === d.month && s.day === d.day));
}

/** The lists of states and bodies one sentence gives as issuing a statement, in order. */
function listsInSentence(sentence: string, passageKey: string, days: Day[]): SigningList[] {
  if (!issuingCues.test(sentence) || !refersToStatement(sentence, days)) return [];
  const names = findPartyMentions(sentence).filter((m) => m.form === 'name');
  // Names come as a list ("Australia, Canada, ... and the EU"); a state named alone elsewhere in the
  // sentence is a passing mention, unless a frame makes it a signer ("signed by Japan") or it is a
  // group ("NATO members").
  const runs: PartyMention[][] = [];
  for (const m of names) {
    const run = runs[runs.length - 1];
    const previous = run?.[run.length - 1];
    if (run && previous && LIST_GAP.test(sentence.slice(previous.end, m.start))) run.push(m);
    else runs.push([m]);
  }
  return runs
    .filter((run) => !BETWEEN.test(sentence.slice(0, run[0]!.start)))
    .filter(
      (run) =>
        run.length >= 2 ||
        run.some((m) => isGroupParty(m.ids[0]!)) ||
        signingFrame.test(sentence.slice(0, run[0]!.start)),
    )
    .map((run) => {
      const members = run.map((m) => {
        const the = /\bthe\s+$/i.test(sentence.slice(Math.max(0, m.start - 4), m.start));
        return { name: `${the ? 'the ' : ''}${m.text}`, passageKey, entity: m.ids[0]! };
      });
      return { passageKey, members, open: UNNAMED_REST.test(sentence.slice(run[run.length - 1]!.end)) };
    });
}

/** Every list of signatories the passages give, passage by passage, sentence by sentence. */
export function signingLists(passages: readonly Passage[], statement?: StatementDates): SigningList[] {
  const days = statementDays(statement);
  return passages.flatMap((passage) =>
    splitSentences(passage.text).flatMap((sentence) => listsInSentence(sentence, passage.key, days)),
  );
}

/**
 * Signatories of a statement as the given passages report them, de-duplicated by entity so that
 * "South Korea" and "Republic of Korea" are one signatory, named the first way a passage names it.
 */
export function extractSignatories(passages: readonly Passage[], statement?: StatementDates): Signatory[] {
  return signatoriesOfLists(signingLists(passages, statement));
}

/** The signatories that lists of them give, as extractSignatories finds them (for lists already read). */
export function signatoriesOfLists(lists: readonly SigningList[]): Signatory[] {
  const found = lists.flatMap((list) => list.members);
  // Entities another found entity stands for are not listed on their own (the EU beside its High Representative).
  const out: Signatory[] = [];
  for (const s of found) {
    if (out.some((o) => o.entity === s.entity) || found.some((other) => covers(other.entity, s.entity))) continue;
    out.push(s);
  }
  return out;
}

/** The members one passage lists for a group of states ("the G7 (Canada, France, …)", "NATO members, including …"). */
export interface GroupMembers {
  passageKey: string;
  /** The members' ids, in order. */
  members: string[];
  /** Whether the list is all of them: "(…)", "namely …", "—", not "including …". */
  complete: boolean;
}

const ALL_MEMBERS = /^\s*(?:\(|:|[—–]|,?\s*(?:namely|comprising|consisting of|made up of)\b)\s*(?:the\s+)?$/iu;
const SOME_MEMBERS = /^\s*,?\s*(?:including|such as)\s+(?:the\s+)?$/iu;
// What one of the two above needs in a passage at all: a quick test before reading its sentences.
const MEMBERS_CUE = /[(:—–]|namely|comprising|consisting of|made up of|including|such as/iu;

/** Every list of a group's members the passages give. */
export function groupMembers(passages: readonly Passage[], groupId: string): GroupMembers[] {
  const out: GroupMembers[] = [];
  for (const passage of passages) {
    if (!MEMBERS_CUE.test(passage.text) || !mayNameParty(passage.text, groupId)) continue;
    for (const sentence of splitSentences(passage.text)) {
      const names = findPartyMentions(sentence).filter((m) => m.form === 'name');
      names.forEach((group, i) => {
        if (!group.ids.includes(groupId) || !names[i + 1]) return;
        const intro = sentence.slice(group.end, names[i + 1]!.start);
        const complete = ALL_MEMBERS.test(intro);
        if (!complete && !SOME_MEMBERS.test(intro)) return;
        const run = [names[i + 1]!];
        for (
          let k = i + 2;
          k < names.length && LIST_GAP.test(sentence.slice(run[run.length - 1]!.end, names[k]!.start));
          k++
        )
          run.push(names[k]!);
        if (run.length < 2) return;
        out.push({
          passageKey: passage.key,
          members: run.map((m) => m.ids[0]!),
          complete: complete && !UNNAMED_REST.test(sentence.slice(run[run.length - 1]!.end)),
        });
      });
    }
  }
  return out;
}

/** Whether a signatory is a group named without its members ("NATO members", "G7 countries"). */
export function isGroup(signatory: Signatory): boolean {
  return isGroupParty(signatory.entity);
}

/** Whether two entities stand for the same signatory: the same, or one covering the other (the EU and its High Representative). */
export function sameSignatory(a: string, b: string): boolean {
  return sameParty(a, b);
}
