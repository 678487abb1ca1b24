import { embedLength } from 'discord.js';
import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { DISCORD_LIMITS as L } from '../config/constants.js';
import { truncate } from './markdown.js';

/** The message fields the bot sends, in Discord's API shape. */
export interface DiscordMessagePayload {
  content?: string;
  embeds: APIEmbed[];
  components?: unknown[];
  allowed_mentions: { parse: [] };
  flags?: number;
}

/**
 * Makes any payload valid for Discord: every text within its documented limit (shortened on a word
 * boundary with an ellipsis), at most 25 fields and 10 embeds, at most 6000 characters across all
 * embeds (trailing fields are dropped first, then descriptions shortened), and no pings.
 */
export function fitDiscordPayload(payload: DiscordMessagePayload): DiscordMessagePayload {
  const embeds = payload.embeds.slice(0, L.embedsPerMessage).map((e): APIEmbed => {
    const fields: APIEmbedField[] = (e.fields ?? []).slice(0, L.embedFields).map((f) => ({
      ...f,
      name: truncate(f.name, L.fieldName) || '\u200b',
      value: truncate(f.value, L.fieldValue) || '\u200b',
    }));
    return {
      ...e,
      ...(e.title !== undefined ? { title: truncate(e.title, L.embedTitle) } : {}),
      ...(e.description !== undefined ? { description: truncate(e.description, L.embedDescription) } : {}),
      ...(e.footer ? { footer: { ...e.footer, text: truncate(e.footer.text, L.footerText) } } : {}),
      ...(e.author ? { author: { ...e.author, name: truncate(e.author.name, L.authorName) } } : {}),
      ...(e.fields ? { fields } : {}),
    };
  });

  let total = embeds.reduce((n, e) => n + embedLength(e), 0);
  // Drop trailing fields, last embed first, until the whole message fits.
  for (let i = embeds.length - 1; i >= 0 && total > L.embedsTotal; i--) {
    const fields = embeds[i]!.fields ?? [];
    while (fields.length > 0 && total > L.embedsTotal) {
      const f = fields.pop()!;
      total -= f.name.length + f.value.length;
    }
  }
  // Then shorten descriptions.
  for (let i = embeds.length - 1; i >= 0 && total > L.embedsTotal; i--) {
    const e = embeds[i]!;
    if (!e.description) continue;
    const keep = Math.max(1, e.description.length - (total - L.embedsTotal));
    total -= e.description.length;
    e.description = truncate(e.description, keep);
    total += e.description.length;
  }
  // Last resort: titles and footers.
  for (let i = embeds.length - 1; i >= 0 && total > L.embedsTotal; i--) {
    const e = embeds[i]!;
    for (const key of ['footer', 'title'] as const) {
      if (total <= L.embedsTotal) break;
      const text = key === 'footer' ? e.footer?.text : e.title;
      if (!text) continue;
      const shorter = truncate(text, Math.max(1, text.length - (total - L.embedsTotal)));
      total += shorter.length - text.length;
      if (key === 'footer') e.footer = { ...e.footer, text: shorter };
      else e.title = shorter;
    }
  }

  return {
    ...payload,
    ...(payload.content !== undefined ? { content: truncate(payload.content, L.content) } : {}),
    embeds,
    allowed_mentions: { parse: [] },
  };
}
