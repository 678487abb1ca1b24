import { publishedSortKey } from '../corpus/published.js';
import { perKnowledge } from '../statements/perKnowledge.js';
import { defineCommand } from './command.js';
import { sourcesDeclaration } from './definitions.js';

/** The articles in date order, as sources lists them (sorted once per knowledge). */
const articlesByDate = perKnowledge((knowledge, _all: null) =>
  [...knowledge.corpus.articles].sort(
    (a, b) => publishedSortKey(a.published).localeCompare(publishedSortKey(b.published)) || a.id.localeCompare(b.id),
  ),
);

export const sourcesCommand = defineCommand(sourcesDeclaration, {
  run(knowledge) {
    const articles = articlesByDate(knowledge, null).map((a) => ({
      id: a.id,
      outlet: a.outlet,
      published: a.published,
      title: a.title,
      url: a.url,
      paragraphs: a.paragraphs.length,
    }));
    const paragraphs = articles.reduce((n, a) => n + a.paragraphs, 0);
    return {
      command: 'sources',
      match: 'answered',
      query: null,
      statement: null,
      citations: [],
      articles,
      lead: `${articles.length} articles, ${paragraphs} paragraphs.`,
    };
  },
});
