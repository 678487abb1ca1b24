/**
 * The bot in HTTP interactions mode (INTERACTIONS=http): the same core as the gateway bot (knowledge,
 * router, extensions, question log), served at `POST /interactions` instead of a gateway connection.
 * No WebSocket, no state between requests beyond the corpus on disk: run as many replicas as needed
 * behind a load balancer, each pointed at the same corpus folder.
 */
import { REST } from '@discordjs/rest';
import { LISTEN } from '../config/constants.js';
import { createBotCore } from './botCore.js';
import { isLocalApi } from './createClient.js';
import { startInteractionsServer, INTERACTIONS_PATH } from './interactionsServer.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { startConfiguredMetricsServer } from './metricsServer.js';
import type { Router } from './router.js';
import type { StartBotOptions } from './startBot.js';
import type { KnowledgeStore } from '../search/knowledgeStore.js';
import type { AnswerLog } from '../usage/answerLog.js';

export interface HttpBotHandle {
  store: KnowledgeStore;
  router: Router;
  metrics: Metrics;
  logger: Logger;
  answerLog: AnswerLog;
  /** The server's root, e.g. http://127.0.0.1:8080. */
  url: string;
  /** What to register in the Developer Portal (behind your public address): `url` + /interactions. */
  interactionsUrl: string;
  metricsUrl: string | null;
  startup: { knowledgeMs: number; totalMs: number };
  stop(): Promise<void>;
}

/** Discord's REST API with the bot's token, as discord.js's client would configure it. */
export function restFor(config: StartBotOptions['config'], localTuning = isLocalApi(config.apiBase)): REST {
  return new REST({
    ...(config.apiBase ? { api: config.apiBase } : {}),
    ...(localTuning ? { globalRequestsPerSecond: 1000, offset: 0 } : {}),
  }).setToken(config.token);
}

export async function startHttpBot(options: StartBotOptions): Promise<HttpBotHandle> {
  const { config } = options;
  if (!config.publicKey) throw new Error('INTERACTIONS=http needs DISCORD_PUBLIC_KEY');
  const rest = restFor(config, options.localTuning);
  const core = await createBotCore(options, rest);
  const { logger, store, metrics, answerLog, router, knowledgeMs, started } = core;
  const metricsServer = await startConfiguredMetricsServer(config, metrics, logger).catch(async (error: unknown) => {
    await core.close();
    throw error;
  });
  const host = config.host ?? LISTEN.interactionsHost;
  const port = config.port ?? LISTEN.interactionsPort;
  let server;
  try {
    server = await startInteractionsServer({
      host,
      port,
      publicKey: config.publicKey,
      applicationId: config.clientId,
      rest,
      router,
      logger,
      metrics,
      ready: () => store.current !== undefined,
    });
  } catch (error) {
    await metricsServer?.close();
    await core.close();
    throw new Error(
      `the interactions endpoint could not listen on ${host}:${port} (HOST, PORT): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const totalMs = performance.now() - started;
  logger.info('ready', { mode: 'http', url: server.url, application: config.clientId, startupMs: Math.round(totalMs) });

  let stopped = false;
  const running = server;
  return {
    store,
    router,
    metrics,
    logger,
    answerLog,
    url: running.url,
    interactionsUrl: `${running.url}${INTERACTIONS_PATH}`,
    metricsUrl: metricsServer?.url ?? null,
    startup: { knowledgeMs, totalMs },
    async stop() {
      if (stopped) return;
      stopped = true;
      await running.close();
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
      await core.close();
      await metricsServer?.close();
      logger.info('stopped', { interactions: await metrics.interactionCounts() });
    },
  };
}
