/** The scale-out settings (INTERACTIONS, PORT, HOST, DISCORD_PUBLIC_KEY, SHARDS), the signature check and the generation stamp. */
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bumpGeneration, GENERATION_FILE, readGeneration } from '../../src/corpus/generation.js';
import { ConfigError, parseConfig } from '../../src/discord/env.js';
import { checkSignature, interactionsPublicKey } from '../../src/discord/verifySignature.js';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.GaBcDe.abcdefghijklmnopqrstuvwxyz0123';
const GOOD = { DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: '100000000000000001', CORPUS_DIR: 'corpus' };
const KEY = 'a'.repeat(64);

function problems(env: Record<string, string | undefined>): string {
  try {
    parseConfig(env, 'bot');
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}

describe('scale-out configuration', () => {
  it('defaults: the gateway, one process; HTTP mode on 0.0.0.0:8080 when asked', () => {
    expect(parseConfig(GOOD)).toMatchObject({
      interactions: 'gateway',
      shards: null,
      port: 8080,
      host: '0.0.0.0',
      publicKey: null,
    });
    expect(
      parseConfig({
        ...GOOD,
        INTERACTIONS: 'http',
        DISCORD_PUBLIC_KEY: KEY.toUpperCase(),
        PORT: '3000',
        HOST: '127.0.0.1',
      }),
    ).toMatchObject({ interactions: 'http', port: 3000, host: '127.0.0.1', publicKey: KEY });
    expect(parseConfig({ ...GOOD, SHARDS: 'auto' }).shards).toBe('auto');
    expect(parseConfig({ ...GOOD, SHARDS: '4' }).shards).toBe(4);
  });

  it('names the variable that is wrong, never echoing it', () => {
    expect(problems({ ...GOOD, INTERACTIONS: 'http' })).toMatch(
      /^DISCORD_PUBLIC_KEY is missing: INTERACTIONS=http needs/,
    );
    expect(problems({ ...GOOD, INTERACTIONS: 'webhook' })).toMatch(/^INTERACTIONS is malformed/);
    expect(problems({ ...GOOD, INTERACTIONS: 'http', DISCORD_PUBLIC_KEY: 'not-hex' })).toMatch(
      /^DISCORD_PUBLIC_KEY is malformed/,
    );
    expect(problems({ ...GOOD, INTERACTIONS: 'http', DISCORD_PUBLIC_KEY: 'not-hex' })).not.toContain('not-hex');
    expect(problems({ ...GOOD, PORT: '70000' })).toMatch(/^PORT is malformed/);
    expect(problems({ ...GOOD, SHARDS: '0' })).toMatch(/^SHARDS is malformed/);
    expect(problems({ ...GOOD, INTERACTIONS: 'http', DISCORD_PUBLIC_KEY: KEY, SHARDS: '2' })).toMatch(
      /SHARDS is set with INTERACTIONS=http/,
    );
  });

  it('inside a shard, the manager’s SHARDS (the shard id) is not read as the setting', () => {
    expect(parseConfig({ ...GOOD, SHARDING_MANAGER: 'true', SHARDS: '0', SHARD_COUNT: '2' }).shards).toBeNull();
  });
});

describe('checkSignature', () => {
  const pair = generateKeyPairSync('ed25519');
  const hex = Buffer.from(pair.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
  const key = interactionsPublicKey(hex);
  const body = Buffer.from('{"type":1}');
  const now = 1_800_000_000_000;
  const timestamp = String(now / 1000);
  const signature = sign(null, Buffer.concat([Buffer.from(timestamp), body]), pair.privateKey).toString('hex');

  it('accepts Discord’s signature over the timestamp and the raw body, and nothing else', () => {
    expect(checkSignature(key, { signature, timestamp }, body, now)).toEqual({ ok: true });
    expect(checkSignature(key, { signature, timestamp }, Buffer.from('{"type":2}'), now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(checkSignature(key, { signature, timestamp: String(now / 1000 + 1) }, body, now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(checkSignature(key, { signature: undefined, timestamp }, body, now)).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(checkSignature(key, { signature: 'zz', timestamp }, body, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(checkSignature(key, { signature, timestamp }, body, now + 301_000)).toEqual({ ok: false, reason: 'stale' });
    const other = interactionsPublicKey(
      Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex'),
    );
    expect(checkSignature(other, { signature, timestamp }, body, now)).toEqual({ ok: false, reason: 'bad-signature' });
  });
});

describe('the corpus generation stamp', () => {
  it('starts at 0, rises by one with each bump, and is written whole', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'statement-desk-generation-'));
    try {
      expect((await readGeneration(dir)).generation).toBe(0);
      await bumpGeneration(dir);
      const second = await bumpGeneration(dir, new Date('2026-12-07T08:00:00Z'));
      expect(second).toMatchObject({ generation: 2, at: '2026-12-07T08:00:00.000Z' });
      expect(JSON.parse(await readFile(join(dir, GENERATION_FILE), 'utf8'))).toEqual(second);
      expect(await readGeneration(dir)).toEqual(second);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
