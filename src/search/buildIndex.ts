import MiniSearch from 'minisearch';
import type { Corpus } from '../corpus/loadCorpus.js';
import { SEARCH } from '../config/constants.js';
import { analyze } from './textProcessing.js';

/** One paragraph of one article: the unit the bot searches and cites. */
export interface Passage {
  key: string;
  articleId: string;
  /** 1-based position of the paragraph in its article. */
  paragraph: number;
  text: string;
  title: string;
  outlet: string;
  published: string;
  url: string | null;
  /** Registry ids the article reports (statements and responses). */
  reports: string[];
}

export interface PassageIndex {
  search: MiniSearch<Passage>;
  passages: Map<string, Passage>;
  /** Passages in corpus order. */
  ordered: Passage[];
  /** How many passages contain each term, for weighting query terms. */
  documentFrequency: Map<string, number>;
}

export function passageKey(articleId: string, paragraph: number): string {
  return `${articleId}#${paragraph}`;
}

/** The words a passage's article is "about": the titles and aliases of what it reports. */
function aboutText(corpus: Corpus, reports: string[]): string {
  const entries = [...corpus.registry.statements, ...corpus.registry.responses];
  return entries
    .filter((e) => reports.includes(e.id))
    .flatMap((e) => [e.title, ...e.aliases])
    .join(' ; ');
}

/** Indexes every paragraph of the corpus. Pure: the same corpus always gives the same index. */
export function buildIndex(corpus: Corpus): PassageIndex {
  const ordered: Passage[] = corpus.articles.flatMap((article) =>
    article.paragraphs.map((text, i) => ({
      key: passageKey(article.id, i + 1),
      articleId: article.id,
      paragraph: i + 1,
      text,
      title: article.title,
      outlet: article.outlet,
      published: article.published,
      url: article.url,
      reports: article.reports,
    })),
  );
  const about = new Map(corpus.articles.map((a) => [a.id, aboutText(corpus, a.reports)]));

  const search = new MiniSearch<Passage>({
    idField: 'key',
    fields: ['text', 'title', 'about'],
    storeFields: [],
    extractField: (doc, field) => (field === 'about' ? about.get(doc.articleId) ?? '' : String(doc[field as keyof Passage] ?? '')),
    // Analysis happens in tokenize so the synonym phrases can span words; terms arrive processed.
    tokenize: (text) => analyze(text),
    processTerm: (term) => term,
    searchOptions: {
      tokenize: (text) => analyze(text, { isQuery: true }),
      processTerm: (term) => term,
      boost: { ...SEARCH.boost },
      fuzzy: (term) => (term.length >= SEARCH.fuzzyMinLength && !/^\d+$/.test(term) ? SEARCH.fuzzy : false),
      prefix: false,
      combineWith: 'OR',
    },
  });
  search.addAll(ordered);

  const documentFrequency = new Map<string, number>();
  for (const passage of ordered) {
    for (const term of new Set(analyze(passage.text))) {
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
  }
  return { search, passages: new Map(ordered.map((p) => [p.key, p])), ordered, documentFrequency };
}
