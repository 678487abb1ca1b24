/**
 * People are stored only as a keyed hash of their Discord id: HMAC-SHA256 with a random per-install
 * key. The key lives in its own file beside the database (mode 0600), never in it, so a copy of the
 * database handed on for analysis cannot be matched against known Discord ids.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { USAGE } from '../config/constants.js';

export type UserHasher = (discordId: string) => string;

/** Reads the install's key from DATA_DIR, creating it on first use. */
export function loadUserKey(dataDir: string): Buffer {
  const file = join(dataDir, USAGE.userKeyFile);
  try {
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  if (key.length < 16)
    throw new Error(`${file} does not hold a key (expected 64 hex digits); remove it to make a new one`);
  return key;
}

export function userHasher(key: Buffer): UserHasher {
  return (discordId) => createHmac('sha256', key).update(discordId).digest('base64url').slice(0, 22);
}
