/**
 * The corpus generation: a number in `<corpus>/.generation`, raised by one with every change, written
 * atomically inside the corpus lock, after the change is on disk, by the process that made it (a bot replica, a shard, the
 * CLI). Every other process sharing the folder watches it (corpusFollower.ts) and reloads when it
 * moves, so a change reaches them all; each knows the generation it serves.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomicFile.js';
import { withCorpusLock } from './corpusLock.js';

export const GENERATION_FILE = '.generation';

const stampSchema = z.object({ generation: z.number().int().min(0), at: z.string(), by: z.string() });
export type GenerationStamp = z.infer<typeof stampSchema>;

export function generationPath(corpusDir: string): string {
  return join(corpusDir, GENERATION_FILE);
}

/** The stamp on disk; generation 0 for a corpus never changed through the tools (or a stamp that does not parse). */
export async function readGeneration(corpusDir: string): Promise<GenerationStamp> {
  try {
    const parsed = stampSchema.safeParse(JSON.parse(await readFile(generationPath(corpusDir), 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    /* missing or half-written by a foreign tool: as if never stamped */
  }
  return { generation: 0, at: new Date(0).toISOString(), by: '' };
}

/** Raises the generation by one. Call it inside the corpus lock, after the change is on disk. */
/**
 * Who is writing, for the stamp: a bot process runs each moderator's interaction inside
 * `writer.run(itsIdentity, …)`, so the generation its own change makes is known as its own (its store
 * reloads for that change anyway). Elsewhere (the CLI) the host and process id.
 */
export const writer = new AsyncLocalStorage<string>();

export async function bumpGeneration(corpusDir: string, now = new Date(), by = writer.getStore() ?? `${hostname()}:${process.pid}`): Promise<GenerationStamp> {
  const current = await readGeneration(corpusDir);
  const next: GenerationStamp = { generation: current.generation + 1, at: now.toISOString(), by };
  await writeFileAtomic(generationPath(corpusDir), `${JSON.stringify(next)}\n`);
  return next;
}

/**
 * Moves the generation for a change made by hand on disk and already reloaded by the caller
 * (`/corpus reload`), under the corpus lock; `by` names the caller, whose follower then knows it
 * serves that generation already.
 */
export function announceChange(corpusDir: string, by: string, lockWaitMs?: number): Promise<GenerationStamp> {
  return withCorpusLock(corpusDir, () => bumpGeneration(corpusDir, new Date(), by), lockWaitMs);
}
