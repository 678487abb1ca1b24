/**
 * The worker thread behind htmlExtractorWorker.ts: loads jsdom and Readability once, then extracts
 * one page per message. Nothing else runs here, so a slow or huge page costs this thread only.
 *
 *   in:  { id, html, url }
 *   out: { id, ok: true, value: ExtractedHtml } | { id, ok: false, message }
 */
import { parentPort } from 'node:worker_threads';
import { extractHtml, preloadHtmlExtractor } from './extractHtml.js';

interface HtmlJob {
  id: number;
  html: string;
  url: string | null;
}

const port = parentPort;
if (!port) throw new Error('htmlWorker.ts runs as a worker thread (see htmlExtractorWorker.ts)');

// Load the modules at once: the first page should not wait for them if the worker was started early.
const ready = preloadHtmlExtractor();

port.on('message', (job: HtmlJob) => {
  void ready
    .then(() => extractHtml(job.html, job.url))
    .then(
      (value) => port.postMessage({ id: job.id, ok: true, value }),
      (error: unknown) => port.postMessage({ id: job.id, ok: false, message: error instanceof Error ? error.message : String(error) }),
    );
});
