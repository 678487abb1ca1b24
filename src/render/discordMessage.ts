import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { Answer, Citation } from '../answer/answer.js';
import { describeStatement } from '../answer/cite.js';
import { findDeclaration } from '../commands/definitions.js';
import { DISCORD_LIMITS, PRESENTATION } from '../config/constants.js';
import { formatPublished } from '../corpus/published.js';
import { fitDiscordPayload, type DiscordMessagePayload } from './fitDiscordPayload.js';
import { escapeMarkdown, markdownLink, truncate, unescapeMarkdown } from './markdown.js';
import { SIGNED } from './signed.js';

/** Re-exported: tests read embeds back with it from here. */
export { unescapeMarkdown };

/** Options for how an answer is framed: a title of the caller's, and a quoted text above the lead. */
export interface AnswerEmbedOptions {
  /** Replaces the command's own title (e.g. "Sources for this message"). */
  title?: string;
  /** Text quoted above the lead, e.g. the message "Find sources" checked. Shown on one line. */
  quote?: string;
}

/** Room for a quoted question: a 500-character question even if every character needed escaping. */
const QUOTE_MAX = 1024;

/** The title the answer's command declares for it. */
function titleOf(answer: Answer): string {
  return findDeclaration(answer.command)!.title(answer);
}

/** The passage as a block quote, matched words in bold, shortened to fit `budget` characters. */
function quotePassage(citation: Citation, budget: number): string {
  // Shorten the plain text first so markup is never cut in half.
  let plain = citation.text;
  for (let room = budget; room > 20; room = Math.floor(room * 0.9)) {
    plain = truncate(citation.text, room);
    if (renderQuote(citation, plain).length <= budget) break;
  }
  return renderQuote(citation, plain);
}

function renderQuote(citation: Citation, plain: string): string {
  let out = '';
  let at = 0;
  const limit = plain.endsWith('…') ? plain.length - 1 : plain.length;
  for (const [start, end] of citation.highlights) {
    if (end > limit) break;
    out += escapeMarkdown(plain.slice(at, start)) + `**${escapeMarkdown(plain.slice(start, end))}**`;
    at = end;
  }
  return `> ${out}${escapeMarkdown(plain.slice(at))}`;
}

function citationField(c: Citation): APIEmbedField {
  const source = c.url ? markdownLink(truncate(c.title, 120), c.url) : escapeMarkdown(truncate(c.title, 120));
  const footer = `\n— ${source}, paragraph ${c.paragraph}`;
  return {
    name: truncate(`[${c.n}] ${c.outlet} · ${formatPublished(c.published)}`, DISCORD_LIMITS.fieldName),
    value: quotePassage(c, DISCORD_LIMITS.fieldValue - footer.length) + footer,
  };
}

function bodyLines(answer: Answer): string[] {
  const lines: string[] = [];
  if (answer.events) {
    for (const e of answer.events) {
      const refs = e.citations.map((n) => `[${n}]`).join('');
      lines.push(
        `\`${e.date}\` ${e.kind === 'statement' ? '📄' : '💬'} **${escapeMarkdown(e.title)}** · ${escapeMarkdown(e.issuedBy)} ${refs}`.trimEnd(),
      );
    }
  }
  if (answer.articles) {
    for (const a of answer.articles) {
      const title = a.url ? markdownLink(truncate(a.title, 150), a.url) : escapeMarkdown(a.title);
      lines.push(`• **${escapeMarkdown(a.outlet)}**, ${formatPublished(a.published)}: ${title} (${a.paragraphs} ¶)`);
    }
  }
  if (answer.choices && answer.citations.length === 0) {
    for (const c of answer.choices)
      lines.push(`• ${escapeMarkdown(c.title)} (${formatPublished(c.date)}) · \`${c.id}\``);
  }
  return lines;
}

function footerOf(answer: Answer): string {
  const parts: string[] = [PRESENTATION.productName];
  const note = PRESENTATION.gradeNote[answer.match];
  if (note && answer.citations.length > 0) parts.push(note);
  if (answer.page && answer.page.total > 0) {
    const first = answer.page.offset + 1;
    const last = answer.page.offset + answer.citations.length;
    parts.push(`passages ${first}–${last} of ${answer.page.total}`);
  } else if (answer.citations.length > 0) {
    parts.push(`${answer.citations.length} cited passage${answer.citations.length === 1 ? '' : 's'}`);
  }
  return parts.join(' · ');
}

/**
 * An answer as a Discord message: the lead and the command's findings in the description, one field
 * per cited passage (quote, outlet, date, link), within Discord's limits and pinging no one.
 * The question (or `options.quote`) stays readable in the embed, in full, so {@link shownQuery} can
 * read it back (the "More passages" button re-runs it).
 */
export function renderAnswerEmbed(answer: Answer, options: AnswerEmbedOptions = {}): DiscordMessagePayload {
  const title = escapeMarkdown(options.title ?? titleOf(answer));
  // A question too long for the title is shortened there and quoted in full above the lead.
  const quote =
    options.quote ??
    (options.title === undefined && answer.command === 'ask' && title.length > DISCORD_LIMITS.embedTitle
      ? (answer.query ?? undefined)
      : undefined);
  const description = [
    quote !== undefined ? `> ${truncate(escapeMarkdown(oneLine(quote)), QUOTE_MAX)}` : null,
    answer.lead ? escapeMarkdown(truncate(answer.lead, PRESENTATION.leadMax)) : null,
    ...bodyLines(answer),
  ]
    .filter(Boolean)
    .join('\n');
  const fields: APIEmbedField[] = [];
  if (answer.signatories && answer.signatories.length > 0) {
    fields.push({
      name: 'Signatories, as the passages name them',
      value: answer.signatories.map((s) => `${escapeMarkdown(s.name)} [${s.citation}]`).join(' · '),
    });
  }
  if (answer.membership && answer.membership.statements.length > 1) {
    fields.push({
      name: truncate(`Signed by ${escapeMarkdown(answer.membership.party)}?`, DISCORD_LIMITS.fieldName),
      value: answer.membership.statements
        .map(
          (m) =>
            `${SIGNED[m.signed]}: ${escapeMarkdown(describeStatement(m.statement))}${m.citation ? ` [${m.citation}]` : ''}`,
        )
        .join('\n'),
    });
  }
  fields.push(...answer.citations.map(citationField));
  const embed: APIEmbed = {
    title,
    color: PRESENTATION.gradeColor[answer.match],
    ...(description ? { description } : {}),
    ...(fields.length > 0 ? { fields } : {}),
    footer: { text: footerOf(answer) },
  };
  return fitDiscordPayload({ embeds: [embed], allowed_mentions: { parse: [] } });
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The question an answer embed shows, read back from the embed: the quoted first line of the
 * description when there is one, else the title. Callers must check it (e.g. against a hash): an
 * embed that was not made by {@link renderAnswerEmbed} gives text that means nothing.
 */
export function shownQuery(embed: Pick<APIEmbed, 'title' | 'description'>): string | null {
  const first = embed.description?.split('\n', 1)[0];
  if (first?.startsWith('> ')) return unescapeMarkdown(first.slice(2));
  return embed.title !== undefined ? unescapeMarkdown(embed.title) : null;
}
