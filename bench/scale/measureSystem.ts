import { copyFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ARTICLES_DIR } from '../../src/corpus/loadCorpus.js';
import { percentile } from '../percentile.js';
import { WARM_UP_QUESTIONS } from './questions.js';
import { longestStallDuring, type StallDuring } from './stallProbe.js';
import type { ScaleSystem } from './system.js';

/** How many of the slowest questions are reported with their times. */
const SLOWEST_SHOWN = 3;

/** What one system measured, in its own process. Times in milliseconds. */
export interface SystemFigures {
  name: string;
  loadMs: number;
  buildMs: number;
  rssBytes: number;
  askP50Ms: number;
  askP99Ms: number;
  askCount: number;
  /** The slowest questions, slowest first: where a p99 comes from. */
  slowest: Array<{ question: string; ms: number }>;
  reload: StallDuring;
  /** Adding one article while asks go on, or null when the system cannot. */
  add: StallDuring | null;
  /** Writing the snapshot for the start-up measurement, or null when the system has none. */
  snapshot: { ms: number; by: ScaleSystem['writesBy'] } | null;
}

export interface MeasureInputs {
  dir: string;
  questions: string[];
  /** An article file outside the corpus, copied into it for the add measurement and removed after. */
  addArticleFile: string;
  snapshotFile: string;
}

/** Load, build, memory, ask latency, a reload during asks, a snapshot and an add, in that order. */
export async function measureSystem(system: ScaleSystem, inputs: MeasureInputs): Promise<SystemFigures> {
  const { questions } = inputs;
  const loadMs = await timed(() => system.load(inputs.dir));
  const buildMs = await timed(() => system.build());
  const rssBytes = residentAfterGc();
  const asked = askTimes(system, questions);
  const times = asked.map((a) => a.ms);
  const ask = (n: number) => system.ask(questions[n % questions.length]!);
  const reload = await longestStallDuring(() => system.reload(), ask);
  // The snapshot is of the corpus as generated, so it is written before the add changes the corpus.
  const snapshot = await measureSnapshotWrite(system, inputs.snapshotFile);
  const add = await measureAdd(system, inputs, ask);
  return {
    name: system.name,
    loadMs,
    buildMs,
    rssBytes,
    askP50Ms: percentile(times, 50),
    askP99Ms: percentile(times, 99),
    askCount: times.length,
    slowest: asked.slice(-SLOWEST_SHOWN).reverse(),
    reload,
    add,
    snapshot,
  };
}

/** Each question with its answer time, fastest first, after a warm-up that is not counted. */
function askTimes(system: ScaleSystem, questions: string[]): Array<{ question: string; ms: number }> {
  for (const question of questions.slice(0, WARM_UP_QUESTIONS)) system.ask(question);
  const times = questions.map((question) => {
    const started = performance.now();
    system.ask(question);
    return { question, ms: performance.now() - started };
  });
  return times.sort((a, b) => a.ms - b.ms);
}

/**
 * Adding one article while asks go on; null when the system has no incremental add. The article is
 * written into the corpus first, as a moderator's import does, and removed after, so the next
 * system's process finds the corpus as generated.
 */
async function measureAdd(
  system: ScaleSystem,
  inputs: MeasureInputs,
  ask: (n: number) => void,
): Promise<StallDuring | null> {
  const file = join(inputs.dir, ARTICLES_DIR, basename(inputs.addArticleFile));
  await copyFile(inputs.addArticleFile, file);
  let outcome = 'unsupported' as 'added' | 'unsupported';
  try {
    const during = await longestStallDuring(async () => {
      outcome = await system.addArticle(file);
    }, ask);
    return outcome === 'added' ? during : null;
  } finally {
    await rm(file, { force: true });
  }
}

async function measureSnapshotWrite(system: ScaleSystem, file: string): Promise<SystemFigures['snapshot']> {
  const started = performance.now();
  const outcome = await system.writeSnapshot(file);
  return outcome === 'written' ? { ms: performance.now() - started, by: system.writesBy } : null;
}

/** Resident memory once garbage the build left is collected (the child runs with --expose-gc). */
function residentAfterGc(): number {
  globalThis.gc?.();
  return process.memoryUsage().rss;
}

async function timed(task: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await task();
  return performance.now() - started;
}
