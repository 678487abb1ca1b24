/**
 * Sharding: the ShardingManager (startShards, what `SHARDS=auto npm start` runs) asks the emulator's
 * GET /gateway/bot how many shards to run, spawns each as a process of the real entry point
 * (dist/index.js) logged in to the emulator for its share of the servers, and a /corpus reload in the
 * shard that holds the server reaches the other: /corpus status lists every shard's generation.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIMessage } from 'discord-api-types/v10';
import { readGeneration } from '../../src/corpus/generation.js';
import { applicationCommands, deployCommands } from '../../src/discord/deployCommands.js';
import { createLogger } from '../../src/discord/logger.js';
import { startShards, type ShardsHandle } from '../../src/discord/startShards.js';
import { unescapeMarkdown } from '../../src/render/discordMessage.js';
import { DiscordEmulator, actors } from '../emulator/index.js';
import { copyCorpusForSuite, removeCorpusCopy } from '../helpers/corpusCopy.js';
import { emulatorBotConfig } from './emulatorBotConfig.js';
import { TEST_TOKEN } from './harness.js';

let emu: DiscordEmulator;
let shards: ShardsHandle;
let dir: string;
let dataDir: string;
const saved = { ...process.env };

beforeAll(async () => {
  emu = await DiscordEmulator.start({ shardCount: 2 });
  dir = await copyCorpusForSuite();
  dataDir = await mkdtemp(join(tmpdir(), 'statement-desk-shards-'));
  const config = emulatorBotConfig(emu, { token: TEST_TOKEN, corpusDir: dir, shards: 'auto', readyTimeoutMs: 30_000 });
  await deployCommands(config, applicationCommands());
  // What each shard process reads (the manager hands its environment on, with SHARDS and the token).
  Object.assign(process.env, {
    DISCORD_CLIENT_ID: config.clientId,
    DISCORD_GUILD_ID: config.guildId!,
    DISCORD_API_BASE: config.apiBase!,
    CORPUS_DIR: dir,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    QUESTION_LOG: 'off',
  });
  shards = await startShards({
    config,
    logger: createLogger({ level: 'warn', write: () => undefined }),
    file: resolve('dist/index.js'),
  });
}, 60_000);

afterAll(async () => {
  await shards?.stop();
  process.env = saved;
  await emu?.close();
  await removeCorpusCopy(dir);
  await rm(dataDir, { recursive: true, force: true });
});

function generations(status: APIMessage): string {
  return unescapeMarkdown(status.embeds[0]?.fields?.find((f) => f.name === 'Corpus generation served')?.value ?? '');
}

describe('two shards against the emulator', () => {
  it('runs the shard count GET /gateway/bot recommends; a reload in one shard reaches the other', async () => {
    expect(shards.totalShards).toBe(2);
    expect(shards.manager.shards.size).toBe(2);
    const before = (await readGeneration(dir)).generation;

    const reload = await emu.slashCommand('corpus reload', {}, actors.moderator).reply({ timeoutMs: 20_000 });
    expect(reload.embeds[0]?.title ?? '').toMatch(/reload/i);
    expect((await readGeneration(dir)).generation).toBe(before + 1);

    // The other shard follows the generation within the propagation time; status asks both.
    const deadline = Date.now() + 10_000;
    let shown = '';
    while (Date.now() < deadline) {
      shown = generations(await emu.slashCommand('corpus status', {}, actors.moderator).reply({ timeoutMs: 20_000 }));
      if (shown.includes(`shard 0: ${before + 1}`) && shown.includes(`shard 1: ${before + 1}`)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(shown).toContain(`shard 0: ${before + 1}`);
    expect(shown).toContain(`shard 1: ${before + 1}`);
    emu.assertNoViolations();
  }, 60_000);
});
