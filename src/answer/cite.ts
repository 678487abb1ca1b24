import type { Passage } from '../search/buildIndex.js';
import type { Statement } from '../corpus/schema.js';
import { formatPublished } from '../corpus/published.js';
import type { Citation, StatementRef } from './answer.js';

/** Numbers passages as citations, starting at `first`. */
export function cite(
  items: Array<{ passage: Passage; highlights?: Array<[number, number]> }>,
  first = 1,
): Citation[] {
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

export function statementRef(s: Statement): StatementRef {
  return { id: s.id, title: s.title, date: s.date };
}

/** "NATO Washington Summit Declaration (10 July 2024)" */
export function describeStatement(s: { title: string; date: string }): string {
  return `${s.title} (${formatPublished(s.date)})`;
}
