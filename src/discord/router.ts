/**
 * The one interaction handler. It looks a command up by name and does for every command, uniformly:
 * the per-user cooldown, option validation (the command's zod schema), deferring when the work may
 * pass the defer budget, the reply (ephemeral when `private`), an error id for anything that throws
 * (shown to the user and logged), metrics, and one structured log line per interaction.
 * Autocomplete errors never surface: the user sees no suggestions, the log says why.
 */
import { randomBytes } from 'node:crypto';
import {
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type MessageContextMenuCommandInteraction,
  type RepliableInteraction,
} from 'discord.js';
import type { z } from 'zod';
import type { Answer } from '../answer/answer.js';
import { askCommand } from '../commands/ask.js';
import type { Choice, Command } from '../commands/command.js';
import { dprkResponseCommand } from '../commands/dprkResponse.js';
import { privateOption } from '../commands/options.js';
import { DISCORD_LIMITS, SEARCH } from '../config/constants.js';
import { shownQuery } from '../render/discordMessage.js';
import { truncate } from '../render/markdown.js';
import type { Knowledge } from '../search/knowledge.js';
import type { AnsweredEvent, Surface } from '../usage/answerLog.js';
import { decodePager, decodePick, feedbackAnswerId, knowledgeFingerprint, queryHash, type PagerKind, type PickState } from './buttons.js';
import { noCooldown, type CooldownLike } from './cooldown.js';
import { FIND_SOURCES, FIND_SOURCES_TITLE, findSources, findSourcesQuery } from './findSources.js';
import { silentLogger, type Logger } from './logger.js';
import { Metrics, type Outcome } from './metrics.js';
import { answerMessage, editOptions, noteMessage, replyOptions, updateOptions, type BotMessage, type FeedbackContext, type PagerContext } from './replies.js';

/** A slash command as the router runs it: a knowledge-core command, whose handler may also be async. */
export interface SlashCommand extends Omit<Command, 'run' | 'autocomplete'> {
  run(knowledge: Knowledge, options: z.infer<Command['options']>): Answer | Promise<Answer>;
  autocomplete?(knowledge: Knowledge, option: string, value: string): Choice[] | Promise<Choice[]>;
}

/** An extra handler for interactions the router does not know (e.g. moderation commands), run with the same tracking. */
export interface InteractionHandler {
  /** Name in logs and metrics. */
  name: string;
  matches(interaction: Interaction): boolean;
  handle(interaction: Interaction): Promise<Outcome | void>;
  /** Releases what the handler holds (a worker thread, say) when the bot stops. */
  close?(): Promise<void> | void;
}

export interface RouterOptions {
  /** The knowledge to answer from (read once per interaction, so a reload never splits an answer). */
  knowledge: () => Knowledge;
  commands: readonly SlashCommand[];
  handlers?: readonly InteractionHandler[];
  logger?: Logger;
  metrics?: Metrics;
  cooldown?: CooldownLike;
  /** Defer when the answer is not ready this long after Discord created the interaction. */
  deferAfterMs?: number;
  /** The question log: an id for each answer's feedback buttons, and the answer, handed over once it is sent. */
  answers?: AnswerSink;
}

/** Where sent answers go (the question log): never on the answer's path, never failing it. */
export interface AnswerSink {
  /** A public id for the answer about to be sent (its feedback buttons), or null when answers are not recorded. */
  newAnswerId(): string | null;
  record(event: AnsweredEvent): void;
}

export interface Router {
  handle(interaction: Interaction): Promise<void>;
  readonly metrics: Metrics;
}

/** Discord allows 3 s for the first response; deferring after ~1.5 s leaves room for the network. */
const DEFAULT_DEFER_AFTER_MS = 1500;

export const NOTES = {
  unknown: (name: string) => `I don't know the command “${name}”: it may be from an older version of the bot. Try /help.`,
  invalid: (reasons: string) => `That didn't work: ${reasons}.`,
  cooldown: (ms: number) => `You're asking quickly: please wait ${Math.ceil(ms / 1000)} s before the next question, so the channel stays readable.`,
  error: (id: string) => `Something went wrong on my side (error id \`${id}\`). It has been logged; please try again in a moment.`,
  expired: 'This button no longer works (the answer is from an older version of the bot, or the message was changed). Run the command again for a fresh answer.',
  corpusChanged: 'The corpus has been updated since this answer, so its passages are numbered differently now. Run the command again for current passages.',
  noMorePassages: 'There are no further passages for this answer any more. Run the command again for a fresh answer.',
  foreign: 'These buttons belong to someone else\'s answer. Run the command yourself to get your own answer to page through or choose from.',
  statementGone: 'That statement is no longer in the corpus. Run the command again to see the statements it covers now.',
  noText: 'That message has no text I can look up. Try /ask with your own words.',
} as const;

const LATE = Symbol('late');
const PRIVATE = privateOption.name;

/** A short id that ties what the user sees to the log line (6 hex characters). */
function newErrorId(): string {
  return randomBytes(3).toString('hex');
}

/** An answer the interaction sent, for the question log. */
type Answered = Pick<AnsweredEvent, 'command' | 'surface' | 'question' | 'answer' | 'index'> & {
  /** Null when the question log does not record it. */
  answerId: string | null;
};

interface Result {
  outcome: Outcome;
  deferred?: boolean;
  answered?: Answered;
}

/**
 * The question as the person asked it: the text of the command's first text option, then any other
 * as `name: value` ("December party: Japan"), the way Discord shows the command; null when none.
 */
function askedText(raw: Record<string, unknown>): string | null {
  const texts = Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== '');
  if (texts.length === 0) return null;
  return texts.map(([name, value], n) => (n === 0 ? value : `${name}: ${value}`)).join(' ');
}

type Kind = 'command' | 'autocomplete' | 'button' | 'context-menu' | 'component' | 'other';

function kindOf(i: Interaction): Kind {
  if (i.isChatInputCommand()) return 'command';
  if (i.isAutocomplete()) return 'autocomplete';
  if (i.isButton()) return 'button';
  if (i.isMessageContextMenuCommand()) return 'context-menu';
  if (i.isMessageComponent()) return 'component';
  return 'other';
}

function nameOf(i: Interaction): string {
  if (i.isCommand() || i.isAutocomplete()) return i.commandName;
  if (i.isMessageComponent() || i.isModalSubmit()) {
    const parsed = decodePager(i.customId);
    if (parsed.ok) return PAGER_COMMAND[parsed.state.kind];
    const pick = decodePick(i.customId);
    return pick.ok ? pick.state.command : `component:${i.customId.split(':')[0] ?? ''}`;
  }
  return 'unknown';
}

const PAGER_COMMAND: Record<PagerKind, string> = { ask: 'ask', find: FIND_SOURCES, dprk: 'dprk-response' };
/** The Find sources menu's name in the question log. */
const FIND_SOURCES_COMMAND = 'find-sources';

/** Autocomplete choices within Discord's limits: ≤ 25, names and values 1–100 characters. */
export function fitChoices(choices: readonly Choice[]): Choice[] {
  return choices
    .filter((c) => c.value.length >= 1 && c.value.length <= DISCORD_LIMITS.choiceValue && c.name.trim().length > 0)
    .slice(0, DISCORD_LIMITS.autocompleteChoices)
    .map((c) => ({ name: truncate(c.name, DISCORD_LIMITS.choiceName), value: c.value }));
}

export function createRouter(options: RouterOptions): Router {
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? new Metrics();
  const cooldown = options.cooldown ?? noCooldown;
  const deferAfterMs = options.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS;
  const byName = new Map(options.commands.map((c) => [c.name, c]));
  const answers = options.answers ?? null;

  /** A new answer's feedback id, and what to hand the question log once it is sent. */
  function recorded(answer: Answer, knowledge: Knowledge, command: string, surface: Surface, question: string | null) {
    const answerId = answers?.newAnswerId() ?? null;
    const answered: Answered = { answerId, command, surface, question, answer, index: knowledge.index };
    return { feedback: answerId ? { answerId } : null, answered };
  }

  /** Runs `work`; if it is not done within the defer budget, calls `defer` and waits for it. */
  async function withDeferral<T>(i: Interaction, work: () => T | Promise<T>, defer: () => Promise<unknown>): Promise<{ value: T; deferred: boolean }> {
    const age = Math.max(0, Date.now() - i.createdTimestamp);
    const budget = Math.max(0, deferAfterMs - age);
    const task = Promise.resolve().then(work);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<typeof LATE>((resolve) => {
      timer = setTimeout(resolve, budget, LATE);
    });
    try {
      const first = await Promise.race([task, late]);
      if (first !== LATE) return { value: first as T, deferred: false };
    } finally {
      clearTimeout(timer);
    }
    await defer();
    return { value: await task, deferred: true };
  }

  async function note(i: RepliableInteraction, text: string, outcome: Outcome): Promise<Result> {
    await i.reply(replyOptions(noteMessage(text), true));
    return { outcome };
  }

  function pagerFor(answer: Answer, userId: string, knowledge: Knowledge, kind?: PagerKind): PagerContext | null {
    if (!answer.page) return null;
    const corpus = knowledgeFingerprint(knowledge);
    const pagerKind = kind ?? (answer.command === 'ask' ? 'ask' : answer.command === 'dprk-response' ? 'dprk' : null);
    if (pagerKind === 'ask' || pagerKind === 'find') {
      return answer.query ? { kind: pagerKind, userId, subject: queryHash(answer.query), corpus, pageSize: SEARCH.defaultLimit } : null;
    }
    if (pagerKind === 'dprk') {
      return { kind: 'dprk', userId, subject: answer.statement?.id ?? '*', corpus, pageSize: SEARCH.responsesPerPage };
    }
    return null;
  }

  /** A Find Sources answer: the passages for a message's text, quoting that text under the command's title. */
  function findSourcesMessage(answer: Answer, userId: string, knowledge: Knowledge, query: string, feedback: FeedbackContext | null): BotMessage {
    return answerMessage(answer, { pager: pagerFor(answer, userId, knowledge, 'find'), embed: { title: FIND_SOURCES_TITLE, quote: query }, feedback });
  }

  async function send(i: ChatInputCommandInteraction | MessageContextMenuCommandInteraction, message: BotMessage, ephemeral: boolean, deferred: boolean): Promise<void> {
    if (deferred) await i.editReply(editOptions(message));
    else await i.reply(replyOptions(message, ephemeral));
  }

  async function slash(i: ChatInputCommandInteraction): Promise<Result> {
    const command = byName.get(i.commandName);
    if (!command) return note(i, NOTES.unknown(i.commandName), 'unknown');
    const wait = cooldown.take(i.user.id);
    if (!wait.ok) return note(i, NOTES.cooldown(wait.retryAfterMs), 'cooldown');

    const ephemeral = i.options.getBoolean(PRIVATE) ?? false;
    const raw: Record<string, unknown> = {};
    for (const option of i.options.data) if (option.name !== PRIVATE && option.value !== undefined) raw[option.name] = option.value;
    const parsed = command.options.safeParse(raw);
    if (!parsed.success) return note(i, NOTES.invalid(parsed.error.issues.map((issue) => issue.message).join('; ')), 'invalid');

    const knowledge = options.knowledge();
    const { value: answer, deferred } = await withDeferral(i, () => command.run(knowledge, parsed.data), () =>
      i.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
    );
    const { feedback, answered } = recorded(answer, knowledge, command.name, 'slash', askedText(raw));
    await send(i, answerMessage(answer, { pager: pagerFor(answer, i.user.id, knowledge), pick: { userId: i.user.id }, feedback }), ephemeral, deferred);
    return { outcome: 'ok', deferred, answered };
  }

  async function contextMenu(i: MessageContextMenuCommandInteraction): Promise<Result> {
    if (i.commandName !== FIND_SOURCES) return note(i, NOTES.unknown(i.commandName), 'unknown');
    const wait = cooldown.take(i.user.id);
    if (!wait.ok) return note(i, NOTES.cooldown(wait.retryAfterMs), 'cooldown');
    const query = findSourcesQuery(i.targetMessage);
    if (!query) return note(i, NOTES.noText, 'invalid');
    const knowledge = options.knowledge();
    const { value: answer, deferred } = await withDeferral(i, () => findSources(knowledge, query), () => i.deferReply({ flags: MessageFlags.Ephemeral }));
    const { feedback, answered } = recorded(answer, knowledge, FIND_SOURCES_COMMAND, 'context-menu', query);
    await send(i, findSourcesMessage(answer, i.user.id, knowledge, query, feedback), true, deferred);
    return { outcome: 'ok', deferred, answered };
  }

  /** A statement picked from an answer's choices: the same command, run for that statement, edited into the message. */
  async function pick(i: ButtonInteraction, state: PickState): Promise<Result> {
    if (state.userId !== i.user.id) return note(i, NOTES.foreign, 'foreign');
    const command = byName.get(state.command);
    if (!command) return note(i, NOTES.expired, 'expired');
    const knowledge = options.knowledge();
    if (!knowledge.corpus.registry.statements.some((s) => s.id === state.statementId)) return note(i, NOTES.statementGone, 'expired');
    const parsed = command.options.safeParse({ statement: state.statementId });
    if (!parsed.success) return note(i, NOTES.expired, 'expired');
    const { value, deferred } = await withDeferral(
      i,
      async () => {
        const answer = await command.run(knowledge, parsed.data);
        const { feedback, answered } = recorded(answer, knowledge, command.name, 'pick', state.statementId);
        return { message: answerMessage(answer, { pager: pagerFor(answer, state.userId, knowledge), pick: { userId: state.userId }, feedback }), answered };
      },
      () => i.deferUpdate(),
    );
    if (deferred) await i.editReply(editOptions(value.message));
    else await i.update(updateOptions(value.message));
    return { outcome: 'ok', deferred, answered: value.answered };
  }

  async function button(i: ButtonInteraction): Promise<Result> {
    const picked = decodePick(i.customId);
    if (picked.ok) return pick(i, picked.state);
    const parsed = decodePager(i.customId);
    if (!parsed.ok) return note(i, NOTES.expired, 'expired');
    const { state } = parsed;
    if (state.userId !== i.user.id) return note(i, NOTES.foreign, 'foreign');
    const knowledge = options.knowledge();
    if (knowledgeFingerprint(knowledge) !== state.corpus) return note(i, NOTES.corpusChanged, 'expired');
    // The feedback buttons stay with the answer as its pages turn: same answer, same votes.
    const answerId = feedbackAnswerId(i.message.components.map((row) => row.toJSON() as { components?: unknown[] }));
    const feedback = answerId ? { answerId } : null;

    let page: () => { answer: Answer; message: BotMessage };
    if (state.kind === 'dprk') {
      page = () => {
        const answer = dprkResponseCommand.run(knowledge, dprkResponseCommand.options.parse({ statement: state.subject === '*' ? undefined : state.subject, offset: state.offset }));
        return { answer, message: answerMessage(answer, { pager: pagerFor(answer, state.userId, knowledge), feedback }) };
      };
    } else {
      const embed = i.message.embeds[0];
      const query = embed ? shownQuery(embed.data) : null;
      if (!query || queryHash(query) !== state.subject) return note(i, NOTES.expired, 'expired');
      page = () => {
        if (state.kind === 'find') {
          const answer = findSources(knowledge, query, state.offset);
          return { answer, message: findSourcesMessage(answer, state.userId, knowledge, query, feedback) };
        }
        const answer = askCommand.run(knowledge, askCommand.options.parse({ question: query, offset: state.offset }));
        return { answer, message: answerMessage(answer, { pager: pagerFor(answer, state.userId, knowledge, 'ask'), feedback }) };
      };
    }
    const { value, deferred } = await withDeferral(i, page, () => i.deferUpdate());
    if (value.answer.citations.length === 0) {
      if (deferred) await i.followUp(replyOptions(noteMessage(NOTES.noMorePassages), true));
      else await i.reply(replyOptions(noteMessage(NOTES.noMorePassages), true));
      return { outcome: 'expired', deferred };
    }
    if (deferred) await i.editReply(editOptions(value.message));
    else await i.update(updateOptions(value.message));
    return { outcome: 'ok', deferred };
  }

  async function autocomplete(i: AutocompleteInteraction): Promise<Result> {
    const command = byName.get(i.commandName);
    const focused = i.options.getFocused(true);
    let choices: Choice[] = [];
    let outcome: Outcome = command ? 'ok' : 'unknown';
    if (command?.autocomplete) {
      try {
        choices = fitChoices(await command.autocomplete(options.knowledge(), focused.name, String(focused.value)));
      } catch (error) {
        outcome = 'error';
        metrics.error('autocomplete');
        logger.warn('autocomplete-error', { command: i.commandName, option: focused.name, error });
      }
    }
    await i.respond(choices);
    return { outcome };
  }

  async function dispatch(i: Interaction, handler: InteractionHandler | undefined): Promise<Result> {
    if (handler) return { outcome: (await handler.handle(i)) ?? 'ok' };
    if (i.isChatInputCommand()) return slash(i);
    if (i.isAutocomplete()) return autocomplete(i);
    if (i.isButton()) return button(i);
    if (i.isMessageContextMenuCommand()) return contextMenu(i);
    if (i.isRepliable()) return note(i, NOTES.expired, 'unknown');
    return { outcome: 'unknown' };
  }

  /** Tells the user something went wrong, with the error id, in whatever way the interaction still allows. */
  async function reportError(i: Interaction, errorId: string): Promise<void> {
    if (i.isAutocomplete()) {
      if (!i.responded) await i.respond([]);
      return;
    }
    if (!i.isRepliable()) return;
    const message = noteMessage(NOTES.error(errorId));
    if (!i.deferred && !i.replied) await i.reply(replyOptions(message, true));
    else if (i.isMessageComponent() || i.replied) await i.followUp(replyOptions(message, true));
    else await i.editReply(editOptions(message));
  }

  async function handle(i: Interaction): Promise<void> {
    const started = performance.now();
    const kind = kindOf(i);
    const handler = (options.handlers ?? []).find((h) => h.matches(i));
    const command = handler?.name ?? nameOf(i);
    const fields = {
      kind,
      command,
      user: i.user.id,
      guild: i.guildId ?? null,
      interaction: i.id,
      ageMs: Math.max(0, Date.now() - i.createdTimestamp),
    };
    let result: Result;
    let errorId: string | undefined;
    try {
      result = await dispatch(i, handler);
    } catch (error) {
      errorId = newErrorId();
      result = { outcome: 'error', deferred: (i.isRepliable() && i.deferred) || undefined };
      metrics.error('interaction');
      logger.error('interaction-error', { ...fields, errorId, error });
      try {
        await reportError(i, errorId);
      } catch (replyError) {
        logger.warn('error-reply-failed', { ...fields, errorId, error: replyError });
      }
    }
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    metrics.record(command, result.outcome, latencyMs);
    if (result.answered) metrics.answered(result.answered.command, result.answered.answer.match);
    const answerId = result.answered?.answerId;
    if (result.answered && answerId && answers) {
      // The reply is out: the question log takes it from here, on a later turn of the event loop.
      try {
        answers.record({ ...result.answered, answerId, userId: i.user.id, latencyMs, deferred: result.deferred === true });
      } catch (error) {
        logger.warn('answer-record-failed', { ...fields, error });
      }
    }
    const line = { ...fields, latencyMs, outcome: result.outcome, ...(result.deferred ? { deferred: true } : {}), ...(errorId ? { errorId } : {}) };
    if (result.outcome === 'error') logger.error('interaction', line);
    else if (kind === 'autocomplete') logger.debug('interaction', line);
    else logger.info('interaction', line);
  }

  return {
    metrics,
    handle: (i) =>
      handle(i).catch((error: unknown) => {
        // Logging itself failed: never let one interaction take the process down.
        try {
          metrics.error('router');
          logger.error('router-failure', { error });
        } catch {
          /* nothing left to do */
        }
      }),
  };
}
