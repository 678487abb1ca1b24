import { readFile, readdir, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { findCommand } from '../src/commands/index.js';
import { IMPORT } from '../src/config/constants.js';
import { withCorpusLock } from '../src/corpus/corpusLock.js';
import type { ArticleDraft } from '../src/corpus/importArticle.js';
import { checkCorpus } from '../src/corpus/loadCorpus.js';
import { Refusal } from '../src/corpus/refusal.js';
import type { Actor } from '../src/moderation/actor.js';
import { CorpusModeration } from '../src/moderation/corpusModeration.js';
import type { Knowledge } from '../src/search/knowledge.js';
import { KnowledgeStore } from '../src/search/knowledgeStore.js';
import { fixture, hashDir } from './fixtures/corpusFixtures.js';
import { copyCorpus } from './helpers/corpusCopy.js';
import { runCli } from './helpers/runCli.js';
import { writeAndKillAt } from './helpers/killedWriter.js';

const operator: Actor = { id: 'cli:test', name: 'test', via: 'cli' };
const ask = findCommand('ask')!;
const QUESTION = ask.options.parse({ question: 'Who signed the December statement?' });

/** A knowledge is whole when its index holds exactly the paragraphs of its own corpus. */
function isWhole(knowledge: Knowledge): boolean {
  const paragraphs = knowledge.corpus.articles.reduce((n, a) => n + a.paragraphs.length, 0);
  return knowledge.index.ordered.length === paragraphs && knowledge.index.passages.size === paragraphs;
}

let dir: string;
let store: KnowledgeStore;
let moderation: CorpusModeration;
let background: ArticleDraft;

beforeEach(async () => {
  dir = await copyCorpus();
  store = await KnowledgeStore.open(dir);
  moderation = await CorpusModeration.open(store);
  background = await moderation.draft({
    kind: 'file',
    name: 'background.md',
    bytes: await readFile(fixture('background-article.md')),
  });
});

describe('reloading while answering', { timeout: 90_000 }, () => {
  it('queries sent continuously during repeated reloads, adds and removes all succeed and always see a whole index', async () => {
    let stop = false;
    let answered = 0;
    const failures: unknown[] = [];
    const sizes = new Set<number>();
    const queries = (async () => {
      while (!stop) {
        const knowledge = store.current; // one knowledge per request, as the bot does
        try {
          const answer = ask.run(knowledge, QUESTION);
          if (answer.citations.length === 0) throw new Error('no citations');
          if (!isWhole(knowledge)) throw new Error('half-built index');
          for (const c of answer.citations)
            if (!knowledge.corpus.articles.some((a) => a.id === c.articleId))
              throw new Error(`cited ${c.articleId}, not in its corpus`);
          sizes.add(knowledge.corpus.articles.length);
          answered++;
        } catch (error) {
          failures.push(error);
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (let round = 0; round < 8; round++) {
      await moderation.reload(operator);
      await moderation.addArticle(background, operator);
      await moderation.reload(operator);
      await moderation.removeArticle(background.article.id, operator);
      await moderation.restoreArticle(background.article.id, operator);
      await moderation.removeArticle(background.article.id, operator);
    }
    stop = true;
    await queries;
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(50);
    expect([...sizes].sort()).toEqual([5, 6]);
    expect(isWhole(store.current)).toBe(true);
  });

  it('two refreshes at once are serialised: never more than one runs, and every change lands', async () => {
    let active = 0;
    let maxActive = 0;
    const queue = store.exclusive.bind(store);
    store.exclusive = <T>(task: () => Promise<T>) =>
      queue(async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        try {
          return await task();
        } finally {
          active--;
        }
      });
    const text = await moderation.draft(
      { kind: 'file', name: 'paste.txt', bytes: await readFile(fixture('response-article.txt')) },
      { outlet: 'Fixture Wire', published: '2025-03-07' },
    );
    const results = await Promise.all([
      moderation.reload(operator),
      moderation.addArticle(background, operator),
      moderation.reload(operator),
      moderation.addArticle(text, operator),
      store.reload(),
      moderation.removeArticle('dw-nato-declaration-response', operator),
    ]);
    expect(results).toHaveLength(6);
    expect(maxActive).toBe(1);
    expect(store.current.corpus.articles.map((a) => a.id).sort()).toEqual(
      [
        background.article.id,
        text.article.id,
        'joongang-dprk-criticizes-joint-statement',
        'kyivpost-reckless-provocation',
        'neglobal-troop-deployment-statement',
        'ukrinform-ten-countries-eu-condemn',
      ].sort(),
    );
  });

  it('two terminal adds at once, in two processes, are serialised by the corpus lock', async () => {
    const [a, b] = await Promise.all([
      runCli(['corpus', 'add', fixture('background-article.md'), '--corpus', dir]),
      runCli(['corpus', 'add', fixture('statement-article.html'), '--corpus', dir]),
    ]);
    expect([a.status, b.status], a.stderr + b.stderr).toEqual([0, 0]);
    const same = await Promise.all([
      runCli([
        'corpus',
        'add',
        fixture('response-article.txt'),
        '--outlet',
        'Fixture Wire',
        '--published',
        '2025-03-07',
        '--corpus',
        dir,
      ]),
      runCli([
        'corpus',
        'add',
        fixture('response-article.txt'),
        '--outlet',
        'Fixture Wire',
        '--published',
        '2025-03-07',
        '--corpus',
        dir,
      ]),
    ]);
    // The same article twice: one lands, the other sees it and is refused.
    expect(same.map((r) => r.status).sort()).toEqual([0, 1]);
    expect(same.find((r) => r.status === 1)!.stderr).toMatch(
      /^refused: (an article with the id .* is already in the corpus|this article is already in the corpus)/,
    );
    const { corpus, problems } = await checkCorpus(dir);
    expect(problems).toEqual([]);
    expect(corpus!.articles).toHaveLength(8);
  });
});

describe('a broken corpus on disk', () => {
  it('makes reload fail with file, line and reason while the last good knowledge keeps answering; changes are refused', async () => {
    const before = store.current;
    await writeFile(
      join(dir, 'articles', 'hand-edit.md'),
      '---\nid: hand-edit\ntitle: A hand edit on the server\noutlet: Somewhere\nurl: null\npublished: 19 December\nreports: []\n---\n\nA paragraph that is long enough to be an article paragraph.\n',
    );
    const error = await moderation.reload(operator).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Refusal);
    expect((error as Refusal).code).toBe('broken-corpus');
    expect((error as Refusal).message).toMatch(
      /^the corpus on disk has problems; still answering from the previous corpus: articles\/hand-edit\.md:6: published: /,
    );
    expect((error as Refusal).problems[0]).toMatchObject({ file: 'articles/hand-edit.md', line: 6 });
    expect(store.current).toBe(before);
    expect(ask.run(store.current, QUESTION).citations.length).toBeGreaterThan(0);

    const hashed = await hashDir(dir);
    const refused = await moderation.addArticle(background, operator).then(
      () => null,
      (e: unknown) => e,
    );
    expect((refused as Refusal).code).toBe('broken-corpus');
    expect(await hashDir(dir)).toEqual(hashed);
    const cli = await runCli(['corpus', 'add', fixture('background-article.md'), '--corpus', dir]);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/articles\/hand-edit\.md:6: published/);
  });
});

/** Holds the corpus lock from when `started` resolves until `release()` is called. */
function heldUntilReleased(): { started: Promise<void>; release: () => void; done: Promise<void> } {
  let started!: () => void;
  let release!: () => void;
  const startedPromise = new Promise<void>((r) => (started = r));
  const released = new Promise<void>((r) => (release = r));
  const done = withCorpusLock(dir, () => {
    started();
    return released;
  });
  return { started: startedPromise, release, done };
}

describe('the corpus lock', () => {
  it('is taken over when left by an earlier life of this same pid (a restarted container); held, it makes a writer wait', async () => {
    await writeFile(join(dir, '.lock'), JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now() }));
    await moderation.addArticle(background, operator);
    expect(await readdir(dir)).not.toContain('.lock');

    let release!: () => void;
    const holding = withCorpusLock(dir, () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 20));
    const busy = await withCorpusLock(dir, async () => 'ran', 100).then(String, (e: unknown) => (e as Refusal).code);
    expect(busy).toBe('busy');
    release();
    await holding;
    expect(await withCorpusLock(dir, async () => 'ran', 100)).toBe('ran');
  });

  it('stays with whoever took it over: a holder that overran IMPORT.staleLockMs leaves the new lock alone when it finishes', async () => {
    const lock = join(dir, '.lock');
    const a = heldUntilReleased();
    await a.started;
    // A's task overruns: its lock now looks older than IMPORT.staleLockMs, and B takes it over.
    const owner = JSON.parse(await readFile(lock, 'utf8')) as { at: number };
    await writeFile(lock, JSON.stringify({ ...owner, at: Date.now() - IMPORT.staleLockMs - 1000 }));
    const b = heldUntilReleased();
    await b.started;
    const taken = await readFile(lock, 'utf8');

    a.release();
    await a.done;
    expect(await readFile(lock, 'utf8')).toBe(taken);
    expect(await withCorpusLock(dir, async () => 'ran', 100).then(String, (e: unknown) => (e as Refusal).code)).toBe(
      'busy',
    );
    b.release();
    await b.done;
    expect(await readdir(dir)).not.toContain('.lock');
  });

  it('a stale lock with many waiters is taken over by one of them at a time', async () => {
    await writeFile(
      join(dir, '.lock'),
      JSON.stringify({ pid: 1, host: 'elsewhere', at: Date.now() - IMPORT.staleLockMs - 1000 }),
    );
    let active = 0;
    let maxActive = 0;
    const ran = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        withCorpusLock(dir, async () => {
          maxActive = Math.max(maxActive, ++active);
          await new Promise((r) => setTimeout(r, 10));
          active--;
          return i;
        }),
      ),
    );
    expect(ran).toHaveLength(8);
    expect(maxActive).toBe(1);
    expect((await readdir(dir)).filter((n) => n.startsWith('.lock'))).toEqual([]);
  });
});

describe('a crash between writing and renaming', () => {
  it('a failure at that point leaves no article and no temporary file, and the previous corpus exactly as it was', async () => {
    const before = await hashDir(dir);
    const failing = new CorpusModeration(store, {
      hooks: {
        beforeRename: () => {
          throw new Error('simulated crash before rename');
        },
      },
    });
    await expect(failing.addArticle(background, operator)).rejects.toThrow('simulated crash before rename');
    await expect(
      failing.addStatement(
        { id: 'joint-2025-03-04', title: 'T', date: '2025-03-04', issuedBy: 'X', aliases: [] },
        operator,
      ),
    ).rejects.toThrow('simulated crash');
    expect(await hashDir(dir)).toEqual(before);
    expect(store.current.corpus.articles).toHaveLength(5);
  });

  it('a process killed at that point leaves only a temporary file the loader ignores, which is swept later; its lock is taken over', async () => {
    const { signal, output } = await writeAndKillAt(dir, background.article, 'beforeRename');
    expect(signal, output).toBe('SIGKILL');

    const leftovers = (await readdir(join(dir, 'articles'))).filter((n) => n.startsWith('.'));
    expect(leftovers).toHaveLength(1);
    expect(leftovers[0]).toMatch(new RegExp(`^\\.${background.article.id}\\.md\\.\\d+\\.[0-9a-f]+\\.tmp$`));
    expect(await readdir(dir)).toContain('.lock');
    // The loader ignores it: the corpus is the previous one, complete and valid.
    const { corpus, problems } = await checkCorpus(dir);
    expect(problems).toEqual([]);
    expect(corpus!.articles.map((a) => a.id)).not.toContain(background.article.id);
    await moderation.reload(operator);

    // The dead process's lock is taken over, and the write goes through this time.
    await moderation.addArticle(background, operator);
    expect(store.current.corpus.articles.map((a) => a.id)).toContain(background.article.id);
    // Once old enough, the leftover is swept (on the next start of the service).
    const old = new Date(Date.now() - 60 * 60_000);
    await utimes(join(dir, 'articles', leftovers[0]!), old, old);
    await CorpusModeration.open(store);
    expect((await readdir(join(dir, 'articles'))).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});
