import type { Answer } from '../answer/answer.js';
import { citedPage } from '../answer/cite.js';
import { answers, gradeHits, whatIsMissing } from '../answer/grade.js';
import { SEARCH } from '../config/constants.js';
import { formatPublished } from '../corpus/published.js';
import type { Registry, Statement } from '../corpus/schema.js';
import type { Knowledge } from '../search/knowledge.js';
import type { PassageHit } from '../search/searchPassages.js';
import { namedOutlets } from '../search/namedOutlets.js';
import { bestSentence, searchPassages } from '../search/searchPassages.js';
import { analyzeQuestion, citedDocument, type AnalyzedQuestion } from '../search/queryAnalysis.js';
import { readQuestion, type ReadQuestion } from '../search/readQuestion.js';
import { suggestQuestions } from '../search/suggestQuestions.js';
import { detectIntent, partyAsked } from '../statements/detectIntent.js';
import { namingTermsInQuestion, type Resolution } from '../statements/resolveStatement.js';
import { resolveStatementIn } from '../statements/statementMention.js';
import { unresolvedAnswer } from '../answer/unresolved.js';
import { resolveParty } from '../statements/resolveParty.js';
import { responsesTo } from '../statements/responses.js';
import { defineCommand } from './command.js';
import { askDeclaration } from './definitions.js';
import { answerDprkResponse, responsePassages } from './dprkResponse.js';
import { answerPartySigned, answerWhoSigned } from './whoSigned.js';

/** A quotable lead: the sentence of the passage that best answers the question, cited by its number. */
function leadSentence(knowledge: Knowledge, question: AnalyzedQuestion, hit: PassageHit, n: number): string {
  const sentence = hit.passage.text.slice(...bestSentence(knowledge.index, question, hit.passage)).trim();
  const { outlet, published } = hit.passage;
  return `${outlet} (${formatPublished(published)}): “${sentence.replace(/^["“]|["”]$/g, '')}” [${n}]`;
}

/** The statement a question refers to (see `resolveStatementIn`), or null. */
function namedStatement(knowledge: Knowledge, question: string): Statement | null {
  const { resolution } = resolveStatementIn(knowledge.corpus.registry, question, { inQuestion: true });
  return resolution.kind === 'resolved' ? resolution.statement : null;
}

/** The statements a question may mean when it names none clearly: those its words fit, else all of them. */
function statementsMeant(resolution: Resolution, registry: Registry): Statement[] {
  return resolution.kind === 'ambiguous' ? resolution.candidates : registry.statements;
}

/**
 * A response question about one statement: the dprk-response answer (its lead, or "no response in
 * the corpus" and no citations), with the citations ordered by the question. They come from the
 * articles reporting the response: the passages where North Korea speaks, and any other passage of
 * those articles that matches the question well enough on its own.
 */
function answerResponseQuestion(
  knowledge: Knowledge,
  statement: Statement,
  question: ReadQuestion,
  limit: number,
  offset: number,
): Answer {
  const responses = responsesTo(knowledge.corpus.registry, statement.id);
  const whole = answerDprkResponse(knowledge, statement, question.asked, {
    offset: 0,
    limit: SEARCH.maxLimit,
    command: 'ask',
  });
  if (responses.length === 0) return whole;
  const voiced = new Set(responses.flatMap((r) => responsePassages(knowledge, r)).map((p) => p.key));
  const ranked = searchPassages(knowledge.index, analyzeQuestion(knowledge.index, question.corrected), {
    filter: (p) => responses.some((r) => p.reports.includes(r.id)),
    naming: namingTermsInQuestion(knowledge.corpus.registry, statement, question.normalized),
    boost: (p) => (voiced.has(p.key) ? 1 + SEARCH.responsePassageBoost : 1),
    maxBoost: 1 + SEARCH.responsePassageBoost,
  }).filter((h) => voiced.has(h.passage.key) || h.coverage >= SEARCH.answeredCoverage);
  const rest = knowledge.index.ordered.filter((p) => voiced.has(p.key) && !ranked.some((h) => h.passage.key === p.key));
  const items = [...ranked, ...rest.map((passage) => ({ passage }))];
  return { ...whole, ...citedPage(items, offset, limit) };
}

/** The answer to a question found by passage search, graded by how well the passages it shows answer it. */
function answerBySearch(
  knowledge: Knowledge,
  question: AnalyzedQuestion,
  hits: PassageHit[],
  query: string,
  limit: number,
  offset: number,
): Answer {
  const shown = hits.slice(0, SEARCH.defaultLimit);
  const match = gradeHits(shown);
  if (match === 'none') {
    return {
      command: 'ask',
      query,
      statement: null,
      citations: [],
      match,
      lead: 'Nothing in the corpus is about this. Try other words, or see `sources` for what the corpus covers.',
    };
  }
  const answering = shown.findIndex(answers);
  const lead =
    match === 'answered'
      ? leadSentence(knowledge, question, shown[answering]!, answering + 1)
      : `No passage clearly answers this; ${whatIsMissing(hits[0]!, question.speakerPhrase)}. The closest passages:`;
  return {
    command: 'ask',
    query,
    statement: null,
    match,
    lead: offset === 0 ? lead : null,
    ...citedPage(hits, offset, limit),
  };
}

/**
 * Answers a free question. Who-signed and response questions about a statement the question names
 * are answered the way those commands answer them; anything else by passage search, preferring the
 * articles about a statement the question names. The question is read once (normalised,
 * spell-corrected) and every step works on that reading.
 */
export function answerQuestion(knowledge: Knowledge, question: string, limit: number, offset = 0): Answer {
  const { index } = knowledge;
  const read = readQuestion(index, question);
  // The intent is read from the question as typed or, failing that, with its misspellings corrected
  // ("who singed"); a correction can also turn a real word the corpus lacks into another ("names").
  const typed = detectIntent(read.normalized);
  const intent = typed !== 'search' ? typed : detectIntent(read.corrected);
  const { registry } = knowledge.corpus;
  const { resolution, mention } = resolveStatementIn(registry, read.normalized, { inQuestion: true });
  const statement = resolution.kind === 'resolved' ? resolution.statement : null;
  if (intent === 'who-signed') {
    // "Did New Zealand sign the December statement?", "which statements did Japan sign?"
    const party = partyAsked(read.normalized);
    if (party)
      return answerPartySigned(
        knowledge,
        statement ? [statement] : statementsMeant(resolution, registry),
        resolveParty(party)!,
        question,
        'ask',
      );
    if (statement) return answerWhoSigned(knowledge, statement, question, 'ask');
  }
  if (statement && intent === 'dprk-response') return answerResponseQuestion(knowledge, statement, read, limit, offset);
  // "Who signed the march statement?", "who signed it?": the statement asked about is not one the
  // corpus has, or not one it can tell; it answers as the commands do, with the statements to choose from.
  if (
    (intent === 'who-signed' || intent === 'dprk-response') &&
    resolution.kind !== 'resolved' &&
    mention.kind !== 'absent'
  ) {
    return unresolvedAnswer('ask', mention.kind === 'named' ? mention.text : question, resolution, registry);
  }

  const about = statement ? new Set([statement.id, ...responsesTo(registry, statement.id).map((r) => r.id)]) : null;
  // "What did the December statement say about …": only the articles about that statement can answer;
  // "according to DW": only that outlet's.
  const source = citedDocument(read.corrected);
  const cited = about && source !== null && namedStatement(knowledge, source)?.id === statement?.id;
  const { outlets, rest } = namedOutlets(index, read.corrected);
  const analyzed = analyzeQuestion(index, rest);
  const hits = searchPassages(index, analyzed, {
    filter: (p) => (!cited || p.reports.some((id) => about.has(id))) && (outlets.size === 0 || outlets.has(p.outlet)),
    boost: about ? (p) => (p.reports.some((id) => about.has(id)) ? 1 + SEARCH.namedStatementBoost : 1) : undefined,
    maxBoost: 1 + SEARCH.namedStatementBoost,
    naming: statement ? namingTermsInQuestion(knowledge.corpus.registry, statement, read.normalized) : undefined,
  });
  return answerBySearch(knowledge, analyzed, hits, question, limit, offset);
}

export const askCommand = defineCommand(askDeclaration, {
  run: (knowledge, { question, limit, offset }) => answerQuestion(knowledge, question, limit, offset),
  autocomplete: (knowledge, _option, value) => suggestQuestions(knowledge.index, value),
});
