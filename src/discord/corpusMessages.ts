/**
 * What `/corpus` shows: the preview a moderator confirms, the removal confirmation, the outcome of a
 * change, the status, refusals, and the line posted in the moderation log channel. Every text that
 * comes from a file, a page or a person is escaped (it shows literally, never formats or pings), and
 * every message is fitted to Discord's limits.
 */
import { ButtonStyle, ComponentType, type APIEmbed, type APIEmbedField } from 'discord-api-types/v10';
import { DISCORD_LIMITS, PRESENTATION } from '../config/constants.js';
import { formatPublished } from '../corpus/published.js';
import type { Refusal } from '../corpus/refusal.js';
import type { Article } from '../corpus/articleFile.js';
import type { AuditEvent } from '../moderation/audit.js';
import { describeEvent } from '../moderation/audit.js';
import type { ChangeOutcome, CorpusStatus, PreviewOutcome } from '../moderation/corpusModeration.js';
import { fitDiscordPayload } from '../render/fitDiscordPayload.js';
import { escapeMarkdown, truncate } from '../render/markdown.js';
import { encodeCorpusButton, REMOVE_CONFIRM_TTL_MS } from './corpusCommands.js';
import type { ButtonSigner } from './buttonSignature.js';
import type { BotMessage } from './replies.js';
import type { QuestionLogHealth } from '../usage/answerLog.js';

const FOOTER = `${PRESENTATION.productName} · corpus`;
/** Refusal colour (a muted red) and success colour (green) beside the answers' blue. */
const COLOR = { info: PRESENTATION.embedColor, ok: 0x3f8f4f, refused: 0xb5473a } as const;

/** A Discord timestamp: shown in each reader's own time zone (`f`: date and time, `R`: "in 20 minutes"). */
function discordTime(iso: string | number, style: 'f' | 'R' | 't' = 'f'): string {
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  return `<t:${Math.floor(ms / 1000)}:${style}>`;
}

function message(embed: APIEmbed, components: BotMessage['components'] = []): BotMessage {
  const fitted = fitDiscordPayload({
    embeds: [{ footer: { text: FOOTER }, ...embed }],
    allowed_mentions: { parse: [] },
  });
  return { embeds: fitted.embeds, components };
}

const field = (name: string, value: string, inline = false): APIEmbedField => ({
  name,
  value: value.trim() === '' ? '—' : value,
  inline,
});

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

export const CORPUS_NOTES = {
  denied: (roleId: string | null) =>
    `Only moderators can use /corpus: it needs the Manage Server permission${roleId ? ` or the <@&${roleId}> role` : ''}. Nothing was changed.`,
  guildOnly: 'The /corpus commands work in a server, not in direct messages.',
  needSource: 'Attach a file (.md in the corpus format, .txt or .html) or give a `url` to fetch. Nothing was added.',
  untrustedAttachment:
    'That attachment does not come from Discord’s file server, so I will not download it. Nothing was added.',
  cancelled: 'Cancelled: nothing was added to the corpus.',
  removeCancelled: 'Cancelled: the article stays in the corpus.',
  removeExpired:
    'This confirmation has expired (they keep for 30 minutes). Run /corpus remove again if you still want to remove the article.',
  removeForeign: 'Only the moderator who asked for this removal can confirm it.',
  expiredButton: 'This button no longer works (it is from an older version of the bot). Run the /corpus command again.',
  noArticle: (id: string) =>
    `There is no article \`${escapeMarkdown(id)}\` in the corpus (see /sources). Nothing was changed.`,
  invalid: (reasons: string) => `That didn't work: ${escapeMarkdown(reasons)}. Nothing was changed.`,
} as const;

/** A refusal's one-line reason, and, for a corpus that would not load, where each problem is. */
export function refusalMessage(refusal: Refusal, what = 'Nothing was changed'): BotMessage {
  const lines: string[] = [];
  switch (refusal.code) {
    case 'expired':
      lines.push(
        'This preview has expired (previews keep for 30 minutes), so nothing was added. Run /corpus add again.',
      );
      break;
    case 'not-found':
      lines.push(`${capitalise(escapeMarkdown(refusal.message.replace(/\bcorpus add\b/, '/corpus add')))}.`);
      break;
    case 'busy':
      lines.push(
        `${capitalise(escapeMarkdown(refusal.message))}. Nothing was changed yet: press the button again in a moment.`,
      );
      break;
    case 'broken-corpus':
      lines.push(
        'The corpus on disk has problems, so I kept answering from the last good corpus. Fix these and run /corpus reload again:',
      );
      for (const p of refusal.problems.slice(0, 10))
        lines.push(`• \`${escapeMarkdown(p.file)}:${p.line}\` ${escapeMarkdown(p.message)}`);
      if (refusal.problems.length > 10)
        lines.push(`… and ${refusal.problems.length - 10} more (\`npm run cli -- corpus check\` lists them all).`);
      if (refusal.problems.length === 0) lines.push(escapeMarkdown(refusal.message));
      break;
    default:
      lines.push(`${what}: ${escapeMarkdown(refusal.message)}.`);
  }
  return message({
    title: refusal.code === 'broken-corpus' ? 'Reload refused' : 'Refused',
    description: lines.join('\n'),
    color: COLOR.refused,
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The preview of an article to add, with Confirm and Cancel. Nothing is written before Confirm. */
export function previewMessage({ token, expiresAt, preview: p }: PreviewOutcome): BotMessage {
  const fields: APIEmbedField[] = [
    field('Outlet', escapeMarkdown(p.outlet), true),
    field('Published', `${escapeMarkdown(p.publishedLabel)} (\`${p.published}\`)`, true),
    field('Length', `${plural(p.paragraphs, 'paragraph')}, ${plural(p.words, 'word')}`, true),
    field(
      'Reports',
      p.reports.length > 0
        ? p.reports.map((r) => `\`${r.id}\` ${escapeMarkdown(r.title)}`).join('\n')
        : 'none (see the notes)',
    ),
    field('Web address', p.url ? escapeMarkdown(p.url) : 'none', false),
    field('Id and source', `\`${p.id}\` · from ${p.format.toUpperCase()} ${escapeMarkdown(truncate(p.origin, 300))}`),
  ];
  if (p.notes.length > 0) fields.push(field('Notes', p.notes.map((n) => `• ${escapeMarkdown(n)}`).join('\n')));
  p.firstParagraphs.forEach((text, n) => fields.push(field(`¶ ${n + 1}`, `> ${escapeMarkdown(text)}`)));
  if (p.paragraphs > p.firstParagraphs.length)
    fields.push(field('…', `and ${plural(p.paragraphs - p.firstParagraphs.length, 'more paragraph')}`));
  return message(
    {
      title: escapeMarkdown(p.title),
      color: COLOR.info,
      description: `**Preview.** Nothing is added until you press **Confirm**. The preview keeps until ${discordTime(expiresAt, 't')} (${discordTime(expiresAt, 'R')}).`,
      fields,
    },
    [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Success,
            label: 'Confirm: add it',
            custom_id: encodeCorpusButton({ action: 'add', token }),
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: 'Cancel',
            custom_id: encodeCorpusButton({ action: 'add-no', token }),
          },
        ],
      },
    ],
  );
}

/** "Remove this article?" with Remove and Cancel. */
export function removeConfirmMessage(article: Article, userId: string, now: number, signer: ButtonSigner): BotMessage {
  const until = now + REMOVE_CONFIRM_TTL_MS;
  return message(
    {
      title: `Remove “${escapeMarkdown(article.title)}”?`,
      color: COLOR.refused,
      description: [
        `${escapeMarkdown(article.outlet)}, ${escapeMarkdown(formatPublished(article.published))} · ${plural(article.paragraphs.length, 'paragraph')} · \`${article.id}\``,
        '',
        'It goes to the trash (`corpus/.trash/`) and the bot stops citing it; `/corpus restore` brings it back.',
        `This confirmation works until ${discordTime(until, 't')}.`,
      ].join('\n'),
    },
    [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Danger,
            label: 'Remove it',
            custom_id: encodeCorpusButton({ action: 'rm', userId, issuedAt: now, article: article.id }, signer),
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: 'Cancel',
            custom_id: encodeCorpusButton({ action: 'rm-no' }),
          },
        ],
      },
    ],
  );
}

/** The outcome of a change: what was done, and whether the running bot already answers from it. */
export function changeMessage(outcome: ChangeOutcome, next?: string): BotMessage {
  const { event, reload } = outcome;
  const lines = [`${escapeMarkdown(describeEvent(event))}.`];
  if (event.file) lines.push(`File: \`${escapeMarkdown(event.file)}\``);
  if (reload.ok) {
    lines.push(
      `The bot answers from it now: ${plural(reload.articles, 'article')}, ${plural(reload.paragraphs, 'paragraph')}, ${plural(reload.statements, 'statement')}, ${plural(reload.responses, 'response')} (index built in ${reload.buildMs.toFixed(0)} ms).`,
    );
  } else {
    lines.push(
      `The change is saved, but the corpus did not reload, so the bot still answers from the previous one: ${escapeMarkdown(reload.message)}`,
    );
  }
  if (next) lines.push('', next);
  return message({ title: titleOf(event), color: reload.ok ? COLOR.ok : COLOR.refused, description: lines.join('\n') });
}

function titleOf(event: AuditEvent): string {
  switch (event.what) {
    case 'add-article':
      return 'Article added';
    case 'remove-article':
      return 'Article removed';
    case 'restore-article':
      return 'Article restored';
    case 'add-statement':
      return 'Statement added';
    case 'add-response':
      return 'Response added';
    case 'reload':
      return 'Corpus reloaded';
  }
}

const FAILURES: Record<NonNullable<QuestionLogHealth['reason']>, string> = {
  'read-only': 'the database file or its folder is read-only (or cannot be opened)',
  corrupt: 'the database file is corrupt (not a database)',
  full: 'the disk is full',
  locked: 'another process holds the database',
  'newer-schema': 'the database is from a newer version of the bot',
  error: 'the database failed',
};

/** The question log's line of `/corpus status`: whether answers are recorded, and if not, why. */
export function questionLogStatus(h: QuestionLogHealth): string {
  if (h.state === 'off')
    return 'off (QUESTION_LOG=off, or no data folder): nothing is stored, answers have no feedback buttons';
  const counts = `${plural(h.recorded, 'answer')} recorded since start-up${h.dropped > 0 ? `, ${plural(h.dropped, 'answer')} not recorded` : ''}`;
  if (h.state === 'failing') {
    const since = h.since !== null ? ` since ${discordTime(h.since)}` : '';
    return `⚠️ **not recording**${since}: ${FAILURES[h.reason ?? 'error']}${h.detail ? ` (${escapeMarkdown(truncate(h.detail, 200))})` : ''}. The bot answers as usual, without feedback buttons. ${counts}. Fix it and restart the bot.`;
  }
  const waiting = h.reason === 'locked' ? ` · ${plural(h.pending, 'answer')} waiting: ${FAILURES.locked}` : '';
  return `recording · ${counts} · kept ${h.retentionDays} days${waiting}`;
}

/** `/corpus status`. */
/** A copy of the bot serving the corpus (this process, or each shard): the generation it serves. */
export interface ServingCopy {
  name: string;
  generation: number;
  articles?: number;
}

export function statusMessage(
  s: CorpusStatus,
  questionLog?: QuestionLogHealth,
  copies: readonly ServingCopy[] = [],
): BotMessage {
  const change = s.lastChange;
  const reload = s.lastReload;
  return message({
    title: 'Corpus status',
    color: COLOR.info,
    fields: [
      field('Articles', s.articles.toLocaleString('en-US'), true),
      field('Paragraphs', s.paragraphs.toLocaleString('en-US'), true),
      field('Statements', `${s.statements} (+ ${plural(s.responses, 'response')})`, true),
      field(
        'Last change',
        change
          ? `${discordTime(change.when)} (${discordTime(change.when, 'R')}) by **${escapeMarkdown(change.who.name)}**${change.who.via === 'cli' ? ' (terminal)' : ''}\n${escapeMarkdown(describeEvent(change))}`
          : 'none recorded',
      ),
      field(
        'Last reload',
        reload
          ? `${discordTime(reload.when)} by **${escapeMarkdown(reload.who.name)}**${reload.who.via === 'cli' ? ' (terminal)' : ''}`
          : 'none recorded since the change log began',
        true,
      ),
      field('Index build', `${s.buildMs.toFixed(1)} ms`, true),
      field('Trash · previews waiting', `${s.trash} · ${s.pending}`, true),
      ...(questionLog ? [field('Question log', questionLogStatus(questionLog))] : []),
      ...(copies.length > 0
        ? [
            field(
              'Corpus generation served',
              copies
                .map(
                  (c) =>
                    `${escapeMarkdown(c.name)}: ${c.generation}${c.articles !== undefined ? ` (${plural(c.articles, 'article')})` : ''}`,
                )
                .join('\n'),
            ),
          ]
        : []),
    ],
  });
}

/** The moderation log line for one change: who, what, which article or entry, when. Pings no one. */
export function modLogContent(event: AuditEvent): string {
  const icon = {
    'add-article': '➕',
    'remove-article': '🗑️',
    'restore-article': '♻️',
    'add-statement': '📄',
    'add-response': '💬',
    reload: '🔄',
  }[event.what];
  const via = event.who.via === 'discord' && /^\d{17,20}$/.test(event.who.id) ? ` (<@${event.who.id}>)` : '';
  return truncate(
    `${icon} ${escapeMarkdown(describeEvent(event))}${via} · ${discordTime(event.when)}`,
    DISCORD_LIMITS.content,
  );
}
