/**
 * The bot reads HTML pages in a worker thread: the result is the same as in-thread extraction, the
 * bot's event loop is not stalled by loading jsdom, and a page that takes too long costs only the
 * worker (it is replaced) and comes back as a refusal.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { extractHtml } from '../src/corpus/extractHtml.js';
import { HtmlExtractorWorker } from '../src/corpus/htmlExtractorWorker.js';
import { Refusal } from '../src/corpus/refusal.js';
import { fixture } from './fixtures/corpusFixtures.js';

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

const workers: HtmlExtractorWorker[] = [];
afterEach(async () => {
  for (const w of workers.splice(0)) await w.close();
});

function worker(options: ConstructorParameters<typeof HtmlExtractorWorker>[0] = {}): HtmlExtractorWorker {
  const w = new HtmlExtractorWorker(options);
  workers.push(w);
  return w;
}

describe('HtmlExtractorWorker', () => {
  it('extracts the article in a worker thread, as in-thread extraction does, without stalling this thread', async () => {
    const html = await readFile(fixture('statement-article.html'), 'utf8');
    const w = worker();
    expect(w.running).toBe(false);
    let result: Awaited<ReturnType<typeof extractHtml>> | undefined;
    // Loading jsdom in this thread blocks it for 0.6–1.2 s; in the worker this thread keeps running.
    const stall = await longestStall(async () => {
      result = await w.extract(html, 'https://example.org/fixture-wire/allies');
    });
    expect(w.running).toBe(true);
    expect(stall).toBeLessThan(500);
    expect(result).toEqual(await extractHtml(html, 'https://example.org/fixture-wire/allies'));
    expect(result!.paragraphs).toHaveLength(5);
    // A second page reuses the worker.
    expect((await w.extract(await readFile(fixture('no-article.html'), 'utf8'), null)).paragraphs.length).toBeLessThan(2);
  });

  it('a page that takes too long is refused; the worker is replaced and the next page works', async () => {
    const html = await readFile(fixture('statement-article.html'), 'utf8');
    const w = worker({ timeoutMs: 1 });
    const error = await w.extract(html, null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Refusal);
    expect((error as Refusal).code).toBe('timeout');
    expect(w.running).toBe(false);
    const patient = worker();
    expect((await patient.extract(html, null)).title).toBe('Allies condemn North Korea–Russia missile cooperation');
  });

  it('stops when idle and on close; after close it refuses work', async () => {
    const w = worker({ idleMs: 50 });
    w.warm();
    expect(w.running).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(w.running).toBe(false);
    await w.close();
    await expect(w.extract('<p>x</p>', null)).rejects.toThrow(/stopped/);
  });
});
