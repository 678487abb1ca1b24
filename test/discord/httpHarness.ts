/**
 * The real bot in HTTP interactions mode (startHttpBot, what `INTERACTIONS=http npm start` runs)
 * against the Discord emulator, which signs and POSTs each interaction to it. Several replicas can
 * share one corpus folder; the emulator sends interactions to them in turn, like a load balancer.
 */
import { DiscordEmulator, type EmulatorOptions } from '../emulator/index.js';
import { applicationCommands, deployCommands } from '../../src/discord/deployCommands.js';
import type { BotConfig } from '../../src/discord/env.js';
import { createLogger } from '../../src/discord/logger.js';
import type { SlashCommand } from '../../src/discord/router.js';
import type { StartBotOptions } from '../../src/discord/startBot.js';
import { startHttpBot, type HttpBotHandle } from '../../src/discord/startHttpBot.js';
import { commands as allCommands } from '../../src/commands/index.js';
import { emulatorBotConfig } from './emulatorBotConfig.js';
import { TEST_TOKEN, type LogLine } from './harness.js';

export interface HttpHarness {
  emu: DiscordEmulator;
  replicas: HttpBotHandle[];
  config: BotConfig;
  /** Every replica's log lines, each with `replica` (its index). */
  logs: LogLine[];
  rawLogs: string[];
  close(): Promise<void>;
}

export interface HttpHarnessOptions extends Partial<Omit<StartBotOptions, 'config' | 'logger'>> {
  emulator?: EmulatorOptions;
  replicas?: number;
  extraCommands?: SlashCommand[];
  config?: Partial<BotConfig>;
}

export async function startHttpHarness(options: HttpHarnessOptions = {}): Promise<HttpHarness> {
  const emu = await DiscordEmulator.start(options.emulator);
  const logs: LogLine[] = [];
  const rawLogs: string[] = [];
  const config = emulatorBotConfig(emu, {
    token: TEST_TOKEN,
    logLevel: 'debug',
    interactions: 'http',
    host: '127.0.0.1',
    port: 0,
    publicKey: emu.interactionsPublicKey,
    ...options.config,
  });
  const served = [...allCommands, ...(options.extraCommands ?? [])];
  await deployCommands(config, applicationCommands(served, options.extensions));
  const { emulator: _e, extraCommands: _x, config: _c, replicas: count = 1, ...botOptions } = options;
  const replicas: HttpBotHandle[] = [];
  for (let n = 0; n < count; n += 1) {
    const logger = createLogger({
      level: 'debug',
      secrets: [TEST_TOKEN],
      write: (raw) => {
        rawLogs.push(raw);
        logs.push({ ...(JSON.parse(raw) as LogLine), replica: n });
      },
    });
    replicas.push(await startHttpBot({ ...botOptions, config, logger, commands: served }));
  }
  emu.useHttpInteractions(replicas.map((r) => r.interactionsUrl));
  return {
    emu,
    replicas,
    config,
    logs,
    rawLogs,
    async close() {
      for (const r of replicas) await r.stop();
      await emu.close();
    },
  };
}
