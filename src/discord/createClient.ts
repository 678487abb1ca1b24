/**
 * The discord.js client: only the Guilds intent (no privileged intents), pings no one by default, and
 * REST pointed at `DISCORD_API_BASE` when one is set. Against a local Discord (the emulator, the
 * playground) the client-side throttles that only make sense against discord.com are switched off.
 */
import { Client, GatewayIntentBits, type ClientOptions } from 'discord.js';

export interface CreateClientOptions {
  /** A Discord-compatible API root without `/v10`; null for Discord's own. */
  apiBase: string | null;
  /**
   * No client-side global rate limit, no extra wait on 429s, no IDENTIFY throttle, short guild wait.
   * Default: on when `apiBase` is a local (loopback) address.
   */
  localTuning?: boolean;
}

/** True for loopback hosts: a local emulator, never discord.com. */
export function isLocalApi(apiBase: string | null): boolean {
  if (!apiBase) return false;
  const host = new URL(apiBase).hostname;
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function clientOptions({ apiBase, localTuning = isLocalApi(apiBase) }: CreateClientOptions): ClientOptions {
  return {
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    rest: {
      ...(apiBase ? { api: apiBase } : {}),
      ...(localTuning ? { globalRequestsPerSecond: 1000, offset: 0 } : {}),
    },
    ...(localTuning
      ? {
          ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
          waitGuildTimeout: 1000,
        }
      : {}),
  };
}

export function createClient(options: CreateClientOptions): Client {
  return new Client(clientOptions(options));
}
