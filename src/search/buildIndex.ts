import MiniSearch from 'minisearch';
import type { Corpus } from '../corpus/loadCorpus.js';
import { formatPublished } from '../corpus/published.js';
import type { DprkResponse, Statement } from '../corpus/schema.js';
import { sentenceStarts } from './sentences.js';
import { analyze, analyzeWithOffsets, foldedWords, questionVocabulary, synonymWords, type Token } from './textProcessing.js';

/** The position of each text token counted in distinct places, so a synonym and its words share one. */
function positionsOf(tokens: Token[]): number[] {
  const positions: number[] = [];
  let place = -1;
  let lastStart = -1;
  for (const t of tokens) {
    if (t.start !== lastStart) [place, lastStart] = [place + 1, t.start];
    positions.push(place);
  }
  return positions;
}

/** The sentence (0, 1, …) each text token stands in. */
function sentencesOf(text: string, tokens: Token[]): number[] {
  const starts = sentenceStarts(text);
  let sentence = 0;
  return tokens.map((t) => {
    while (sentence < starts.length && starts[sentence]! <= t.start) sentence++;
    return sentence;
  });
}

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

/** The fields a passage is searched by: its own words, its article's title, and what the article is about. */
export type SearchField = 'text' | 'title' | 'about';
export const SEARCH_FIELDS: readonly SearchField[] = ['text', 'title', 'about'];

/** A passage as the ranker reads it: its text's terms in order, and term counts per field. */
export interface AnalyzedPassage {
  /** The index terms of the passage text, in order, with their spans (for proximity and highlights). */
  tokens: Token[];
  /** The place of each token, counted in distinct places, so a synonym and its words share one. */
  positions: number[];
  /** The sentence of each token, so words of one phrase are not matched across a full stop. */
  sentences: number[];
  counts: Record<SearchField, Map<string, number>>;
  /** The parties that issued what the article reports ("NATO heads of state"): the terms naming each, and whether it issued a statement or a response. */
  issuers: Issuer[];
  /** Number of terms in the text (for length normalisation). */
  length: number;
}

export interface Issuer {
  terms: Set<string>;
  issued: 'statement' | 'response';
}

export interface PassageIndex {
  /** The inverted index (MiniSearch) over the same analysis (text, title, about): finds the candidate passages of a question. */
  search: MiniSearch<Passage>;
  passages: Map<string, Passage>;
  /** Passages in corpus order. */
  ordered: Passage[];
  /** How many passages contain each term in any field: whether the corpus knows a term at all. */
  documentFrequency: Map<string, number>;
  /**
   * How many passage texts contain each term, for weighting query terms (titles and what an article
   * is about repeat on every paragraph of the article and would make their words look common).
   */
  textFrequency: Map<string, number>;
  /** Each passage analysed, by key. */
  analyzed: Map<string, AnalyzedPassage>;
  /** Mean number of terms in a passage text. */
  averageLength: number;
  /** Terms the passage texts always write capitalised within a sentence: proper names ("Japan", "Rutte", "North Korea"). */
  properTerms: Set<string>;
  /** Folded words of the corpus and its names, with how many passages use each: misspellings are corrected to these. */
  vocabulary: Map<string, number>;
}

export function passageKey(articleId: string, paragraph: number): string {
  return `${articleId}#${paragraph}`;
}

/** What an article reports: the registry's statements and responses it names, each with its kind. */
function reportedBy(corpus: Corpus, reports: string[]): Array<{ entry: Statement | DprkResponse; kind: Issuer['issued'] }> {
  return [
    ...corpus.registry.statements.map((entry) => ({ entry, kind: 'statement' as const })),
    ...corpus.registry.responses.map((entry) => ({ entry, kind: 'response' as const })),
  ].filter(({ entry }) => reports.includes(entry.id));
}

/** The words a passage's article is "about": the titles, aliases, dates and issuers of what it reports. */
function aboutText(corpus: Corpus, reports: string[]): string {
  return reportedBy(corpus, reports)
    .flatMap(({ entry }) => [entry.title, ...entry.aliases, formatPublished(entry.date), entry.issuedBy])
    .join(' ; ');
}

/** The parties that issued what an article reports, each as the terms naming it. */
function issuersOf(corpus: Corpus, reports: string[]): Issuer[] {
  return reportedBy(corpus, reports).map(({ entry, kind }) => ({ terms: new Set(analyze(entry.issuedBy)), issued: kind }));
}

function countTerms(terms: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
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
  const issuers = new Map(corpus.articles.map((a) => [a.id, issuersOf(corpus, a.reports)]));
  const fieldText = (p: Passage, field: SearchField) => (field === 'about' ? about.get(p.articleId) ?? '' : p[field]);

  // Titles and "about" texts repeat for every paragraph of an article, and MiniSearch analyses the same
  // fields again: analyse each distinct text once per build.
  const analyses = new Map<string, string[]>();
  const analyzeOnce = (text: string): string[] => {
    let terms = analyses.get(text);
    if (!terms) analyses.set(text, (terms = analyze(text)));
    return terms;
  };

  const search = new MiniSearch<Passage>({
    idField: 'key',
    fields: [...SEARCH_FIELDS],
    storeFields: [],
    extractField: (doc, field) => (field === 'about' ? about.get(doc.articleId) ?? '' : String(doc[field as keyof Passage] ?? '')),
    // Analysis happens in tokenize so the synonym phrases can span words; terms arrive processed.
    tokenize: (text) => analyzeOnce(text),
    processTerm: (term) => term,
  });

  const analyzed = new Map<string, AnalyzedPassage>();
  const documentFrequency = new Map<string, number>();
  const textFrequency = new Map<string, number>();
  const vocabulary = new Map<string, number>();
  // Per term: its uses within a sentence, and how many of them are capitalised.
  const casing = new Map<string, { uses: number; capitalised: number }>();
  for (const passage of ordered) {
    const tokens = analyzeWithOffsets(passage.text);
    analyses.set(passage.text, tokens.map((t) => t.term));
    const counts = {
      text: countTerms(tokens.map((t) => t.term)),
      title: countTerms(analyzeOnce(passage.title)),
      about: countTerms(analyzeOnce(fieldText(passage, 'about'))),
    };
    const sentences = sentencesOf(passage.text, tokens);
    tokens.forEach((t, i) => {
      if (i === 0 || sentences[i - 1] !== sentences[i]) return;
      const c = casing.get(t.term) ?? { uses: 0, capitalised: 0 };
      c.uses++;
      if (/^\p{Lu}/u.test(passage.text.slice(t.start, t.end))) c.capitalised++;
      casing.set(t.term, c);
    });
    analyzed.set(passage.key, {
      tokens,
      positions: positionsOf(tokens),
      sentences,
      counts,
      issuers: issuers.get(passage.articleId) ?? [],
      length: tokens.length,
    });
    for (const term of new Set(SEARCH_FIELDS.flatMap((f) => [...counts[f].keys()]))) {
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
    for (const term of counts.text.keys()) textFrequency.set(term, (textFrequency.get(term) ?? 0) + 1);
    for (const word of new Set(SEARCH_FIELDS.flatMap((f) => foldedWords(fieldText(passage, f))))) {
      vocabulary.set(word, (vocabulary.get(word) ?? 0) + 1);
    }
  }
  // Names people use for what the corpus covers are words worth correcting to, even where no passage uses them.
  const names = [...corpus.registry.statements, ...corpus.registry.responses].flatMap((e) => [e.title, ...e.aliases, e.issuedBy]);
  for (const word of [...names.flatMap(foldedWords), ...synonymWords, ...questionVocabulary]) if (!vocabulary.has(word)) vocabulary.set(word, 0);

  search.addAll(ordered);

  const averageLength = ordered.length === 0 ? 1 : [...analyzed.values()].reduce((s, a) => s + a.length, 0) / ordered.length;
  const properTerms = new Set([...casing].filter(([, c]) => c.capitalised === c.uses).map(([term]) => term));
  return { search, passages: new Map(ordered.map((p) => [p.key, p])), ordered, documentFrequency, textFrequency, analyzed, averageLength, properTerms, vocabulary };
}
