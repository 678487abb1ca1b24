/**
 * Wires the bot: configuration → corpus and index (loaded before login, so the first interaction after
 * READY is answered) → discord.js client → interaction router → login. Returns a handle with `stop()`,
 * so tests and the playground run the real bot in-process against the emulator.
 */
import { Events, type Client, type Interaction } from 'discord.js';
import { createBotCore } from './botCore.js';
import type { KnowledgeStore } from '../search/knowledgeStore.js';
import type { AnswerLog } from '../usage/answerLog.js';
import type { CooldownLike, CooldownOptions } from './cooldown.js';
import { createClient } from './createClient.js';
import type { BotConfig } from './env.js';
import { fromGateway } from './gatewayAdapter.js';
import type { ServingCopy } from './corpusMessages.js';
import type { BotExtension } from './extensions.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { startConfiguredMetricsServer, type MetricsServer } from './metricsServer.js';
import type { InteractionHandler, Router, SlashCommand } from './router.js';

export interface StartBotOptions {
  config: BotConfig;
  /** Overrides `config.corpusDir`. */
  corpusDir?: string;
  /** An already open store (shared with other parts of the app); else one is opened from the corpus folder. */
  store?: KnowledgeStore;
  logger?: Logger;
  /** The slash commands served; default every command in src/commands. */
  commands?: readonly SlashCommand[];
  /** Extra interaction handlers, tracked like the commands. */
  handlers?: readonly InteractionHandler[];
  /** Extensions (e.g. moderation); default the ones listed in extensions.ts. */
  extensions?: readonly BotExtension[];
  /** Cooldown settings, an object with `take(userId)`, or false for none. */
  cooldown?: CooldownOptions | CooldownLike | false;
  deferAfterMs?: number;
  /** Client tuning for a local API (see createClient); default: on for loopback API bases. */
  localTuning?: boolean;
  /** How long the whole login may take, to READY. Default `config.readyTimeoutMs`, else 30 s. */
  readyTimeoutMs?: number;
  /** The clock of the question log (records, votes, retention); tests move it. Default Date.now. */
  now?: () => number;
}

export interface StartupTimes {
  /** Corpus load and index build. */
  knowledgeMs: number;
  /** From `login()` to the client's ClientReady. */
  loginMs: number;
  /** From `startBot()` to ready: the whole start-up. */
  totalMs: number;
}

export interface BotHandle {
  client: Client<true>;
  store: KnowledgeStore;
  router: Router;
  metrics: Metrics;
  logger: Logger;
  /** The question log: answer records and votes (off when the config has no data folder or QUESTION_LOG=off). */
  answerLog: AnswerLog;
  /** Where `/metrics` is served (METRICS_PORT), or null. */
  metricsUrl: string | null;
  startup: StartupTimes;
  stop(): Promise<void>;
}

export async function startBot(options: StartBotOptions): Promise<BotHandle> {
  const { config } = options;
  const client = createClient({
    apiBase: config.apiBase,
    ...(options.localTuning !== undefined ? { localTuning: options.localTuning } : {}),
  });
  const shardUtil = client.shard;
  const core = await createBotCore(options, client.rest, {
    // In a shard: every shard says which generation it serves, over the manager's IPC.
    ...(shardUtil
      ? {
          servingCopies: async () => {
            const all = await shardUtil.broadcastEval(
              (c) => (c as unknown as { corpusServing?: () => unknown }).corpusServing?.() ?? null,
            );
            return all.map((copy, shard) => ({ ...(copy as ServingCopy), name: `shard ${shard}` }));
          },
        }
      : {}),
  });
  Object.assign(client, { corpusServing: () => core.servingCopy() });
  const { logger, store, metrics, answerLog, router, knowledgeMs, started } = core;

  client.on(Events.InteractionCreate, (interaction: Interaction) => void router.handle(fromGateway(interaction)));
  client.on(Events.Error, (error) => {
    metrics.error('client');
    logger.error('client-error', { error });
  });
  client.on(Events.Warn, (message) => logger.warn('client-warning', { message }));
  // A gateway that cannot be reached is retried every half second: logged on the 1st, 2nd, 4th, 8th… try, not each.
  const gatewayLog = new Map<string, number>();
  const logGateway = (
    level: 'info' | 'warn' | 'error',
    event: string,
    shard: number,
    fields: Record<string, unknown> = {},
  ) => {
    const attempt = (gatewayLog.get(`${event}:${shard}`) ?? 0) + 1;
    gatewayLog.set(`${event}:${shard}`, attempt);
    if ((attempt & (attempt - 1)) === 0) logger[level](event, { shard, attempt, ...fields });
  };
  const connected = (shard: number) => {
    for (const key of gatewayLog.keys()) if (key.endsWith(`:${shard}`)) gatewayLog.delete(key);
  };
  client.on(Events.ShardDisconnect, (event, shard) => {
    metrics.gateway(shard, false);
    logGateway('warn', 'gateway-disconnected', shard, { code: event.code });
  });
  client.on(Events.ShardReconnecting, (shard) => {
    metrics.gateway(shard, false);
    logGateway('info', 'gateway-reconnecting', shard);
  });
  client.on(Events.ShardResume, (shard, replayed) => {
    metrics.gateway(shard, true);
    connected(shard);
    logger.info('gateway-resumed', { shard, replayed });
  });
  client.on(Events.ShardReady, (shard) => {
    metrics.gateway(shard, true);
    connected(shard);
  });
  client.on(Events.ShardError, (error, shard) => {
    metrics.error('gateway');
    logGateway('error', 'gateway-error', shard, { error });
  });

  let metricsServer: MetricsServer | null;
  try {
    metricsServer = await startConfiguredMetricsServer(config, metrics, logger);
  } catch (error) {
    await core.close();
    throw error;
  }

  const loginStarted = performance.now();
  const readyTimeoutMs = options.readyTimeoutMs ?? config.readyTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  // One deadline for the whole login: REST may answer while the gateway never does, and then
  // login() itself never settles (discord.js retries the connection for ever).
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const tries = gatewayLog.get('gateway-reconnecting:0');
      reject(
        new Error(
          `the Discord gateway could not be reached within ${readyTimeoutMs / 1000} s${tries ? ` (${tries} connection attempts)` : ''}; check the network, a proxy or firewall in between, and Discord's status`,
        ),
      );
    }, readyTimeoutMs);
  });
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  let readyClient: Client<true>;
  try {
    readyClient = await Promise.race([client.login(config.token).then(() => ready), deadline]);
  } catch (error) {
    // discord.js may go on retrying a shard that was between attempts: whatever it does, it logs no more.
    client.removeAllListeners();
    await client.destroy().catch(() => undefined);
    await core.close();
    await metricsServer?.close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const startup: StartupTimes = {
    knowledgeMs,
    loginMs: performance.now() - loginStarted,
    totalMs: performance.now() - started,
  };
  const applicationId = readyClient.application.id;
  if (applicationId !== config.clientId) {
    logger.warn('client-id-mismatch', {
      note: 'DISCORD_CLIENT_ID differs from the application the token belongs to; deploy-commands registers for DISCORD_CLIENT_ID',
      configured: config.clientId,
      actual: applicationId,
    });
  }
  logger.info('ready', {
    user: readyClient.user.tag,
    application: applicationId,
    guilds: readyClient.guilds.cache.size,
    startupMs: Math.round(startup.totalMs),
    loginMs: Math.round(startup.loginMs),
  });

  let stopped = false;
  return {
    client: readyClient,
    store,
    router,
    metrics,
    logger,
    answerLog,
    metricsUrl: metricsServer?.url ?? null,
    startup,
    async stop() {
      if (stopped) return;
      stopped = true;
      await client.destroy();
      await core.close();
      await metricsServer?.close();
      logger.info('stopped', { interactions: await metrics.interactionCounts() });
    },
  };
}
