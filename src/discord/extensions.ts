/**
 * Extensions: interaction handlers beyond the knowledge commands (e.g. the corpus moderation commands),
 * served through the same router (error ids, logs, metrics) and registered by deploy-commands with
 * the rest. Add an extension to `extensions` below and both `npm start` and `npm run deploy-commands`
 * pick it up.
 */
import type { REST } from '@discordjs/rest';
import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { KnowledgeStore } from '../search/knowledgeStore.js';
import type { AnswerLog } from '../usage/answerLog.js';
import type { BotConfig } from './env.js';
import type { ServingCopy } from './corpusMessages.js';
import type { Logger } from './logger.js';
import { corpusExtension } from './corpusExtension.js';
import type { InteractionHandler } from './router.js';

export interface ExtensionContext {
  store: KnowledgeStore;
  /** Discord's REST API (the bot's token), for posts outside an interaction (the mod log). */
  rest: REST;
  logger: Logger;
  config: BotConfig;
  /** The question log, for the moderators' gaps and stats. */
  answerLog: AnswerLog;
  /** The copies serving this corpus and the generation each serves (this process, or every shard). */
  servingCopies: () => Promise<ServingCopy[]>;
  /** After a reload of a change made by hand on disk: every other process on the corpus folder reloads too. */
  announceReload: (lockWaitMs?: number) => Promise<void>;
}

export interface BotExtension {
  name: string;
  /** Application commands the extension serves; deploy-commands registers them. */
  definitions: RESTPostAPIApplicationCommandsJSONBody[];
  /** Builds the handler once the knowledge store and the client exist (before login). */
  create(context: ExtensionContext): InteractionHandler | Promise<InteractionHandler>;
}

/** The extensions `npm start` and `npm run deploy-commands` use: the moderators' /corpus commands. */
export const extensions: BotExtension[] = [corpusExtension()];
