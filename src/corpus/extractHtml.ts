// Types only: the modules themselves load on first use (preloadHtmlExtractor).
import type { JSDOM, VirtualConsole } from 'jsdom';
import type { Readability } from '@mozilla/readability';
import type { parse } from 'parse5';
import { IMPORT } from '../config/constants.js';
import { cleanArticleText } from './cleanText.js';
import { nestingDepth } from './htmlNesting.js';
import { isValidPublished } from './published.js';
import { Refusal } from './refusal.js';

/** What an HTML page says about its article. Every field is as the page gives it, or null. */
export interface ExtractedHtml {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  /** YYYY-MM-DD or YYYY-MM as the page's metadata gives it; null when it gives none. */
  published: string | null;
  /** Where the date came from ("article:published_time"), for the article's publishedNote. */
  publishedFrom: string | null;
  /** The article's own paragraphs, cleaned by the same rules as the seeds. */
  paragraphs: string[];
}

interface HtmlExtractor {
  JSDOM: typeof JSDOM;
  VirtualConsole: typeof VirtualConsole;
  Readability: typeof Readability;
  parse: typeof parse;
}
let modules: Promise<HtmlExtractor> | null = null;

/**
 * Loads jsdom and Readability. They load on first use because importing jsdom takes about a second,
 * which no other command should pay; that second blocks the event loop, so a long-running process
 * (the bot) calls this at start-up rather than in the middle of a moderator's first HTML import.
 */
export function preloadHtmlExtractor(): Promise<HtmlExtractor> {
  // One after another: jsdom require()s parse5, which must not be half-loaded by our import() meanwhile.
  modules ??= (async () => {
    const jsdom = await import('jsdom');
    const readability = await import('@mozilla/readability');
    const parse5 = await import('parse5');
    return { JSDOM: jsdom.JSDOM, VirtualConsole: jsdom.VirtualConsole, Readability: readability.Readability, parse: parse5.parse };
  })();
  return modules;
}

/** Metadata that dates an article, most specific first. */
const DATE_META = [
  'article:published_time',
  'og:article:published_time',
  'datePublished',
  'publish-date',
  'publish_date',
  'pubdate',
  'date',
  'dc.date',
  'dc.date.issued',
  'dcterms.created',
  'parsely-pub-date',
  'sailthru.date',
];

/**
 * Finds the article in an HTML page with Mozilla Readability (on jsdom, which never runs the page's
 * scripts nor loads its resources), then keeps the paragraphs of the article's content and passes
 * them through the boilerplate cleaner the bundled corpus was made with.
 */
export async function extractHtml(html: string, url: string | null): Promise<ExtractedHtml> {
  const { JSDOM, VirtualConsole, Readability, parse: parseHtml } = await preloadHtmlExtractor();
  if (nestingDepth(parseHtml, html, IMPORT.maxHtmlDepth) > IMPORT.maxHtmlDepth) {
    throw new Refusal('too-complex', `the page nests its elements more than ${IMPORT.maxHtmlDepth} levels deep, which no article page does; it is not read`);
  }
  // A silent console: pages are full of CSS jsdom cannot parse, which is no concern of ours.
  const dom = new JSDOM(html, { url: url ?? undefined, virtualConsole: new VirtualConsole() });
  try {
    const document = dom.window.document;
    const dated = findPublished(document);
    const article = new Readability(document, { serializer: (node) => node }).parse();
    if (!article?.content) {
      return { title: null, byline: null, siteName: null, published: dated?.date ?? null, publishedFrom: dated?.from ?? null, paragraphs: [] };
    }
    const published = dated ?? fromTimestamp(article.publishedTime, 'the page metadata');
    const raw = paragraphsOf(article.content as Element);
    // The cleaner works on lines; one paragraph per block keeps each intact and traceable.
    const { paragraphs } = cleanArticleText(raw.join('\n\n'));
    return {
      title: clean(article.title),
      byline: clean(article.byline),
      siteName: clean(article.siteName),
      published: published?.date ?? null,
      publishedFrom: published?.from ?? null,
      paragraphs,
    };
  } finally {
    dom.window.close();
  }
}

/** The text of each paragraph of the article content; captions and asides are not the article's prose. */
function paragraphsOf(content: Element): string[] {
  const out: string[] = [];
  for (const p of content.querySelectorAll('p')) {
    if (p.closest('figcaption, figure, aside, nav, footer, header, table')) continue;
    const text = (p.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (text) out.push(text);
  }
  if (out.length > 0) return out;
  // No <p> at all (text in divs broken by <br>): fall back to the content's lines.
  return (content.textContent ?? '').split(/\n+/).map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

function findPublished(document: Document): { date: string; from: string } | null {
  for (const name of DATE_META) {
    const meta = document.querySelector(`meta[property="${name}" i], meta[name="${name}" i], meta[itemprop="${name}" i]`);
    const found = fromTimestamp(meta?.getAttribute('content'), name);
    if (found) return found;
  }
  const time = document.querySelector('article time[datetime], time[pubdate][datetime], time[datetime]');
  return fromTimestamp(time?.getAttribute('datetime'), '<time datetime>');
}

/**
 * The publication date at the precision a machine-readable timestamp gives it, in the publisher's
 * own time zone (the date as written, never shifted): "2024-12-19T08:10:00+09:00" → 2024-12-19.
 */
function fromTimestamp(value: string | null | undefined, from: string): { date: string; from: string } | null {
  const m = /^\s*(\d{4})-(\d{2})(?:-(\d{2}))?(?:$|[T\s])/.exec(value ?? '');
  if (!m) return null;
  const date = m[3] ? `${m[1]}-${m[2]}-${m[3]}` : `${m[1]}-${m[2]}`;
  return isValidPublished(date) ? { date, from } : null;
}

function clean(value: string | null | undefined): string | null {
  const text = (value ?? '').replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}
