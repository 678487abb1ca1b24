import { loadCorpus } from '../../src/corpus/loadCorpus.js';

/** One paragraph as the peer systems index it: the text with its article's title. */
export interface PeerParagraph {
  id: number;
  title: string;
  text: string;
}

/**
 * The corpus's paragraphs for the peers, read through the project's own loader so that "load" is
 * the same work for every system and "build" compares the indexes alone.
 */
export async function loadParagraphs(dir: string): Promise<PeerParagraph[]> {
  const corpus = await loadCorpus(dir);
  return corpus.articles
    .flatMap((article) => article.paragraphs.map((text) => ({ title: article.title, text })))
    .map((p, id) => ({ id, ...p }));
}
