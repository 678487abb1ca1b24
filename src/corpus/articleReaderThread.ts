/**
 * The worker thread behind articleReaderWorker.ts: loads jsdom and Readability once, then reads one
 * upload per message (front matter, plain text or an HTML page). Nothing else runs here, so a slow,
 * huge or hostile upload costs this thread only.
 *
 *   in:  { id, job: ArticleTextJob }
 *   out: { id, ok: true, value: ExtractedArticle }
 *      | { id, ok: false, refusal: { code, message, problems } }   (a Refusal, rebuilt on the other side)
 *      | { id, ok: false, message }                                 (anything else)
 */
import { parentPort } from 'node:worker_threads';
import { preloadHtmlExtractor } from './extractHtml.js';
import { readArticleText, type ArticleTextJob } from './readArticleText.js';
import { Refusal } from './refusal.js';

const port = parentPort;
if (!port) throw new Error('articleReaderThread.ts runs as a worker thread (see articleReaderWorker.ts)');

// Load the modules at once: the first page should not wait for them if the worker was started early.
const ready = preloadHtmlExtractor();

port.on('message', ({ id, job }: { id: number; job: ArticleTextJob }) => {
  // Only a page needs jsdom; text and Markdown need not wait for it to load.
  void (job.format === 'html' ? ready.then(() => readArticleText(job)) : readArticleText(job))
    .then(
      (value) => port.postMessage({ id, ok: true, value }),
      (error: unknown) => port.postMessage({ id, ok: false, ...replyOf(error) }),
    );
});

function replyOf(error: unknown) {
  if (error instanceof Refusal) return { refusal: { code: error.code, message: error.message, problems: error.problems } };
  // A page whose tree the DOM code walks recursively: the stack is this thread's, and it is spent.
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return { refusal: { code: 'too-complex', message: 'the page is nested too deeply to read', problems: [] } };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}
