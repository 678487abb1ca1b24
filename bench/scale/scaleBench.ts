/**
 * `npm run bench -- --scale N`: a synthetic topical corpus of N paragraphs, generated once, then the
 * bot and its peers each measured in a process of its own, and one table of the figures side by side.
 */
import { fork } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildReply, ChildRequest } from './systemChild.js';
import { scaleQuestions } from './questions.js';
import { syntheticArticleText, writeSyntheticCorpus } from './syntheticCorpus.js';
import { SYSTEM_NAMES, type SystemName } from './system.js';
import { scaleTable, slowestQuestions, type SystemColumn } from './table.js';

const CHILD = fileURLToPath(new URL('./systemChild.ts', import.meta.url));
/** The children run the TypeScript through tsx, with gc() for the memory figure and room for 100k paragraphs. */
const CHILD_NODE_OPTIONS = ['--import', 'tsx', '--expose-gc', '--max-old-space-size=8192'];
const ADDED_ARTICLE_ID = 'synthetic-added';

export async function runScaleBench(paragraphs: number, seed = 1): Promise<string[]> {
  const root = await mkdtemp(join(tmpdir(), 'statement-desk-scale-'));
  try {
    const dir = join(root, 'corpus');
    const started = performance.now();
    const size = await writeSyntheticCorpus(dir, paragraphs, seed);
    const generateMs = performance.now() - started;
    const addArticleFile = join(root, 'added', `${ADDED_ARTICLE_ID}.md`);
    await mkdir(join(root, 'added'));
    await writeFile(addArticleFile, await syntheticArticleText(ADDED_ARTICLE_ID, undefined, seed + 1));
    const questions = scaleQuestions();

    const columns: SystemColumn[] = [];
    for (const system of SYSTEM_NAMES) {
      const snapshotFile = join(root, `${system}.snapshot`);
      const measured = await runChild({
        mode: 'measure',
        system,
        inputs: { dir, questions, addArticleFile, snapshotFile },
      });
      if (!('figures' in measured.reply)) throw new Error(`unexpected reply from ${system}`);
      columns.push({ figures: measured.reply.figures, start: await startUp(system, dir, snapshotFile) });
    }
    return [
      `${size.paragraphs} paragraphs in ${size.articles} articles (generated in ${(generateMs / 1000).toFixed(1)} s, seed ${seed}); ` +
        `${questions.length} evaluation questions timed after a warm-up; Node ${process.version}, ${cpus().length} cores.`,
      '',
      ...scaleTable(columns),
      '',
      'Slowest asks:',
      ...slowestQuestions(columns),
      '',
      'Each system ran in its own process. Load is the same loader for all (the peers index its paragraphs, with titles).',
      "Event-loop block: the longest gap a 1 ms timer saw while asks kept being issued, less the asks' own time.",
      'Start-up: a fresh process; its open time once its modules are loaded, and the time from fork until ready.',
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** A fresh process of `system`, from fork until it is ready to answer. */
async function startUp(system: SystemName, dir: string, snapshotFile: string): Promise<SystemColumn['start']> {
  const { reply, wallMs } = await runChild({ mode: 'start', system, dir, snapshotFile });
  if (!('startedFrom' in reply)) throw new Error(`unexpected reply from ${system}`);
  return { ms: wallMs, openMs: reply.openMs, from: reply.startedFrom };
}

/** Forks systemChild.ts with `request` and waits for its one reply. */
function runChild(request: ChildRequest): Promise<{ reply: ChildReply; wallMs: number }> {
  const started = performance.now();
  const child = fork(CHILD, [JSON.stringify(request)], { execArgv: CHILD_NODE_OPTIONS, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    let reply: ChildReply | null = null;
    child.once('message', (message) => {
      reply = message as ChildReply;
      if ('error' in reply) reject(new Error(`${request.system} (${request.mode}): ${reply.error}`));
      else resolve({ reply, wallMs: performance.now() - started });
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!reply)
        reject(new Error(`${request.system} (${request.mode}) exited with ${signal ?? code} before replying`));
    });
  });
}
