import { randomBytes } from 'node:crypto';
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { LockHooks } from './corpusLock.js';

/** Points where a test can make a write fail (or the process die) to prove nothing half-written lands. */
export interface WriteHooks extends LockHooks {
  /** After the temporary file is written and synced, before it is renamed into place. */
  beforeRename?(tempPath: string, targetPath: string): void | Promise<void>;
  /** How long a write waits for the corpus lock; default IMPORT.lockWaitMs. */
  lockWaitMs?: number;
}

/** Temporary files start with a dot and end in .tmp: the corpus loader reads neither. */
const TEMP = /^\..+\.tmp$/;

function isTempFile(name: string): boolean {
  return TEMP.test(name);
}

/**
 * Writes a file so that readers see the old content or the new, never a part: a temporary file in
 * the same folder, fsync, rename over the target, fsync the folder. On failure the temporary file is
 * removed and the target is untouched.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, hooks: WriteHooks = {}): Promise<void> {
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(data, typeof data === 'string' ? 'utf8' : null);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await hooks.beforeRename?.(temp, target);
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDir(dirname(target));
}

/** Moves a file in one step (both paths on the corpus's file system) and makes the move durable. */
export async function moveAtomic(from: string, to: string): Promise<void> {
  await rename(from, to);
  await syncDir(dirname(to));
  if (dirname(from) !== dirname(to)) await syncDir(dirname(from));
}

/** Makes a rename durable. Some platforms cannot open a folder for syncing; there it is a no-op. */
async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}

/** Removes temporary files older than `maxAgeMs` that a crashed write left behind. */
export async function sweepTempFiles(dir: string, maxAgeMs: number, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!isTempFile(name)) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info && now - info.mtimeMs > maxAgeMs) {
      await unlink(path).catch(() => undefined);
      removed.push(name);
    }
  }
  return removed;
}
