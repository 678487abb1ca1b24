/** The bot configuration that points the bot at a Discord emulator: used by the e2e harness, the playground and the interactions bench. */
import { resolve } from 'node:path';
import type { BotConfig } from '../../src/discord/env.js';
import type { DiscordEmulator } from '../emulator/index.js';

/** A well-formed token the emulator accepts; it never reaches Discord. */
export const EMULATOR_TOKEN = 'ZW11bGF0b3I.ZW11.bm90LWEtcmVhbC10b2tlbg';

/** The emulator's application, guild and API root, the repository's corpus, then `overrides`. */
export function emulatorBotConfig(emu: DiscordEmulator, overrides: Partial<BotConfig> = {}): BotConfig {
  return {
    token: EMULATOR_TOKEN,
    clientId: emu.applicationId,
    guildId: emu.guild.id,
    apiBase: emu.apiBase,
    corpusDir: resolve('corpus'),
    logLevel: 'warn',
    ...overrides,
  };
}
