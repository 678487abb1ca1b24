import { randomBytes } from 'node:crypto';
import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../corpus/atomicFile.js';
import { articleDraftSchema, type ArticleDraft } from '../corpus/importArticle.js';
import { Refusal } from '../corpus/refusal.js';
import { IMPORT } from '../config/constants.js';
import { readRegularFile } from '../files/readRegularFile.js';
import { actorSchema, type Actor } from './actor.js';

/**
 * Previews waiting for Confirm, one JSON file each in corpus/.pending/, so a Confirm button still
 * works after the bot restarts. The token is what a button's custom id carries.
 */
export const PENDING_DIR = '.pending';

const TOKEN = /^[A-Za-z0-9_-]{16,40}$/;

const pendingSchema = z.strictObject({
  token: z.string().regex(TOKEN),
  createdAt: z.string(),
  expiresAt: z.string(),
  actor: actorSchema,
  draft: articleDraftSchema,
});
type PendingDraft = z.infer<typeof pendingSchema>;

function isPendingToken(value: string): boolean {
  return TOKEN.test(value);
}

export async function savePending(
  corpusDir: string,
  draft: ArticleDraft,
  actor: Actor,
  now: Date,
  ttlMs: number,
): Promise<PendingDraft> {
  const pending: PendingDraft = {
    token: randomBytes(12).toString('base64url'),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
    actor,
    draft,
  };
  await mkdir(join(corpusDir, PENDING_DIR), { recursive: true });
  await writeFileAtomic(join(corpusDir, PENDING_DIR, `${pending.token}.json`), `${JSON.stringify(pending)}\n`);
  return pending;
}

/** A preview holds one article within the import limits, as JSON: twice the upload limit is ample. */
const PENDING_MAX_BYTES = 2 * IMPORT.maxBytes;

/** What a preview file holds, read only: the preview, or why there is none. */
async function readPending(corpusDir: string, token: string): Promise<PendingDraft | 'missing' | 'damaged'> {
  const read = await readRegularFile(join(corpusDir, PENDING_DIR, `${token}.json`), { maxBytes: PENDING_MAX_BYTES });
  if (!read.ok) return read.missing ? 'missing' : 'damaged';
  try {
    return pendingSchema.parse(JSON.parse(read.text));
  } catch {
    return 'damaged';
  }
}

function hasExpired(pending: PendingDraft, now: Date): boolean {
  return Date.parse(pending.expiresAt) <= now.getTime();
}

/** The pending preview for a token; refused when unknown (already confirmed, cancelled) or expired. */
export async function loadPending(corpusDir: string, token: string, now: Date): Promise<PendingDraft> {
  if (!isPendingToken(token)) throw new Refusal('not-found', 'this preview is unknown; start again with corpus add');
  const pending = await readPending(corpusDir, token);
  if (pending === 'missing')
    throw new Refusal(
      'not-found',
      'this preview was already confirmed, cancelled or cleared; start again with corpus add',
    );
  if (pending === 'damaged') {
    await dropPending(corpusDir, token);
    throw new Refusal('not-found', 'this preview is damaged; start again with corpus add');
  }
  if (hasExpired(pending, now)) {
    await dropPending(corpusDir, token);
    throw new Refusal('expired', 'this preview has expired; start again with corpus add');
  }
  return pending;
}

export async function dropPending(corpusDir: string, token: string): Promise<void> {
  if (!isPendingToken(token)) return;
  await unlink(join(corpusDir, PENDING_DIR, `${token}.json`)).catch(() => undefined);
}

/** The tokens of the preview files in corpus/.pending/ (other files there are not previews). */
async function pendingTokens(corpusDir: string): Promise<string[]> {
  const names = await readdir(join(corpusDir, PENDING_DIR)).catch(() => [] as string[]);
  return names
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .filter(isPendingToken);
}

/** How many previews still wait for Confirm (unexpired, undamaged). Reads only: a status must not clean up. */
export async function countPending(corpusDir: string, now: Date): Promise<number> {
  let waiting = 0;
  for (const token of await pendingTokens(corpusDir)) {
    const pending = await readPending(corpusDir, token);
    if (typeof pending === 'object' && !hasExpired(pending, now)) waiting++;
  }
  return waiting;
}

/** Removes expired and damaged previews (a deliberate clean-up: at startup, before adding one). */
export async function sweepPending(corpusDir: string, now: Date): Promise<void> {
  for (const token of await pendingTokens(corpusDir)) {
    // loadPending drops an expired or damaged preview and refuses it; a waiting one stays.
    await loadPending(corpusDir, token, now).catch(() => undefined);
  }
}
