/**
 * The "More passages" buttons keep their state in the custom id, so they keep working after a restart:
 *
 *   more:v1:<kind>:<offset>:<user>:<subject>:<corpus>
 *
 * - `kind`: the pageable command's code, the first word of its name (`ask`, `dprk` for dprk-response;
 *   see `pagerCode`), or `find` (Find sources). A command declares `pageable: true` and pages;
 * - `offset`: the first citation of the page the button shows;
 * - `user`: who asked; only they may turn the pages of their answer;
 * - `subject`: for `dprk` the statement id (or `*` for every response); for `ask` and `find` a short
 *   hash of the question. A question can be 500 characters, too long for a 100-character id, so the
 *   question is read back from the embed the button sits on and checked against the hash;
 * - `corpus`: a fingerprint of the corpus the answer came from. After the corpus changes the
 *   numbering of passages would no longer match, so the button says so instead of paging.
 *
 * The statement-choice buttons (under an answer that asks "which statement?") likewise:
 *
 *   pick:v1:<command>:<statement>:<user>
 *
 * - `command`: the command whose answer offered the choice: any command with a `statement` option
 *   (who-signed, dprk-response), run again with that option set;
 * - `statement`: the id of the statement to answer for (checked against the registry on click);
 * - `user`: who asked; only they may pick.
 *
 * The feedback buttons under every answer (when the question log records it):
 *
 *   fb:v1:<answer>:<vote>
 *
 * - `answer`: the answer's public id in the question log (12 base64url characters);
 * - `vote`: `up`, `down` or `ws` (wrong statement). Anyone who sees the answer may vote, once; a
 *   later click replaces their vote.
 *
 * This file is the one place that writes and reads these ids.
 */
import { createHash } from 'node:crypto';
import { commands, type Command } from '../commands/index.js';
import { DISCORD_LIMITS } from '../config/constants.js';
import type { Knowledge } from '../search/knowledge.js';

const PAGER_PREFIX = 'more';
const PAGER_VERSION = 'v1';

/** A pager's kind: a pageable command's code, or `find` (Find sources). */
export type PagerKind = string;
/** The pager kind of Find sources (the message menu), which pages like `ask`. */
export const FIND_PAGER: PagerKind = 'find';

/** A pageable command's code in its pager ids: the first word of its name (`dprk-response` → `dprk`). */
export function pagerCode(command: Pick<Command, 'name'>): PagerKind {
  return command.name.split('-')[0]!;
}

/** The command whose answers pick a statement: one with a `statement` option. */
export function offersStatementChoices(command: Pick<Command, 'definition'>): boolean {
  return (command.definition.options ?? []).some((o) => o.name === 'statement');
}

/** Every pager kind, from the commands that declare `pageable` (each code once). */
const KINDS: readonly PagerKind[] = [...new Set([...commands.filter((c) => c.pageable).map(pagerCode), FIND_PAGER])];

export interface PagerState {
  kind: PagerKind;
  offset: number;
  userId: string;
  subject: string;
  corpus: string;
}

export type ParsedCustomId =
  { ok: true; state: PagerState } | { ok: false; reason: 'not-a-pager' | 'old-version' | 'malformed' };

/**
 * A short, stable hash of a question (base64url, 8 characters). Runs of whitespace count as one
 * space, as in the embed that quotes a long question on one line (the hash is checked against it).
 */
export function queryHash(query: string): string {
  const canonical = query.replace(/\s+/g, ' ').trim().normalize('NFC');
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 8);
}

/**
 * A fingerprint of the corpus an answer cites from (6 characters): same corpus files, same
 * fingerprint, across restarts and replicas. Read from the digest the loader keeps, never by
 * hashing the passages again.
 */
export function knowledgeFingerprint(knowledge: Knowledge): string {
  return Buffer.from(knowledge.corpus.digest.slice(0, 12), 'hex').toString('base64url').slice(0, 6);
}

const SUBJECT = /^[\w*-]{1,60}$/;
/** A Discord user id (a snowflake) as custom ids carry it. */
export const USER_ID = /^\d{1,20}$/;

/** The custom id for a pager button, or null when the state cannot be encoded within Discord's 100 characters. */
export function encodePager(state: PagerState): string | null {
  if (
    !SUBJECT.test(state.subject) ||
    !USER_ID.test(state.userId) ||
    !Number.isInteger(state.offset) ||
    state.offset < 0
  )
    return null;
  const id = [
    PAGER_PREFIX,
    PAGER_VERSION,
    state.kind,
    String(state.offset),
    state.userId,
    state.subject,
    state.corpus,
  ].join(':');
  return id.length <= DISCORD_LIMITS.customId ? id : null;
}

export function decodePager(customId: string): ParsedCustomId {
  const parts = customId.split(':');
  if (parts[0] !== PAGER_PREFIX) return { ok: false, reason: 'not-a-pager' };
  if (parts[1] !== PAGER_VERSION) return { ok: false, reason: 'old-version' };
  const [, , kind, offset, userId, subject, corpus] = parts;
  if (
    parts.length !== 7 ||
    !KINDS.includes(kind as PagerKind) ||
    !/^\d{1,6}$/.test(offset ?? '') ||
    !USER_ID.test(userId ?? '') ||
    !SUBJECT.test(subject ?? '') ||
    !/^[\w-]{6}$/.test(corpus ?? '')
  ) {
    return { ok: false, reason: 'malformed' };
  }
  return {
    ok: true,
    state: { kind: kind as PagerKind, offset: Number(offset), userId: userId!, subject: subject!, corpus: corpus! },
  };
}

export const PICK_PREFIX = 'pick';
const PICK_VERSION = 'v1';

export type PickCommand = string;
const PICK_COMMANDS: readonly PickCommand[] = commands.filter(offersStatementChoices).map((c) => c.name);

export interface PickState {
  command: PickCommand;
  statementId: string;
  userId: string;
}

export type ParsedPick =
  { ok: true; state: PickState } | { ok: false; reason: 'not-a-pick' | 'old-version' | 'malformed' };

const STATEMENT_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function isPickCommand(command: string): command is PickCommand {
  return PICK_COMMANDS.includes(command as PickCommand);
}

/** The custom id for a statement-choice button, or null when the state cannot be encoded within Discord's 100 characters. */
export function encodePick(state: PickState): string | null {
  if (!isPickCommand(state.command) || !STATEMENT_ID.test(state.statementId) || !USER_ID.test(state.userId))
    return null;
  const id = [PICK_PREFIX, PICK_VERSION, state.command, state.statementId, state.userId].join(':');
  return id.length <= DISCORD_LIMITS.customId ? id : null;
}

export function decodePick(customId: string): ParsedPick {
  const parts = customId.split(':');
  if (parts[0] !== PICK_PREFIX) return { ok: false, reason: 'not-a-pick' };
  if (parts[1] !== PICK_VERSION) return { ok: false, reason: 'old-version' };
  const [, , command, statementId, userId] = parts;
  if (
    parts.length !== 5 ||
    customId.length > DISCORD_LIMITS.customId ||
    !isPickCommand(command ?? '') ||
    !STATEMENT_ID.test(statementId ?? '') ||
    !USER_ID.test(userId ?? '')
  ) {
    return { ok: false, reason: 'malformed' };
  }
  return { ok: true, state: { command: command as PickCommand, statementId: statementId!, userId: userId! } };
}

export const FEEDBACK_PREFIX = 'fb';
const FEEDBACK_VERSION = 'v1';

export type FeedbackVote = 'up' | 'down' | 'wrong-statement';
const VOTE_CODES: Record<FeedbackVote, string> = { up: 'up', down: 'down', 'wrong-statement': 'ws' };
const ANSWER_ID = /^[\w-]{12}$/;

export interface FeedbackState {
  answerId: string;
  vote: FeedbackVote;
}

export type ParsedFeedback =
  { ok: true; state: FeedbackState } | { ok: false; reason: 'not-feedback' | 'old-version' | 'malformed' };

/** The custom id for a feedback button, or null for an answer id that is not one of the question log's. */
export function encodeFeedback(state: FeedbackState): string | null {
  if (!ANSWER_ID.test(state.answerId)) return null;
  return [FEEDBACK_PREFIX, FEEDBACK_VERSION, state.answerId, VOTE_CODES[state.vote]].join(':');
}

export function decodeFeedback(customId: string): ParsedFeedback {
  const parts = customId.split(':');
  if (parts[0] !== FEEDBACK_PREFIX) return { ok: false, reason: 'not-feedback' };
  if (parts[1] !== FEEDBACK_VERSION) return { ok: false, reason: 'old-version' };
  const [, , answerId, code] = parts;
  const vote = (Object.keys(VOTE_CODES) as FeedbackVote[]).find((v) => VOTE_CODES[v] === code);
  if (parts.length !== 4 || !ANSWER_ID.test(answerId ?? '') || !vote) return { ok: false, reason: 'malformed' };
  return { ok: true, state: { answerId: answerId!, vote } };
}

/** The answer id of the feedback buttons on a message (to keep them when a page turns), or null. */
export function feedbackAnswerId(
  components: ReadonlyArray<{ components?: ReadonlyArray<unknown> }> | undefined,
): string | null {
  for (const row of components ?? []) {
    for (const c of row.components ?? []) {
      const customId =
        (c as { customId?: unknown; custom_id?: unknown }).customId ?? (c as { custom_id?: unknown }).custom_id;
      if (typeof customId !== 'string') continue;
      const parsed = decodeFeedback(customId);
      if (parsed.ok) return parsed.state.answerId;
    }
  }
  return null;
}
