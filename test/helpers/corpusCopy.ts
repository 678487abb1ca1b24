import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * A throwaway copy of the bundled corpus that a test may break or change, removed when the test
 * finishes (called in a beforeEach, when the test it runs for finishes). Outside a test (a beforeAll)
 * it throws: use copyCorpusForSuite there.
 */
export async function copyCorpus(): Promise<string> {
  const dir = await makeCopy();
  try {
    onTestFinished(() => removeCorpusCopy(dir));
  } catch (notInATest) {
    await removeCorpusCopy(dir);
    throw notInATest;
  }
  return dir;
}

/** A copy shared by a suite's tests, made in its beforeAll; the suite removes it with removeCorpusCopy in its afterAll. */
export function copyCorpusForSuite(): Promise<string> {
  return makeCopy();
}

export async function removeCorpusCopy(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

async function makeCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'statement-desk-corpus-'));
  await cp('corpus', dir, { recursive: true });
  return dir;
}
