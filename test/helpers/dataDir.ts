import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** An empty DATA_DIR for one test (the question log's database goes there), removed when the test finishes. */
export async function dataDirForTest(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'statement-desk-data-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A DATA_DIR shared by a suite's tests, made in its beforeAll; the suite removes it in its afterAll. */
export async function dataDirForSuite(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'statement-desk-data-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
