/**
 * From an answer to what discord.js sends: the embed from `renderAnswerEmbed`, buttons under it (the
 * pager and one link per cited article), and the discord.js reply options with `allowedMentions`
 * pinging no one and the ephemeral flag when the reply is private.
 */
import { MessageFlags, type InteractionEditReplyOptions, type InteractionReplyOptions, type InteractionUpdateOptions } from 'discord.js';
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
} from 'discord-api-types/v10';
import type { Answer } from '../answer/answer.js';
import { DISCORD_LIMITS } from '../config/constants.js';
import { renderAnswerEmbed, type AnswerEmbedOptions } from '../render/discordMessage.js';
import { fitDiscordPayload } from '../render/fitDiscordPayload.js';
import { truncate } from '../render/markdown.js';
import { encodePager, type PagerKind, type PagerState } from './buttons.js';

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/** A message as the bot sends it, in Discord's API shape. */
export interface BotMessage {
  embeds: APIEmbed[];
  components: ActionRow[];
  content?: string;
}

/** Discord caps a link button's URL at 512 characters. */
const LINK_URL_MAX = 512;

export interface PagerContext {
  kind: PagerKind;
  userId: string;
  /** `dprk`: statement id or `*`; `ask`/`find`: hash of the question. */
  subject: string;
  corpus: string;
  /** Citations per page (the command's default limit). */
  pageSize: number;
}

/** "◀ Previous" and "More passages ▶" when the answer has pages before or after this one. */
function pagerRow(answer: Answer, pager: PagerContext | null): ActionRow | null {
  const page = answer.page;
  if (!pager || !page || answer.citations.length === 0) return null;
  const buttons: APIButtonComponent[] = [];
  const button = (offset: number, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary) => {
    const state: PagerState = { kind: pager.kind, userId: pager.userId, subject: pager.subject, corpus: pager.corpus, offset };
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
    if (!c.url || c.url.length > LINK_URL_MAX || !/^https?:\/\//.test(c.url)) continue;
    const entry = byUrl.get(c.url) ?? { numbers: [], outlet: c.outlet };
    entry.numbers.push(c.n);
    byUrl.set(c.url, entry);
  }
  const buttons: APIButtonComponent[] = [...byUrl].slice(0, rowsLeft * DISCORD_LIMITS.buttonsPerRow).map(([url, { numbers, outlet }]) => ({
    type: ComponentType.Button,
    style: ButtonStyle.Link,
    label: truncate(`${numbers.map((n) => `[${n}]`).join('')} ${outlet}`, DISCORD_LIMITS.buttonLabel),
    url,
  }));
  const rows: ActionRow[] = [];
  for (let i = 0; i < buttons.length; i += DISCORD_LIMITS.buttonsPerRow) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow) });
  }
  return rows;
}

/** The embed and buttons for an answer. */
export function answerMessage(answer: Answer, options: { pager?: PagerContext | null; embed?: AnswerEmbedOptions } = {}): BotMessage {
  const payload = renderAnswerEmbed(answer, options.embed);
  const pager = pagerRow(answer, options.pager ?? null);
  const rows = [...(pager ? [pager] : []), ...linkRows(answer, DISCORD_LIMITS.actionRows - (pager ? 1 : 0))];
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

export function editOptions(message: BotMessage): InteractionEditReplyOptions {
  return {
    content: message.content ?? null,
    embeds: message.embeds,
    components: message.components,
    allowedMentions: NO_PINGS,
  };
}

export function updateOptions(message: BotMessage): InteractionUpdateOptions {
  return {
    content: message.content ?? null,
    embeds: message.embeds,
    components: message.components,
    allowedMentions: NO_PINGS,
  };
}
