/** From a /corpus subcommand's options to what the moderation service takes: an import, a registry entry. */
import type { z } from 'zod';
import type { ImportInput, ImportOverrides } from '../../corpus/importArticle.js';
import { responseSchema, statementSchema, type DprkResponse, type Statement } from '../../corpus/schema.js';
import { splitAliases, splitIds } from '../corpusCommands.js';
import type { IncomingAttachment, OptionReader } from '../incoming.js';

export function stringsOf(options: OptionReader, names: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of names) out[name] = options.getString(name) ?? undefined;
  return out;
}

export function issuesOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`).join('; ');
}

/** `/corpus add`: the source (a file or a URL) and what the moderator gave for it. */
export function importOf(options: OptionReader): { file: IncomingAttachment | null; input: ImportInput | null; overrides: ImportOverrides } {
  const file = options.getAttachment('file');
  const url = options.getString('url');
  const given = stringsOf(options, ['title', 'outlet', 'published']);
  const statements = splitIds(options.getString('statement'));
  const overrides: ImportOverrides = {
    ...(given.title ? { title: given.title } : {}),
    ...(given.outlet ? { outlet: given.outlet } : {}),
    ...(given.published ? { published: given.published } : {}),
    ...(statements ? { statements } : {}),
    // With a file, the url is the article's web address (of a saved page, say), not fetched.
    ...(file && url ? { url } : {}),
  };
  const input: ImportInput | null = file
    ? { kind: 'attachment', url: file.url, name: file.name, size: file.size, mediaType: file.contentType }
    : url
      ? { kind: 'url', url }
      : null;
  return { file, input, overrides };
}

export type RegistryEntry =
  | { ok: false; error: z.ZodError }
  | { ok: true; kind: 'statement'; entry: Statement }
  | { ok: true; kind: 'response'; entry: DprkResponse };

/** The statement or response the options describe, validated (the service validates again, with the registry). */
export function registryEntryOf(options: OptionReader, kind: 'statement' | 'response'): RegistryEntry {
  const o = stringsOf(options, ['id', 'title', 'date', 'issued-by', 'date-note', 'responds-to', 'channel']);
  const base = {
    id: o.id?.trim(),
    title: o.title,
    date: o.date?.trim(),
    ...(o['date-note'] ? { dateNote: o['date-note'] } : {}),
    issuedBy: o['issued-by'],
    aliases: splitAliases(options.getString('aliases')),
  };
  if (kind === 'statement') {
    const parsed = statementSchema.safeParse(base);
    return parsed.success ? { ok: true, kind, entry: parsed.data } : { ok: false, error: parsed.error };
  }
  const parsed = responseSchema.safeParse({ ...base, respondsTo: o['responds-to']?.trim(), channel: o.channel });
  return parsed.success ? { ok: true, kind, entry: parsed.data } : { ok: false, error: parsed.error };
}
