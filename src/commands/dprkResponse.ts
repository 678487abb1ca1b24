import type { Answer } from '../answer/answer.js';
import { citedPage, describeStatement, statementRef } from '../answer/cite.js';
import { unresolvedAnswer } from '../answer/unresolved.js';
import { SEARCH, STATEMENTS } from '../config/constants.js';
import { formatPublished } from '../corpus/published.js';
import type { DprkResponse, Statement } from '../corpus/schema.js';
import type { Passage } from '../search/buildIndex.js';
import type { Knowledge } from '../search/knowledge.js';
import { passagesReporting, perKnowledge, perKnowledgeInSteps, type Warmable } from '../statements/perKnowledge.js';
import { keyPhrases, reportsDprkResponse, responseContext, type ResponseContext } from '../statements/findResponses.js';
import { resolveStatementIn } from '../statements/statementMention.js';
import { responsesTo } from '../statements/responses.js';
import { suggestStatements } from '../statements/suggestStatements.js';
import { defineCommand } from './command.js';
import { dprkResponseDeclaration } from './definitions.js';
import { signatoriesOf } from './whoSigned.js';

/** Who speaks in a response (its registry entry) and whom it answers (the signatories of the statement it responds to). */
export const contextOf: (knowledge: Knowledge, response: DprkResponse) => ResponseContext = perKnowledge(
  (knowledge, response: DprkResponse) => {
    const statement = knowledge.corpus.registry.statements.find((s) => s.id === response.respondsTo);
    const signatories = statement ? signatoriesOf(knowledge, statement) : [];
    return responseContext(
      response,
      signatories.map((s) => s.entity),
    );
  },
);

/** The passages that report North Korea's own words in this response (worked out once per knowledge). */
export const responsePassages: Warmable<DprkResponse, readonly Passage[]> = perKnowledgeInSteps(function* (
  knowledge,
  response: DprkResponse,
) {
  const context = contextOf(knowledge, response);
  const voiced: Passage[] = [];
  for (const [i, passage] of passagesReporting(knowledge, response.id).entries()) {
    if (reportsDprkResponse(passage, context)) voiced.push(passage);
    if (i % STATEMENTS.passagesPerStep === STATEMENTS.passagesPerStep - 1) yield;
  }
  return voiced;
});

/** The phrases North Korea is quoted as using in a response, from its response passages. */
export const responseKeyPhrases: Warmable<DprkResponse, string[]> = perKnowledgeInSteps((knowledge, response) =>
  keyPhrases(
    responsePassages(knowledge, response),
    STATEMENTS.keyPhrases,
    contextOf(knowledge, response),
    STATEMENTS.passagesPerStep,
  ),
);

function describeResponse(knowledge: Knowledge, response: DprkResponse): string {
  const phrases = responseKeyPhrases(knowledge, response).map((p) => `“${p}”`);
  return `on ${formatPublished(response.date)}, ${response.issuedBy}, through ${response.channel}${
    phrases.length > 0 ? `. Key phrases: ${phrases.join(', ')}` : ''
  }.`;
}

/**
 * North Korea's response to one statement, cited only from passages reporting that response, or a
 * plain "no response in the corpus" with no citations.
 */
export function answerDprkResponse(
  knowledge: Knowledge,
  statement: Statement,
  query: string | null,
  { offset = 0, limit = SEARCH.maxLimit as number, command = 'dprk-response' as Answer['command'] } = {},
): Answer {
  const responses = responsesTo(knowledge.corpus.registry, statement.id);
  if (responses.length === 0) {
    return {
      command,
      match: 'none',
      query,
      statement: statementRef(statement),
      citations: [],
      lead: `The corpus holds no North Korean response to the ${describeStatement(statement)}.`,
    };
  }
  const found = responses.map((response) => ({ response, passages: responsePassages(knowledge, response) }));
  const passages = found.flatMap((f) => f.passages);
  const leads = found.map(
    (f) => `North Korea answered the ${describeStatement(statement)} ${describeResponse(knowledge, f.response)}`,
  );
  return {
    command,
    match: passages.length > 0 ? 'answered' : 'partial',
    query,
    statement: statementRef(statement),
    lead: leads.join(' '),
    ...citedPage(
      passages.map((passage) => ({ passage })),
      offset,
      limit,
    ),
  };
}

/** Every response in the corpus, when no statement is named. */
function answerAllResponses(knowledge: Knowledge, offset: number, limit: number): Answer {
  const { statements, responses } = knowledge.corpus.registry;
  const found = responses.map((response) => ({ response, passages: responsePassages(knowledge, response) }));
  const leads = found.map(({ response }) => {
    const s = statements.find((x) => x.id === response.respondsTo)!;
    return `To the ${describeStatement(s)}: ${describeResponse(knowledge, response)}`;
  });
  const unanswered = statements.filter((s) => responsesTo(knowledge.corpus.registry, s.id).length === 0);
  if (unanswered.length > 0)
    leads.push(`No response in the corpus to: ${unanswered.map((s) => describeStatement(s)).join('; ')}.`);
  const passages = found.flatMap((f) => f.passages);
  return {
    command: 'dprk-response',
    match: passages.length > 0 ? 'answered' : 'none',
    query: null,
    statement: null,
    lead: leads.join(' '),
    ...citedPage(
      passages.map((passage) => ({ passage })),
      offset,
      limit,
    ),
  };
}

export const dprkResponseCommand = defineCommand(dprkResponseDeclaration, {
  run(knowledge, { statement, limit, offset }) {
    const query = statement ?? null;
    const { resolution } = resolveStatementIn(knowledge.corpus.registry, statement);
    if (resolution.kind === 'none' && resolution.empty) return answerAllResponses(knowledge, offset, limit);
    if (resolution.kind !== 'resolved')
      return unresolvedAnswer('dprk-response', query, resolution, knowledge.corpus.registry);
    return answerDprkResponse(knowledge, resolution.statement, query, { offset, limit });
  },
  autocomplete: (knowledge, _option, value) => suggestStatements(knowledge.corpus.registry, value),
});
