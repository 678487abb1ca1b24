import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signs the state a button's custom id carries, so a forged or altered id (a far-future time on a
 * removal's Confirm, another article) is refused like a stale one. The key is BUTTON_SIGNING_KEY
 * when set, so buttons keep working across restarts; otherwise a random key for this process, and a
 * button from before a restart reads as expired.
 */
export interface ButtonSigner {
  /** The signature of `payload`: 12 base64url characters (72 bits of HMAC-SHA256). */
  sign(payload: string): string;
  verify(payload: string, signature: string): boolean;
}

export const SIGNATURE_LENGTH = 12;

export function buttonSigner(key: string | null | undefined): ButtonSigner {
  const secret = key ? Buffer.from(key, 'utf8') : randomBytes(32);
  const sign = (payload: string) =>
    createHmac('sha256', secret).update(payload).digest('base64url').slice(0, SIGNATURE_LENGTH);
  return {
    sign,
    verify(payload, signature) {
      const expected = Buffer.from(sign(payload));
      const given = Buffer.from(signature);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
