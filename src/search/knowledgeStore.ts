import { loadCorpus } from '../corpus/loadCorpus.js';
import { buildKnowledge, type Knowledge } from './knowledge.js';

/**
 * Holds the knowledge the bot answers from. A reload builds a complete new index while the current
 * one keeps answering, then swaps it in one assignment; reloads run one at a time; a corpus that fails
 * validation leaves the last good knowledge in place (the error goes to the caller).
 */
export class KnowledgeStore {
  #current: Knowledge;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #reloadListeners: Array<(outcome: { ok: boolean; ms: number }) => void> = [];

  constructor(
    initial: Knowledge,
    readonly corpusDir: string,
  ) {
    this.#current = initial;
  }

  static async open(corpusDir: string): Promise<KnowledgeStore> {
    return new KnowledgeStore(buildKnowledge(await loadCorpus(corpusDir)), corpusDir);
  }

  /** The knowledge to answer one request from; keep using the same object for the whole request. */
  get current(): Knowledge {
    return this.#current;
  }

  /** Re-reads the corpus from disk and swaps the new index in. Serialised with other refreshes. */
  reload(): Promise<Knowledge> {
    return this.exclusive(async () => {
      const started = performance.now();
      try {
        const next = buildKnowledge(await loadCorpus(this.corpusDir));
        this.#current = next;
        this.#notify(true, performance.now() - started);
        return next;
      } catch (error) {
        this.#notify(false, performance.now() - started);
        throw error;
      }
    });
  }

  /** Calls `listener` after every reload, with whether it succeeded and how long it took (the metrics). */
  onReload(listener: (outcome: { ok: boolean; ms: number }) => void): void {
    this.#reloadListeners.push(listener);
  }

  #notify(ok: boolean, ms: number): void {
    for (const listener of this.#reloadListeners) {
      try {
        listener({ ok, ms });
      } catch {
        // An observer never breaks a reload.
      }
    }
  }

  /** Runs `task` after every refresh queued before it, and before any queued after it. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
