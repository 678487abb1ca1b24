import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { findCommand } from '../../src/commands/index.js';
import { warmUp } from '../../src/commands/warmUp.js';
import { parseArticleFile } from '../../src/corpus/articleFile.js';
import { loadCorpus, type Corpus } from '../../src/corpus/loadCorpus.js';
import { buildKnowledge } from '../../src/search/knowledge.js';
import { KnowledgeStore } from '../../src/search/knowledgeStore.js';
import type { ScaleSystem, StartedFrom } from './system.js';

const askCommand = findCommand('ask')!;

/**
 * The bot: the project's loader, index and knowledge store, answering through the `ask` command's
 * handler. The store measured keeps no snapshot (its add would start a background rebuild to refresh
 * one); the snapshot for the start-up is written by a store of its own.
 */
export class BotSystem implements ScaleSystem {
  readonly name = 'bot';
  readonly writesBy = 'opening';
  #dir = '';
  #corpus: Corpus | null = null;
  #store: KnowledgeStore | null = null;

  async load(dir: string): Promise<void> {
    this.#dir = dir;
    this.#corpus = await loadCorpus(dir);
  }

  /** The index built on this thread in one go: the work itself, comparable with the peers' builds. */
  async build(): Promise<void> {
    if (!this.#corpus) throw new Error('load the corpus first');
    this.#store = new KnowledgeStore(buildKnowledge(this.#corpus), this.#dir, { prepare: warmUp });
    this.#corpus = null;
  }

  /** As the router does: the options through the command's schema, then its handler on the current knowledge. */
  ask(question: string): void {
    askCommand.run(this.#opened().current, askCommand.options.parse({ question }));
  }

  /** As `/corpus reload` does: off this thread once the corpus is large, then swapped in. */
  async reload(): Promise<void> {
    await this.#opened().reload();
  }

  /** As a moderator's add does once the file is written: the store indexes the one article and swaps it in. */
  async addArticle(file: string): Promise<'added'> {
    const store = this.#opened();
    const text = await readFile(file, 'utf8');
    const parsed = parseArticleFile(text, relative(this.#dir, file));
    if (!('article' in parsed)) throw new Error(`not a valid article: ${file}`);
    await store.addArticle({ article: parsed.article, text, base: store.current.corpus.digest });
    return 'added';
  }

  /**
   * As the bot's first start-up does: KnowledgeStore.open with a snapshot file loads the corpus, builds
   * the index off this thread and writes the snapshot before it is ready.
   */
  async writeSnapshot(file: string): Promise<'written'> {
    const errors: string[] = [];
    await KnowledgeStore.open(this.#dir, {
      snapshotFile: file,
      prepare: warmUp,
      onSnapshotError: (message) => errors.push(message),
    });
    if (errors.length > 0) throw new Error(`the index snapshot was not written: ${errors.join('; ')}`);
    return 'written';
  }

  /** As the bot starts: KnowledgeStore.open with the snapshot beside the corpus. */
  async start(dir: string, snapshotFile: string): Promise<StartedFrom> {
    this.#dir = dir;
    this.#store = await KnowledgeStore.open(dir, { snapshotFile, prepare: warmUp });
    return this.#store.openedFrom === 'snapshot' ? 'snapshot' : 'full build';
  }

  #opened(): KnowledgeStore {
    if (!this.#store) throw new Error('build the index first');
    return this.#store;
  }
}
