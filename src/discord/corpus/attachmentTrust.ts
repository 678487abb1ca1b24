/**
 * Where attachments may be downloaded from. Discord gives the URL (its CDN, public); against a local
 * Discord-compatible API (the emulator, the playground) the attachments are served by that API's own
 * loopback host, which is then allowed, for attachments only. URLs typed by a moderator keep the
 * normal policy.
 */
import { isIP } from 'node:net';

/** Hosts Discord serves attachments from. */
const DISCORD_CDN_HOSTS = new Set(['cdn.discordapp.com', 'media.discordapp.net']);

export function attachmentSource(apiBase: string | null): { trusted(url: string): boolean; allowAddresses: string[] } {
  const api = apiBase ? new URL(apiBase) : null;
  const host = api?.hostname.replace(/^\[|\]$/g, '') ?? null;
  const allowAddresses = host === null ? [] : isIP(host) ? [host] : host === 'localhost' ? ['127.0.0.1', '::1'] : [];
  return {
    allowAddresses,
    trusted(url) {
      try {
        const u = new URL(url);
        if (u.protocol === 'https:' && DISCORD_CDN_HOSTS.has(u.hostname)) return true;
        return api !== null && u.origin === api.origin;
      } catch {
        return false;
      }
    },
  };
}
