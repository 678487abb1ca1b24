import type { TimelineEvent } from '../answer/answer.js';
import { cite } from '../answer/cite.js';
import { formatPublished } from '../corpus/published.js';
import type { Passage } from '../search/buildIndex.js';
import { passagesReporting } from '../statements/perKnowledge.js';
import { defineCommand } from './command.js';
import { timelineDeclaration } from './definitions.js';
import { responsePassages } from './dprkResponse.js';
import { signingPassages } from './whoSigned.js';

export const timelineCommand = defineCommand(timelineDeclaration, {
  run(knowledge) {
    const { statements, responses } = knowledge.corpus.registry;
    // A statement is cited by the passage that names its signatories, else the first that reports it.
    const sourceOf = (id: string): Passage | undefined =>
      signingPassages(knowledge, id)[0] ?? passagesReporting(knowledge, id)[0];
    const entries = [
      ...statements.map((s) => ({ entry: s, kind: 'statement' as const, passage: sourceOf(s.id) })),
      ...responses.map((r) => ({ entry: r, kind: 'response' as const, passage: responsePassages(knowledge, r)[0] })),
    ].sort((a, b) => a.entry.date.localeCompare(b.entry.date) || (a.kind === 'statement' ? -1 : 1));

    // Each passage is cited once, even when it backs two events.
    const cited = [...new Set(entries.flatMap((e) => (e.passage ? [e.passage] : [])))].map((passage) => ({ passage }));
    const citations = cite(cited);
    const numberOf = new Map(cited.map((c, i) => [c.passage.key, i + 1]));
    const events: TimelineEvent[] = entries.map(({ entry, kind, passage }) => ({
      date: entry.date,
      kind,
      id: entry.id,
      title: entry.title,
      issuedBy: entry.issuedBy,
      citations: passage ? [numberOf.get(passage.key)!] : [],
    }));
    const first = entries[0]?.entry.date;
    const last = entries[entries.length - 1]?.entry.date;
    const lead =
      first && last
        ? `${statements.length} statements and ${responses.length} North Korean responses, ${formatPublished(first)} to ${formatPublished(last)}.`
        : 'The corpus holds no statements yet.';
    return { command: 'timeline', match: 'answered', query: null, lead, statement: null, citations, events };
  },
});
