/**
 * From an answer to what discord.js sends: the embed from `renderAnswerEmbed`, buttons under it (the
 * pager, one link per cited article, or one button per statement to choose from), and the discord.js reply options with `allowedMentions`
 * pinging no one and the ephemeral flag when the reply is private.
 */
import {
  MessageFlags,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
} from 'discord.js';
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
} from 'discord-api-types/v10';
import type { Answer, StatementRef } from '../answer/answer.js';
import { DISCORD_LIMITS } from '../config/constants.js';
import { formatPublished } from '../corpus/published.js';
import { renderAnswerEmbed, type AnswerEmbedOptions } from '../render/discordMessage.js';
import { fitDiscordPayload } from '../render/fitDiscordPayload.js';
import { truncate } from '../render/markdown.js';
import {
  encodeFeedback,
  encodePager,
  encodePick,
  isPickCommand,
  type FeedbackVote,
  type PagerKind,
  type PagerState,
} from './buttons.js';

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/** A message as the bot sends it, in Discord's API shape. */
export interface BotMessage {
  embeds: APIEmbed[];
  components: ActionRow[];
  content?: string;
}

export interface PagerContext {
  kind: PagerKind;
  userId: string;
  /** `dprk`: statement id or `*`; `ask`/`find`: hash of the question. */
  subject: string;
  corpus: string;
  /** Citations per page (the command's default limit). */
  pageSize: number;
}

/** Who may pick a statement from an answer's choices. */
export interface PickContext {
  userId: string;
}

/** The answer's id in the question log, for its feedback buttons. */
export interface FeedbackContext {
  answerId: string;
}

/** Buttons in rows of at most five. */
function rowsOf(buttons: APIButtonComponent[]): ActionRow[] {
  const rows: ActionRow[] = [];
  for (let i = 0; i < buttons.length; i += DISCORD_LIMITS.buttonsPerRow) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow) });
  }
  return rows;
}

/** "16 Dec 2024", "Nov 2024". */
function shortDate(date: string): string {
  return formatPublished(date).replace(/\b([A-Z][a-z]{2})[a-z]+\b/g, '$1');
}

/** "Joint statement on DPRK–Russia military cooperation (16 Dec 2024)": the title cut on a word boundary, the date kept, ≤ 80 characters. */
export function choiceLabel(choice: StatementRef): string {
  const date = ` (${shortDate(choice.date)})`;
  return `${truncate(choice.title, DISCORD_LIMITS.buttonLabel - date.length)}${date}`;
}

/** One button per statement the user may have meant, when the answer asks them to choose (and cites nothing). */
function choiceRows(answer: Answer, pick: PickContext | null, rowsLeft: number): ActionRow[] {
  const command = answer.command;
  if (!pick || !answer.choices || answer.citations.length > 0 || !isPickCommand(command) || rowsLeft <= 0) return [];
  const buttons: APIButtonComponent[] = [];
  const seen = new Set<string>();
  for (const choice of answer.choices) {
    if (buttons.length >= rowsLeft * DISCORD_LIMITS.buttonsPerRow) break;
    const customId = encodePick({ command, statementId: choice.id, userId: pick.userId });
    if (!customId || seen.has(customId)) continue;
    seen.add(customId);
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: choiceLabel(choice),
      custom_id: customId,
    });
  }
  return rowsOf(buttons);
}

/** "◀ Previous" and "More passages ▶" when the answer has pages before or after this one. */
function pagerRow(answer: Answer, pager: PagerContext | null): ActionRow | null {
  const page = answer.page;
  if (!pager || !page || answer.citations.length === 0) return null;
  const buttons: APIButtonComponent[] = [];
  const button = (offset: number, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary) => {
    const state: PagerState = {
      kind: pager.kind,
      userId: pager.userId,
      subject: pager.subject,
      corpus: pager.corpus,
      offset,
    };
    const customId = encodePager(state);
    if (customId) buttons.push({ type: ComponentType.Button, style, label, custom_id: customId });
  };
  if (page.offset > 0) button(Math.max(0, page.offset - pager.pageSize), '◀ Previous', ButtonStyle.Secondary);
  const next = page.offset + answer.citations.length;
  if (next < page.total) button(next, `More passages (${page.total - next} more)`, ButtonStyle.Primary);
  return buttons.length > 0 ? { type: ComponentType.ActionRow, components: buttons } : null;
}

/** One link button per cited article with a URL, labelled with its citation numbers and outlet. */
function linkRows(answer: Answer, rowsLeft: number): ActionRow[] {
  const byUrl = new Map<string, { numbers: number[]; outlet: string }>();
  for (const c of answer.citations) {
    if (!c.url || c.url.length > DISCORD_LIMITS.linkUrl || !/^https?:\/\//.test(c.url)) continue;
    const entry = byUrl.get(c.url) ?? { numbers: [], outlet: c.outlet };
    entry.numbers.push(c.n);
    byUrl.set(c.url, entry);
  }
  const buttons: APIButtonComponent[] = [...byUrl]
    .slice(0, rowsLeft * DISCORD_LIMITS.buttonsPerRow)
    .map(([url, { numbers, outlet }]) => ({
      type: ComponentType.Button,
      style: ButtonStyle.Link,
      label: truncate(`${numbers.map((n) => `[${n}]`).join('')} ${outlet}`, DISCORD_LIMITS.buttonLabel),
      url,
    }));
  return rowsOf(buttons);
}

/** 👍 and 👎, and "Wrong statement" when the answer resolved a statement: the last row, under every recorded answer. */
function feedbackRow(answer: Answer, feedback: FeedbackContext | null): ActionRow | null {
  if (!feedback) return null;
  const votes: Array<{ vote: FeedbackVote; button: Partial<APIButtonComponent> }> = [
    { vote: 'up', button: { emoji: { name: '👍' } } },
    { vote: 'down', button: { emoji: { name: '👎' } } },
    ...(answer.statement ? [{ vote: 'wrong-statement' as const, button: { label: 'Wrong statement' } }] : []),
  ];
  const buttons: APIButtonComponent[] = [];
  for (const { vote, button } of votes) {
    const customId = encodeFeedback({ answerId: feedback.answerId, vote });
    if (customId)
      buttons.push({
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: customId,
        ...button,
      } as APIButtonComponent);
  }
  return buttons.length > 0 ? { type: ComponentType.ActionRow, components: buttons } : null;
}

/** The embed and buttons for an answer. */
export function answerMessage(
  answer: Answer,
  options: {
    pager?: PagerContext | null;
    pick?: PickContext | null;
    embed?: AnswerEmbedOptions;
    feedback?: FeedbackContext | null;
  } = {},
): BotMessage {
  const payload = renderAnswerEmbed(answer, options.embed);
  const pager = pagerRow(answer, options.pager ?? null);
  const feedback = feedbackRow(answer, options.feedback ?? null);
  const rowsLeft = () => DISCORD_LIMITS.actionRows - rows.length - (feedback ? 1 : 0);
  const rows: ActionRow[] = pager ? [pager] : [];
  rows.push(...linkRows(answer, rowsLeft()));
  rows.push(...choiceRows(answer, options.pick ?? null, rowsLeft()));
  if (feedback) rows.push(feedback);
  return { embeds: payload.embeds, components: rows };
}

/** A short plain-text note (cooldown, expired button, an error with its id). */
export function noteMessage(text: string): BotMessage {
  const fitted = fitDiscordPayload({ content: text, embeds: [], allowed_mentions: { parse: [] } });
  return { content: fitted.content ?? text, embeds: [], components: [] };
}

const NO_PINGS = { parse: [] as [] };

export function replyOptions(message: BotMessage, ephemeral: boolean): InteractionReplyOptions {
  return {
    ...(message.content !== undefined ? { content: message.content } : {}),
    embeds: message.embeds,
    components: message.components,
    allowedMentions: NO_PINGS,
    ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/** Options that replace a message's content, embeds and buttons: for `editReply` and for a button's `update`. */
function replacementOptions(message: BotMessage): InteractionEditReplyOptions & InteractionUpdateOptions {
  return {
    content: message.content ?? null,
    embeds: message.embeds,
    components: message.components,
    allowedMentions: NO_PINGS,
  };
}

export const editOptions: (message: BotMessage) => InteractionEditReplyOptions = replacementOptions;
export const updateOptions: (message: BotMessage) => InteractionUpdateOptions = replacementOptions;
