import type { Article } from './articleFile.js';
import { Refusal } from './refusal.js';

/** A URL as a key: the fragment, a trailing slash and http-vs-https do not make another page. */
function urlKey(url: string): string {
  const u = new URL(url);
  u.hash = '';
  return u.href.replace(/\/$/, '').replace(/^http:/, 'https:');
}

/** Refuses an article the corpus already holds: the same page (URL) or the same text. */
export function refuseDuplicateArticle(candidate: { url: string | null; paragraphs: string[] }, articles: readonly Article[]): void {
  const key = candidate.url ? urlKey(candidate.url) : null;
  for (const article of articles) {
    if (key && article.url && urlKey(article.url) === key) {
      throw new Refusal('duplicate', `this article is already in the corpus as "${article.id}" (same URL)`);
    }
    const same = article.paragraphs.length === candidate.paragraphs.length && article.paragraphs.every((p, i) => p === candidate.paragraphs[i]);
    if (same) throw new Refusal('duplicate', `this article is already in the corpus as "${article.id}" (same text)`);
  }
}
