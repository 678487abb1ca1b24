/**
 * Keeps one process's knowledge in step with a corpus folder other processes also change (replicas
 * on a shared volume, shards, the CLI): it watches the generation stamp (src/corpus/generation.ts)
 * with fs.watch, and polls it as well, since network file systems drop change events. When the
 * generation moves past the one served, the store reloads (off the main thread where the store does
 * so) and the new generation is served. A change made through this store (its stamp carries this
 * follower's identity) is picked up by the store's own reload after it, so it is not loaded twice.
 */
import { watch, type FSWatcher } from 'node:fs';
import { HTTP_INTERACTIONS } from '../config/constants.js';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { GENERATION_FILE, announceChange, readGeneration } from '../corpus/generation.js';
import type { KnowledgeStore } from '../search/knowledgeStore.js';
import type { Logger } from './logger.js';

export interface CorpusFollower {
  /** The generation the store serves. */
  readonly generation: number;
  /** How this follower's store signs the stamps its changes write (see `writer` in generation.ts). */
  readonly identity: string;
  /**
   * Tells every other process that this store has reloaded a change made by hand on disk (`/corpus
   * reload`): the generation moves, stamped as this follower's, so it is not reloaded here again.
   */
  announceReload(lockWaitMs?: number): Promise<void>;
  /** Checks the stamp now (what the watch and the poll do). */
  check(): Promise<void>;
  close(): void;
}

export interface FollowOptions {
  logger: Logger;
  pollMs?: number;
  /** Called when a reload for a newer generation fails (the old knowledge keeps answering). */
  onError?: (error: unknown) => void;
}

export async function followCorpus(store: KnowledgeStore, options: FollowOptions): Promise<CorpusFollower> {
  const dir = store.corpusDir;
  const { logger } = options;
  let served = (await readGeneration(dir)).generation;
  // Names this follower in the stamps it writes (several stores may share a process: tests, a bench).
  const identity = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  let checking: Promise<void> | null = null;
  let again = false;
  let closed = false;

  // Any reload of the store (a change made through it, /corpus reload) serves the generation stamped before it began.
  let adopting: Promise<void> = Promise.resolve();
  store.onReload(({ ok, ms }) => {
    if (!ok) return;
    const began = Date.now() - ms;
    adopting = readGeneration(dir).then((stamp) => {
      if (Date.parse(stamp.at) <= began) served = Math.max(served, stamp.generation);
    });
  });

  async function checkOnce(): Promise<void> {
    // A reload under way (this store's own, after a change) finishes first, and says what it served.
    await store.exclusive(async () => undefined);
    await adopting;
    const stamp = await readGeneration(dir);
    if (closed || stamp.generation <= served) return;
    if (stamp.by === identity) {
      served = stamp.generation;
      return;
    }
    const started = performance.now();
    try {
      await store.reload();
      served = Math.max(served, stamp.generation);
      logger.info('corpus-followed', {
        generation: stamp.generation,
        by: stamp.by,
        ms: Math.round(performance.now() - started),
      });
    } catch (error) {
      // A broken corpus on disk: keep answering from the one loaded; the next change tries again.
      served = Math.max(served, stamp.generation);
      options.onError?.(error);
      logger.warn('corpus-follow-failed', { generation: stamp.generation, error });
    }
  }

  /** One check at a time; a signal during one runs one more after it. */
  function check(): Promise<void> {
    if (checking) {
      again = true;
      return checking;
    }
    checking = (async () => {
      do {
        again = false;
        await checkOnce();
      } while (again && !closed);
    })().finally(() => {
      checking = null;
    });
    return checking;
  }

  let watcher: FSWatcher | null = null;
  try {
    // The folder, not the file: the stamp is replaced by a rename, which a watch on the file would lose.
    watcher = watch(dir, { persistent: false }, (_event, name) => {
      if (name === null || String(name) === GENERATION_FILE) void check();
    });
    watcher.on('error', () => {
      watcher?.close();
      watcher = null;
    });
  } catch {
    watcher = null; // not supported here: the poll alone follows
  }
  const poll = setInterval(() => void check(), options.pollMs ?? HTTP_INTERACTIONS.generationPollMs);
  poll.unref();

  return {
    get generation() {
      return served;
    },
    identity,
    check,
    async announceReload(lockWaitMs) {
      const stamp = await announceChange(dir, identity, lockWaitMs);
      served = Math.max(served, stamp.generation);
    },
    close() {
      closed = true;
      clearInterval(poll);
      watcher?.close();
    },
  };
}
