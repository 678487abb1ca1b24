/**
 * Lock faults: a `.lock` that is not a lock file this code wrote (a directory, a dangling symlink, a
 * FIFO, a file it may not read) counts as held, and a writer gives up at the same deadline as for
 * any held lock, with a reason that names it, instead of retrying at full speed forever. A process
 * killed while releasing the lock leaves the lock and its claim behind: the next write recovers them
 * at once, not only a sweep at start-up.
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { withCorpusLock } from '../src/corpus/corpusLock.js';
import type { ArticleDraft } from '../src/corpus/importArticle.js';
import { Refusal } from '../src/corpus/refusal.js';
import type { Actor } from '../src/moderation/actor.js';
import { CorpusModeration } from '../src/moderation/corpusModeration.js';
import { KnowledgeStore } from '../src/search/knowledgeStore.js';
import { fixture, hashDir } from './fixtures/corpusFixtures.js';
import { copyCorpus } from './helpers/corpusCopy.js';
import { writeAndKillAt } from './helpers/killedWriter.js';

const operator: Actor = { id: 'cli:test', name: 'test', via: 'cli' };

let dir: string;
beforeEach(async () => {
  dir = await copyCorpus();
});

async function refusal(promise: Promise<unknown>): Promise<Refusal> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Refusal);
  return error as Refusal;
}

describe('a .lock this code cannot read counts as held, and the deadline applies', () => {
  const states: Array<[string, (lock: string) => Promise<void>, RegExp]> = [
    ['a directory', (lock) => mkdir(lock), /the corpus lock \.lock is a directory/],
    ['a dangling symlink', (lock) => symlink(join(dir, 'nowhere'), lock), /the corpus lock \.lock is a symbolic link/],
    ['a FIFO', async (lock) => void execFileSync('mkfifo', [lock]), /the corpus lock \.lock is a named pipe/],
  ];

  it.each(states)(
    '%s: the writer is refused as busy, naming it, and the task never runs',
    async (_what, make, reason) => {
      await make(join(dir, '.lock'));
      let ran = false;
      const refused = await refusal(withCorpusLock(dir, async () => (ran = true), 200));
      expect(refused.code).toBe('busy');
      expect(refused.message).toMatch(reason);
      expect(refused.message).toMatch(/if no change is in progress, remove it/);
      expect(ran).toBe(false);
    },
  );

  it.skipIf(process.getuid?.() === 0)('a file it may not read: the same', async () => {
    await writeFile(join(dir, '.lock'), '{}');
    await chmod(join(dir, '.lock'), 0o000);
    const refused = await refusal(withCorpusLock(dir, async () => 'ran', 200));
    expect(refused.message).toMatch(/cannot be read \(permission denied\)/);
  });

  it('a moderation change and the reload queued behind it both answer; nothing is written', async () => {
    await mkdir(join(dir, '.lock'));
    const store = await KnowledgeStore.open(dir);
    const moderation = await CorpusModeration.open(store, { hooks: { lockWaitMs: 200 } });
    const before = await hashDir(dir);
    const [added, reloaded] = await Promise.allSettled([
      moderation.addStatement(
        { id: 'joint-2025-03-04', title: 'T', date: '2025-03-04', issuedBy: 'X', aliases: [] },
        operator,
      ),
      moderation.reload(operator),
    ]);
    expect(added.status).toBe('rejected');
    expect((added as PromiseRejectedResult).reason).toMatchObject({ code: 'busy' });
    expect(reloaded.status).toBe('fulfilled');
    const after = await hashDir(dir);
    delete after['.changes.jsonl'];
    delete before['.changes.jsonl'];
    expect(after).toEqual(before);
  });
});

describe('a process killed while releasing the lock', { timeout: 60_000 }, () => {
  it('leaves the lock and its claim; the next write takes both over at once and goes through', async () => {
    const store = await KnowledgeStore.open(dir);
    const moderation = await CorpusModeration.open(store, { hooks: { lockWaitMs: 2000 } });
    const background: ArticleDraft = await moderation.draft({
      kind: 'file',
      name: 'background.md',
      bytes: await readFile(fixture('background-article.md')),
    });

    const { signal, output } = await writeAndKillAt(dir, background.article, 'whileReleasingLock');
    expect(signal, output).toBe('SIGKILL');
    const left = (await readdir(dir)).filter((n) => n.startsWith('.lock')).sort();
    expect(left).toHaveLength(2);
    expect(left[0]).toBe('.lock');
    expect(left[1]).toMatch(/^\.lock\.[0-9a-f]{16}\.tmp$/);

    // The article it wrote is there; the next write (a removal of it) is not refused as busy.
    await moderation.reload(operator);
    expect(store.current.corpus.articles.map((a) => a.id)).toContain(background.article.id);
    await moderation.removeArticle(background.article.id, operator);
    expect(store.current.corpus.articles.map((a) => a.id)).not.toContain(background.article.id);
    expect((await readdir(dir)).filter((n) => n.startsWith('.lock'))).toEqual([]);
  });
});
