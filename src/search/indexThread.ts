/**
 * The worker thread behind buildOffThread.ts. The lead thread reads and validates the corpus,
 * analyses it into segment data, writes the snapshot when asked to, and hands the corpus (packed)
 * and the data back, their arrays transferred, not copied. A large corpus is analysed in parallel:
 * the lead starts part threads (this same module), each of which reads the corpus too and analyses
 * one run of its articles; a part that read other files than the lead (a change in between) or
 * failed is analysed by the lead itself. Each thread ends after its one build.
 *
 *   in (workerData): { role: 'lead', corpusDir, snapshotFile, threads }
 *                  | { role: 'part', corpusDir, from, to }
 *   lead out: { ok: true, packed, parts, loadMs, analyseMs, snapshotError } | { ok: false, problems } | { ok: false, message }
 *   part out: { ok: true, digest, data } | { ok: false }
 */
import { availableParallelism } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { INDEX_BUILD } from '../config/constants.js';
import type { Article } from '../corpus/articleFile.js';
import { checkCorpus, type Corpus } from '../corpus/loadCorpus.js';
import { packCorpus, packedTransferables } from '../corpus/packedCorpus.js';
import { startWorkerThread } from '../files/workerThread.js';
import { writeSnapshot } from './indexSnapshot.js';
import { buildSegmentData, transferablesOf, type SegmentData } from './segmentData.js';

type Job =
  | { role: 'lead'; corpusDir: string; snapshotFile: string | null; threads: number | 'auto' }
  | { role: 'part'; corpusDir: string; from: number; to: number };

const port = parentPort;
if (!port) throw new Error('indexThread.ts runs as a worker thread (see buildOffThread.ts)');
const job = workerData as Job;

try {
  if (job.role === 'part') await runPart(job);
  else await runLead(job);
} catch (error) {
  port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}

async function runPart({ corpusDir, from, to }: Extract<Job, { role: 'part' }>): Promise<void> {
  const { corpus } = await checkCorpus(corpusDir);
  if (!corpus) return port!.postMessage({ ok: false });
  const data = buildSegmentData(corpus, corpus.articles.slice(from, to));
  port!.postMessage({ ok: true, digest: corpus.digest, data }, transferablesOf(data));
}

async function runLead({ corpusDir, snapshotFile, threads }: Extract<Job, { role: 'lead' }>): Promise<void> {
  const started = performance.now();
  const { corpus, problems } = await checkCorpus(corpusDir);
  if (!corpus) return port!.postMessage({ ok: false, problems });
  const loaded = performance.now();
  const ranges = splitArticles(corpus.articles, threadCount(threads, corpus.articles.length));
  const others = ranges.slice(1).map(([from, to]) => analysePart(corpus, corpusDir, from, to));
  const parts = [buildSegmentData(corpus, corpus.articles.slice(...ranges[0]!)), ...(await Promise.all(others))];
  const analysed = performance.now();
  const packed = packCorpus(corpus);
  // Before the hand-over: transferring the arrays detaches them here.
  const snapshotError = snapshotFile
    ? await writeSnapshot(snapshotFile, { packed, parts }).then(
        () => null,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      )
    : null;
  port!.postMessage(
    { ok: true, packed, parts, loadMs: loaded - started, analyseMs: analysed - loaded, snapshotError },
    [...parts.flatMap(transferablesOf), ...packedTransferables(packed)],
  );
}

/** How many threads analyse a corpus of `articles` articles: each gets INDEX_BUILD.minArticlesPerThread at least. */
function threadCount(threads: number | 'auto', articles: number): number {
  if (threads !== 'auto') return Math.max(1, Math.min(threads, articles));
  const cores = Math.min(INDEX_BUILD.maxThreads, availableParallelism());
  return Math.max(1, Math.min(cores, Math.floor(articles / INDEX_BUILD.minArticlesPerThread)));
}

/** `count` consecutive runs of the articles, [from, to), with about as many paragraphs each. */
function splitArticles(articles: readonly Article[], count: number): Array<[number, number]> {
  const total = articles.reduce((n, a) => n + a.paragraphs.length, 0);
  const ranges: Array<[number, number]> = [];
  let from = 0;
  let seen = 0;
  for (let a = 0; a < articles.length && ranges.length < count - 1; a++) {
    seen += articles[a]!.paragraphs.length;
    if (seen >= (total * (ranges.length + 1)) / count) {
      ranges.push([from, a + 1]);
      from = a + 1;
    }
  }
  ranges.push([from, articles.length]);
  return ranges;
}

/** Articles [from, to) analysed by a part thread; by this one when the part fails or read a different corpus. */
function analysePart(corpus: Corpus, corpusDir: string, from: number, to: number): Promise<SegmentData> {
  const here = () => buildSegmentData(corpus, corpus.articles.slice(from, to));
  return new Promise((resolve) => {
    const worker = startWorkerThread(import.meta.url, 'indexThread', {
      workerData: { role: 'part', corpusDir, from, to } satisfies Job,
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (data: SegmentData | null) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      resolve(data ?? here());
    };
    worker.once('message', (reply: { ok: true; digest: string; data: SegmentData } | { ok: false }) =>
      settle(reply.ok && reply.digest === corpus.digest ? reply.data : null),
    );
    worker.once('error', () => settle(null));
    worker.once('exit', () => settle(null));
  });
}
