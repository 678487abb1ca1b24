import { z } from 'zod';
import { ApplicationCommandType } from 'discord-api-types/v10';
import type { Answer } from '../answer/answer.js';
import { cite, describeStatement, statementRef } from '../answer/cite.js';
import { unresolvedAnswer } from '../answer/unresolved.js';
import type { Statement } from '../corpus/schema.js';
import type { Passage } from '../search/buildIndex.js';
import type { Knowledge } from '../search/knowledge.js';
import { extractSignatories, namesSignatories } from '../statements/extractSignatories.js';
import { resolveStatement } from '../statements/resolveStatement.js';
import { suggestStatements } from '../statements/suggestStatements.js';
import { defineCommand } from './command.js';
import { privateOption, statementOption, statementTextSchema } from './options.js';

/** The passages that name a statement's signatories, fullest list first. */
export function signingPassages(knowledge: Knowledge, statementId: string): Passage[] {
  return knowledge.index.ordered
    .filter((p) => p.reports.includes(statementId) && namesSignatories(p))
    .map((p) => ({ passage: p, count: extractSignatories([p]).length }))
    .sort((a, b) => b.count - a.count)
    .map((r) => r.passage);
}

/** Who issued a statement, as the passages reporting it name them; each name traces to a citation. */
export function answerWhoSigned(knowledge: Knowledge, statement: Statement, query: string | null, command: Answer['command'] = 'who-signed'): Answer {
  const ranked = signingPassages(knowledge, statement.id);
  const citations = cite(ranked.map((passage) => ({ passage })));
  const numberOf = new Map(ranked.map((p, i) => [p.key, i + 1]));
  const signatories = extractSignatories(ranked).map((s) => ({ name: s.name, citation: numberOf.get(s.passageKey)! }));
  const lead =
    signatories.length > 0
      ? `${describeStatement(statement)} was issued by ${signatories.map((s) => s.name).join(', ')}, as the passages name them.`
      : `The corpus covers the ${describeStatement(statement)}, but no passage in it names who signed it.`;
  return { command, query, lead, statement: statementRef(statement), citations, signatories };
}

export const whoSignedCommand = defineCommand({
  name: 'who-signed',
  summary: 'Who signed a statement, with the passages that name them',
  definition: {
    name: 'who-signed',
    description: 'Who signed a joint statement, cited from the articles',
    type: ApplicationCommandType.ChatInput,
    options: [statementOption, privateOption],
  },
  options: z.object({ statement: statementTextSchema }),
  run(knowledge, { statement }) {
    const query = statement ?? null;
    const resolution = resolveStatement(knowledge.corpus.registry, statement);
    if (resolution.kind !== 'resolved') return unresolvedAnswer('who-signed', query, resolution, knowledge.corpus.registry);
    return answerWhoSigned(knowledge, resolution.statement, query);
  },
  autocomplete: (knowledge, _option, value) => suggestStatements(knowledge.corpus.registry, value),
});
