/**
 * Discord signs every HTTP interaction with the application's Ed25519 key: `x-signature-ed25519` is
 * the signature of `x-signature-timestamp` + the raw body. Verified with node:crypto before anything
 * is parsed; a timestamp too far from now is refused too, so a captured request cannot be replayed.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { HTTP_INTERACTIONS } from '../config/constants.js';

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'bad-signature' };

/** The application's public key (64 hex characters, as the Developer Portal shows it) as a key object. */
export function interactionsPublicKey(hex: string): KeyObject {
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') },
    format: 'jwk',
  });
}

export function checkSignature(
  key: KeyObject,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: Buffer,
  nowMs = Date.now(),
): SignatureCheck {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return { ok: false, reason: 'missing' };
  if (!/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > HTTP_INTERACTIONS.maxSignatureAgeS)
    return { ok: false, reason: 'stale' };
  const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), body]);
  return verify(null, signed, key, Buffer.from(signature, 'hex'))
    ? { ok: true }
    : { ok: false, reason: 'bad-signature' };
}
