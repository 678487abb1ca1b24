import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCommand } from '../src/commands/index.js';
import type { ArticleDraft } from '../src/corpus/importArticle.js';
import { loadCorpus } from '../src/corpus/loadCorpus.js';
import type { Actor } from '../src/moderation/actor.js';
import { CorpusModeration } from '../src/moderation/corpusModeration.js';
import { buildKnowledge, type Knowledge } from '../src/search/knowledge.js';
import { KnowledgeStore } from '../src/search/knowledgeStore.js';
import { loadQuestionSet } from './eval/questionSet.js';
import { fixture } from './fixtures/corpusFixtures.js';
import { copyCorpus } from './helpers/corpusCopy.js';

const operator: Actor = { id: 'cli:test', name: 'test', via: 'cli' };
const ask = findCommand('ask')!;
const QUESTIONS = loadQuestionSet()
  .slice(0, 40)
  .map((q) => q.question);

/** What a user sees of every answer to QUESTIONS: the answer text and its citations. */
function answersOf(knowledge: Knowledge): string[] {
  return QUESTIONS.map((question) => JSON.stringify(ask.run(knowledge, ask.options.parse({ question }))));
}

/** What the index holds, as comparable data (the index-wide counts and the passages in order). */
function indexContents(knowledge: Knowledge) {
  const { index } = knowledge;
  return {
    ordered: index.ordered.map((p) => p.key),
    documentFrequency: [...index.documentFrequency].sort(),
    textFrequency: [...index.textFrequency].sort(),
    vocabulary: [...index.vocabulary].sort(),
    suggestionWords: [...index.suggestionWords].sort(),
    properTerms: [...index.properTerms].sort(),
    averageLength: index.averageLength,
  };
}

/** `knowledge` holds the same index and gives the same answers as `other` (a full build, by default, of the corpus on disk). */
async function expectSameAs(knowledge: Knowledge, other?: Knowledge): Promise<void> {
  const expected = other ?? buildKnowledge(await loadCorpus(dir));
  expect(indexContents(knowledge)).toEqual(indexContents(expected));
  expect(answersOf(knowledge)).toEqual(answersOf(expected));
}

let dir: string;
let dataDir: string;
let snapshotFile: string;

beforeEach(async () => {
  dir = await copyCorpus();
  dataDir = await mkdtemp(join(tmpdir(), 'statement-desk-snapshot-'));
  snapshotFile = join(dataDir, 'index-snapshot.bin');
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function draftBackground(moderation: CorpusModeration): Promise<ArticleDraft> {
  return moderation.draft({
    kind: 'file',
    name: 'background.md',
    bytes: await readFile(fixture('background-article.md')),
  });
}

describe('building the index in a worker thread', { timeout: 60_000 }, () => {
  it('gives the same index and the same answers as building it on the main thread', async () => {
    const store = await KnowledgeStore.open(dir, { build: 'worker' });
    await expectSameAs(store.current);
  });

  it('gives the same index and answers when threads analyse parts of the corpus in parallel (one segment each)', async () => {
    const store = await KnowledgeStore.open(dir, { build: 'worker', threads: 3 });
    expect(store.current.index.segments).toHaveLength(3);
    await expectSameAs(store.current);
  });

  it('keeps answering from a whole index during worker reloads, and swaps the new one in at once', async () => {
    const store = await KnowledgeStore.open(dir, { build: 'worker' });
    const moderation = await CorpusModeration.open(store);
    const before = store.current;
    let stop = false;
    let answeredDuringReloads = 0;
    const failures: unknown[] = [];
    const queries = (async () => {
      while (!stop) {
        const knowledge = store.current;
        const paragraphs = knowledge.corpus.articles.reduce((n, a) => n + a.paragraphs.length, 0);
        if (knowledge.index.ordered.length !== paragraphs) failures.push('half-built index');
        if (ask.run(knowledge, ask.options.parse({ question: QUESTIONS[0]! })).citations.length === 0)
          failures.push('no citations');
        answeredDuringReloads++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await writeFile(
      join(dir, 'articles', 'zz-extra.md'),
      await readFile(fixture('background-article.md'), 'utf8').then((t) => t.replace(/^id: .*$/m, 'id: zz-extra')),
    );
    await moderation.reload(operator);
    stop = true;
    await queries;
    expect(failures).toEqual([]);
    // The event loop kept turning: questions were answered while the worker built.
    expect(answeredDuringReloads).toBeGreaterThan(10);
    expect(store.current).not.toBe(before);
    expect(store.current.corpus.articles.map((a) => a.id)).toContain('zz-extra');
  });

  it('prepares every new knowledge before it is swapped in: at opening, after a reload and after an add', async () => {
    const prepared: Knowledge[] = [];
    const opened: { store?: KnowledgeStore } = {};
    const swappedBeforePrepared: boolean[] = [];
    const prepare = async (knowledge: Knowledge) => {
      swappedBeforePrepared.push(opened.store?.current === knowledge);
      prepared.push(knowledge);
    };
    const store = (opened.store = await KnowledgeStore.open(dir, { build: 'inline', prepare }));
    expect(prepared).toEqual([store.current]);
    await store.reload();
    const moderation = await CorpusModeration.open(store);
    await moderation.addArticle(await draftBackground(moderation), operator);
    expect(prepared).toHaveLength(3);
    expect(prepared[2]).toBe(store.current);
    expect(swappedBeforePrepared).toEqual([false, false, false]);
  });

  it('makes reloads asked for while one waits into one reload', async () => {
    const store = await KnowledgeStore.open(dir, { build: 'inline' });
    let reloads = 0;
    store.onReload(() => reloads++);
    const first = store.reload();
    const second = store.reload();
    const third = store.reload();
    expect(second).toBe(first);
    expect(third).toBe(first);
    await Promise.all([first, second, third]);
    expect(reloads).toBe(1);
    await store.reload();
    expect(reloads).toBe(2);
  });

  it('refuses an invalid corpus with file and line from the worker, and keeps the last good knowledge', async () => {
    const store = await KnowledgeStore.open(dir, { build: 'worker' });
    const good = store.current;
    await writeFile(join(dir, 'articles', 'broken.md'), '---\nid: broken\n---\n\ntext\n');
    await expect(store.reload()).rejects.toMatchObject({
      name: 'CorpusError',
      problems: expect.arrayContaining([expect.objectContaining({ file: join('articles', 'broken.md') })]),
    });
    expect(store.current).toBe(good);
  });
});

describe('adding an article', { timeout: 60_000 }, () => {
  it('indexes it on its own, with the same index and answers as building the whole corpus again', async () => {
    const store = await KnowledgeStore.open(dir, { build: 'inline' });
    const moderation = await CorpusModeration.open(store);
    let reloads = 0;
    store.onReload(() => reloads++);
    const outcome = await moderation.addArticle(await draftBackground(moderation), operator);
    expect(outcome.reload.ok).toBe(true);
    expect(reloads).toBe(0);
    expect(store.current.index.segments).toHaveLength(2);

    const rebuilt = buildKnowledge(await loadCorpus(dir));
    await expectSameAs(store.current, rebuilt);
    // The same files, the same digest: buttons made before a restart still match after it.
    expect(store.current.corpus.digest).toBe(rebuilt.corpus.digest);
  });

  it('indexes a restored article on its own too', async () => {
    const store = await KnowledgeStore.open(dir, { build: 'inline' });
    const moderation = await CorpusModeration.open(store);
    const id = store.current.corpus.articles[0]!.id;
    await moderation.removeArticle(id, operator);
    await moderation.restoreArticle(id, operator);
    expect(store.current.index.segments).toHaveLength(2);
    await expectSameAs(store.current);
  });

  it('reloads the whole corpus instead when the corpus on disk is not the one being answered from', async () => {
    const store = await KnowledgeStore.open(dir, { build: 'inline' });
    const moderation = await CorpusModeration.open(store);
    // Another process changed the corpus (an edit on the server), and this one has not reloaded yet.
    const edited = join(dir, 'articles', `${store.current.corpus.articles[0]!.id}.md`);
    await appendFile(edited, '\nA paragraph added on the server by hand about sanctions enforcement.\n');
    await moderation.addArticle(await draftBackground(moderation), operator);
    const rebuilt = buildKnowledge(await loadCorpus(dir));
    expect(store.current.index.segments).toHaveLength(1);
    expect(indexContents(store.current)).toEqual(indexContents(rebuilt));
  });
});

describe('the index snapshot', { timeout: 60_000 }, () => {
  it('is written by a build, read at the next start-up with the same answers, and not rebuilt', async () => {
    const first = await KnowledgeStore.open(dir, { snapshotFile });
    expect(first.openedFrom).toBe('build');
    expect(first.snapshotMiss).toBe('missing');
    expect((await stat(snapshotFile)).size).toBeGreaterThan(0);

    const second = await KnowledgeStore.open(dir, { snapshotFile });
    expect(second.openedFrom).toBe('snapshot');
    expect(second.snapshotMiss).toBeNull();
    await expectSameAs(second.current, first.current);
    expect(second.current.corpus.dir).toBe(dir);
  });

  it('is written by a worker build too, with every segment of a parallel analysis', async () => {
    const built = await KnowledgeStore.open(dir, { snapshotFile, build: 'worker', threads: 2 });
    const reopened = await KnowledgeStore.open(dir, { snapshotFile });
    expect(reopened.openedFrom).toBe('snapshot');
    expect(reopened.current.index.segments).toHaveLength(2);
    expect(answersOf(reopened.current)).toEqual(answersOf(built.current));
  });

  it('is stale once any corpus file changes, and the rebuild answers from the corpus as it is', async () => {
    await KnowledgeStore.open(dir, { snapshotFile });
    const file = join(dir, 'articles', `${(await loadCorpus(dir)).articles[0]!.id}.md`);
    await appendFile(file, '\nA paragraph about the Tumen river bridge, added after the snapshot.\n');
    const reopened = await KnowledgeStore.open(dir, { snapshotFile });
    expect(reopened.openedFrom).toBe('build');
    expect(reopened.snapshotMiss).toBe('stale');
    expect(reopened.current.index.ordered.some((p) => p.text.includes('Tumen river bridge'))).toBe(true);
    // The rebuild wrote a snapshot of the corpus as it is now.
    expect((await KnowledgeStore.open(dir, { snapshotFile })).openedFrom).toBe('snapshot');
  });

  it('is stale when the registry changes', async () => {
    await KnowledgeStore.open(dir, { snapshotFile });
    await appendFile(join(dir, 'statements.yaml'), '\n# a comment added by hand\n');
    expect((await KnowledgeStore.open(dir, { snapshotFile })).snapshotMiss).toBe('stale');
  });

  it.each([
    [
      'a flipped byte in the payload',
      (b: Buffer) => {
        b[b.length - 100] = b[b.length - 100]! ^ 0xff;
        return b;
      },
    ],
    ['a cut-off file', (b: Buffer) => b.subarray(0, Math.floor(b.length / 2))],
    ['a foreign header', (b: Buffer) => Buffer.concat([Buffer.from('not a snapshot\n'), b])],
    ['an empty file', () => Buffer.alloc(0)],
  ])('is refused when damaged (%s), rebuilt, and the rebuild answers the same', async (_, damage) => {
    const first = await KnowledgeStore.open(dir, { snapshotFile });
    const bytes = await readFile(snapshotFile);
    await writeFile(snapshotFile, damage(bytes));
    const reopened = await KnowledgeStore.open(dir, { snapshotFile });
    expect(reopened.openedFrom).toBe('build');
    expect(reopened.snapshotMiss).toBe('damaged');
    expect(answersOf(reopened.current)).toEqual(answersOf(first.current));
    expect((await KnowledgeStore.open(dir, { snapshotFile })).openedFrom).toBe('snapshot');
  });

  it('cannot be written where DATA_DIR is not writable: the build stands and the failure is told', async () => {
    const reasons: string[] = [];
    const blocked = join(dataDir, 'a-file');
    await writeFile(blocked, 'not a folder');
    const store = await KnowledgeStore.open(dir, {
      snapshotFile: join(blocked, 'index-snapshot.bin'),
      onSnapshotError: (reason) => reasons.push(reason),
    });
    expect(store.current.index.ordered.length).toBeGreaterThan(0);
    expect(reasons).toHaveLength(1);
  });

  it('is refreshed after an added article, so the next start-up reads it', async () => {
    const store = await KnowledgeStore.open(dir, { snapshotFile });
    const moderation = await CorpusModeration.open(store);
    await moderation.addArticle(await draftBackground(moderation), operator);
    // The background rebuild that refreshes the snapshot is a reload queued behind the add.
    await store.reload();
    const reopened = await KnowledgeStore.open(dir, { snapshotFile });
    expect(reopened.openedFrom).toBe('snapshot');
    expect(indexContents(reopened.current)).toEqual(indexContents(store.current));
  });
});
