import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread running the module `name` beside `from` (an import.meta.url). Built, that is
 * the .js file in dist/; run from the sources (tests, tsx), it is the .ts file, loaded through tsx's
 * loader registered inside the worker.
 */
export function startWorkerThread(from: string, name: string, options: WorkerOptions = {}): Worker {
  const fromSources = from.endsWith('.ts');
  const script = new URL(`./${name}${fromSources ? '.ts' : '.js'}`, from);
  if (!fromSources) return new Worker(script, options);
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
