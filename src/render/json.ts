import type { Answer } from '../answer/answer.js';

/**
 * The stable JSON contract scripts depend on (see README, "JSON output"). Fields are listed
 * explicitly so internal additions to Answer never leak into it.
 */
function answerToJson(answer: Answer): Record<string, unknown> {
  const json: Record<string, unknown> = {
    command: answer.command,
    match: answer.match,
    query: answer.query,
    lead: answer.lead,
    statement: answer.statement
      ? { id: answer.statement.id, title: answer.statement.title, date: answer.statement.date }
      : null,
  };
  if (answer.signatories) json.signatories = answer.signatories.map((s) => s.name);
  if (answer.membership) {
    json.membership = {
      party: answer.membership.party,
      statements: answer.membership.statements.map((m) => ({
        statement: { id: m.statement.id, title: m.statement.title, date: m.statement.date },
        signed: m.signed,
        citation: m.citation,
      })),
    };
  }
  if (answer.events) {
    json.events = answer.events.map((e) => ({
      date: e.date,
      kind: e.kind,
      title: e.title,
      issuedBy: e.issuedBy,
      citations: e.citations,
    }));
  }
  if (answer.articles) json.articles = answer.articles;
  if (answer.partyChoices) json.partyChoices = answer.partyChoices;
  if (answer.choices) json.choices = answer.choices;
  json.citations = answer.citations.map((c) => ({
    n: c.n,
    articleId: c.articleId,
    paragraph: c.paragraph,
    text: c.text,
    outlet: c.outlet,
    title: c.title,
    published: c.published,
    url: c.url,
  }));
  if (answer.page) json.page = answer.page;
  return json;
}

export function renderAnswerJson(answer: Answer): string {
  return JSON.stringify(answerToJson(answer));
}
