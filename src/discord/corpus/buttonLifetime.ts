/** How long a removal's Confirm works, and which article it names once clicked. */
import { REMOVE_CONFIRM_TTL_MS, articleHash } from '../corpusCommands.js';

/** A signed time, so it is ours; one ahead of the clock (beyond a minute's skew) is refused all the same. */
export function removalExpired(issuedAt: number, now = Date.now()): boolean {
  const age = now - issuedAt;
  return age > REMOVE_CONFIRM_TTL_MS || age < -60_000;
}

/** The article a removal button names (an id too long for the id is carried as its hash), or null when it is gone. */
export function removalTarget(articles: ReadonlyArray<{ id: string }>, article: string): string | null {
  if (!article.startsWith('#')) return article;
  return articles.find((a) => articleHash(a.id) === article)?.id ?? null;
}
