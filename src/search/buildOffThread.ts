import { CorpusError, type CorpusProblem } from '../files/problems.js';
import { startWorkerThread } from '../files/workerThread.js';
import type { PackedCorpus } from '../corpus/packedCorpus.js';
import type { SegmentData } from './segmentData.js';

/** A corpus read and analysed in a worker thread, ready to be assembled into an index here. */
export interface AnalysedCorpus {
  packed: PackedCorpus;
  /** The segments' data, each for the next run of articles. */
  parts: SegmentData[];
  loadMs: number;
  analyseMs: number;
  /** Why the snapshot could not be written, if one was asked for and failed; the build stands. */
  snapshotError: string | null;
}

type Reply =
  ({ ok: true } & AnalysedCorpus) | { ok: false; problems: CorpusProblem[] } | { ok: false; message: string };

/**
 * Reads, validates and analyses the corpus in `corpusDir` in worker threads (indexThread.ts: one, or
 * `threads` for a large corpus),
 * writing the snapshot to `snapshotFile` when given. Only the hand-over costs this thread: the segment's
 * arrays and the corpus's packed text are transferred. An invalid corpus rejects with its CorpusError.
 */
export function analyseOffThread(
  corpusDir: string,
  snapshotFile: string | null,
  threads: number | 'auto' = 'auto',
): Promise<AnalysedCorpus> {
  return new Promise((resolve, reject) => {
    const worker = startWorkerThread(import.meta.url, 'indexThread', {
      workerData: { role: 'lead', corpusDir, snapshotFile, threads },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    worker.once('message', (reply: Reply) => {
      settled = true;
      if (reply.ok) resolve(reply);
      else if ('problems' in reply) reject(new CorpusError(reply.problems));
      else reject(new Error(`the index could not be built: ${reply.message}`));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      if (!settled) reject(new Error(`the index build stopped: ${error.message}`));
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the index build stopped unexpectedly (exit code ${code})`));
      settled = true;
    });
  });
}
