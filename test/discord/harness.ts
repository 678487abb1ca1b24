/**
 * Starts the Discord emulator and the real bot (startBot, the same code `npm start` runs) logged in to
 * it, with the commands registered through deploy-commands. Logs are captured as parsed JSON lines.
 */
import type { Actor } from '../emulator/index.js';
import { DiscordEmulator, type EmulatorOptions } from '../emulator/index.js';
import { applicationCommands, deployCommands } from '../../src/discord/deployCommands.js';
import type { BotConfig } from '../../src/discord/env.js';
import { createLogger } from '../../src/discord/logger.js';
import type { SlashCommand } from '../../src/discord/router.js';
import { emulatorBotConfig } from './emulatorBotConfig.js';
import { startBot, type BotHandle, type StartBotOptions } from '../../src/discord/startBot.js';
import { commands as allCommands } from '../../src/commands/index.js';
import { warmUp } from '../../src/commands/warmUp.js';
import { KnowledgeStore } from '../../src/search/knowledgeStore.js';

/** Well formed, never valid on Discord. Tests check it never appears in any output. */
export const TEST_TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.GtEsT0.emulator-only-token-never-printed';

export type LogLine = Record<string, unknown> & { event: string; level: string };

export interface Harness {
  emu: DiscordEmulator;
  bot: BotHandle;
  config: BotConfig;
  logs: LogLine[];
  /** Raw log lines as written (to check for secrets). */
  rawLogs: string[];
  /** Resolves with the first log line (already written or still to come) that matches. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Stops the bot and starts a new one (same emulator, same registered commands): a restart. */
  restart(): Promise<BotHandle>;
  close(): Promise<void>;
}

export interface HarnessOptions extends Partial<Omit<StartBotOptions, 'config' | 'logger'>> {
  emulator?: EmulatorOptions;
  /** Extra slash commands served and registered (test-only handlers: slow, throwing). */
  extraCommands?: SlashCommand[];
  /** Configuration beyond what the harness sets (MOD_ROLE_ID, MOD_LOG_CHANNEL_ID, …), as parseConfig would give it. */
  config?: Partial<BotConfig>;
}

let userCounter = 0;
/** A fresh member for each test, so the per-user cooldown of one test never touches another. */
export function newUser(name = 'user'): Actor {
  userCounter += 1;
  return {
    userId: `5100000000000${String(userCounter).padStart(5, '0')}`,
    username: `${name}${userCounter}`,
    globalName: null,
  };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emu = await DiscordEmulator.start(options.emulator);
  const logs: LogLine[] = [];
  const rawLogs: string[] = [];
  const waiters = new Set<{ match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }>();
  const logger = createLogger({
    level: 'debug',
    secrets: [TEST_TOKEN],
    write: (raw) => {
      const line = JSON.parse(raw) as LogLine;
      rawLogs.push(raw);
      logs.push(line);
      for (const w of waiters) {
        if (w.match(line)) {
          waiters.delete(w);
          w.resolve(line);
        }
      }
    },
  });
  const waitForLog = (match: (line: LogLine) => boolean, timeoutMs = 5000): Promise<LogLine> => {
    const found = logs.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolvePromise, reject) => {
      const waiter = {
        match,
        resolve: (line: LogLine) => {
          clearTimeout(timer);
          resolvePromise(line);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`no matching log line within ${timeoutMs} ms; last lines:\n${rawLogs.slice(-5).join('\n')}`));
      }, timeoutMs);
      waiters.add(waiter);
    });
  };
  const config = emulatorBotConfig(emu, { token: TEST_TOKEN, logLevel: 'debug', ...options.config });
  const served = [...allCommands, ...(options.extraCommands ?? [])];
  await deployCommands(config, applicationCommands(served, options.extensions));
  // As the bot opens it (botCore): the statement commands' first answers worked out ahead.
  const store = options.store ?? (await KnowledgeStore.open(config.corpusDir, { prepare: warmUp }));
  const { emulator: _e, extraCommands: _x, config: _c, ...botOptions } = options;
  const start = () => startBot({ ...botOptions, config, logger, store, commands: served });
  let bot = await start();
  return {
    emu,
    get bot() {
      return bot;
    },
    config,
    logs,
    rawLogs,
    waitForLog,
    async restart() {
      await bot.stop();
      bot = await start();
      return bot;
    },
    async close() {
      await bot.stop();
      await emu.close();
    },
  };
}

/** The log line of one interaction, once the router has written it. */
export function interactionLog(h: Pick<Harness, 'waitForLog'>, interactionId: string): Promise<LogLine> {
  return h.waitForLog((l) => l.event === 'interaction' && l.interaction === interactionId);
}
