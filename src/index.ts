#!/usr/bin/env node
/**
 * `npm start`: the Discord bot (INTERACTIONS=gateway, the default, or http: see README, Deployment). Reads the configuration from the environment and `.env`, loads and
 * indexes the corpus, logs in, and serves interactions until SIGINT or SIGTERM. A bad configuration
 * stops it with one line naming the variable; logs are JSON lines on stdout.
 */
import { fileURLToPath } from 'node:url';
import { ConfigError, loadDotenv, parseConfig, type BotConfig } from './discord/env.js';
import { createLogger } from './discord/logger.js';
import { redact } from './discord/redact.js';
type Running = { metrics: { error(kind: 'unhandled'): void }; stop(): Promise<void> };

await loadDotenv();

let config: BotConfig;
try {
  config = parseConfig(process.env, 'bot');
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`statement-desk: ${error.message}\n`);
  process.exit(1);
}

const logger = createLogger({
  level: config.logLevel,
  secrets: [config.token],
  stream: 'stdout',
  ...(config.logFormat ? { format: config.logFormat } : {}),
});

let bot: Running | undefined;

// One bad interaction must never take the bot down: log what escaped and keep serving.
process.on('unhandledRejection', (reason) => {
  bot?.metrics.error('unhandled');
  logger.error('unhandled-rejection', { error: reason });
});
process.on('uncaughtException', (error) => {
  bot?.metrics.error('unhandled');
  logger.error('uncaught-exception', { error });
});

try {
  // Imported only now, so a bad configuration is reported before anything heavy loads.
  if (config.shards !== null && config.shards !== undefined) {
    // The manager: each shard is this same file, run as a process (SHARDING_MANAGER set, SHARDS ignored).
    const { startShards } = await import('./discord/startShards.js');
    const shards = await startShards({ config, logger, file: fileURLToPath(import.meta.url) });
    bot = { metrics: { error: () => undefined }, stop: () => shards.stop() };
  } else if (config.interactions === 'http') {
    const { startHttpBot } = await import('./discord/startHttpBot.js');
    bot = await startHttpBot({ config, logger });
  } else {
    const { startBot } = await import('./discord/startBot.js');
    bot = await startBot({ config, logger });
  }
} catch (error) {
  logger.error('startup-failed', { error });
  const reason = redact(error instanceof Error ? error.message : String(error), [config.token]).split('\n')[0];
  process.stderr.write(`statement-desk: could not start: ${reason}\n`);
  process.exit(1);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info('shutdown', { signal });
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown-failed', { error });
        process.exit(1);
      },
    );
  });
}
