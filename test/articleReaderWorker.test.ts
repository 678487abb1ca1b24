/**
 * The bot and the CLI read uploads in a worker thread: the result is the same as in-thread reading,
 * the event loop is not stalled by loading jsdom, a refusal comes back whole (code, message, the
 * problems with file and line), and an upload that takes too long costs only the worker (it is
 * replaced) and comes back as a refusal.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ArticleReaderWorker } from '../src/corpus/articleReaderWorker.js';
import { readArticleText, type ArticleTextJob } from '../src/corpus/readArticleText.js';
import { Refusal } from '../src/corpus/refusal.js';
import { fixture } from './fixtures/corpusFixtures.js';
import { deepHtml, missingAnchorArticle } from './helpers/hostileInputs.js';

const page = (text: string, url: string | null = null): ArticleTextJob => ({
  text,
  format: 'html',
  origin: url ?? 'page.html',
  url,
});

/** The longest the event loop went without running a 5 ms timer, while `work` ran. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(longest, performance.now() - last);
}

const workers: ArticleReaderWorker[] = [];
afterEach(async () => {
  for (const w of workers.splice(0)) await w.close();
});

function worker(options: ConstructorParameters<typeof ArticleReaderWorker>[0] = {}): ArticleReaderWorker {
  const w = new ArticleReaderWorker(options);
  workers.push(w);
  return w;
}

describe('ArticleReaderWorker', () => {
  it('extracts the article in a worker thread, as in-thread extraction does, without stalling this thread', async () => {
    const html = await readFile(fixture('statement-article.html'), 'utf8');
    const w = worker();
    expect(w.running).toBe(false);
    let result: Awaited<ReturnType<typeof readArticleText>> | undefined;
    // Loading jsdom in this thread blocks it for 0.6–1.2 s; in the worker this thread keeps running.
    const stall = await longestStall(async () => {
      result = await w.read(page(html, 'https://example.org/fixture-wire/allies'));
    });
    expect(w.running).toBe(true);
    expect(stall).toBeLessThan(500);
    expect(result).toEqual(await readArticleText(page(html, 'https://example.org/fixture-wire/allies')));
    expect(result!.paragraphs).toHaveLength(5);
    // A second page reuses the worker.
    expect((await w.read(page(await readFile(fixture('no-article.html'), 'utf8')))).paragraphs.length).toBeLessThan(2);
    // So do text and Markdown.
    const md = await readFile(fixture('background-article.md'), 'utf8');
    expect(await w.read({ text: md, format: 'md', origin: 'background.md', url: null })).toEqual(
      await readArticleText({ text: md, format: 'md', origin: 'background.md', url: null }),
    );
  });

  it('a page that takes too long is refused; the worker is replaced and the next page works', async () => {
    const html = await readFile(fixture('statement-article.html'), 'utf8');
    const w = worker({ timeoutMs: 1 });
    const error = await w.read(page(html)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Refusal);
    expect((error as Refusal).code).toBe('timeout');
    expect(w.running).toBe(false);
    const patient = worker();
    expect((await patient.read(page(html))).title).toBe('Allies condemn North Korea–Russia missile cooperation');
  });

  it('a refusal in the worker comes back as one, with its problems; a hostile page is refused, not a crash', async () => {
    const w = worker();
    const md = await w
      .read({ text: missingAnchorArticle('no-anchor'), format: 'md', origin: 'no-anchor.md', url: null })
      .catch((e: unknown) => e);
    expect(md).toBeInstanceOf(Refusal);
    expect((md as Refusal).code).toBe('invalid-article');
    expect((md as Refusal).problems).toEqual([
      { file: 'no-anchor.md', line: 3, message: expect.stringMatching(/the alias \*nowhere has no anchor/) },
    ]);
    const deep = await w.read(page(deepHtml(100_000))).catch((e: unknown) => e);
    expect(deep).toBeInstanceOf(Refusal);
    expect((deep as Refusal).code).toBe('too-complex');
    expect((deep as Refusal).message).toMatch(/nests its elements more than 256 levels deep/);
    expect(w.running).toBe(true);
  });

  it('stops when idle and on close; after close it refuses work', async () => {
    const w = worker({ idleMs: 50 });
    w.warm();
    expect(w.running).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(w.running).toBe(false);
    await w.close();
    await expect(w.read(page('<p>x</p>'))).rejects.toThrow(/stopped/);
  });
});
