import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { IMPORT } from '../config/constants.js';
import { Refusal } from './refusal.js';

const LOCK_FILE = '.lock';

/** Nonces of the locks this process holds now: a lock file naming our pid with none of them is a previous life's (a container restarted with the same pid). */
const held = new Set<string>();

interface LockOwner {
  pid: number;
  host: string;
  at: number;
  /** One per acquisition, so a holder can tell its lock from the one that took it over. */
  nonce: string;
}

/** A lock file as read: its text and mtime (together, what a takeover recognises it by) and its owner, if it parses. */
interface FoundLock {
  text: string;
  owner: Partial<LockOwner> | null;
  mtimeMs: number;
}

/**
 * Runs `task` holding the corpus's write lock, so the bot and a terminal `corpus add` on the same
 * folder never interleave a read-validate-write. The lock is a file created exclusively; one left by
 * a process that died (or older than IMPORT.staleLockMs) is taken over. A task that outlives
 * IMPORT.staleLockMs may lose its lock that way; its release then leaves the new holder's lock alone.
 */
export async function withCorpusLock<T>(corpusDir: string, task: () => Promise<T>, waitMs: number = IMPORT.lockWaitMs): Promise<T> {
  const path = join(corpusDir, LOCK_FILE);
  const nonce = randomUUID();
  const mine = await acquire(path, nonce, Date.now() + waitMs);
  try {
    return await task();
  } finally {
    // Released before it is forgotten, so no one here takes a lock still on disk for stale.
    await release(path, mine);
    held.delete(nonce);
  }
}

/** Creates the lock file with our nonce, waiting for (or taking over) another's; returns the text written. */
async function acquire(path: string, nonce: string, deadline: number): Promise<string> {
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      held.add(nonce); // before anyone can read our pid in it
      const text = JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now(), nonce } satisfies LockOwner);
      try {
        await handle.writeFile(text);
      } catch (writeError) {
        await unlink(path).catch(() => undefined);
        held.delete(nonce);
        throw writeError;
      } finally {
        await handle.close();
      }
      return text;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const found = await readLock(path);
      if (found === null) continue; // released since: try again at once
      if (isStale(found) && (await removeIfStill(path, found))) continue;
      if (Date.now() >= deadline) throw new Refusal('busy', 'another change to the corpus is in progress; try again in a moment');
      await sleep(25);
    }
  }
}

/** Removes the lock file only while it still holds our text (our nonce): otherwise it is a lock that took ours over. */
async function release(path: string, mine: string): Promise<void> {
  const found = await readLock(path);
  if (found?.text === mine) await removeIfStill(path, found);
}

/**
 * Removes the lock file if it is still the one `judged` (same text and mtime); says whether it did. "Read, judge, unlink"
 * is not atomic: between our read and our unlink another waiter may take the same stale lock over,
 * and we would delete its new lock. So whoever removes a given lock first creates, exclusively, a
 * claim file named after that lock, then re-reads and unlinks. While we hold the claim no one else
 * can remove that lock, and no new lock can be created while it is on disk, so what we re-read is
 * what we unlink. A claim left by a crash is a temporary file's name (.lock.<hash>.tmp): sweepTempFiles removes it.
 */
async function removeIfStill(path: string, judged: FoundLock): Promise<boolean> {
  const claim = `${path}.${createHash('sha256').update(`${judged.mtimeMs}\n${judged.text}`).digest('hex').slice(0, 16)}.tmp`;
  try {
    await (await open(claim, 'wx')).close();
  } catch {
    return false; // another process is removing this very lock
  }
  try {
    const now = await readLock(path);
    if (now === null || now.text !== judged.text || now.mtimeMs !== judged.mtimeMs) return false;
    await unlink(path).catch(() => undefined);
    return true;
  } finally {
    await unlink(claim).catch(() => undefined);
  }
}

/** The lock file as it is now, or null when there is none. */
async function readLock(path: string): Promise<FoundLock | null> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    let owner: Partial<LockOwner> | null;
    try {
      owner = JSON.parse(text) as Partial<LockOwner>;
    } catch {
      owner = null;
    }
    return { text, owner, mtimeMs: info.mtimeMs };
  } catch {
    return null;
  }
}

function isStale({ owner, mtimeMs }: FoundLock): boolean {
  // Being written this instant, or left empty by a crash: stale once old enough to be sure.
  if (owner === null || typeof owner !== 'object') return Date.now() - mtimeMs > IMPORT.staleLockMs;
  if (typeof owner.at !== 'number' || Date.now() - owner.at > IMPORT.staleLockMs) return true;
  if (owner.host !== hostname() || typeof owner.pid !== 'number') return false;
  if (owner.pid === process.pid) return typeof owner.nonce !== 'string' || !held.has(owner.nonce);
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
