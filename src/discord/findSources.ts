/**
 * "Find sources", a message context-menu command: the quick fact-check during a discussion. It takes
 * what the message says, cut to the question length limit on a word boundary, searches the corpus with
 * the `ask` machinery, and answers only to the person who asked.
 */
import type { Answer } from '../answer/answer.js';
import { answerQuestion } from '../commands/ask.js';
import { findSourcesDefinition } from '../commands/definitions.js';
import { SEARCH } from '../config/constants.js';
import type { Knowledge } from '../search/knowledge.js';

export { findSourcesDefinition };
export const FIND_SOURCES = findSourcesDefinition.name;
export const FIND_SOURCES_TITLE = 'Sources for this message';

/** The parts of a message the command reads (a discord.js Message or an API message both fit). */
export interface MessageLike {
  content?: string | null;
  embeds?: ReadonlyArray<{ title?: string | null; description?: string | null }>;
}

/**
 * The text to search for: the message's content (or, for a bot's message, its embeds' titles and
 * descriptions), without mentions, custom emoji, links and markdown, on one line, at most
 * `SEARCH.maxQueryLength` characters cut at a word boundary.
 */
export function findSourcesQuery(message: MessageLike, max: number = SEARCH.maxQueryLength): string {
  const content = message.content?.trim()
    ? message.content
    : (message.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? '']).join(' ');
  const text = content
    .replace(/<a?:\w+:\d+>/g, ' ') // custom emoji
    .replace(/<(?:@[!&]?|#)\d+>/g, ' ') // mentions
    .replace(/<t:\d+(?::\w)?>/g, ' ') // timestamps
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/^\s*(?:>>>|>|#{1,3}|-#)\s/gm, ' ') // quote, heading and subtext markers
    .replace(/\*+|~~|`+|\|\||(?<!\w)_+|_+(?!\w)/g, '') // emphasis, code, spoilers
    .replace(/\\/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.5 ? cut.slice(0, space) : text.slice(0, max)).trim();
}

/** The passages that bear on what the message says, as an `ask` answer. */
export function findSources(knowledge: Knowledge, query: string, offset = 0): Answer {
  return answerQuestion(knowledge, query, SEARCH.defaultLimit, offset);
}
