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

/** The most recent change recorded that `accept`s, or null (none yet, or the log is unreadable). */
export async function lastChange(corpusDir: string, accept: (event: AuditEvent) => boolean = () => true): Promise<AuditEvent | null> {
  let handle;
  try {
    handle = await open(join(corpusDir, CHANGE_LOG_FILE), 'r');
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n').filter((l) => l.trim() !== '');
    for (const line of lines.reverse()) {
      try {
        const parsed = eventSchema.safeParse(JSON.parse(line));
        if (parsed.success && accept(parsed.data)) return parsed.data;
      } catch {
        // A torn first line of the tail window, or a hand edit: look further back.
      }
    }
    return null;
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}
