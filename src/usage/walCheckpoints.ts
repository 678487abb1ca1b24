/**
 * Runs the question log's checkpoints in a worker thread (checkpointWorker.ts), so that the disk's
 * fsync never happens on the bot's event loop. Built, the worker is dist/usage/checkpointWorker.js;
 * run from the sources (tests, tsx), it is the .ts file, loaded through tsx inside the worker.
 */
import { Worker } from 'node:worker_threads';

export interface WalCheckpoints {
  /** Checkpoints once more and ends the thread. */
  stop(): Promise<void>;
}

function spawn(workerData: { file: string; everyMs: number }): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  const script = new URL(fromSources ? './checkpointWorker.ts' : './checkpointWorker.js', import.meta.url);
  const options = { workerData, stdout: false, stderr: false };
  if (!fromSources) return new Worker(script, options);
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

export function startWalCheckpoints(
  file: string,
  everyMs: number,
  onError: (message: string, code: string) => void,
): WalCheckpoints {
  const worker = spawn({ file, everyMs });
  worker.unref(); // never what keeps the process alive
  worker.on('message', (m: { error?: string; code?: string }) => {
    if (m.error) onError(m.error, m.code ?? '');
  });
  worker.on('error', (error) => onError(error.message, String((error as { code?: unknown }).code ?? '')));
  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 5000);
        worker.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        worker.postMessage('stop');
      });
      return stopped;
    },
  };
}
