import { readFile } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Actor } from '../src/moderation/actor.js';
import { CorpusModeration } from '../src/moderation/corpusModeration.js';
import { KnowledgeStore } from '../src/search/knowledgeStore.js';
import { fixture } from '../test/fixtures/corpusFixtures.js';
import { copyCorpusForSuite, removeCorpusCopy } from '../test/helpers/corpusCopy.js';

export const name = 'Corpus moderation: add one article, re-index, event-loop stall';

const operator: Actor = { id: 'cli:bench', name: 'bench', via: 'cli' };
const ROUNDS = 20;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * The longest the event loop could not run anything while `task` ran: a 1 ms timer's largest
 * lateness, and perf_hooks' histogram maximum as a cross-check (the larger is reported).
 */
async function longestStall<T>(task: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let last = performance.now();
  let worst = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 1);
    last = now;
  }, 1);
  histogram.enable();
  try {
    const result = await task();
    await new Promise((r) => setTimeout(r, 5)); // let the probe see the end of the last stall
    return { result, stallMs: Math.max(worst, histogram.max / 1e6) };
  } finally {
    clearInterval(probe);
    histogram.disable();
  }
}

export default async function run(): Promise<string[]> {
  const dir = await copyCorpusForSuite();
  try {
    const store = await KnowledgeStore.open(dir);
    const moderation = await CorpusModeration.open(store);
    const html = await readFile(fixture('statement-article.html'));
    const text = await readFile(fixture('response-article.txt'));

    // Cold: the first HTML import also loads jsdom and Readability.
    let started = performance.now();
    const cold = await longestStall(() => moderation.draft({ kind: 'file', name: 'a.html', bytes: html }));
    const coldMs = performance.now() - started;
    const coldDraft = cold.result;

    const extract: number[] = [];
    const add: number[] = [];
    const addStalls: number[] = [];
    const extractStalls: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      started = performance.now();
      const { result: draft, stallMs: extractStall } = await longestStall(() =>
        moderation.draft({ kind: 'file', name: 'a.html', bytes: html }),
      );
      extract.push(performance.now() - started);
      extractStalls.push(extractStall);
      const { stallMs } = await longestStall(async () => {
        const t = performance.now();
        await moderation.addArticle(draft, operator); // validate, atomic write, reload
        add.push(performance.now() - t);
      });
      addStalls.push(stallMs);
      await moderation.removeArticle(draft.article.id, operator);
    }
    started = performance.now();
    const textDraft = await moderation.draft(
      { kind: 'file', name: 'a.txt', bytes: text },
      { outlet: 'Fixture Wire', published: '2025-03-07' },
    );
    const textMs = performance.now() - started;

    // Re-indexing the bundled corpus as /corpus reload does (the added articles are in the trash).
    const reload: number[] = [];
    const build: number[] = [];
    const stalls: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const { result, stallMs } = await longestStall(async () => {
        const t = performance.now();
        const outcome = await moderation.reload(operator);
        reload.push(performance.now() - t);
        return outcome;
      });
      if (result.reload.ok) build.push(result.reload.buildMs);
      stalls.push(stallMs);
    }
    const { articles, paragraphs } = await moderation.status();
    return [
      `import HTML (Readability on jsdom + cleaner): first ${coldMs.toFixed(0)} ms (loads jsdom; stall ${cold.stallMs.toFixed(0)} ms), then median ${median(extract).toFixed(1)} ms (stall max ${Math.max(...extractStalls).toFixed(1)} ms); plain text ${textMs.toFixed(1)} ms (${coldDraft.article.paragraphs.length} and ${textDraft.article.paragraphs.length} paragraphs)`,
      `add one article (validate corpus, atomic write, reload): median ${median(add).toFixed(1)} ms, max ${Math.max(...add).toFixed(1)} ms over ${ROUNDS}; longest event-loop stall ${Math.max(...addStalls).toFixed(1)} ms`,
      `re-index the bundled corpus (${articles} articles, ${paragraphs} paragraphs): reload median ${median(reload).toFixed(1)} ms (index build ${median(build).toFixed(1)} ms), max ${Math.max(...reload).toFixed(1)} ms`,
      `longest event-loop stall during a re-index: median ${median(stalls).toFixed(1)} ms, max ${Math.max(...stalls).toFixed(1)} ms over ${ROUNDS}`,
    ];
  } finally {
    await removeCorpusCopy(dir);
  }
}
