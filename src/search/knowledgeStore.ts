import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { INDEX_BUILD } from '../config/constants.js';
import { ARTICLES_DIR, loadCorpus } from '../corpus/loadCorpus.js';
import { packCorpus } from '../corpus/packedCorpus.js';
import type { ArticleWritten } from '../corpus/writeCorpus.js';
import { analyseOffThread } from './buildOffThread.js';
import { readSnapshot, writeSnapshot, type SnapshotRead } from './indexSnapshot.js';
import { buildSegmentData } from './segmentData.js';
import { addArticleToKnowledge, assembleKnowledge, buildKnowledge, type Knowledge } from './knowledge.js';

/** Where an index is built: in a worker thread, on this one, or (auto) by the corpus's size (INDEX_BUILD.inlineArticles). */
export type BuildMode = 'auto' | 'worker' | 'inline';

export interface StoreOptions {
  build?: BuildMode;
  /** The index snapshot: read at start-up if it matches the corpus, rewritten after every full build. Null: none. */
  snapshotFile?: string | null;
  /** Worker threads analysing the corpus in parallel; default: by its size and the machine's cores (INDEX_BUILD). */
  threads?: number;
  /** Told when the snapshot could not be written (the build stands; the next start-up builds again). */
  onSnapshotError?: (message: string) => void;
  /**
   * Run on every new knowledge before it is swapped in (and before the store opens): what the layers
   * above would otherwise work out on their first request, worked out ahead without holding the event loop.
   */
  prepare?: (knowledge: Knowledge) => Promise<void>;
}

interface BuildPlan extends StoreOptions {
  mode: 'worker' | 'inline';
  /** The event loop keeps turning meanwhile (the bot is answering). */
  yielding: boolean;
}

/** How the store's knowledge came to be at start-up (for the log). */
export type OpenedFrom = 'snapshot' | 'build';

/**
 * Holds the knowledge the bot answers from. A reload builds a complete new index while the current
 * one keeps answering (off this thread once the corpus is large), then swaps it in one assignment;
 * refreshes run one at a time, and reloads asked for while one waits are one reload; a corpus that
 * fails validation leaves the last good knowledge in place (the error goes to the caller).
 */
export class KnowledgeStore {
  #current: Knowledge;
  #queue: Promise<unknown> = Promise.resolve();
  #queuedReload: Promise<Knowledge> | null = null;
  readonly #reloadListeners: Array<(outcome: { ok: boolean; ms: number }) => void> = [];
  readonly #options: StoreOptions;

  constructor(
    initial: Knowledge,
    readonly corpusDir: string,
    options: StoreOptions & { openedFrom?: OpenedFrom; snapshotMiss?: SnapshotRead } = {},
  ) {
    this.#current = initial;
    const { openedFrom: _o, snapshotMiss: _s, ...storeOptions } = options;
    this.#options = storeOptions;
    this.openedFrom = options.openedFrom ?? 'build';
    this.snapshotMiss = options.snapshotMiss && !options.snapshotMiss.ok ? options.snapshotMiss.reason : null;
  }

  readonly openedFrom: OpenedFrom;
  /** Why the snapshot was not used at start-up (none, stale, damaged); null when it was, or none is kept. */
  readonly snapshotMiss: 'missing' | 'stale' | 'damaged' | null;

  /** Opens the corpus: from the snapshot when it matches the corpus as it is, else by building (and snapshotting) it. */
  static async open(corpusDir: string, options: StoreOptions = {}): Promise<KnowledgeStore> {
    const snapshotFile = options.snapshotFile ?? null;
    const snapshotRead = snapshotFile ? await readSnapshot(snapshotFile, corpusDir) : null;
    if (snapshotRead?.ok) {
      const { packed, parts } = snapshotRead.snapshot;
      const knowledge = await assembleKnowledge(packed, parts, { yielding: false });
      await options.prepare?.(knowledge);
      return new KnowledgeStore(knowledge, corpusDir, { ...options, openedFrom: 'snapshot' });
    }
    const mode = await modeFor(options.build ?? 'auto', corpusDir);
    const knowledge = await build(corpusDir, { ...options, mode, yielding: false });
    await options.prepare?.(knowledge);
    return new KnowledgeStore(knowledge, corpusDir, {
      ...options,
      ...(snapshotRead ? { snapshotMiss: snapshotRead } : {}),
    });
  }

  /** The knowledge to answer one request from; keep using the same object for the whole request. */
  get current(): Knowledge {
    return this.#current;
  }

  /**
   * Re-reads the corpus from disk and swaps the new index in. Serialised with other refreshes; a
   * reload asked for while another is still waiting to start is that same reload (it will read
   * whatever changed before it starts).
   */
  reload(): Promise<Knowledge> {
    if (this.#queuedReload) return this.#queuedReload;
    const reload = this.exclusive(async () => {
      this.#queuedReload = null;
      const started = performance.now();
      try {
        const { build: asked = 'auto' } = this.#options;
        const mode = asked === 'auto' ? sizeMode(this.#current.corpus.articles.length) : asked;
        const next = await build(this.corpusDir, { ...this.#options, mode, yielding: true });
        await this.#options.prepare?.(next);
        this.#current = next;
        this.#notify(true, performance.now() - started);
        return next;
      } catch (error) {
        this.#notify(false, performance.now() - started);
        throw error;
      }
    });
    this.#queuedReload = reload;
    return reload;
  }

  /**
   * Adds an article just written to the corpus: indexed on its own and swapped in, without rebuilding
   * the rest. If the corpus it was added to is not the one being answered from (another process
   * changed it meanwhile), the whole corpus is reloaded instead. With a snapshot, a full rebuild
   * follows in the background, so the next start-up finds a snapshot of the corpus as it is now.
   */
  async addArticle(written: Pick<ArticleWritten, 'article' | 'text' | 'base'>): Promise<Knowledge> {
    const next = await this.exclusive(async () => {
      if (written.base !== this.#current.corpus.digest) return null;
      const added = await addArticleToKnowledge(this.#current, written.article, written.text);
      await this.#options.prepare?.(added);
      return (this.#current = added);
    });
    if (!next) return this.reload();
    if (this.#options.snapshotFile) this.reload().catch(() => undefined);
    return next;
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

function sizeMode(articles: number): 'worker' | 'inline' {
  return articles > INDEX_BUILD.inlineArticles ? 'worker' : 'inline';
}

/** The build mode for a corpus not loaded yet: `auto` counts its article files. */
async function modeFor(mode: BuildMode, corpusDir: string): Promise<'worker' | 'inline'> {
  if (mode !== 'auto') return mode;
  const names = await readdir(join(corpusDir, ARTICLES_DIR)).catch(() => [] as string[]);
  return sizeMode(names.filter((n) => n.endsWith('.md')).length);
}

/** The knowledge of the corpus in `corpusDir`, built as `plan` says. */
async function build(corpusDir: string, plan: BuildPlan): Promise<Knowledge> {
  const { yielding } = plan;
  const snapshotFile = plan.snapshotFile ?? null;
  if (plan.mode === 'worker') {
    const analysed = await analyseOffThread(corpusDir, snapshotFile, plan.threads ?? 'auto');
    if (analysed.snapshotError) plan.onSnapshotError?.(analysed.snapshotError);
    return assembleKnowledge(analysed.packed, analysed.parts, {
      yielding,
      spentMs: analysed.loadMs + analysed.analyseMs,
    });
  }
  const corpus = await loadCorpus(corpusDir);
  if (!snapshotFile) return buildKnowledge(corpus);
  const started = performance.now();
  const data = buildSegmentData(corpus, corpus.articles);
  await writeSnapshot(snapshotFile, { packed: packCorpus(corpus), parts: [data] }).catch((error: unknown) =>
    plan.onSnapshotError?.(error instanceof Error ? error.message : String(error)),
  );
  const knowledge = buildKnowledge(corpus, [data]);
  return { ...knowledge, buildMs: performance.now() - started };
}
