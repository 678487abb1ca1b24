/**
 * The worker thread behind buildOffThread.ts: reads and validates the corpus, analyses every
 * article into segment data, writes the snapshot when asked to, and hands the corpus (packed) and
 * the data back, their arrays transferred, not copied. One build per thread; the thread then ends.
 *
 *   in (workerData): { corpusDir, snapshotFile }
 *   out: { ok: true, packed, data, loadMs, analyseMs, snapshotError }   (the corpus packed: packedCorpus.ts) | { ok: false, problems } | { ok: false, message }
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkCorpus } from '../corpus/loadCorpus.js';
import { packCorpus, packedTransferables } from '../corpus/packedCorpus.js';
import { writeSnapshot } from './indexSnapshot.js';
import { buildSegmentData, transferablesOf } from './segmentData.js';

const port = parentPort;
if (!port) throw new Error('indexThread.ts runs as a worker thread (see buildOffThread.ts)');
const { corpusDir, snapshotFile } = workerData as { corpusDir: string; snapshotFile: string | null };

try {
  const started = performance.now();
  const { corpus, problems } = await checkCorpus(corpusDir);
  if (!corpus) {
    port.postMessage({ ok: false, problems });
  } else {
    const loaded = performance.now();
    const data = buildSegmentData(corpus, corpus.articles);
    const analysed = performance.now();
    // Before the hand-over: transferring the arrays detaches them here.
    const packed = packCorpus(corpus);
    const snapshotError = snapshotFile
      ? await writeSnapshot(snapshotFile, { packed, data }).then(
          () => null,
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        )
      : null;
    port.postMessage(
      { ok: true, packed, data, loadMs: loaded - started, analyseMs: analysed - loaded, snapshotError },
      [...transferablesOf(data), ...packedTransferables(packed)],
    );
  }
} catch (error) {
  port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
