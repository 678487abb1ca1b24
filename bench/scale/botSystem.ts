import { findCommand } from '../../src/commands/index.js';
import { loadCorpus, type Corpus } from '../../src/corpus/loadCorpus.js';
import { buildKnowledge } from '../../src/search/knowledge.js';
import { KnowledgeStore } from '../../src/search/knowledgeStore.js';
import type { ScaleSystem, StartedFrom } from './system.js';

const askCommand = findCommand('ask')!;

/** The bot: the project's loader, index and knowledge store, answering through the `ask` command's handler. */
export class BotSystem implements ScaleSystem {
  readonly name = 'bot';
  #dir = '';
  #corpus: Corpus | null = null;
  #store: KnowledgeStore | null = null;

  async load(dir: string): Promise<void> {
    this.#dir = dir;
    this.#corpus = await loadCorpus(dir);
  }

  async build(): Promise<void> {
    if (!this.#corpus) throw new Error('load the corpus first');
    this.#store = new KnowledgeStore(buildKnowledge(this.#corpus), this.#dir);
    this.#corpus = null;
  }

  /** As the router does: the options through the command's schema, then its handler on the current knowledge. */
  ask(question: string): void {
    askCommand.run(this.#opened().current, askCommand.options.parse({ question }));
  }

  async reload(): Promise<void> {
    await this.#opened().reload();
  }

  /** The store has no incremental add yet (issue 12). */
  async addArticle(): Promise<'unsupported'> {
    return 'unsupported';
  }

  /** The store has no index snapshot yet (issue 12). */
  async writeSnapshot(): Promise<'unsupported'> {
    return 'unsupported';
  }

  /** As the bot starts: KnowledgeStore.open, which today loads the corpus and builds the index. */
  async start(dir: string): Promise<StartedFrom> {
    this.#dir = dir;
    this.#store = await KnowledgeStore.open(dir);
    return 'full build';
  }

  #opened(): KnowledgeStore {
    if (!this.#store) throw new Error('build the index first');
    return this.#store;
  }
}
