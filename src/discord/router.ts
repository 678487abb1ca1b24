/**
 * The one interaction handler. It looks a command up by name and does for every command, uniformly:
 * the per-user cooldown, option validation (the command's zod schema), deferring when the work may
 * pass the defer budget, the reply (ephemeral when `private`), an error id for anything that throws
 * (shown to the user and logged), metrics, and one structured log line per interaction.
 * Autocomplete errors never surface: the user sees no suggestions, the log says why.
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Answer } from '../answer/answer.js';
import type { Choice, Command } from '../commands/command.js';
import { privateOption } from '../commands/options.js';
import { DISCORD_LIMITS, SEARCH } from '../config/constants.js';
import { shownQuery } from '../render/discordMessage.js';
import { truncate } from '../render/markdown.js';
import type { Knowledge } from '../search/knowledge.js';
import type { AnsweredEvent, Surface } from '../usage/answerLog.js';
import {
  FIND_PAGER,
  decodePager,
  decodePick,
  feedbackAnswerId,
  knowledgeFingerprint,
  offersStatementChoices,
  pagerCode,
  queryHash,
  type PagerKind,
  type PagerState,
  type PickState,
} from './buttons.js';
import { noCooldown, type CooldownLike } from './cooldown.js';
import { FIND_SOURCES, FIND_SOURCES_TITLE, findSources, findSourcesQuery } from './findSources.js';
import type { Incoming } from './incoming.js';
import { silentLogger, type Logger } from './logger.js';
import { Metrics, type Outcome } from './metrics.js';
import { answerMessage, noteMessage, type BotMessage, type FeedbackContext, type PagerContext } from './replies.js';
import { withDeferral } from './respond.js';

/** A slash command as the router runs it: a knowledge-core command, whose handler may also be async. */
export interface SlashCommand extends Omit<Command, 'run' | 'autocomplete'> {
  run(knowledge: Knowledge, options: z.infer<Command['options']>): Answer | Promise<Answer>;
  autocomplete?(knowledge: Knowledge, option: string, value: string): Choice[] | Promise<Choice[]>;
}

/** An extra handler for interactions the router does not know (e.g. moderation commands), run with the same tracking. */
export interface InteractionHandler {
  /** Name in logs and metrics. */
  name: string;
  matches(interaction: Incoming): boolean;
  handle(interaction: Incoming): Promise<Outcome | void>;
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
  /** Handles one interaction from either transport (gatewayAdapter.ts, httpAdapter.ts). */
  handle(interaction: Incoming): Promise<void>;
  readonly metrics: Metrics;
}

/** Discord allows 3 s for the first response; deferring after ~1.5 s leaves room for the network. */
const DEFAULT_DEFER_AFTER_MS = 1500;

export const NOTES = {
  unknown: (name: string) =>
    `I don't know the command “${name}”: it may be from an older version of the bot. Try /help.`,
  invalid: (reasons: string) => `That didn't work: ${reasons}.`,
  cooldown: (ms: number) =>
    `You're asking quickly: please wait ${Math.ceil(ms / 1000)} s before the next question, so the channel stays readable.`,
  error: (id: string) =>
    `Something went wrong on my side (error id \`${id}\`). It has been logged; please try again in a moment.`,
  expired:
    'This button no longer works (the answer is from an older version of the bot, or the message was changed). Run the command again for a fresh answer.',
  corpusChanged:
    'The corpus has been updated since this answer, so its passages are numbered differently now. Run the command again for current passages.',
  noMorePassages: 'There are no further passages for this answer any more. Run the command again for a fresh answer.',
  foreign:
    "These buttons belong to someone else's answer. Run the command yourself to get your own answer to page through or choose from.",
  statementGone:
    'That statement is no longer in the corpus. Run the command again to see the statements it covers now.',
  noText: 'That message has no text I can look up. Try /ask with your own words.',
} as const;

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
  const texts = Object.entries(raw).filter(
    (e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== '',
  );
  if (texts.length === 0) return null;
  return texts.map(([name, value], n) => (n === 0 ? value : `${name}: ${value}`)).join(' ');
}

/** A pageable command as the router pages it: its pager code, its page size, and how to run a page. */
interface Pager {
  /** The command's name in logs and the question log. */
  command: string;
  /** Runs the page at `offset` for the subject; null when the subject cannot be recovered. */
  page(
    knowledge: Knowledge,
    subject: { id: string; query: string | null },
    offset: number,
  ): Answer | Promise<Answer> | null;
  /** Citations per page (the command's default limit). */
  pageSize: number;
  /** `statement`: the subject is the answer's statement id (`*`: none); `query`: a hash of the question. */
  subject: 'statement' | 'query';
}

/** The first text option a command declares: the one that carries its question. */
function queryOptionOf(command: SlashCommand): string | null {
  const STRING = 3;
  return (command.definition.options ?? []).find((o) => o.type === STRING && o.name !== PRIVATE)?.name ?? null;
}

/** The page size a command uses when none is asked for: its options' default `limit`. */
function defaultLimitOf(command: SlashCommand, args: Record<string, unknown>): number {
  const parsed = command.options.safeParse(args);
  const limit = parsed.success ? (parsed.data as { limit?: unknown }).limit : undefined;
  return typeof limit === 'number' ? limit : SEARCH.defaultLimit;
}

/** The pagers of the commands that declare `pageable`, by pager code, and the one of Find sources. */
function pagersOf(commands: readonly SlashCommand[]): Map<PagerKind, Pager> {
  const pagers = new Map<PagerKind, Pager>();
  for (const command of commands.filter((c) => c.pageable)) {
    const code = pagerCode(command);
    if (pagers.has(code))
      throw new Error(
        `two pageable commands share the pager code "${code}": ${pagers.get(code)!.command} and ${command.name}`,
      );
    const byStatement = offersStatementChoices(command);
    const queryOption = queryOptionOf(command);
    const argsOf = (subject: { id: string; query: string | null }): Record<string, unknown> | null => {
      if (byStatement) return subject.id === '*' ? {} : { statement: subject.id };
      return queryOption && subject.query !== null ? { [queryOption]: subject.query } : null;
    };
    pagers.set(code, {
      command: command.name,
      subject: byStatement ? 'statement' : 'query',
      pageSize: defaultLimitOf(command, byStatement ? {} : { [queryOption ?? '']: 'x' }),
      page(knowledge, subject, offset) {
        const args = argsOf(subject);
        if (!args) return null;
        const parsed = command.options.safeParse({ ...args, offset });
        return parsed.success ? command.run(knowledge, parsed.data) : null;
      },
    });
  }
  pagers.set(FIND_PAGER, {
    command: FIND_SOURCES,
    subject: 'query',
    pageSize: SEARCH.defaultLimit,
    page: (knowledge, subject, offset) =>
      subject.query === null ? null : findSources(knowledge, subject.query, offset),
  });
  return pagers;
}

function nameOf(i: Incoming, pagers: ReadonlyMap<PagerKind, Pager>): string {
  if (i.commandName !== null) return i.commandName;
  if (i.customId !== null) {
    const parsed = decodePager(i.customId);
    if (parsed.ok) return pagers.get(parsed.state.kind)?.command ?? parsed.state.kind;
    const pick = decodePick(i.customId);
    return pick.ok ? pick.state.command : `component:${i.customId.split(':')[0] ?? ''}`;
  }
  return 'unknown';
}

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
  const pagers = pagersOf(options.commands);
  const pagerCodeOf = new Map([...pagers].map(([code, pager]) => [pager.command, code]));
  const answers = options.answers ?? null;

  /** A new answer's feedback id, and what to hand the question log once it is sent. */
  function recorded(answer: Answer, knowledge: Knowledge, command: string, surface: Surface, question: string | null) {
    const answerId = answers?.newAnswerId() ?? null;
    const answered: Answered = { answerId, command, surface, question, answer, index: knowledge.index };
    return { feedback: answerId ? { answerId } : null, answered };
  }

  async function note(i: Incoming, text: string, outcome: Outcome): Promise<Result> {
    await i.reply(noteMessage(text), true);
    return { outcome };
  }

  /** The pager buttons' state for an answer with pages, from what its command declares. */
  function pagerFor(
    answer: Answer,
    userId: string,
    knowledge: Knowledge,
    kind: PagerKind | undefined,
  ): PagerContext | null {
    const pager = kind ? pagers.get(kind) : undefined;
    if (!answer.page || !kind || !pager) return null;
    const corpus = knowledgeFingerprint(knowledge);
    if (pager.subject === 'statement')
      return { kind, userId, subject: answer.statement?.id ?? '*', corpus, pageSize: pager.pageSize };
    return answer.query ? { kind, userId, subject: queryHash(answer.query), corpus, pageSize: pager.pageSize } : null;
  }

  /** A command's answer as a message: its pager, its statement choices, its feedback buttons. */
  function commandMessage(
    command: SlashCommand,
    answer: Answer,
    userId: string,
    knowledge: Knowledge,
    feedback: FeedbackContext | null,
    pick = true,
  ): BotMessage {
    return answerMessage(answer, {
      pager: pagerFor(answer, userId, knowledge, pagerCodeOf.get(command.name)),
      pick: pick && offersStatementChoices(command) ? { userId } : null,
      feedback,
    });
  }

  /** A Find Sources answer: the passages for a message's text, quoting that text under the command's title. */
  function findSourcesMessage(
    answer: Answer,
    userId: string,
    knowledge: Knowledge,
    query: string,
    feedback: FeedbackContext | null,
  ): BotMessage {
    return answerMessage(answer, {
      pager: pagerFor(answer, userId, knowledge, FIND_PAGER),
      embed: { title: FIND_SOURCES_TITLE, quote: query },
      feedback,
    });
  }

  async function send(i: Incoming, message: BotMessage, ephemeral: boolean, deferred: boolean): Promise<void> {
    if (deferred) await i.editReply(message);
    else await i.reply(message, ephemeral);
  }

  async function slash(i: Incoming, name: string): Promise<Result> {
    const command = byName.get(name);
    if (!command) return note(i, NOTES.unknown(name), 'unknown');
    const wait = cooldown.take(i.user.id);
    if (!wait.ok) return note(i, NOTES.cooldown(wait.retryAfterMs), 'cooldown');

    const ephemeral = i.options.getBoolean(PRIVATE) ?? false;
    const raw: Record<string, unknown> = {};
    for (const option of i.options.data)
      if (option.name !== PRIVATE && option.value !== undefined) raw[option.name] = option.value;
    const parsed = command.options.safeParse(raw);
    if (!parsed.success)
      return note(i, NOTES.invalid(parsed.error.issues.map((issue) => issue.message).join('; ')), 'invalid');

    const knowledge = options.knowledge();
    const { value: answer, deferred } = await withDeferral(
      i,
      deferAfterMs,
      () => command.run(knowledge, parsed.data),
      () => i.defer(ephemeral),
    );
    const { feedback, answered } = recorded(answer, knowledge, command.name, 'slash', askedText(raw));
    await send(i, commandMessage(command, answer, i.user.id, knowledge, feedback), ephemeral, deferred);
    return { outcome: 'ok', deferred, answered };
  }

  async function contextMenu(i: Incoming, name: string): Promise<Result> {
    if (name !== FIND_SOURCES) return note(i, NOTES.unknown(name), 'unknown');
    const wait = cooldown.take(i.user.id);
    if (!wait.ok) return note(i, NOTES.cooldown(wait.retryAfterMs), 'cooldown');
    const query = i.targetMessage ? findSourcesQuery(i.targetMessage) : '';
    if (!query) return note(i, NOTES.noText, 'invalid');
    const knowledge = options.knowledge();
    const { value: answer, deferred } = await withDeferral(
      i,
      deferAfterMs,
      () => findSources(knowledge, query),
      () => i.defer(true),
    );
    const { feedback, answered } = recorded(answer, knowledge, FIND_SOURCES_COMMAND, 'context-menu', query);
    await send(i, findSourcesMessage(answer, i.user.id, knowledge, query, feedback), true, deferred);
    return { outcome: 'ok', deferred, answered };
  }

  /** A statement picked from an answer's choices: the same command, run for that statement, edited into the message. */
  async function pick(i: Incoming, state: PickState): Promise<Result> {
    if (state.userId !== i.user.id) return note(i, NOTES.foreign, 'foreign');
    const command = byName.get(state.command);
    if (!command || !offersStatementChoices(command)) return note(i, NOTES.expired, 'expired');
    const knowledge = options.knowledge();
    if (!knowledge.corpus.registry.statements.some((s) => s.id === state.statementId))
      return note(i, NOTES.statementGone, 'expired');
    const parsed = command.options.safeParse({ statement: state.statementId });
    if (!parsed.success) return note(i, NOTES.expired, 'expired');
    const { value, deferred } = await withDeferral(
      i,
      deferAfterMs,
      async () => {
        const answer = await command.run(knowledge, parsed.data);
        const { feedback, answered } = recorded(answer, knowledge, command.name, 'pick', state.statementId);
        return { message: commandMessage(command, answer, state.userId, knowledge, feedback), answered };
      },
      () => i.deferUpdate(),
    );
    if (deferred) await i.editReply(value.message);
    else await i.update(value.message);
    return { outcome: 'ok', deferred, answered: value.answered };
  }

  /**
   * The question a query pager pages: read from the answer the button sits on and checked against the
   * hash its id carries (a question of 500 characters does not fit a 100-character id).
   */
  function pagedQuery(i: Incoming, state: PagerState): string | null {
    const embed = i.message?.embeds[0];
    const query = embed ? shownQuery(embed) : null;
    return query !== null && queryHash(query) === state.subject ? query : null;
  }

  async function button(i: Incoming, customId: string): Promise<Result> {
    const picked = decodePick(customId);
    if (picked.ok) return pick(i, picked.state);
    const parsed = decodePager(customId);
    const pager = parsed.ok ? pagers.get(parsed.state.kind) : undefined;
    if (!parsed.ok || !pager) return note(i, NOTES.expired, 'expired');
    const { state } = parsed;
    if (state.userId !== i.user.id) return note(i, NOTES.foreign, 'foreign');
    const knowledge = options.knowledge();
    if (knowledgeFingerprint(knowledge) !== state.corpus) return note(i, NOTES.corpusChanged, 'expired');
    // The feedback buttons stay with the answer as its pages turn: same answer, same votes.
    const answerId = feedbackAnswerId(i.message?.components);
    const feedback = answerId ? { answerId } : null;
    const query = pager.subject === 'query' ? pagedQuery(i, state) : null;
    if (pager.subject === 'query' && query === null) return note(i, NOTES.expired, 'expired');
    const subject = { id: state.subject, query };
    const kind = state.kind;

    const { value, deferred } = await withDeferral(
      i,
      deferAfterMs,
      async () => {
        const answer = await pager.page(knowledge, subject, state.offset);
        if (!answer) return null;
        const message =
          kind === FIND_PAGER && query !== null
            ? findSourcesMessage(answer, state.userId, knowledge, query, feedback)
            : answerMessage(answer, { pager: pagerFor(answer, state.userId, knowledge, kind), feedback });
        return { answer, message };
      },
      () => i.deferUpdate(),
    );
    if (!value || value.answer.citations.length === 0) {
      if (deferred) await i.followUp(noteMessage(NOTES.noMorePassages), true);
      else await i.reply(noteMessage(NOTES.noMorePassages), true);
      return { outcome: 'expired', deferred };
    }
    if (deferred) await i.editReply(value.message);
    else await i.update(value.message);
    return { outcome: 'ok', deferred };
  }

  async function autocomplete(i: Incoming, name: string): Promise<Result> {
    const command = byName.get(name);
    const focused = i.options.getFocused() ?? { name: '', value: '' };
    let choices: Choice[] = [];
    let outcome: Outcome = command ? 'ok' : 'unknown';
    if (command?.autocomplete) {
      try {
        choices = fitChoices(await command.autocomplete(options.knowledge(), focused.name, focused.value));
      } catch (error) {
        outcome = 'error';
        metrics.error('autocomplete');
        logger.warn('autocomplete-error', { command: name, option: focused.name, error });
      }
    }
    await i.respond(choices);
    return { outcome };
  }

  async function dispatch(i: Incoming, handler: InteractionHandler | undefined): Promise<Result> {
    if (handler) return { outcome: (await handler.handle(i)) ?? 'ok' };
    if (i.kind === 'command' && i.commandName !== null) return slash(i, i.commandName);
    if (i.kind === 'autocomplete' && i.commandName !== null) return autocomplete(i, i.commandName);
    if (i.kind === 'button' && i.customId !== null) return button(i, i.customId);
    if (i.kind === 'context-menu' && i.commandName !== null) return contextMenu(i, i.commandName);
    if (i.kind !== 'autocomplete') return note(i, NOTES.expired, 'unknown');
    return { outcome: 'unknown' };
  }

  /** Tells the user something went wrong, with the error id, in whatever way the interaction still allows. */
  async function reportError(i: Incoming, errorId: string): Promise<void> {
    if (i.kind === 'autocomplete') {
      if (i.acknowledged === 'no') await i.respond([]);
      return;
    }
    const message = noteMessage(NOTES.error(errorId));
    if (i.acknowledged === 'no') await i.reply(message, true);
    else if (i.kind === 'button' || i.kind === 'component' || i.acknowledged === 'replied')
      await i.followUp(message, true);
    else await i.editReply(message);
  }

  async function handle(i: Incoming): Promise<void> {
    const started = performance.now();
    const kind = i.kind === 'modal' ? 'other' : i.kind;
    const handler = (options.handlers ?? []).find((h) => h.matches(i));
    const command = handler?.name ?? nameOf(i, pagers);
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
      result = {
        outcome: 'error',
        deferred: (i.kind !== 'autocomplete' && i.acknowledged === 'deferred') || undefined,
      };
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
        answers.record({
          ...result.answered,
          answerId,
          userId: i.user.id,
          latencyMs,
          deferred: result.deferred === true,
        });
      } catch (error) {
        logger.warn('answer-record-failed', { ...fields, error });
      }
    }
    const line = {
      ...fields,
      latencyMs,
      outcome: result.outcome,
      ...(result.deferred ? { deferred: true } : {}),
      ...(errorId ? { errorId } : {}),
    };
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
