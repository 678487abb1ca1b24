/**
 * Discord's side of HTTP interactions: the emulator POSTs each interaction to the bot's endpoint,
 * signed with an Ed25519 key pair it makes (the bot is given the public key as DISCORD_PUBLIC_KEY),
 * and takes the HTTP response as the interaction's first response, exactly as if the bot had sent it
 * to the callback route (same validation, same records). Several endpoints are served in turn, as a
 * load balancer would. Tampered requests (bad or missing signature, old timestamp, another key) test
 * the bot's refusal.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export type Tamper = 'none' | 'bad-signature' | 'missing-header' | 'old-timestamp' | 'wrong-key';

export interface HttpPost {
  status: number;
  body: string;
}

function rawPublicKeyHex(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url').toString('hex');
}

export class HttpInteractions {
  readonly publicKey: string;
  private readonly privateKey: KeyObject;
  private readonly otherKey: KeyObject;
  private endpoints: string[] = [];
  private next = 0;

  constructor() {
    const pair = generateKeyPairSync('ed25519');
    this.privateKey = pair.privateKey;
    this.publicKey = rawPublicKeyHex(pair.publicKey);
    this.otherKey = generateKeyPairSync('ed25519').privateKey;
  }

  get enabled(): boolean {
    return this.endpoints.length > 0;
  }

  setEndpoints(urls: readonly string[]): void {
    this.endpoints = [...urls];
    this.next = 0;
  }

  /** The next endpoint in turn (round robin). */
  pick(): string {
    const url = this.endpoints[this.next % this.endpoints.length];
    if (!url) throw new Error('no HTTP interactions endpoint set (emu.useHttpInteractions(urls))');
    this.next += 1;
    return url;
  }

  async post(url: string, payload: unknown, tamper: Tamper = 'none'): Promise<HttpPost> {
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000) - (tamper === 'old-timestamp' ? 3600 : 0));
    const key = tamper === 'wrong-key' ? this.otherKey : this.privateKey;
    let signature = sign(null, Buffer.from(timestamp + body), key).toString('hex');
    if (tamper === 'bad-signature') signature = `${signature.slice(0, -2)}${signature.endsWith('00') ? '11' : '00'}`;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)',
    };
    if (tamper !== 'missing-header') {
      headers['x-signature-ed25519'] = signature;
      headers['x-signature-timestamp'] = timestamp;
    }
    const res = await fetch(url, { method: 'POST', headers, body });
    return { status: res.status, body: await res.text() };
  }
}
