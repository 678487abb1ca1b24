/**
 * The worker thread that checkpoints the question log's WAL into the database file. A checkpoint
 * writes the file and waits for the disk (fsync): tens to hundreds of milliseconds on a busy disk,
 * which in the bot's own thread would hold up every interaction meanwhile. So the bot's connection
 * never checkpoints (wal_autocheckpoint = 0) and this thread does, on its own connection, every
 * `everyMs`, in PASSIVE mode (it never waits for, nor blocks, the bot's writes).
 *
 *   workerData: { file, everyMs }
 *   in:  'stop'  (checkpoint once more, close, end)
 *   out: { error: string, code: string }  when a checkpoint fails (the next one is tried all the same)
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const port = parentPort;
if (!port) throw new Error('checkpointWorker.ts runs as a worker thread (see walCheckpoints.ts)');
const { file, everyMs } = workerData as { file: string; everyMs: number };

const db = new Database(file, { fileMustExist: true, timeout: 1000 });
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    port.postMessage({
      error: error instanceof Error ? error.message : String(error),
      code: String((error as { code?: unknown }).code ?? ''),
    });
  }
};
const timer = setInterval(checkpoint, everyMs);
port.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  port.close();
});
