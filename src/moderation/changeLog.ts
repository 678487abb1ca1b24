import { constants } from 'node:fs';
import { appendFile, open } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { actorSchema } from './actor.js';
import { CHANGE_ACTIONS, type AuditEvent } from './audit.js';

/** The corpus's own record of its changes, one JSON line each, so `status` survives restarts. */
const CHANGE_LOG_FILE = '.changes.jsonl';

const eventSchema = z.object({
  when: z.string(),
  who: actorSchema,
  what: z.enum(CHANGE_ACTIONS),
  corpus: z.string(),
  articleId: z.string().optional(),
  entryId: z.string().optional(),
  title: z.string().optional(),
  file: z.string().optional(),
  articles: z.number().optional(),
  paragraphs: z.number().optional(),
  buildMs: z.number().optional(),
});

/** Appends one event; a single small append is atomic, so concurrent writers never interleave a line. */
export async function recordChange(corpusDir: string, event: AuditEvent): Promise<void> {
  await appendFile(join(corpusDir, CHANGE_LOG_FILE), `${JSON.stringify(event)}\n`, 'utf8');
}

// Enough for hundreds of events; older ones do not matter for status.
const TAIL_BYTES = 256 * 1024;

/**
 * For each named test, the most recent change recorded that passes it, or null (none yet, or the
 * log is unreadable): one reverse scan of the log's tail, stopping once every test has its event.
 */
export async function lastChanges<K extends string>(
  corpusDir: string,
  accepts: Record<K, (event: AuditEvent) => boolean>,
): Promise<Record<K, AuditEvent | null>> {
  const keys = Object.keys(accepts) as K[];
  const found = Object.fromEntries(keys.map((k) => [k, null])) as Record<K, AuditEvent | null>;
  let handle;
  try {
    // Non-blocking, and a regular file only: a FIFO in its place must not stall `status`.
    handle = await open(join(corpusDir, CHANGE_LOG_FILE), constants.O_RDONLY | constants.O_NONBLOCK);
    const info = await handle.stat();
    if (!info.isFile()) throw new Error('not a file');
    const { size } = info;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    let missing = keys.length;
    for (const line of lines.reverse()) {
      if (missing === 0) break;
      try {
        const parsed = eventSchema.safeParse(JSON.parse(line));
        if (!parsed.success) continue;
        for (const k of keys) {
          if (found[k] === null && accepts[k](parsed.data)) {
            found[k] = parsed.data;
            missing--;
          }
        }
      } catch {
        // A torn first line of the tail window, or a hand edit: look further back.
      }
    }
    return found;
  } catch {
    return Object.fromEntries(keys.map((k) => [k, null])) as Record<K, AuditEvent | null>;
  } finally {
    await handle?.close();
  }
}
