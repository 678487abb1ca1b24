/** Discord markdown helpers: quoted text must show as written and never format, link or ping. */

/** The characters {@link escapeMarkdown} escapes with a backslash (a regex character class). */
const MARKDOWN_CHARS = '[\\\\*_~`|>[\\]()#:-]';
const ESCAPE = new RegExp(MARKDOWN_CHARS, 'g');
const UNESCAPE = new RegExp(`\\\\(${MARKDOWN_CHARS})`, 'g');

/** Escapes Discord markdown and defuses mentions, so user or article text shows literally. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(ESCAPE, (c) => `\\${c}`)
    .replace(/@(everyone|here)/gi, '@\u200b$1')
    .replace(/<(?=[@#:/]|a:|t:)/g, '<\u200b');
}

/** Undoes {@link escapeMarkdown}: the text as it was before it was escaped for Discord. */
export function unescapeMarkdown(text: string): string {
  return text
    .replace(UNESCAPE, '$1')
    .replace(/@\u200b(everyone|here)/gi, '@$1')
    .replace(/<\u200b/g, '<');
}

/** Shortens text to at most `max` characters, on a word boundary, ending with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  let cut = text.slice(0, max - 1);
  // Cut at the last word boundary; only one giant word is cut inside.
  const space = /\s(?=\S*$)/.exec(cut)?.index ?? -1;
  if (space > 0 && !/\s/.test(text[max - 1] ?? ' ')) cut = cut.slice(0, space);
  // Never leave a dangling escape or half a surrogate pair.
  cut = cut.replace(/\\+$/, (s) => (s.length % 2 === 1 ? s.slice(0, -1) : s)).replace(/[\uD800-\uDBFF]$/, '');
  // Close a bold span the cut left open.
  const bolds = (cut.match(/(?<!\\)\*\*/g) ?? []).length;
  if (bolds % 2 === 1) cut = cut.length + 3 <= max ? `${cut}**` : cut.replace(/(?<!\\)\*\*(?!.*(?<!\\)\*\*)/s, '');
  return `${cut.trimEnd()}…`;
}

/** A masked link whose URL cannot break out of the markdown. */
export function markdownLink(label: string, url: string): string {
  return `[${escapeMarkdown(label)}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\s/g, '%20')})`;
}
