import { readFile, writeFile } from 'node:fs/promises';
import { parseArticleFile } from '../../src/corpus/articleFile.js';
import { loadParagraphs, type PeerParagraph } from './paragraphs.js';
import type { ScaleSystem, StartedFrom } from './system.js';

/** How many hits a peer's answer shows, as the bot's answer cites a handful of passages. */
const SHOWN = 5;

/** One peer library's index, behind the few operations the bench needs. */
export interface PeerIndex {
  add(paragraph: PeerParagraph): void;
  /** Paragraph ids, best first. */
  search(question: string): number[];
  /** The index as a string to write as a snapshot. */
  serialize(): string;
}

export interface PeerEngine {
  readonly name: string;
  create(): PeerIndex;
  /** An index from what `serialize` wrote. */
  restore(serialized: string): PeerIndex;
}

/**
 * A peer search library used the plain way: paragraphs read through the project's loader, indexed
 * with the library's defaults, the top hits' texts looked up for an answer. A reload is a rebuild on
 * the main thread, the libraries having no way to build elsewhere.
 */
export class PeerSystem implements ScaleSystem {
  readonly name: string;
  readonly writesBy = 'serialising';
  #dir = '';
  #paragraphs: PeerParagraph[] = [];
  #index: PeerIndex;

  constructor(private readonly engine: PeerEngine) {
    this.name = engine.name;
    this.#index = engine.create();
  }

  async load(dir: string): Promise<void> {
    this.#dir = dir;
    this.#paragraphs = await loadParagraphs(dir);
  }

  async build(): Promise<void> {
    this.#index = this.#indexOf(this.#paragraphs);
  }

  ask(question: string): void {
    for (const id of this.#index.search(question).slice(0, SHOWN)) void this.#paragraphs[id]!.text;
  }

  async reload(): Promise<void> {
    const paragraphs = await loadParagraphs(this.#dir);
    const index = this.#indexOf(paragraphs);
    this.#paragraphs = paragraphs;
    this.#index = index;
  }

  async addArticle(file: string): Promise<'added'> {
    const parsed = parseArticleFile(await readFile(file, 'utf8'), file);
    if (!('article' in parsed)) throw new Error(`not a valid article: ${file}`);
    for (const text of parsed.article.paragraphs) {
      const paragraph = { id: this.#paragraphs.length, title: parsed.article.title, text };
      this.#paragraphs.push(paragraph);
      this.#index.add(paragraph);
    }
    return 'added';
  }

  async writeSnapshot(file: string): Promise<'written'> {
    await writeFile(file, this.#index.serialize());
    return 'written';
  }

  /** The paragraphs' texts from the corpus (to show the hits), the index from the snapshot. */
  async start(dir: string, snapshotFile: string): Promise<StartedFrom> {
    this.#dir = dir;
    this.#paragraphs = await loadParagraphs(dir);
    this.#index = this.engine.restore(await readFile(snapshotFile, 'utf8'));
    return 'snapshot';
  }

  #indexOf(paragraphs: PeerParagraph[]): PeerIndex {
    const index = this.engine.create();
    for (const paragraph of paragraphs) index.add(paragraph);
    return index;
  }
}
