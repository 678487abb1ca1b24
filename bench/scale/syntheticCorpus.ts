/**
 * A synthetic topical corpus of any size, for the scale bench: the bundled corpus plus generated
 * articles whose paragraphs are drawn from the real articles' vocabulary, so that nearly every
 * question concept has long posting lists, as a grown corpus would.
 *
 * Deterministic: the same seed gives byte-identical files. CLI: `tsx bench/scale/syntheticCorpus.ts <dir> <N> [seed]`.
 */
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serializeArticle } from '../../src/corpus/articleFile.js';
import { ARTICLES_DIR, REGISTRY_FILE, loadCorpus, type Corpus } from '../../src/corpus/loadCorpus.js';

/** The bundled corpus, whatever the working directory. */
export const BUNDLED_CORPUS = fileURLToPath(new URL('../../corpus', import.meta.url));
/** Paragraphs per generated article file. */
export const PARAGRAPHS_PER_ARTICLE = 20;
/** Generated article ids are this prefix and a zero-padded number, so names sort in generation order. */
const ID_PREFIX = 'synthetic';
/** Share of generated articles that report on one or two registry entries. */
const REPORTING_SHARE = 0.6;
/** Sentences are cut at this many words if the walk has not reached a full stop. */
const MAX_SENTENCE_WORDS = 60;

export interface SyntheticCorpusSize {
  articles: number;
  paragraphs: number;
}

/**
 * Writes into `dir` (created if missing) the bundled corpus plus generated articles of
 * PARAGRAPHS_PER_ARTICLE paragraphs each (the last one may be shorter) until the corpus holds
 * `paragraphs` paragraphs in all. A target below the bundled corpus's size gives the bundled corpus.
 */
export async function writeSyntheticCorpus(dir: string, paragraphs: number, seed = 1): Promise<SyntheticCorpusSize> {
  const real = await loadCorpus(BUNDLED_CORPUS);
  await mkdir(join(dir, ARTICLES_DIR), { recursive: true });
  await cp(join(BUNDLED_CORPUS, REGISTRY_FILE), join(dir, REGISTRY_FILE));
  for (const article of real.articles) await cp(join(BUNDLED_CORPUS, article.file), join(dir, article.file));

  const realParagraphs = real.articles.reduce((sum, a) => sum + a.paragraphs.length, 0);
  const writer = new ArticleWriter(real, mulberry32(seed));
  let remaining = Math.max(0, Math.floor(paragraphs) - realParagraphs);
  let generated = 0;
  const width = String(Math.ceil(remaining / PARAGRAPHS_PER_ARTICLE)).length;
  while (remaining > 0) {
    const count = Math.min(PARAGRAPHS_PER_ARTICLE, remaining);
    const id = `${ID_PREFIX}-${String(generated + 1).padStart(width, '0')}`;
    await writeFile(join(dir, ARTICLES_DIR, `${id}.md`), writer.article(id, count));
    generated++;
    remaining -= count;
  }
  return { articles: real.articles.length + generated, paragraphs: Math.max(realParagraphs, Math.floor(paragraphs)) };
}

/**
 * The text of one more generated article, `id`.md, for adding to a corpus written by
 * writeSyntheticCorpus; another seed than the corpus's keeps it from repeating one of its articles.
 */
export async function syntheticArticleText(id: string, paragraphs = PARAGRAPHS_PER_ARTICLE, seed = 1): Promise<string> {
  return new ArticleWriter(await loadCorpus(BUNDLED_CORPUS), mulberry32(seed)).article(id, paragraphs);
}

/** Generated articles in the real articles' style: their outlets, registry references, sentence and paragraph lengths. */
class ArticleWriter {
  private readonly text: BigramText;
  private readonly outlets: string[];
  private readonly registryIds: string[];
  private readonly sentencesPerParagraph: number[];

  constructor(
    real: Corpus,
    private readonly random: () => number,
  ) {
    const paragraphs = real.articles.flatMap((a) => a.paragraphs);
    this.text = new BigramText(paragraphs, random);
    this.outlets = [...new Set(real.articles.map((a) => a.outlet))];
    this.registryIds = [...real.registry.statements, ...real.registry.responses].map((e) => e.id);
    this.sentencesPerParagraph = paragraphs.map((p) => splitSentences(p).length);
  }

  article(id: string, paragraphCount: number): string {
    const paragraphs: string[] = [];
    for (let i = 0; i < paragraphCount; i++) {
      const sentences = this.pick(this.sentencesPerParagraph);
      paragraphs.push(Array.from({ length: sentences }, () => this.text.sentence()).join(' '));
    }
    return serializeArticle({
      id,
      title: this.text
        .sentence()
        .replace(/[.?!]$/, '')
        .slice(0, 200),
      outlet: this.pick(this.outlets),
      url: null,
      published: this.day(),
      reports: this.reports(),
      paragraphs,
    });
  }

  private reports(): string[] {
    if (this.random() >= REPORTING_SHARE) return [];
    const first = this.pick(this.registryIds);
    const second = this.pick(this.registryIds);
    return this.random() < 0.5 || second === first ? [first] : [first, second];
  }

  /** A day of 2024, the year the real statements are from. */
  private day(): string {
    const month = 1 + Math.floor(this.random() * 12);
    const day = 1 + Math.floor(this.random() * 28);
    return `2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }
}

/**
 * A word-bigram sampler trained on real paragraphs: sentences start with a word that starts a real
 * sentence and walk the successors seen in the real text until a word that ends a sentence, with a
 * target length drawn from the real sentences' lengths.
 */
class BigramText {
  private readonly next = new Map<string, string[]>();
  private readonly starts: string[] = [];
  private readonly lengths: number[] = [];

  constructor(
    paragraphs: string[],
    private readonly random: () => number,
  ) {
    for (const paragraph of paragraphs) {
      for (const sentence of splitSentences(paragraph)) {
        const words = sentence
          .split(' ')
          .map(plainWord)
          .filter((w) => w !== '');
        if (words.length === 0) continue;
        this.starts.push(words[0]!);
        this.lengths.push(words.length);
        for (let i = 0; i + 1 < words.length; i++) {
          const successors = this.next.get(words[i]!) ?? [];
          successors.push(words[i + 1]!);
          this.next.set(words[i]!, successors);
        }
      }
    }
  }

  sentence(): string {
    const target = Math.min(MAX_SENTENCE_WORDS, this.lengths[Math.floor(this.random() * this.lengths.length)]!);
    const words = [this.starts[Math.floor(this.random() * this.starts.length)]!];
    while (words.length < MAX_SENTENCE_WORDS) {
      const last = words[words.length - 1]!;
      if (endsSentence(last) && words.length >= Math.min(target, 4)) break;
      const successors = this.next.get(last);
      if (!successors) break;
      // Past the target length, prefer a successor that ends the sentence when there is one.
      const ending = words.length >= target ? successors.filter(endsSentence) : [];
      const from = ending.length > 0 ? ending : successors;
      words.push(from[Math.floor(this.random() * from.length)]!);
    }
    const text = words.join(' ').replace(/[,;:]$/, '');
    const capitalized = text.charAt(0).toUpperCase() + text.slice(1);
    return /[.?!]$/.test(capitalized) ? capitalized : `${capitalized}.`;
  }
}

/** Sentences of a paragraph: split after a full stop, question or exclamation mark followed by a space. */
function splitSentences(paragraph: string): string[] {
  return paragraph.split(/(?<=[.?!]["”’)]?)\s+/).filter((s) => s.trim() !== '');
}

/** A word without quotation marks and brackets, which a bigram walk could not keep balanced. */
function plainWord(word: string): string {
  return word.replace(/["“”()[\]]/g, '').replace(/^['‘’]+|['‘’]+$/g, '');
}

function endsSentence(word: string): boolean {
  return /[.?!]$/.test(word) && !/^(?:[A-Z]\.)+$|^(?:Mr|Mrs|Ms|Dr|St|U\.S)\.$/.test(word);
}

/** A small seeded PRNG (mulberry32): the same seed, the same sequence, on every platform. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, count, seed] = process.argv.slice(2);
  const paragraphs = Number(count);
  if (!dir || !Number.isInteger(paragraphs) || paragraphs < 0) {
    console.error('usage: tsx bench/scale/syntheticCorpus.ts <dir> <paragraphs> [seed]');
    process.exit(2);
  }
  const size = await writeSyntheticCorpus(dir, paragraphs, seed === undefined ? 1 : Number(seed));
  console.log(`${dir}: ${size.articles} articles, ${size.paragraphs} paragraphs`);
}
