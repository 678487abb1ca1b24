import { parseArticleFile } from './articleFile.js';
import { cleanArticleText } from './cleanText.js';
import { extractHtml } from './extractHtml.js';
import { Refusal } from './refusal.js';

export type ImportFormat = 'md' | 'txt' | 'html';

/** An upload's text to read as an article: what the CPU-heavy part of an import gets, and all it gets. */
export interface ArticleTextJob {
  text: string;
  format: ImportFormat;
  /** The file name or URL it came from. */
  origin: string;
  /** The page's address, when it came from the web. */
  url: string | null;
}

/** What a source yields before the moderator's overrides are applied. */
export interface ExtractedArticle {
  format: ImportFormat;
  origin: string;
  id?: string;
  title: string | null;
  outlet: string | null;
  outletFrom?: string;
  url: string | null;
  published: string | null;
  publishedNote?: string;
  reports: string[];
  source?: string;
  paragraphs: string[];
}

/**
 * Reads an upload's text as an article, in this thread. A long-running process (the bot) and the
 * CLI run it in a worker thread instead (articleReaderWorker.ts) with a time limit, so that a hostile
 * upload costs that thread only: parsing an HTML page with jsdom, cleaning text, parsing front matter.
 */
export type ArticleTextReader = (job: ArticleTextJob) => Promise<ExtractedArticle>;

export const readArticleText: ArticleTextReader = async ({ text, format, origin, url }) => {
  if (format === 'md') {
    const parsed = parseArticleFile(text, origin);
    if ('problems' in parsed) throw Refusal.fromProblems('invalid-article', `${origin} is not a valid corpus article`, parsed.problems);
    const a = parsed.article;
    return {
      format, origin, id: a.id, title: a.title, outlet: a.outlet, url: a.url ?? url, published: a.published,
      ...(a.publishedNote ? { publishedNote: a.publishedNote } : {}),
      reports: a.reports, ...(a.source ? { source: a.source } : {}), paragraphs: a.paragraphs,
    };
  }
  if (format === 'txt') {
    const { title, paragraphs } = cleanArticleText(text);
    return { format, origin, title, outlet: null, url, published: null, reports: [], paragraphs };
  }
  const html = await extractHtml(text, url);
  const host = url ? new URL(url).hostname.replace(/^www\./, '') : null;
  return {
    format, origin, title: html.title,
    outlet: html.siteName ?? host,
    ...(html.siteName ? { outletFrom: "the page's site name" } : host ? { outletFrom: 'the web address' } : {}),
    url, published: html.published,
    ...(html.publishedFrom ? { publishedNote: `Date from the page's ${html.publishedFrom} metadata.` } : {}),
    reports: [], paragraphs: html.paragraphs,
  };
};
