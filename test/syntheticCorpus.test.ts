import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticCorpus } from '../bench/scale/syntheticCorpus.js';
import { loadCorpus } from '../src/corpus/loadCorpus.js';

/** Every file of a corpus folder, by path, as bytes. */
async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const name of await readdir(dir, { recursive: true })) {
    const path = join(dir, name);
    const bytes = await readFile(path).catch(() => null);
    if (bytes) files.set(name, bytes);
  }
  return files;
}

describe('the scale bench synthetic corpus', () => {
  const dirs: string[] = [];
  const emptyDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'statement-desk-synthetic-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('writes a corpus of the requested size that loadCorpus accepts, with references to the registry', async () => {
    const dir = await emptyDir();
    const size = await writeSyntheticCorpus(dir, 1000);
    const corpus = await loadCorpus(dir);
    const paragraphs = corpus.articles.reduce((sum, a) => sum + a.paragraphs.length, 0);
    expect(paragraphs).toBe(1000);
    expect(size).toEqual({ articles: corpus.articles.length, paragraphs: 1000 });
    const synthetic = corpus.articles.filter((a) => a.id.startsWith('synthetic-'));
    expect(synthetic.length).toBe(corpus.articles.length - 5);
    expect(synthetic.every((a) => a.paragraphs.length <= 20)).toBe(true);
    expect(synthetic.some((a) => a.reports.length > 0)).toBe(true);
  });

  it('gives byte-identical files for the same seed and different ones for another seed', async () => {
    const [a, b, c] = [await emptyDir(), await emptyDir(), await emptyDir()];
    await writeSyntheticCorpus(a, 1000, 7);
    await writeSyntheticCorpus(b, 1000, 7);
    await writeSyntheticCorpus(c, 1000, 8);
    const [filesA, filesB, filesC] = [await filesOf(a), await filesOf(b), await filesOf(c)];
    expect([...filesA.keys()].sort()).toEqual([...filesB.keys()].sort());
    for (const [name, bytes] of filesA) expect(bytes.equals(filesB.get(name)!), name).toBe(true);
    const differing = [...filesA].filter(([name, bytes]) => !bytes.equals(filesC.get(name) ?? Buffer.alloc(0)));
    expect(differing.length).toBeGreaterThan(0);
  });
});
