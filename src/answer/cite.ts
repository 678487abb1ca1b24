import type { Passage } from '../search/buildIndex.js';
import type { Statement } from '../corpus/schema.js';
import { formatPublished } from '../corpus/published.js';
import type { Citation, StatementRef } from './answer.js';

type Citable = { passage: Passage; highlights?: Array<[number, number]> };

/** Numbers passages as citations, starting at `first`. */
export function cite(items: Citable[], first = 1): Citation[] {
  return items.map(({ passage, highlights }, i) => ({
    n: first + i,
    articleId: passage.articleId,
    paragraph: passage.paragraph,
    text: passage.text,
    outlet: passage.outlet,
    title: passage.title,
    published: passage.published,
    url: passage.url,
    highlights: highlights ?? [],
  }));
}

/**
 * One page of a paged answer: the items from `offset` (at most `limit`), cited and numbered from
 * offset + 1, and where the page stands in the whole (`page` of the JSON answer).
 */
export function citedPage(
  items: Citable[],
  offset: number,
  limit: number,
): { citations: Citation[]; page: { offset: number; total: number } } {
  return { citations: cite(items.slice(offset, offset + limit), offset + 1), page: { offset, total: items.length } };
}

export function statementRef(s: Statement): StatementRef {
  return { id: s.id, title: s.title, date: s.date };
}

/** "NATO Washington Summit Declaration (10 July 2024)" */
export function describeStatement(s: { title: string; date: string }): string {
  return `${s.title} (${formatPublished(s.date)})`;
}
