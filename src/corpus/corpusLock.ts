import { hostname } from 'node:os';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { IMPORT } from '../config/constants.js';
import { Refusal } from './refusal.js';

const LOCK_FILE = '.lock';

/** Locks this process holds now: a lock file naming our pid that is not among them is a previous life's (a container restarted with the same pid). */
const held = new Set<string>();

interface LockOwner {
  pid: number;
  host: string;
  at: number;
}

/**
 * Runs `task` holding the corpus's write lock, so the bot and a terminal `corpus add` on the same
 * folder never interleave a read-validate-write. The lock is a file created exclusively; one left by
 * a process that died (or older than IMPORT.staleLockMs) is taken over.
 */
export async function withCorpusLock<T>(corpusDir: string, task: () => Promise<T>, waitMs: number = IMPORT.lockWaitMs): Promise<T> {
  const path = join(corpusDir, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      held.add(path); // before anyone can read our pid in it
      try {
        await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now() } satisfies LockOwner));
      } catch (writeError) {
        await unlink(path).catch(() => undefined);
        held.delete(path);
        throw writeError;
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isStale(path)) {
        await unlink(path).catch(() => undefined);
        continue;
      }
      if (Date.now() >= deadline) throw new Refusal('busy', 'another change to the corpus is in progress; try again in a moment');
      await sleep(25);
    }
  }
  try {
    return await task();
  } finally {
    // Unlinked before it is forgotten, so no one here takes a lock still on disk for stale.
    await unlink(path).catch(() => undefined);
    held.delete(path);
  }
}

async function isStale(path: string): Promise<boolean> {
  let owner: LockOwner;
  try {
    owner = JSON.parse(await readFile(path, 'utf8')) as LockOwner;
  } catch {
    // Being written this instant, or left empty by a crash: stale once old enough to be sure.
    const info = await stat(path).catch(() => null);
    return info !== null && Date.now() - info.mtimeMs > IMPORT.staleLockMs;
  }
  if (typeof owner.at !== 'number' || Date.now() - owner.at > IMPORT.staleLockMs) return true;
  if (owner.host !== hostname() || typeof owner.pid !== 'number') return false;
  if (owner.pid === process.pid) return !held.has(path);
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
