import { STATEMENTS } from '../config/constants.js';
import type { Answer, PartySigned } from '../answer/answer.js';
import { cite, describeStatement, statementRef } from '../answer/cite.js';
import { unresolvedAnswer } from '../answer/unresolved.js';
import type { Statement } from '../corpus/schema.js';
import type { Passage } from '../search/buildIndex.js';
import type { Knowledge } from '../search/knowledge.js';
import {
  extractSignatories,
  groupMembers,
  isGroup,
  sameSignatory,
  signingLists,
  signatoriesOfLists,
  type Signatory,
} from '../statements/extractSignatories.js';
import { isGroupParty } from '../statements/parties.js';
import { passagesReporting, perKnowledge, perKnowledgeInSteps, type Warmable } from '../statements/perKnowledge.js';
import { resolveParty, type Party } from '../statements/resolveParty.js';
import { resolveStatementIn } from '../statements/statementMention.js';
import { suggestStatements } from '../statements/suggestStatements.js';
import { defineCommand } from './command.js';
import { whoSignedDeclaration } from './definitions.js';

/** The passages that name a statement's signatories, fullest list first (worked out once per knowledge). */
export const signingPassages: Warmable<string, readonly Passage[]> = perKnowledgeInSteps(function* (
  knowledge,
  statementId: string,
) {
  const statement = knowledge.corpus.registry.statements.find((s) => s.id === statementId);
  // Each passage's lists read once: whether it names signatories, and how many.
  const named: Array<{ passage: Passage; count: number }> = [];
  for (const [i, passage] of passagesReporting(knowledge, statementId).entries()) {
    const lists = signingLists([passage], statement);
    if (lists.length > 0) named.push({ passage, count: signatoriesOfLists(lists).length });
    if (i % STATEMENTS.passagesPerStep === STATEMENTS.passagesPerStep - 1) yield;
  }
  return named.sort((a, b) => b.count - a.count).map((r) => r.passage);
});

/** A statement's signatories as its signing passages name them (extractSignatories of signingPassages, once per knowledge). */
export const signatoriesOf: (knowledge: Knowledge, statement: Statement) => readonly Signatory[] = perKnowledge(
  (knowledge, statement: Statement) => extractSignatories(signingPassages(knowledge, statement.id), statement),
);

/** The lists of signatories the signing passages of a statement give (signingLists of them, once per knowledge). */
const signingListsOf = perKnowledge((knowledge, statement: Statement) =>
  signingLists(signingPassages(knowledge, statement.id), statement),
);

/** Every list of a group's members the passages of the corpus give (groupMembers over them all, once per knowledge). */
const groupListings = perKnowledge((knowledge, group: string) => groupMembers(knowledge.index.ordered, group));

/** The passages cited in order, and each signatory with the number of the passage that names it. */
function citedList(
  passages: readonly Passage[],
  signatories: readonly Signatory[],
  named: Signatory | null = null,
): Pick<Answer, 'citations' | 'signatories'> {
  const numberOf = new Map(passages.map((p, i) => [p.key, i + 1]));
  return {
    citations: cite(passages.map((passage) => ({ passage, highlights: highlightOf(passage, named) }))),
    signatories: signatories.map((s) => ({ name: s.name, citation: numberOf.get(s.passageKey)! })),
  };
}

/** Who issued a statement, as the passages reporting it name them; each name traces to a citation. */
export function answerWhoSigned(
  knowledge: Knowledge,
  statement: Statement,
  query: string | null,
  command: Answer['command'] = 'who-signed',
): Answer {
  const ranked = signingPassages(knowledge, statement.id);
  const signatories = signatoriesOf(knowledge, statement);
  const lead =
    signatories.length > 0
      ? `${describeStatement(statement)} was issued by ${signatories.map((s) => s.name).join(', ')}, as the passages name them.`
      : `The corpus covers the ${describeStatement(statement)}, but no passage in it names who signed it.`;
  const match = signatories.length === 0 ? 'partial' : signatories.every(isGroup) ? 'partial' : 'answered';
  return { command, match, query, lead, statement: statementRef(statement), ...citedList(ranked, signatories) };
}

/** Whether a party is among a statement's signatories, and the passages that say so. */
interface Signing {
  statement: Statement;
  signed: PartySigned['signed'];
  /** The passages naming the signatories, the one naming the party (if any) first, then any listing a group's members. */
  passages: readonly Passage[];
  signatories: readonly Signatory[];
  /** Where the party is named among them. */
  named: Signatory | null;
  /** When the answer goes through a group's members: the group among the signatories (or the party itself) and the passage listing its members. */
  through: { group: string; listing: Passage } | null;
}

type KnownParty = Extract<Party, { kind: 'known' }>;

function signingOf(knowledge: Knowledge, statement: Statement, party: KnownParty): Signing {
  const ranked = signingPassages(knowledge, statement.id);
  const signatories = signatoriesOf(knowledge, statement);
  const base = { statement, signatories, passages: ranked, named: null, through: null };
  const named = signatories.find((s) => sameSignatory(s.entity, party.entity)) ?? null;
  if (named) {
    const passages = [...ranked].sort(
      (a, b) => Number(b.key === named.passageKey) - Number(a.key === named.passageKey),
    );
    return { ...base, signed: 'yes', passages, named };
  }
  // A group's members count only where a passage lists them ("the G7 (Canada, France, …)").
  const passageOf = (key: string) => knowledge.index.passages.get(key)!;
  const membersOf = (group: string) => groupListings(knowledge, group);
  const fullMembers = (group: string) => membersOf(group).find((l) => l.complete) ?? null;
  const signed = (id: string) => signatories.some((s) => sameSignatory(s.entity, id));
  // A list that names every signatory: not "and eight other countries", every group in it with its members listed.
  const closed = signingListsOf(knowledge, statement).some(
    (l) => !l.open && l.members.every((m) => !isGroup(m) || fullMembers(m.entity)),
  );
  const withListing = (group: string, key: string) => ({
    ...base,
    passages: [...ranked, passageOf(key)],
    through: { group, listing: passageOf(key) },
  });

  if (isGroupParty(party.entity)) {
    const listed = fullMembers(party.entity);
    if (listed && listed.members.every(signed)) return { ...withListing(party.name, listed.passageKey), signed: 'yes' };
    return { ...base, signed: listed && closed ? 'no' : 'unknown' };
  }
  for (const group of signatories.filter(isGroup)) {
    const listed = membersOf(group.entity).find((l) => l.members.some((m) => sameSignatory(m, party.entity)));
    if (listed) return { ...withListing(group.name, listed.passageKey), signed: 'yes' };
  }
  return { ...base, signed: closed ? 'no' : 'unknown' };
}

/** Where the party's name stands in the passage that names it, for bold text. */
function highlightOf(passage: Passage, named: Signatory | null): Array<[number, number]> {
  if (!named || named.passageKey !== passage.key) return [];
  const name = named.name.replace(/^the /, '');
  const at = passage.text.indexOf(name);
  return at === -1 ? [] : [[at, at + name.length]];
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "A", "A and B", "A, B and C". */
const listed = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/** The lead for one statement: yes, no, or what the passages leave open. */
function signingLead(party: KnownParty, s: Signing): string {
  const statement = `the ${describeStatement(s.statement)}`;
  if (s.passages.length === 0)
    return `The corpus covers ${statement}, but no passage in it names who signed it, so whether ${party.name} did is not known.`;
  if (s.signed === 'yes' && s.through?.group === party.name) {
    return `Yes: every member of ${party.name} that a passage lists [${s.passages.length}] is among the signatories of ${statement}, as the passages name them [1].`;
  }
  if (s.signed === 'yes' && s.through) {
    return `Yes: ${party.name} is among the signatories of ${statement}: the passages name ${s.through.group} among them [1], and list ${party.name} among its members [${s.passages.length}].`;
  }
  if (s.signed === 'yes')
    return `Yes: ${party.name} is among the signatories of ${statement}, as the passages name them [1].`;
  if (s.signed === 'no')
    return `No: ${party.name} is not among the signatories of ${statement}, as the passages name them [1].`;
  if (isGroupParty(party.entity)) {
    return `The passages do not name ${party.name} among the signatories of ${statement}, and no passage lists its members, so whether ${party.name} as a whole signed it, they do not say.`;
  }
  const groups = s.signatories.filter(isGroup).map((x) => x.name);
  if (groups.length === 0)
    return `The passages name the signatories of ${statement} only in part; whether ${party.name} is among them, they do not say.`;
  const only = groups.length === s.signatories.length ? 'only as' : 'partly as';
  return `The passages name the signatories of ${statement} ${only} ${listed(groups)}; whether ${party.name} is among them, they do not say.`;
}

/**
 * A party the bot does not know, or a name several fit: it says so and names what may be meant, and
 * shows who did sign, as the passages name them; never a "no", which would claim the passages leave
 * that party out.
 */
function answerUnknownParty(
  knowledge: Knowledge,
  statements: Statement[],
  party: Exclude<Party, KnownParty>,
  query: string | null,
  command: Answer['command'],
): Answer {
  const or = (items: string[]) => listed(items).replace(/ and ([^,]+)$/, ' or $1');
  const signings = statements.map((statement) => {
    const passages = signingPassages(knowledge, statement.id);
    return { statement, passages, signatories: signatoriesOf(knowledge, statement) };
  });
  const named = new Map<string, string>();
  for (const s of signings) for (const x of s.signatories) if (!named.has(x.entity)) named.set(x.entity, x.name);
  let lead: string;
  let choices: string[];
  if (party.kind === 'ambiguous') {
    choices = party.candidates;
    lead = `“${party.name}” may mean ${or(choices)}: which one do you mean?`;
  } else {
    // Nothing close: the names the passages give are the ones worth asking about.
    choices = party.suggestions.length > 0 ? party.suggestions : [...named.values()];
    lead = `The bot knows no state, territory or international body called “${party.name}”.${party.suggestions.length > 0 ? ` Did you mean ${or(choices)}?` : ''}`;
  }
  const one = signings.length === 1 ? signings[0]! : null;
  if (one && one.signatories.length > 0)
    lead += ` The passages name as signatories of the ${describeStatement(one.statement)}: ${listed(one.signatories.map((x) => x.name))} [1].`;
  else if (!one && named.size > 0) lead += ' The passages cited name each statement’s signatories.';
  const shown = one
    ? citedList(one.passages, one.signatories)
    : {
        citations: cite([...new Set(signings.flatMap((s) => s.passages.slice(0, 1)))].map((passage) => ({ passage }))),
      };
  return {
    command,
    match: shown.citations.length > 0 ? 'partial' : 'none',
    query,
    lead,
    statement: one ? statementRef(one.statement) : null,
    ...shown,
    membership: { party: party.name, statements: [] },
    partyChoices: choices,
  };
}

/**
 * "Did X sign …?": whether a party is among the signatories of each statement, as the passages name
 * them. One statement gets the whole signatory list, the passage naming the party cited first; several
 * get one line each, citing the passage that settles it.
 */
export function answerPartySigned(
  knowledge: Knowledge,
  statements: Statement[],
  party: Party,
  query: string | null,
  command: Answer['command'] = 'who-signed',
): Answer {
  if (party.kind !== 'known') return answerUnknownParty(knowledge, statements, party, query, command);
  const signings = statements.map((statement) => signingOf(knowledge, statement, party));
  if (signings.length === 1) {
    const s = signings[0]!;
    return {
      command,
      match: s.signed === 'unknown' ? 'partial' : 'answered',
      query,
      lead: signingLead(party, s),
      statement: statementRef(s.statement),
      ...citedList(s.passages, s.signatories, s.named),
      membership: {
        party: party.name,
        statements: [
          { statement: statementRef(s.statement), signed: s.signed, citation: s.passages.length > 0 ? 1 : null },
        ],
      },
    };
  }
  const settling = signings.map((s) => s.passages[0] ?? null);
  const cited = [...new Set(settling.filter((p): p is Passage => p !== null))];
  const citations = cite(
    cited.map((passage) => ({
      passage,
      highlights: signings.flatMap((s) => highlightOf(passage, s.named)).slice(0, 1),
    })),
  );
  const yes = signings.filter((s) => s.signed === 'yes').length;
  const unknown = signings.filter((s) => s.signed === 'unknown').length;
  const of = `${signings.length} statements${statements.length === knowledge.corpus.registry.statements.length ? ' in the corpus' : ' that match'}`;
  const among =
    yes === 0
      ? `is not among the signatories of any of the ${of}`
      : `is among the signatories of ${yes === signings.length ? 'all' : `${yes} of the`} ${of}`;
  const lead = `${capitalised(party.name)} ${among}, as the passages name them${unknown > 0 ? `; for ${unknown === 1 ? 'one' : unknown}, they do not say` : ''}.`;
  return {
    command,
    match: unknown === signings.length ? 'partial' : 'answered',
    query,
    lead,
    statement: null,
    citations,
    membership: {
      party: party.name,
      statements: signings.map((s, i) => ({
        statement: statementRef(s.statement),
        signed: s.signed,
        citation: settling[i] ? cited.indexOf(settling[i]) + 1 : null,
      })),
    },
  };
}

export const whoSignedCommand = defineCommand(whoSignedDeclaration, {
  run(knowledge, { statement, party }) {
    const query = statement ?? null;
    const { registry } = knowledge.corpus;
    const { resolution } = resolveStatementIn(registry, statement);
    const asked = party ? resolveParty(party) : null;
    if (asked) {
      // Without one statement, the party is looked up in every statement the text could mean.
      const statements =
        resolution.kind === 'resolved'
          ? [resolution.statement]
          : resolution.kind === 'ambiguous'
            ? resolution.candidates
            : resolution.empty
              ? registry.statements
              : null;
      if (statements) return answerPartySigned(knowledge, statements, asked, query ?? party ?? null);
    }
    if (resolution.kind !== 'resolved') return unresolvedAnswer('who-signed', query, resolution, registry);
    return answerWhoSigned(knowledge, resolution.statement, query);
  },
  autocomplete: (knowledge, _option, value) => suggestStatements(knowledge.corpus.registry, value),
});
