/**
 * What both transports share: the knowledge (loaded and indexed before anything is served), the
 * metrics, the question log, the extensions and the router. startBot (gateway) and startHttpBot
 * (HTTP interactions) each put a transport in front of it.
 */
import { join } from 'node:path';
import type { REST } from '@discordjs/rest';
import { INDEX_BUILD } from '../config/constants.js';
import { commands as allCommands } from '../commands/index.js';
import { warmUp } from '../commands/warmUp.js';
import { writer } from '../corpus/generation.js';
import { KnowledgeStore } from '../search/knowledgeStore.js';
import { loadTaggingModel } from '../statements/tagging.js';
import { loadWordnet } from '../search/wordnet.js';
import { AnswerLog } from '../usage/answerLog.js';
import { Cooldown, noCooldown, type CooldownLike, type CooldownOptions } from './cooldown.js';
import { extensions as defaultExtensions } from './extensions.js';
import type { ServingCopy } from './corpusMessages.js';
import { followCorpus, type CorpusFollower } from './corpusFollower.js';
import { createFeedbackHandler } from './feedback.js';
import { createLogger, type Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { createRouter, type InteractionHandler, type Router } from './router.js';
import type { StartBotOptions } from './startBot.js';

/** At most 5 answers per user in any 20 s: enough for a conversation, too few to flood a channel. */
const DEFAULT_COOLDOWN: CooldownOptions = { uses: 5, perMs: 20_000 };

function cooldownFrom(option: StartBotOptions['cooldown']): CooldownLike {
  if (option === false) return noCooldown;
  if (option === undefined) return new Cooldown(DEFAULT_COOLDOWN);
  return 'take' in option ? option : new Cooldown(option);
}

export interface BotCore {
  logger: Logger;
  store: KnowledgeStore;
  metrics: Metrics;
  answerLog: AnswerLog;
  router: Router;
  /** Corpus load and index build. */
  knowledgeMs: number;
  started: number;
  /** Follows the corpus folder's generation (changes by other processes). */
  follower: CorpusFollower;
  /** This process as a copy serving the corpus: its generation and article count. */
  servingCopy(): ServingCopy;
  /** Closes the extensions and the question log. */
  close(): Promise<void>;
}

export interface TransportHooks {
  /** Every copy serving the corpus, given this one (a sharded bot asks every shard). Default: this one. */
  servingCopies?: (local: () => ServingCopy) => Promise<ServingCopy[]>;
}

export async function createBotCore(
  options: StartBotOptions,
  rest: REST,
  transport: TransportHooks = {},
): Promise<BotCore> {
  const started = performance.now();
  const { config } = options;
  const logger =
    options.logger ??
    createLogger({
      level: config.logLevel,
      secrets: [config.token],
      ...(config.logFormat ? { format: config.logFormat } : {}),
    });

  const snapshotFile =
    config.dataDir && config.indexSnapshot !== false ? join(config.dataDir, INDEX_BUILD.snapshotFile) : null;
  const store =
    options.store ??
    (await KnowledgeStore.open(options.corpusDir ?? config.corpusDir, {
      snapshotFile,
      prepare: warmUp,
      onSnapshotError: (reason) => logger.warn('index-snapshot-not-written', { file: snapshotFile, reason }),
    }));
  // Before login, as the index is: the first question then answers without loading them.
  loadTaggingModel();
  loadWordnet();
  const knowledgeMs = performance.now() - started;
  const { corpus, index } = store.current;
  logger.info('knowledge-loaded', {
    corpusDir: store.corpusDir,
    articles: corpus.articles.length,
    passages: index.ordered.length,
    from: store.openedFrom,
    ...(store.snapshotMiss && snapshotFile ? { snapshot: store.snapshotMiss } : {}),
    ms: Math.round(knowledgeMs),
  });

  const metrics = new Metrics();
  store.onReload(({ ok, ms }) => metrics.reloaded(ok, ms));
  const answerLog = AnswerLog.open({
    dataDir: config.dataDir ?? null,
    enabled: config.questionLog ?? true,
    retentionDays: config.retentionDays ?? undefined,
    logger: logger.child({ component: 'question-log' }),
    onError: (reason) => metrics.error(reason === 'locked' ? 'database-locked' : 'database'),
    ...(options.now ? { now: options.now } : {}),
  });

  // Changes other processes make to the corpus folder (replicas, shards, the CLI) are followed here.
  const follower = await followCorpus(store, {
    logger: logger.child({ component: 'corpus-follower' }),
    onError: () => metrics.error('corpus-watch'),
  });
  const servingCopy = (): ServingCopy => ({
    name: 'this process',
    generation: follower.generation,
    articles: store.current.corpus.articles.length,
  });
  const servingCopies = () =>
    transport.servingCopies ? transport.servingCopies(servingCopy) : Promise.resolve([servingCopy()]);
  const extensionHandlers: InteractionHandler[] = [];
  try {
    for (const extension of options.extensions ?? defaultExtensions) {
      extensionHandlers.push(
        await extension.create({
          store,
          rest,
          logger: logger.child({ extension: extension.name }),
          config,
          answerLog,
          servingCopies,
          announceReload: (wait?: number) => follower.announceReload(wait),
        }),
      );
    }
  } catch (error) {
    follower.close();
    await answerLog.close();
    throw error;
  }

  const router = createRouter({
    knowledge: () => store.current,
    commands: options.commands ?? allCommands,
    // An extension's changes to the corpus are stamped as this store's (its own reload picks them up).
    handlers: [
      ...(options.handlers ?? []),
      createFeedbackHandler({ answerLog, onVote: (vote) => metrics.voted(vote) }),
      ...extensionHandlers.map((h): InteractionHandler => ({
        ...h,
        handle: (i) => writer.run(follower.identity, () => h.handle(i)),
      })),
    ],
    logger,
    metrics,
    answers: answerLog,
    cooldown: cooldownFrom(options.cooldown),
    ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
  });

  return {
    logger,
    store,
    metrics,
    answerLog,
    router,
    knowledgeMs,
    started,
    follower,
    servingCopy,
    async close() {
      follower.close();
      for (const handler of extensionHandlers) {
        try {
          await handler.close?.();
        } catch (error) {
          logger.warn('extension-close-failed', { handler: handler.name, error });
        }
      }
      await answerLog.close();
    },
  };
}
