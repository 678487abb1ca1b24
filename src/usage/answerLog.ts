/**
 * The question log: a record of every answer the bot sent (when, which command, the question as asked
 * and normalised, its key concepts, the grade, the cited passages, the latency) and the votes people
 * gave it, in the SQLite database of DATA_DIR.
 *
 * It is never on an answer's path, and never fails one:
 * - `record()` only queues the answer, after the reply was sent; the queue is written on a later turn
 *   of the event loop, in one transaction;
 * - a database another process has locked is not waited for: the queue stays in memory (up to
 *   USAGE.maxPending answers) and is retried every USAGE.busyRetryMs;
 * - a read-only, full or corrupt database, or one from a newer version, turns the log off: the bot
 *   logs it once (`question-log-failed`), keeps answering without feedback buttons, and `health()`
 *   (shown by /corpus status) says why. It tries to reopen the file hourly.
 *
 * QUESTION_LOG=off stores nothing: no file is created, no answer gets feedback buttons.
 */
import { randomBytes } from 'node:crypto';
import type { Answer, Match } from '../answer/answer.js';
import { USAGE } from '../config/constants.js';
import type { PassageIndex } from '../search/buildIndex.js';
import { databasePath, openWritable, SchemaError, type Statement, type UsageDatabase } from './database.js';
import { conceptKey, normaliseQuestion } from './questionText.js';
import { loadUserKey, userHasher, type UserHasher } from './userKey.js';
import { startWalCheckpoints, type WalCheckpoints } from './walCheckpoints.js';

/** What the log needs of a logger (the bot's logger is one); declared here so nothing here depends on a surface. */
export interface LogSink {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export const VOTES = ['up', 'down', 'wrong-statement'] as const;
export type Vote = (typeof VOTES)[number];

/** Where an answer was asked for: a slash command, the Find sources message menu, or a statement picked from a choice. */
export type Surface = 'slash' | 'context-menu' | 'pick';

/** One answer sent, as the router hands it over once the reply is out. */
export interface AnsweredEvent {
  answerId: string;
  command: string;
  surface: Surface;
  userId: string;
  /** The question as asked (the options the person typed); null for a command without text. */
  question: string | null;
  answer: Answer;
  /** The index that answered, for the question's key concepts. */
  index: PassageIndex;
  latencyMs: number;
  deferred: boolean;
}

/** Why the database cannot be used. */
export type FailureReason = 'read-only' | 'corrupt' | 'full' | 'locked' | 'newer-schema' | 'error';

export interface QuestionLogHealth {
  state: 'ok' | 'off' | 'failing';
  /** The database file (null when the log is off). */
  file: string | null;
  /** Why it is failing, or, while it works, why the last write was put off (a lock). */
  reason: FailureReason | null;
  /** The error's message, for the operator. */
  detail: string | null;
  /** When it started failing (ms since 1970). */
  since: number | null;
  /** Answers written since start-up. */
  recorded: number;
  /** Answers not written (the log failing, or the queue full while locked). */
  dropped: number;
  /** Answers waiting to be written. */
  pending: number;
  retentionDays: number;
}

export type VoteResult =
  | { ok: true; vote: Vote; previous: Vote | null }
  | { ok: false; reason: 'off' | 'unavailable' | 'busy' | 'unknown-answer' };

export interface AnswerLogOptions {
  /** DATA_DIR; null: the log is off. */
  dataDir: string | null;
  /** QUESTION_LOG (default on). */
  enabled?: boolean;
  retentionDays?: number;
  logger: LogSink;
  now?: () => number;
  /** Called on every database error (for the metrics), with its reason. */
  onError?: (reason: FailureReason) => void;
}

interface Open {
  db: UsageDatabase;
  hashUser: UserHasher;
  insertAnswer: Statement;
  insertPassage: Statement;
  answerByPublicId: Statement;
  voteOf: Statement;
  upsertVote: Statement;
  purgeBefore: Statement;
}

function codeOf(error: unknown): string {
  return String((error as { code?: unknown } | null)?.code ?? '');
}

export function failureReason(error: unknown): FailureReason {
  if (error instanceof SchemaError) return 'newer-schema';
  const code = codeOf(error);
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return 'locked';
  if (
    /^SQLITE_(READONLY|CANTOPEN|PERM|AUTH)/.test(code) ||
    ['EACCES', 'EROFS', 'EPERM', 'ENOTDIR', 'EISDIR'].includes(code)
  )
    return 'read-only';
  if (/^SQLITE_(CORRUPT|NOTADB)/.test(code)) return 'corrupt';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'full';
  return 'error';
}

const isLocked = (error: unknown) => failureReason(error) === 'locked';

/** Public ids of answers (in their feedback buttons): 12 base64url characters, 72 random bits. */
function newPublicId(): string {
  return randomBytes(9).toString('base64url');
}

export class AnswerLog {
  readonly #options: AnswerLogOptions;
  readonly #logger: LogSink;
  readonly #now: () => number;
  readonly #retentionDays: number;
  #open: Open | null = null;
  #checkpoints: WalCheckpoints | null = null;
  #state: QuestionLogHealth['state'];
  #reason: FailureReason | null = null;
  #detail: string | null = null;
  #since: number | null = null;
  #lastLogged: FailureReason | null = null;
  /** Answers waiting to be written, stamped with when they were sent. */
  #pending: Array<AnsweredEvent & { at: number }> = [];
  #flushScheduled = false;
  #retry: NodeJS.Timeout | null = null;
  #hourly: NodeJS.Timeout | null = null;
  #recorded = 0;
  #dropped = 0;

  private constructor(options: AnswerLogOptions) {
    this.#options = options;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#retentionDays = options.retentionDays ?? USAGE.defaultRetentionDays;
    this.#state = options.enabled === false || options.dataDir === null ? 'off' : 'failing';
  }

  /** Opens (and migrates) the database and purges what is past retention. Never throws: a failure turns the log off. */
  static open(options: AnswerLogOptions): AnswerLog {
    const log = new AnswerLog(options);
    if (log.#state === 'off') return log;
    log.#connect();
    if (log.#open) log.purge();
    log.#hourly = setInterval(() => {
      if (!log.#open) log.#connect();
      if (log.#open) log.purge();
    }, USAGE.purgeEveryMs);
    log.#hourly.unref();
    return log;
  }

  get file(): string | null {
    return this.#options.dataDir === null || this.#options.enabled === false
      ? null
      : databasePath(this.#options.dataDir);
  }

  /** Whether answers are being recorded (so they get feedback buttons). */
  get recording(): boolean {
    return this.#state === 'ok';
  }

  /** A public id for an answer about to be sent, or null when nothing is recorded. */
  newAnswerId(): string | null {
    return this.recording ? newPublicId() : null;
  }

  /** Queues an answer just sent (its time is now); written on a later turn of the event loop. Never throws. */
  record(event: AnsweredEvent): void {
    if (!this.recording) {
      if (this.#state === 'failing') this.#dropped += 1;
      return;
    }
    this.#pending.push({ ...event, at: this.#now() });
    if (this.#pending.length > USAGE.maxPending) {
      this.#pending.shift();
      this.#dropped += 1;
    }
    this.#schedule();
  }

  /** Writes the queue on later turns of the event loop, a few answers a turn, so a burst never holds the loop long. */
  #schedule(): void {
    if (this.#flushScheduled || this.#retry) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      if (this.flush(USAGE.writesPerTurn) && this.#pending.length > 0) this.#schedule();
    });
  }

  /** Writes the queued answers now (at most `limit` of them). False when the database refused them (locked, failing). */
  flush(limit = Infinity): boolean {
    const open = this.#open;
    if (!open) return this.#pending.length === 0;
    if (this.#pending.length === 0) return true;
    const batch = this.#pending.slice(0, limit);
    try {
      open.db
        .transaction(() => {
          for (const event of batch) this.#insert(open, event);
        })
        .immediate();
    } catch (error) {
      if (isLocked(error)) {
        this.#putOff(error);
        return false;
      }
      this.#pending = this.#pending.slice(batch.length);
      if (codeOf(error).startsWith('SQLITE_CONSTRAINT')) {
        // A record the schema refuses is a bug of ours, not a broken database: drop it, keep logging.
        this.#dropped += batch.length;
        this.#logger.warn('question-log-record-refused', { answers: batch.length, error });
        return true;
      }
      this.#fail(error, 'write', batch.length);
      return false;
    }
    this.#pending = this.#pending.slice(batch.length);
    this.#recorded += batch.length;
    if (this.#reason === 'locked') {
      this.#logger.info('question-log-unlocked', { written: batch.length });
      this.#reason = null;
      this.#detail = null;
      this.#lastLogged = null;
    }
    return true;
  }

  #insert(open: Open, event: AnsweredEvent & { at: number }): void {
    const normalised = event.question === null ? null : normaliseQuestion(event.question);
    const key = normalised === null ? null : conceptKey(event.index, normalised);
    const grade: Match = event.answer.match;
    const { lastInsertRowid } = open.insertAnswer.run(
      event.answerId,
      Math.round(event.at),
      event.command,
      event.surface,
      open.hashUser(event.userId),
      event.question,
      normalised,
      key,
      grade,
      event.answer.statement?.id ?? null,
      event.latencyMs,
      event.deferred ? 1 : 0,
    );
    for (const c of event.answer.citations) open.insertPassage.run(lastInsertRowid, c.n, c.articleId, c.paragraph);
  }

  /** Records a person's vote on an answer, replacing their earlier one. */
  vote(answerId: string, userId: string, vote: Vote): VoteResult {
    if (this.#state === 'off') return { ok: false, reason: 'off' };
    if (!this.#open) return { ok: false, reason: 'unavailable' };
    // The answer may still be queued (a quick click): write it first.
    if (!this.flush()) return { ok: false, reason: this.#open ? 'busy' : 'unavailable' };
    const open = this.#open;
    try {
      return open.db
        .transaction((): VoteResult => {
          const answer = open.answerByPublicId.get(answerId) as { id: number } | undefined;
          if (!answer) return { ok: false, reason: 'unknown-answer' };
          const hash = open.hashUser(userId);
          const previous = (open.voteOf.get(answer.id, hash) as { vote: Vote } | undefined)?.vote ?? null;
          open.upsertVote.run(answer.id, hash, vote, this.#now());
          return { ok: true, vote, previous };
        })
        .immediate();
    } catch (error) {
      if (isLocked(error)) {
        this.#options.onError?.('locked');
        return { ok: false, reason: 'busy' };
      }
      this.#fail(error, 'vote', 0);
      return { ok: false, reason: 'unavailable' };
    }
  }

  /** Deletes the answers (and their passages and votes) older than the retention period. Returns how many. */
  purge(): number {
    const open = this.#open;
    if (!open) return 0;
    const before = this.#now() - this.#retentionDays * 86_400_000;
    try {
      const { changes } = open.purgeBefore.run(before);
      if (changes > 0) {
        open.db.pragma('incremental_vacuum');
        this.#logger.info('question-log-purged', {
          answers: changes,
          olderThan: new Date(before).toISOString(),
          retentionDays: this.#retentionDays,
        });
      }
      return changes;
    } catch (error) {
      if (isLocked(error)) return 0; // the next hourly run will do it
      this.#fail(error, 'purge', 0);
      return 0;
    }
  }

  /**
   * Runs a read (a report) on the database, after writing what is queued; null when the log is off
   * or failing. A read that fails turns the log off like a write would, and returns null.
   */
  read<T>(query: (db: UsageDatabase) => T): T | null {
    const open = this.#open;
    if (!open) return null;
    this.flush();
    try {
      return query(open.db);
    } catch (error) {
      if (!isLocked(error)) this.#fail(error, 'read', 0);
      return null;
    }
  }

  health(): QuestionLogHealth {
    return {
      state: this.#state,
      file: this.file,
      reason: this.#reason,
      detail: this.#detail,
      since: this.#since,
      recorded: this.#recorded,
      dropped: this.#dropped,
      pending: this.#pending.length,
      retentionDays: this.#retentionDays,
    };
  }

  /** Writes what is queued and closes the database (the bot stopping); the last checkpoint empties the WAL. */
  async close(): Promise<void> {
    if (this.#hourly) clearInterval(this.#hourly);
    if (this.#retry) clearTimeout(this.#retry);
    this.#hourly = this.#retry = null;
    await this.#stopCheckpoints();
    this.flush();
    const open = this.#open;
    this.#open = null;
    if (open) {
      try {
        open.db.close();
      } catch (error) {
        this.#logger.warn('question-log-close-failed', { error });
      }
    }
    if (this.#pending.length > 0) {
      this.#dropped += this.#pending.length;
      this.#logger.warn('question-log-unwritten', { answers: this.#pending.length });
      this.#pending = [];
    }
    if (this.#state === 'ok') this.#state = 'failing';
  }

  #connect(): void {
    const dataDir = this.#options.dataDir!;
    try {
      const hashUser = userHasher(loadUserKey(dataDir));
      const db = openWritable(dataDir, (m) =>
        this.#logger.info('question-log-migrated', { version: m.version, description: m.description }),
      );
      this.#open = {
        db,
        hashUser,
        insertAnswer: db.prepare(
          `INSERT INTO answers (public_id, at, command, surface, user_hash, question, question_normalised, concept_key, grade, statement_id, latency_ms, deferred)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ),
        insertPassage: db.prepare(
          'INSERT INTO answer_passages (answer_id, rank, article_id, paragraph) VALUES (?, ?, ?, ?)',
        ),
        answerByPublicId: db.prepare('SELECT id FROM answers WHERE public_id = ?'),
        voteOf: db.prepare('SELECT vote FROM votes WHERE answer_id = ? AND user_hash = ?'),
        upsertVote: db.prepare(
          `INSERT INTO votes (answer_id, user_hash, vote, at) VALUES (?, ?, ?, ?)
           ON CONFLICT (answer_id, user_hash) DO UPDATE SET vote = excluded.vote, at = excluded.at`,
        ),
        purgeBefore: db.prepare('DELETE FROM answers WHERE at < ?'),
      };
      const recovered = this.#since !== null;
      this.#state = 'ok';
      this.#reason = this.#detail = null;
      this.#since = null;
      this.#lastLogged = null;
      this.#checkpoints = startWalCheckpoints(databasePath(dataDir), USAGE.checkpointEveryMs, (message, code) => {
        if (failureReason({ code }) === 'locked') return; // the next one will do
        this.#logger.warn('question-log-checkpoint-failed', { file: this.file, code, message });
      });
      this.#logger.info(recovered ? 'question-log-recovered' : 'question-log-open', {
        file: this.file,
        retentionDays: this.#retentionDays,
      });
    } catch (error) {
      this.#open = null;
      this.#fail(error, 'open', 0);
    }
  }

  async #stopCheckpoints(): Promise<void> {
    const checkpoints = this.#checkpoints;
    this.#checkpoints = null;
    await checkpoints?.stop();
  }

  /** A lock: keep the queue and try again shortly. */
  #putOff(error: unknown): void {
    this.#options.onError?.('locked');
    if (this.#reason !== 'locked') {
      this.#reason = 'locked';
      this.#detail = error instanceof Error ? error.message : String(error);
      this.#logger.warn('question-log-busy', {
        file: this.file,
        pending: this.#pending.length,
        note: 'another process holds the database; answers wait in memory and are written when it is free',
      });
    }
    if (!this.#retry) {
      this.#retry = setTimeout(() => {
        this.#retry = null;
        if (this.flush(USAGE.writesPerTurn) && this.#pending.length > 0) this.#schedule();
      }, USAGE.busyRetryMs);
      this.#retry.unref();
    }
  }

  /** The database cannot be used: stop recording, say so once. */
  #fail(error: unknown, during: 'open' | 'write' | 'vote' | 'purge' | 'read', lost: number): void {
    const reason = failureReason(error);
    this.#options.onError?.(reason);
    this.#dropped += lost;
    const open = this.#open;
    this.#open = null;
    void this.#stopCheckpoints();
    try {
      open?.db.close();
    } catch {
      /* already unusable */
    }
    this.#state = 'failing';
    this.#reason = reason;
    this.#detail = error instanceof Error ? error.message : String(error);
    this.#since ??= this.#now();
    const fields = {
      file: this.file,
      reason,
      during,
      answersLost: lost,
      error,
      note: 'answers go on without the question log; /corpus status shows it',
    };
    if (this.#lastLogged !== reason) this.#logger.error('question-log-failed', fields);
    else this.#logger.debug('question-log-failed', fields);
    this.#lastLogged = reason;
  }
}
