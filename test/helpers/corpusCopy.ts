import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway copy of the bundled corpus that a test may break or change. */
export async function copyCorpus(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'statement-desk-corpus-'));
  await cp('corpus', dir, { recursive: true });
  return dir;
}
