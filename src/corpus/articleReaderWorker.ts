/**
 * Uploads read in a worker thread, for the bot and the CLI. Loading jsdom takes about a second of
 * CPU, a big page can take as long to parse, and a hostile one (deep nesting, huge front matter)
 * far longer or a stack overflow; in the bot's own thread any of them would stall every interaction
 * (and the gateway heartbeat) meanwhile, in the CLI's they would kill it. Here the main thread only
 * posts the text and awaits the result: the worker starts on the first import (or on `warm()`),
 * stays for further imports, and is stopped after a while without work. An upload that takes too
 * long, too much memory or crashes the thread costs the worker (it is ended and replaced), never the
 * process; the moderator gets a one-line refusal.
 */
import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from '../files/workerThread.js';
import { IMPORT } from '../config/constants.js';
import type { CorpusProblem } from '../files/problems.js';
import type { ArticleTextJob, ArticleTextReader, ExtractedArticle } from './readArticleText.js';
import { Refusal, type RefusalCode } from './refusal.js';

export interface ArticleReaderWorkerOptions {
  /** Longest one upload may take before the worker is ended and the import refused. Default 30 s. */
  timeoutMs?: number;
  /** The worker is stopped after this long without work. Default 10 minutes. */
  idleMs?: number;
  /** Heap limit of the worker, in MB. Default 512. */
  maxHeapMb?: number;
}

interface Pending {
  resolve: (value: ExtractedArticle) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

type Reply =
  | { id: number; ok: true; value: ExtractedArticle }
  | { id: number; ok: false; refusal: { code: RefusalCode; message: string; problems: CorpusProblem[] } }
  | { id: number; ok: false; message: string };

/** The worker script, dist/corpus/articleReaderThread.js (or the .ts file, run from the sources). */
function spawn(maxHeapMb: number): Worker {
  return startWorkerThread(import.meta.url, 'articleReaderThread', {
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
    stdout: false,
    stderr: false,
  });
}

export class ArticleReaderWorker {
  readonly #timeoutMs: number;
  readonly #idleMs: number;
  readonly #maxHeapMb: number;
  #worker: Worker | null = null;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #idleTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: ArticleReaderWorkerOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? IMPORT.readTimeoutMs;
    this.#idleMs = options.idleMs ?? 10 * 60_000;
    this.#maxHeapMb = options.maxHeapMb ?? 512;
  }

  /** The reader to hand to CorpusModeration (`readArticle` option). */
  readonly read: ArticleTextReader = (job) => this.#run(job);

  /** Starts the worker (and its jsdom load) ahead of an upload, e.g. while a URL is being fetched. */
  warm(): void {
    if (this.#closed) return;
    this.#ensure();
    this.#scheduleIdle();
  }

  /** Whether a worker thread is running now (for tests and status). */
  get running(): boolean {
    return this.#worker !== null;
  }

  /** Ends the worker; pending pages are refused. Later calls start no new worker. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    await this.#stop(new Error('the article reader was stopped'));
  }

  #ensure(): Worker {
    if (this.#worker) return this.#worker;
    const worker = spawn(this.#maxHeapMb);
    // The bot's exit never waits for this thread.
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      clearTimeout(pending.timer);
      if (reply.ok) pending.resolve(reply.value);
      else if ('refusal' in reply) pending.reject(new Refusal(reply.refusal.code, reply.refusal.message, reply.refusal.problems));
      else pending.reject(new Error(reply.message));
      this.#scheduleIdle();
    });
    const fail = (error: Error) => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      // Whatever ended the thread came from the upload it was reading: that upload is refused, the process goes on.
      this.#rejectAll(
        outOfMemory
          ? new Refusal('too-large', 'the upload is too large or complex to read (the reader ran out of memory)')
          : new Refusal('too-complex', `the upload could not be read: ${error.message.split('\n')[0]}`),
      );
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the reader stopped unexpectedly (exit code ${code})`)));
    this.#worker = worker;
    return worker;
  }

  #run(job: ArticleTextJob): Promise<ExtractedArticle> {
    if (this.#closed) return Promise.reject(new Error('the article reader was stopped'));
    clearTimeout(this.#idleTimer);
    const worker = this.#ensure();
    const id = this.#nextId++;
    return new Promise<ExtractedArticle>((resolve, reject) => {
      const timer = setTimeout(() => {
        // An upload that does not finish: end the worker (and anything queued behind it), start afresh next time.
        void this.#stop(new Refusal('timeout', `${job.origin} could not be read within ${this.#timeoutMs / 1000} s`));
      }, this.#timeoutMs);
      timer.unref();
      this.#pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, job });
    });
  }

  #rejectAll(error: Error): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.#pending.delete(id);
    }
  }

  async #stop(reason: Error): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    this.#rejectAll(reason);
    if (worker) await worker.terminate();
  }

  #scheduleIdle(): void {
    clearTimeout(this.#idleTimer);
    if (this.#pending.size > 0 || !this.#worker) return;
    this.#idleTimer = setTimeout(() => void this.#stop(new Error('idle')), this.#idleMs);
    this.#idleTimer.unref();
  }
}
