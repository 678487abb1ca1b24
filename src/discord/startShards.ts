/**
 * Sharding for the gateway bot (SHARDS=auto or a number): discord.js's ShardingManager runs each shard
 * as its own process, each the ordinary bot (dist/index.js) for its share of the servers. The shards
 * share the corpus folder: a change or a reload in one moves the corpus generation and the others
 * follow it (corpusFollower.ts); `/corpus status` asks every shard, over the manager's IPC
 * (broadcastEval), which generation it serves.
 */
import { ShardingManager } from 'discord.js';
import { Routes } from 'discord-api-types/v10';
import { z } from 'zod';
import { isLocalApi } from './createClient.js';
import type { BotConfig } from './env.js';
import type { Logger } from './logger.js';
import { restFor } from './startHttpBot.js';

/** Discord asks for one IDENTIFY per 5 s per bucket; a local API (the emulator) has no such limit. */
const SPAWN_DELAY_MS = 5500;

export interface ShardsHandle {
  manager: ShardingManager;
  totalShards: number;
  stop(): Promise<void>;
}

/** How many shards Discord recommends for this bot (`GET /gateway/bot`), from the configured API. */
export async function recommendedShardCount(config: BotConfig): Promise<number> {
  const rest = restFor(config);
  try {
    const body = z.object({ shards: z.number().int().min(1) }).parse(await rest.get(Routes.gatewayBot()));
    return body.shards;
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

export async function startShards({
  config,
  logger,
  file,
  execArgv = [],
}: {
  config: BotConfig;
  logger: Logger;
  file: string;
  execArgv?: string[];
}): Promise<ShardsHandle> {
  const totalShards =
    config.shards === 'auto' || config.shards === null || config.shards === undefined
      ? await recommendedShardCount(config)
      : config.shards;
  const manager = new ShardingManager(file, {
    token: config.token,
    totalShards,
    mode: 'process',
    respawn: true,
    execArgv,
  });
  let stopping = false;
  manager.on('shardCreate', (shard) => {
    logger.info('shard-created', { shard: shard.id, of: totalShards });
    shard.on('death', () => {
      if (!stopping) logger.warn('shard-died', { shard: shard.id, note: 'respawned by the manager' });
    });
  });
  await manager.spawn({
    amount: totalShards,
    delay: isLocalApi(config.apiBase) ? 0 : SPAWN_DELAY_MS,
    timeout: config.readyTimeoutMs ?? 30_000,
  });
  logger.info('shards-ready', { shards: totalShards });
  return {
    manager,
    totalShards,
    async stop() {
      stopping = true;
      manager.respawn = false;
      // SIGTERM: each shard stops as `npm start` does (its store, question log, gateway), then exits.
      await Promise.all(
        [...manager.shards.values()].map(async (shard) => {
          const child = shard.process;
          if (!child || child.exitCode !== null) return;
          const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
          child.kill('SIGTERM');
          await exited;
        }),
      );
    },
  };
}
