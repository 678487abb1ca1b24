import { createHash, randomUUID } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { hostname } from 'node:os';
import { lstat, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { IMPORT } from '../config/constants.js';
import { Refusal } from './refusal.js';

const LOCK_FILE = '.lock';

/** A lock or claim file is a line of JSON; anything longer is not one of ours. */
const MAX_LOCK_BYTES = 4096;

/** How many successors a claim can have before a remover gives up (each needs its claimer dead). */
const MAX_CLAIM_GENERATIONS = 8;

/** Nonces of the locks and claims this process holds now: one naming our pid with none of them is a previous life's (a container restarted with the same pid). */
const held = new Set<string>();

interface LockOwner {
  pid: number;
  host: string;
  at: number;
  /** One per acquisition, so a holder can tell its lock from the one that took it over. */
  nonce: string;
}

/** A lock (or claim) file as read: its text and mtime (together, what a takeover recognises it by) and its owner, if it parses. */
interface FoundLock {
  kind: 'lock';
  text: string;
  owner: Partial<LockOwner> | null;
  mtimeMs: number;
}

/** What is at the lock's path: nothing, a lock file, or something this code cannot read as one (which counts as held). */
type LockState = { kind: 'absent' } | FoundLock | { kind: 'unreadable'; reason: string };

/** Points where a test can make the process die, to prove what a crash leaves behind is recovered. */
export interface LockHooks {
  /** Inside the release, after the claim on our lock is made and before the lock file is removed. */
  whileReleasingLock?(): void | Promise<void>;
}

/**
 * Runs `task` holding the corpus's write lock, so the bot and a terminal `corpus add` on the same
 * folder never interleave a read-validate-write. The lock is a file created exclusively; one left by
 * a process that died (or older than IMPORT.staleLockMs) is taken over the moment a writer meets it.
 * Whatever else is at the path (a directory, a link, a FIFO, a file that cannot be read) counts as
 * held, and the writer waits for it no longer than `waitMs`, like for any lock: it never spins.
 * A task that outlives IMPORT.staleLockMs may lose its lock that way; its release then leaves the
 * new holder's lock alone.
 */
export async function withCorpusLock<T>(corpusDir: string, task: () => Promise<T>, waitMs: number = IMPORT.lockWaitMs, hooks: LockHooks = {}): Promise<T> {
  const path = join(corpusDir, LOCK_FILE);
  const nonce = randomUUID();
  const mine = await acquire(path, nonce, Date.now() + waitMs);
  try {
    return await task();
  } finally {
    // Released before it is forgotten, so no one here takes a lock still on disk for stale.
    await release(path, mine, hooks);
    held.delete(nonce);
  }
}

/** Creates the lock file with our nonce, waiting for (or taking over) another's; returns the text written. */
async function acquire(path: string, nonce: string, deadline: number): Promise<string> {
  let retriesAtOnce = 0;
  for (;;) {
    const text = await createExclusively(path, nonce);
    if (text !== null) return text;
    const found = await readLock(path);
    // Released since: try again at once (a few times in a row; more is others' churn, and we wait our turn).
    if (found.kind === 'absent' && retriesAtOnce++ < 3) continue;
    if (found.kind === 'lock' && isStale(found) && (await removeIfStill(path, found))) continue;
    if (found.kind !== 'absent') retriesAtOnce = 0;
    if (Date.now() >= deadline) {
      if (found.kind === 'unreadable') {
        throw new Refusal('busy', `the corpus lock ${LOCK_FILE} is ${found.reason}, so no change can be made; if no change is in progress, remove it`);
      }
      throw new Refusal('busy', 'another change to the corpus is in progress; try again in a moment');
    }
    await sleep(25);
  }
}

/** Creates `path` exclusively holding our owner line; null when something is already there. */
async function createExclusively(path: string, nonce: string): Promise<string | null> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw error;
  }
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
}

/** Removes the lock file only while it still holds our text (our nonce): otherwise it is a lock that took ours over. */
async function release(path: string, mine: string, hooks: LockHooks): Promise<void> {
  const found = await readLock(path);
  if (found.kind === 'lock' && found.text === mine) await removeIfStill(path, found, hooks);
}

/**
 * Removes the lock file if it is still the one `judged` (same text and mtime); says whether it did. "Read, judge, unlink"
 * is not atomic: between our read and our unlink another waiter may take the same stale lock over,
 * and we would delete its new lock. So whoever removes a given lock first creates, exclusively, a
 * claim file named after that lock, then re-reads and unlinks. While we hold the claim no one else
 * can remove that lock, and no new lock can be created while it is on disk, so what we re-read is
 * what we unlink.
 *
 * A claim names its claimer. One whose claimer died (killed between claiming and unlinking) would
 * block that lock's removal for good, so a remover that meets a dead claim moves on to the next
 * claim name for the same lock: everyone agrees a dead claimer stays dead, so at most one live
 * remover holds the first live claim. The dead claims go once the lock itself is gone.
 */
async function removeIfStill(path: string, judged: FoundLock, hooks: LockHooks = {}): Promise<boolean> {
  const base = `${path}.${createHash('sha256').update(`${judged.mtimeMs}\n${judged.text}`).digest('hex').slice(0, 16)}`;
  // Generation 0 keeps the name earlier versions used, so their leftover claims are recognised too.
  const claimName = (generation: number) => (generation === 0 ? `${base}.tmp` : `${base}-${generation}.tmp`);
  const nonce = randomUUID();
  let generation = 0;
  for (; generation < MAX_CLAIM_GENERATIONS; generation++) {
    const made = await createExclusively(claimName(generation), nonce).catch(() => null);
    if (made !== null) break;
    const claim = await readLock(claimName(generation));
    if (claim.kind === 'absent') return false; // its claimer just finished: the lock is gone or changed
    if (claim.kind === 'unreadable' || !isStaleClaim(claim)) return false; // another process is removing this very lock
  }
  if (generation === MAX_CLAIM_GENERATIONS) return false;
  let removed = false;
  try {
    const now = await readLock(path);
    if (now.kind !== 'lock' || now.text !== judged.text || now.mtimeMs !== judged.mtimeMs) return false;
    await hooks.whileReleasingLock?.();
    await unlink(path).catch(() => undefined);
    removed = true;
    return true;
  } finally {
    await unlink(claimName(generation)).catch(() => undefined);
    held.delete(nonce);
    // Claims on a lock that is gone block no one, but they are litter.
    if (removed) for (let g = 0; g < generation; g++) await unlink(claimName(g)).catch(() => undefined);
  }
}

/** What is at `path` now. Never follows a link and never blocks on a FIFO: those are unreadable, so held. */
async function readLock(path: string): Promise<LockState> {
  let handle;
  try {
    const link = await lstat(path);
    if (!link.isFile()) return { kind: 'unreadable', reason: describeEntry(link) };
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
    const info = await handle.stat();
    if (!info.isFile()) return { kind: 'unreadable', reason: describeEntry(info) };
    const buffer = Buffer.alloc(Math.min(info.size, MAX_LOCK_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    let owner: Partial<LockOwner> | null;
    try {
      owner = JSON.parse(text) as Partial<LockOwner>;
    } catch {
      owner = null;
    }
    return { kind: 'lock', text, owner, mtimeMs: info.mtimeMs };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'absent' };
    return { kind: 'unreadable', reason: code === 'EACCES' || code === 'EPERM' ? 'a file that cannot be read (permission denied)' : `a file that cannot be read (${code ?? String(error)})` };
  } finally {
    await handle?.close();
  }
}

function describeEntry(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isSymbolicLink()) return 'a symbolic link';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  return 'not a regular file';
}

function isStale({ owner, mtimeMs }: FoundLock): boolean {
  // Being written this instant, or left empty by a crash: stale once old enough to be sure.
  if (owner === null || typeof owner !== 'object') return Date.now() - mtimeMs > IMPORT.staleLockMs;
  if (typeof owner.at !== 'number' || Date.now() - owner.at > IMPORT.staleLockMs) return true;
  return isDeadHere(owner);
}

/**
 * A claim lives for one read and one unlink, so one older than IMPORT.staleClaimMs is dead wherever
 * its claimer runs; one on this host is dead as soon as its process is. An empty one (an earlier
 * version's claims were empty, and ours are empty for an instant) goes by its age.
 */
function isStaleClaim({ owner, mtimeMs }: FoundLock): boolean {
  const at = owner !== null && typeof owner === 'object' && typeof owner.at === 'number' ? owner.at : mtimeMs;
  if (Date.now() - at > IMPORT.staleClaimMs) return true;
  return owner !== null && typeof owner === 'object' && isDeadHere(owner);
}

/** Whether the owner is a process on this host that is gone (another host's processes cannot be asked). */
function isDeadHere(owner: Partial<LockOwner>): boolean {
  if (owner.host !== hostname() || typeof owner.pid !== 'number') return false;
  if (owner.pid === process.pid) return typeof owner.nonce !== 'string' || !held.has(owner.nonce);
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
