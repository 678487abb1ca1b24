import { extname } from 'node:path';
import { z } from 'zod';
import { IMPORT } from '../config/constants.js';
import { proposeArticleId } from './articleId.js';
import { decodeText, sniffHtmlCharset } from './decodeText.js';
import { refuseDuplicateArticle } from './duplicates.js';
import { fetchArticle, formatBytes, type FetchOptions } from './fetchArticle.js';
import type { Corpus } from './loadCorpus.js';
import { SLUG_PATTERN, articleFrontMatterSchema, type ArticleFrontMatter } from './schema.js';
import { isValidPublished } from './published.js';
import { Refusal } from './refusal.js';
import { readArticleText, type ArticleTextReader, type ExtractedArticle, type ImportFormat } from './readArticleText.js';

export type { ImportFormat } from './readArticleText.js';

/**
 * Where an article to import comes from: a file's bytes, a page on the web, or a file attached to a
 * Discord message (downloaded through the same guarded fetch, then read as a file by its name).
 */
export type ImportInput =
  | { kind: 'file'; name: string; bytes: Uint8Array; mediaType?: string | null }
  | { kind: 'url'; url: string }
  | { kind: 'attachment'; url: string; name: string; size?: number; mediaType?: string | null };

/** What the moderator says about the article; each given field wins over what the source says. */
export const importOverridesSchema = z.strictObject({
  id: z.string().regex(SLUG_PATTERN, 'id: expected lowercase words joined by hyphens').max(IMPORT.maxIdLength).optional(),
  title: z.string().trim().min(1, 'title: must not be empty').max(300, 'title: at most 300 characters').optional(),
  outlet: z.string().trim().min(1, 'outlet: must not be empty').max(120, 'outlet: at most 120 characters').optional(),
  published: z
    .string()
    .trim()
    .refine(isValidPublished, 'published: expected YYYY-MM-DD (or YYYY-MM when only the month is known)')
    .optional(),
  url: z.url({ protocol: /^https?$/, message: 'url: expected an http or https address' }).optional(),
  statements: z.array(z.string().trim().min(1)).optional(),
});
export type ImportOverrides = z.infer<typeof importOverridesSchema>;

/** An article ready to be written: validated, and with a note of where each fact came from. */
export interface ArticleDraft {
  article: ArticleFrontMatter & { paragraphs: string[] };
  format: ImportFormat;
  /** The file name or URL it came from. */
  origin: string;
  /** How the metadata was found ("date from the page's article:published_time"), for the preview. */
  notes: string[];
}

export const articleDraftSchema = z.strictObject({
  article: articleFrontMatterSchema.extend({ paragraphs: z.array(z.string().min(1)).min(1) }),
  format: z.enum(['md', 'txt', 'html']),
  origin: z.string(),
  notes: z.array(z.string()),
});

/**
 * Turns an upload or a URL into a draft article, refusing (with a one-line reason) anything that is
 * not a sound article: too large, not text, no article in it, over the paragraph limits, metadata
 * missing that the source does not give (never guessed), a statement that does not exist, or an
 * article the corpus already holds. Writes nothing.
 */
export async function draftArticle(
  input: ImportInput,
  overridesInput: ImportOverrides,
  corpus: Corpus,
  fetchOptions: FetchOptions = {},
  read: ArticleTextReader = readArticleText,
): Promise<ArticleDraft> {
  const parsedOverrides = importOverridesSchema.safeParse(overridesInput);
  if (!parsedOverrides.success) throw new Refusal('invalid-article', parsedOverrides.error.issues.map((i) => i.message).join('; '));
  const overrides = parsedOverrides.data;

  const extracted = await extract(input, fetchOptions, read);
  checkParagraphs(extracted);
  const notes: string[] = [];

  // Every fact the source does not give is asked for at once, never guessed.
  const title = overrides.title ?? extracted.title;
  const outlet = overrides.outlet ?? extracted.outlet;
  const published = overrides.published ?? extracted.published;
  const missing = [
    !title && 'the title (--title / title:)',
    !outlet && 'the outlet (--outlet / outlet:)',
    !published && 'the publication date (--published / published: YYYY-MM-DD, or YYYY-MM if only the month is known)',
  ].filter((m): m is string => typeof m === 'string');
  if (!title || !outlet || !published) {
    throw new Refusal('missing-metadata', `${extracted.origin} does not give ${missing.join(', ')}: give ${missing.length === 1 ? 'it' : 'them'} with the command`);
  }
  if (!overrides.outlet && extracted.outletFrom) notes.push(`outlet from ${extracted.outletFrom}`);
  const publishedNote = overrides.published ? undefined : extracted.publishedNote;
  if (publishedNote && extracted.format === 'html') notes.push(publishedNote);

  const reports = overrides.statements ?? extracted.reports;
  checkReports(reports, corpus);
  if (reports.length === 0) notes.push('reports no statement: it is searchable by ask, but who-signed and dprk-response will not use it');

  const taken = new Set(corpus.articles.map((a) => a.id));
  const wantedId = overrides.id ?? extracted.id;
  if (wantedId && taken.has(wantedId)) throw new Refusal('duplicate', `an article with the id "${wantedId}" is already in the corpus`);
  const id = wantedId ?? proposeArticleId(title, outlet, taken);

  const url = overrides.url ?? extracted.url;
  refuseDuplicateArticle({ url, paragraphs: extracted.paragraphs }, corpus.articles);

  const front = articleFrontMatterSchema.safeParse({
    id,
    title,
    outlet,
    url,
    published,
    ...(publishedNote ? { publishedNote } : {}),
    reports,
    ...(extracted.source ? { source: extracted.source } : {}),
  });
  if (!front.success) {
    throw new Refusal('invalid-article', front.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  return { article: { ...front.data, paragraphs: extracted.paragraphs }, format: extracted.format, origin: extracted.origin, notes };
}

async function extract(input: ImportInput, fetchOptions: FetchOptions, read: ArticleTextReader): Promise<ExtractedArticle> {
  if (input.kind === 'attachment') {
    // The size Discord reports is checked first, so an oversized file is not even downloaded.
    if (input.size !== undefined && input.size > IMPORT.maxBytes) {
      throw new Refusal('too-large', `${input.name} is ${formatBytes(input.size)}; the limit is ${formatBytes(IMPORT.maxBytes)}`);
    }
    const page = await fetchArticle(input.url, { ...fetchOptions, contentTypes: 'any' });
    return extract({ kind: 'file', name: input.name, bytes: page.bytes, mediaType: input.mediaType ?? page.mediaType }, fetchOptions, read);
  }
  if (input.kind === 'url') {
    const page = await fetchArticle(input.url, fetchOptions);
    const format = formatOfMediaType(page.mediaType);
    if (!format) throw new Refusal('unsupported-type', `the page is ${page.mediaType}, which cannot be imported`);
    const charset = page.charset ?? (format === 'html' ? sniffHtmlCharset(page.bytes) : null);
    return read({ text: decodeText(page.bytes, charset, 'the page'), format, origin: page.url, url: page.url });
  }
  if (input.bytes.length > IMPORT.maxBytes) {
    throw new Refusal('too-large', `${input.name} is ${formatBytes(input.bytes.length)}; the limit is ${formatBytes(IMPORT.maxBytes)}`);
  }
  const format = formatOfName(input.name) ?? (input.mediaType ? formatOfMediaType(input.mediaType.split(';')[0]!.trim().toLowerCase()) : null);
  if (!format) {
    throw new Refusal('unsupported-type', `${input.name}: only .md (in the corpus format), .txt and .html files can be added`);
  }
  const charset = format === 'html' ? sniffHtmlCharset(input.bytes) : null;
  return read({ text: decodeText(input.bytes, charset, input.name), format, origin: input.name, url: null });
}

function formatOfName(name: string): ImportFormat | null {
  const ext = extname(name).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return 'md';
  if (ext === '.txt' || ext === '.text') return 'txt';
  if (ext === '.html' || ext === '.htm' || ext === '.xhtml') return 'html';
  return null;
}

function formatOfMediaType(mediaType: string): ImportFormat | null {
  if (mediaType === 'text/html' || mediaType === 'application/xhtml+xml') return 'html';
  if (mediaType === 'text/markdown') return 'md';
  if (mediaType === 'text/plain') return 'txt';
  return null;
}

/** Enough prose to be an article, and not so much that it cannot be one. */
function checkParagraphs({ paragraphs, origin, format }: ExtractedArticle): void {
  const words = paragraphs.reduce((n, p) => n + p.split(' ').length, 0);
  if (paragraphs.length < IMPORT.minParagraphs || words < IMPORT.minWords) {
    const what = format === 'html' ? 'no article found in the page' : `no article text found in ${origin}`;
    throw new Refusal(
      'no-article',
      `${what}: ${paragraphs.length} paragraph${paragraphs.length === 1 ? '' : 's'} of prose (${words} words) after removing navigation and boilerplate; at least ${IMPORT.minParagraphs} paragraphs and ${IMPORT.minWords} words are needed`,
    );
  }
  if (paragraphs.length > IMPORT.maxParagraphs) {
    throw new Refusal('too-many-paragraphs', `${origin} has ${paragraphs.length} paragraphs; the limit is ${IMPORT.maxParagraphs}`);
  }
  const long = paragraphs.findIndex((p) => p.length > IMPORT.maxParagraphChars);
  if (long >= 0) {
    throw new Refusal(
      'paragraph-too-long',
      `paragraph ${long + 1} of ${origin} has ${paragraphs[long]!.length} characters; the limit is ${IMPORT.maxParagraphChars} (split it into paragraphs with blank lines)`,
    );
  }
}

function checkReports(reports: string[], corpus: Corpus): void {
  const known = [...corpus.registry.statements, ...corpus.registry.responses].map((e) => e.id);
  const unknown = reports.filter((r) => !known.includes(r));
  if (unknown.length > 0) {
    throw new Refusal(
      'unknown-statement',
      `"${unknown[0]}" is not a statement or response in statements.yaml (known: ${known.join(', ')}); add it first with corpus statement add / corpus response add`,
    );
  }
}
