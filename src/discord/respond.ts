/**
 * The one way an answer is sent, for the router and the extensions alike: the work runs; if it is
 * not done within the defer budget the interaction is deferred ("thinking…", or a button's click
 * acknowledged) and the answer edits the deferred reply; a refusal the work throws (a Refusal, say)
 * becomes its message on the same path.
 */
import type { Incoming } from './incoming.js';
import type { BotMessage } from './replies.js';

const LATE = Symbol('late');

export interface AnswerOptions {
  /** Defer when the work is not done this long after Discord created the interaction; 0: defer before it starts. */
  deferAfterMs: number;
  /** A new reply (`ephemeral` or not), or the button's message replaced (`update`). */
  mode: { reply: { ephemeral: boolean } } | 'update';
  /** The message for an error the work throws that is a refusal, not a failure; null: rethrow. */
  refusal?: (error: unknown) => BotMessage | null;
}

export interface Answered<T> {
  value: T | null;
  deferred: boolean;
  /** Whether the work threw a refusal (its message was sent instead). */
  refused: boolean;
}

/** Runs `work`; if it is not done within the budget (0: before it starts), calls `defer` and waits for it. */
export async function withDeferral<T>(
  i: Incoming,
  deferAfterMs: number,
  work: () => T | Promise<T>,
  defer: () => Promise<void>,
): Promise<{ value: T; deferred: boolean }> {
  if (deferAfterMs <= 0) {
    await defer();
    return { value: await work(), deferred: true };
  }
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

/** Runs `work`; defers when it is late; sends `show(value)` (or the refusal) the way `mode` says. */
export async function answerWithin<T>(
  i: Incoming,
  work: () => T | Promise<T>,
  show: (value: T) => BotMessage,
  options: AnswerOptions,
): Promise<Answered<T>> {
  const defer = () => (options.mode === 'update' ? i.deferUpdate() : i.defer(options.mode.reply.ephemeral));
  const send = async (message: BotMessage, deferred: boolean) => {
    if (deferred) await i.editReply(message);
    else if (options.mode === 'update') await i.update(message);
    else await i.reply(message, options.mode.reply.ephemeral);
  };
  let deferred = false;
  let result: { value: T; deferred: boolean };
  try {
    result = await withDeferral(i, options.deferAfterMs, work, async () => {
      await defer();
      deferred = true;
    });
  } catch (error) {
    const message = options.refusal?.(error) ?? null;
    if (!message) throw error;
    await send(message, deferred);
    return { value: null, deferred, refused: true };
  }
  await send(show(result.value), result.deferred);
  return { value: result.value, deferred: result.deferred, refused: false };
}
