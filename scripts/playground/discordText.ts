/**
 * A Discord message (API shape) as terminal text, the way a reader would see it in Discord: the
 * embed's title, description, fields and footer with markdown resolved (masked links shown with their
 * URL, bold as bold or plain), then the buttons, numbered so a person can press one by typing its number.
 */
import { MessageFlags, type APIEmbed } from 'discord-api-types/v10';
import { unescapeMarkdown } from '../../src/render/markdown.js';

export interface MessageLikeForText {
  content?: string | null;
  embeds?: readonly APIEmbed[];
  components?: readonly unknown[];
  flags?: number | null;
}

export interface TextButton {
  /** 1-based number shown next to the button. */
  n: number;
  label: string;
  customId?: string;
  url?: string;
  disabled: boolean;
}

export interface TextRenderOptions {
  /** ANSI bold and dim (for a TTY). */
  color?: boolean;
}

const ANSI = { bold: ['\u001b[1m', '\u001b[22m'], dim: ['\u001b[2m', '\u001b[22m'] } as const;

/** Discord markdown as plain text: `[label](url)` → `label <url>`, `**bold**` → bold, `code` → code, escapes removed. */
export function markdownToText(markdown: string, { color = false }: TextRenderOptions = {}): string {
  const code = markdown.replace(/(?<!\\)`([^`\n]*)(?<!\\)`/g, '$1');
  const links = code.replace(
    /\[((?:\\.|[^\]\\])*)\]\((\S+?)\)/g,
    (_, label: string, url: string) => `${label} <${url}>`,
  );
  const bold = links.replace(/(?<!\\)\*\*((?:\\.|[^*\\])*?)(?<!\\)\*\*/g, (_, inner: string) =>
    color ? `${ANSI.bold[0]}${inner}${ANSI.bold[1]}` : inner,
  );
  return unescapeMarkdown(bold);
}

/** The buttons of a message in reading order (rows, then left to right), numbered from 1. */
function messageButtons(components: readonly unknown[] = []): TextButton[] {
  const out: TextButton[] = [];
  for (const row of components) {
    const children = (row as { components?: unknown[] }).components ?? [];
    for (const c of children) {
      const b = c as { type?: number; label?: string; custom_id?: string; url?: string; disabled?: boolean };
      if (b.type !== 2) continue;
      out.push({
        n: out.length + 1,
        label: b.label ?? '',
        ...(b.custom_id ? { customId: b.custom_id } : {}),
        ...(b.url ? { url: b.url } : {}),
        disabled: b.disabled === true,
      });
    }
  }
  return out;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

/** The whole message as lines of text, and its buttons. */
export function renderDiscordText(
  message: MessageLikeForText,
  options: TextRenderOptions = {},
): { text: string; buttons: TextButton[] } {
  const dim = (s: string) => (options.color ? `${ANSI.dim[0]}${s}${ANSI.dim[1]}` : s);
  const bold = (s: string) => (options.color ? `${ANSI.bold[0]}${s}${ANSI.bold[1]}` : s);
  const md = (s: string) => markdownToText(s, options);
  const out: string[] = [];
  if (((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0) out.push(dim('(only you can see this)'));
  if (message.content) out.push(md(message.content));
  for (const embed of message.embeds ?? []) {
    if (embed.author?.name) out.push(dim(embed.author.name));
    if (embed.title) out.push(bold(md(embed.title)));
    if (embed.description) out.push(md(embed.description));
    for (const field of embed.fields ?? []) {
      out.push('', bold(md(field.name)), indent(md(field.value), '  '));
    }
    if (embed.footer?.text) out.push('', dim(md(embed.footer.text)));
  }
  const buttons = messageButtons(message.components ?? []);
  if (buttons.length > 0) {
    out.push('');
    for (const b of buttons) {
      const what = b.url ? `${b.label} ↗ ${b.url}` : b.label;
      out.push(`  (${b.n}) ${what}${b.disabled ? ' (disabled)' : ''}`);
    }
  }
  return { text: out.join('\n'), buttons };
}
