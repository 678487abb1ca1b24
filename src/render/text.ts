import type { Answer, Citation } from '../answer/answer.js';
import { describeStatement } from '../answer/cite.js';
import { SIGNED } from './signed.js';
import { PRESENTATION } from '../config/constants.js';
import { formatPublished } from '../corpus/published.js';

const BOLD = ['\u001b[1m', '\u001b[22m'] as const;

function emphasise(citation: Citation, color: boolean): string {
  if (!color) return citation.text;
  let out = '';
  let at = 0;
  for (const [start, end] of citation.highlights) {
    out += citation.text.slice(at, start) + BOLD[0] + citation.text.slice(start, end) + BOLD[1];
    at = end;
  }
  return out + citation.text.slice(at);
}

function citationRefs(ns: number[]): string {
  return ns.map((n) => `[${n}]`).join('');
}

/** A terminal rendering: the lead, what the command found, then the citations as a numbered list. */
export function renderAnswerText(answer: Answer, { color = false } = {}): string {
  const out: string[] = [];
  if (answer.lead) out.push(answer.lead);
  const note = PRESENTATION.gradeNote[answer.match];
  if (note && answer.citations.length > 0) out.push(`(${note})`);

  if (answer.signatories && answer.signatories.length > 0) {
    out.push('', 'Signatories, as the passages name them:');
    for (const s of answer.signatories) out.push(`  - ${s.name} ${citationRefs([s.citation])}`);
  }
  if (answer.membership && answer.membership.statements.length > 1) {
    out.push('', `Signed by ${answer.membership.party}?`);
    for (const m of answer.membership.statements)
      out.push(
        `  - ${describeStatement(m.statement)}: ${SIGNED[m.signed]} ${m.citation ? citationRefs([m.citation]) : ''}`.trimEnd(),
      );
  }
  if (answer.events) {
    out.push('');
    for (const e of answer.events) {
      out.push(
        `  ${e.date}  ${e.kind === 'statement' ? 'statement' : 'response '}  ${e.title} (${e.issuedBy}) ${citationRefs(e.citations)}`.trimEnd(),
      );
    }
  }
  if (answer.articles) {
    out.push('');
    for (const a of answer.articles) {
      out.push(`  ${a.outlet}, ${formatPublished(a.published)}: ${a.title} (${a.paragraphs} paragraphs)`);
      out.push(`    ${a.url ?? 'no link recorded'}   id: ${a.id}`);
    }
  }
  if (answer.choices && answer.citations.length === 0) {
    out.push('');
    for (const c of answer.choices) out.push(`  - ${c.title} (${formatPublished(c.date)})   id: ${c.id}`);
  }
  if (answer.citations.length > 0) {
    out.push('', 'Sources:');
    for (const c of answer.citations) {
      out.push(`[${c.n}] “${emphasise(c, color)}”`);
      out.push(`    ${c.outlet}, ${formatPublished(c.published)}, “${c.title}”, paragraph ${c.paragraph}`);
      if (c.url) out.push(`    ${c.url}`);
    }
  }
  if (answer.page && answer.page.total > answer.page.offset + answer.citations.length) {
    const next = answer.page.offset + answer.citations.length;
    out.push('', `${answer.page.total - next} more passages: add --offset ${next}`);
  }
  return out.join('\n');
}
