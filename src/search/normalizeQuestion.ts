import { z } from 'zod';
import { loadDataFile } from '../config/dataFiles.js';
import { longestFirst } from './regex.js';

const chatSchema = z.strictObject({
  filler: z.array(z.string().trim().min(1)).min(1),
  abbreviations: z.record(z.string().trim().min(1), z.string().trim().min(1)),
});

const chat = loadDataFile('chat.yaml', chatSchema);

const lower = (s: string) => s.toLowerCase();
// A chat word stands alone: not inside a word ("u" of "us"), not glued to an apostrophe ("y'all").
const alone = (alternatives: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}'’@/&+])(?:${alternatives})(?![\\p{L}\\p{N}'’/&+])`, 'giu');

const abbreviations = new Map(Object.entries(chat.abbreviations).map(([k, v]) => [lower(k), v]));
const abbreviation = alone(longestFirst(Object.keys(chat.abbreviations), lower));
const filler = alone(longestFirst(chat.filler, lower));

/** What Discord puts in a message that is not words: mentions, custom emoji, shortcodes, links. */
const DISCORD_MARKUP = [
  /<a?:[\w~-]+:\d+>/g, // custom emoji
  /<(?:@[!&]?|#)\d+>/g, // user, role and channel mentions
  /<\/[\w -]+:\d+>/g, // slash command mentions
  /<t:-?\d+(?::[tTdDfFR])?>/g, // timestamps
  /https?:\/\/\S+/g,
  /(?<![\p{L}\p{N}])@[\p{L}\p{N}_.]+/gu, // a typed @name
  /(?<![\p{L}\p{N}]):[a-z0-9_+-]+:(?![\p{L}\p{N}])/gu, // :shortcode:
];
// Pictographs, flags, skin tones, and the joiners and selectors between them (alternation, not a class: they combine).
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|[\u{1F3FB}-\u{1F3FF}]|\u{FE0F}|\u{200D}|\u{20E3}/gu;
// Markdown that frames text: bold, italics with stars, strikethrough, spoilers, code, quotes, headings, lists.
const MARKDOWN = [/\*\*|__|~~|\|\||`+|(?<!\w)\*|\*(?!\w)/g, /^\s*(?:>>>|>|#{1,3}|-#|[-*])\s+/gm];

/**
 * The question as a search engine should read it: chat filler ("hey guys", "lol", "pls"), mentions,
 * emoji, links and markdown removed, chat spellings written out ("abt" → "about"). What remains is the
 * question's own words, so that none of this changes what it finds. A question made only of filler
 * ("thanks!") is kept as typed, to be answered for what it is.
 */
export function normalizeQuestion(text: string): string {
  let out = text;
  for (const pattern of DISCORD_MARKUP) out = out.replace(pattern, ' ');
  out = out.replace(EMOJI, ' ');
  for (const pattern of MARKDOWN) out = out.replace(pattern, ' ');
  out = out.replace(abbreviation, (word) => abbreviations.get(lower(word)) ?? word);
  out = out.replace(filler, ' ');
  out = out
    .replace(/\s+([,;:.!?])/g, '$1')
    .replace(/[,;:](?=\s*[,;:.!?])/g, '')
    .replace(/^[\s,;:.!-]+/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return /[\p{L}\p{N}]/u.test(out) ? out : text.trim();
}
