/**
 * The emulator's shared state: interactions and what the bot answered, the message store, registered
 * commands, recorded requests and violations, injected faults, and a race-free `waitFor`.
 */
import { EventEmitter } from 'node:events';
import type {
  APIApplicationCommand,
  APIApplicationCommandOptionChoice,
  APIInteraction,
  APIInteractionResponseCallbackData,
  APIMessage,
  APIUser,
} from 'discord.js';
import { CALLBACK_TYPE_NAMES, MessageFlags } from './constants.js';
import type { UploadedFile } from './http.js';
import { snowflake } from './ids.js';
import { buildAttachment, normalizeEmbed } from './payloads.js';
import type { EmulatorUser, GuildConfig } from './payloads.js';
import { isRecord } from './validate.js';
import type { Issue } from './validate.js';

// ---------------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------------

export interface Violation {
  /** Stable rule id (e.g. `embed.description.length`, `allowed_mentions.missing`, `interaction.double-ack`). */
  rule: string;
  message: string;
  /** Request that caused it, e.g. `POST /interactions/{id}/{token}/callback`. */
  source: string;
  /** Interaction the request belongs to, if any. */
  interactionId?: string;
  /** True if the emulator refused the request (as Discord would); false if it was accepted anyway. */
  rejected: boolean;
  at: number;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string, as received (e.g. `/api/v10/webhooks/1/tok/messages/%40original`). */
  path: string;
  query: Record<string, string>;
  /** Matched route template, or undefined for an unknown route. */
  route?: string;
  status: number;
  body: unknown;
  files: { field: string; filename: string; size: number; contentType: string }[];
  authorization?: string;
  at: number;
}

/** Data of an interaction callback (message data, autocomplete choices or modal). */
export type CallbackData = Partial<APIInteractionResponseCallbackData> & {
  choices?: APIApplicationCommandOptionChoice[];
  custom_id?: string;
  title?: string;
};

export interface CallbackRecord {
  type: number;
  data: CallbackData;
  ephemeral: boolean;
  files: UploadedFile[];
  at: number;
  /** `performance.now()` when the accepted callback was received (for sub-millisecond latency). */
  atHr: number;
}

export interface EditRecord {
  /** Id of the message that was edited (resolved from `@original`). */
  messageId: string;
  /** The PATCH body as sent by the bot. */
  body: Record<string, unknown>;
  files: UploadedFile[];
  /** The message after the edit. */
  message: APIMessage;
  at: number;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  /** `/name sub` for commands, the custom_id for components and modals. */
  label: string;
  payload: APIInteraction;
  dispatchedAt: number;
  /** `performance.now()` just before INTERACTION_CREATE was sent on the gateway. */
  dispatchedAtHr: number;
  /** For autocomplete: the type of the focused option if the command is registered. */
  focusedOptionType?: number;
  callback?: CallbackRecord;
  /** Id of the message `@original` refers to (after the callback). */
  originalMessageId?: string;
  edits: EditRecord[];
  followUps: APIMessage[];
  deletedMessageIds: string[];
  violations: Violation[];
}

export interface StoredCommand extends APIApplicationCommand {
  guild_id?: string;
}

interface InjectedFailure {
  kind: 'callback' | 'webhook' | 'channel';
  status: number;
  retryAfter?: number;
  global: boolean;
}

export interface StateOptions {
  bot: APIUser;
  applicationId: string;
  guilds: GuildConfig[];
  timeoutMs: number;
  callbackDeadlineMs: number | null;
  rejectInvalid: boolean;
}

export class EmulatorViolationError extends Error {
  constructor(
    message: string,
    readonly violations: Violation[],
  ) {
    super(message);
    this.name = 'EmulatorViolationError';
  }
}

export function describeViolations(violations: readonly Violation[]): string {
  return violations
    .map(
      (v) =>
        `  - [${v.rule}] ${v.message} (${v.source}${v.interactionId ? `, interaction ${v.interactionId}` : ''}${v.rejected ? ', answered with an error like Discord' : ''})`,
    )
    .join('\n');
}

// ---------------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------------

export class EmulatorState {
  readonly events = new EventEmitter();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly byToken = new Map<string, InteractionRecord>();
  readonly messages = new Map<string, APIMessage>();
  /** Ids of messages the bot posted through `POST /channels/{id}/messages`, in order. */
  readonly channelPostIds: string[] = [];
  readonly violations: Violation[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly globalCommands: StoredCommand[] = [];
  readonly guildCommands = new Map<string, StoredCommand[]>();
  /** Number of PUT/POST/PATCH/DELETE requests on commands, for `waitForCommands`. */
  commandWrites = 0;
  /** Users seen in interactions (for `GET /users/{id}` and members). */
  readonly users = new Map<string, APIUser>();
  readonly memberRoles = new Map<string, string[]>();
  /** Bytes of attachments given with content, served at their URL (`GET /attachments/…`), by attachment id. */
  readonly attachmentFiles = new Map<string, { filename: string; contentType: string; data: Buffer }>();
  /** `http://127.0.0.1:<port>`, once the server listens: where attachment content is served (the emulator's CDN). */
  origin = '';
  private readonly failures: InjectedFailure[] = [];
  private readonly commandIdsByName = new Map<string, string>();

  constructor(readonly options: StateOptions) {
    this.events.setMaxListeners(0);
    this.users.set(options.bot.id, options.bot);
  }

  get bot(): APIUser {
    return this.options.bot;
  }

  changed(): void {
    this.events.emit('change');
  }

  // --- violations -----------------------------------------------------------------------------------

  addViolation(v: Omit<Violation, 'at'>): Violation {
    const violation: Violation = { ...v, at: Date.now() };
    this.violations.push(violation);
    if (v.interactionId) this.interactions.get(v.interactionId)?.violations.push(violation);
    this.changed();
    return violation;
  }

  addIssues(issues: Issue[], source: string, interactionId: string | undefined, rejected: boolean): void {
    for (const issue of issues) {
      this.addViolation({
        rule: issue.rule,
        message: issue.message,
        source,
        rejected: rejected && issue.rejects,
        ...(interactionId ? { interactionId } : {}),
      });
    }
  }

  // --- faults ---------------------------------------------------------------------------------------

  injectFailure(f: InjectedFailure): void {
    this.failures.push(f);
  }

  takeFailure(kind: InjectedFailure['kind']): InjectedFailure | undefined {
    const i = this.failures.findIndex((f) => f.kind === kind);
    if (i < 0) return undefined;
    return this.failures.splice(i, 1)[0];
  }

  // --- interactions ---------------------------------------------------------------------------------

  addInteraction(record: InteractionRecord): void {
    this.interactions.set(record.id, record);
    this.byToken.set(record.token, record);
    const user = record.payload.member?.user ?? record.payload.user;
    if (user) {
      this.users.set(user.id, user);
      if (record.payload.member) this.memberRoles.set(user.id, record.payload.member.roles);
    }
    this.changed();
  }

  /** A stable fake id for a command name that the bot never registered. */
  commandIdFor(name: string, type: number): string {
    const key = `${type}:${name}`;
    let id = this.commandIdsByName.get(key);
    if (!id) {
      id = snowflake();
      this.commandIdsByName.set(key, id);
    }
    return id;
  }

  // --- commands -------------------------------------------------------------------------------------

  commandList(guildId?: string): StoredCommand[] {
    if (!guildId) return this.globalCommands;
    let list = this.guildCommands.get(guildId);
    if (!list) {
      list = [];
      this.guildCommands.set(guildId, list);
    }
    return list;
  }

  /** Finds a registered command by name and type, guild commands first. */
  findCommand(name: string, type: number, guildId?: string | null): StoredCommand | undefined {
    const match = (c: StoredCommand) => c.name === name && (c.type ?? 1) === type;
    return (guildId ? this.guildCommands.get(guildId)?.find(match) : undefined) ?? this.globalCommands.find(match);
  }

  hasRegisteredCommands(guildId?: string | null): boolean {
    return this.globalCommands.length > 0 || (guildId ? (this.guildCommands.get(guildId)?.length ?? 0) > 0 : false);
  }

  /** Stores a command as Discord would echo it (id kept for an existing name+type). */
  upsertCommand(
    body: Record<string, unknown>,
    guildId: string | undefined,
    list = this.commandList(guildId),
  ): StoredCommand {
    const type = typeof body.type === 'number' ? body.type : 1;
    const existing = list.find((c) => c.name === body.name && (c.type ?? 1) === type);
    const stored = {
      default_member_permissions: null,
      nsfw: false,
      integration_types: [0],
      contexts: null,
      description: '',
      ...body,
      id: existing?.id ?? snowflake(),
      application_id: this.options.applicationId,
      version: snowflake(),
      type,
      ...(guildId ? { guild_id: guildId } : {}),
    } as unknown as StoredCommand;
    if (type !== 1) stored.description = '';
    if (existing) list[list.indexOf(existing)] = stored;
    else list.push(stored);
    return stored;
  }

  // --- messages -------------------------------------------------------------------------------------

  storeMessage(message: APIMessage): APIMessage {
    this.messages.set(message.id, message);
    this.changed();
    return message;
  }

  /**
   * Applies a message edit (PATCH body, UPDATE_MESSAGE data, or the first follow-up after a defer) to a
   * stored message, as Discord would: fields present replace, absent fields are kept.
   */
  applyEdit(messageId: string, body: Record<string, unknown>, files: UploadedFile[]): APIMessage {
    const existing = this.messages.get(messageId);
    if (!existing) throw new Error(`applyEdit: unknown message ${messageId}`);
    const next: APIMessage = structuredClone(existing);
    if ('content' in body) next.content = typeof body.content === 'string' ? body.content : '';
    if ('embeds' in body)
      next.embeds = Array.isArray(body.embeds) ? body.embeds.filter(isRecord).map((e) => normalizeEmbed(e)) : [];
    if ('components' in body)
      next.components = (Array.isArray(body.components) ? body.components : []) as APIMessage['components'];
    if (typeof body.flags === 'number') {
      const keep = (existing.flags ?? 0) & MessageFlags.Ephemeral;
      next.flags = (keep |
        (body.flags & (MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2))) as APIMessage['flags'];
    }
    next.flags = ((next.flags ?? 0) & ~MessageFlags.Loading) as APIMessage['flags'];
    next.attachments = mergeAttachments(existing.attachments, body.attachments, files);
    next.edited_timestamp = new Date().toISOString();
    return this.storeMessage(next);
  }

  // --- waiting --------------------------------------------------------------------------------------

  /**
   * Resolves with the first non-undefined result of `check`, re-evaluated on every state change; rejects
   * if `check` throws, or after `timeoutMs` with `describe()` in the message. The error is created at
   * call time so its stack trace points at the test line.
   */
  waitFor<T>(describe: () => string, check: () => T | undefined, timeoutMs = this.options.timeoutMs): Promise<T> {
    const error = new Error('');
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const finish = () => {
        done = true;
        clearTimeout(timer);
        this.events.off('change', attempt);
      };
      const attempt = () => {
        if (done) return;
        try {
          const value = check();
          if (value !== undefined) {
            finish();
            resolve(value);
          }
        } catch (e) {
          finish();
          reject(e);
        }
      };
      const timer = setTimeout(() => {
        if (done) return;
        finish();
        error.message = `Timed out after ${timeoutMs} ms waiting for ${describe()}`;
        reject(error);
      }, timeoutMs);
      this.events.on('change', attempt);
      attempt();
    });
  }

  recentRequests(n = 8): string {
    return this.requests
      .slice(-n)
      .map((r) => `    ${r.method} ${r.path} -> ${r.status}`)
      .join('\n');
  }

  describeInteraction(record: InteractionRecord): string {
    const cb = record.callback ? `${record.callback.type} ${CALLBACK_TYPE_NAMES[record.callback.type] ?? ''}` : 'none';
    return `interaction ${record.id} (${record.label}); callback: ${cb}; edits: ${record.edits.length}; follow-ups: ${record.followUps.length}`;
  }
}

/** Attachments after an edit: kept existing ones (listed in `attachments`) plus the uploaded files. */
function mergeAttachments(
  existing: APIMessage['attachments'],
  listed: unknown,
  files: UploadedFile[],
): APIMessage['attachments'] {
  const entries = Array.isArray(listed) ? listed.filter(isRecord) : undefined;
  const kept = entries ? existing.filter((a) => entries.some((e) => String(e.id) === a.id)) : existing;
  return [...kept, ...attachmentsFromFiles(files, entries)];
}

/** Attachment objects for uploaded files (`files[n]` matches `attachments[].id === n`). */
export function attachmentsFromFiles(
  files: UploadedFile[],
  entries?: Record<string, unknown>[],
): APIMessage['attachments'] {
  return files.map((file, index) => {
    const n = /\[(\d+)\]/.exec(file.field)?.[1] ?? String(index);
    const entry = entries?.find((e) => String(e.id) === n);
    return buildAttachment({
      filename: typeof entry?.filename === 'string' ? entry.filename : file.filename,
      size: file.size,
      ...(file.contentType ? { contentType: file.contentType } : {}),
      ...(typeof entry?.description === 'string' ? { description: entry.description } : {}),
    });
  });
}

export function toEmulatorUser(user: APIUser): EmulatorUser {
  return { id: user.id, username: user.username, globalName: user.global_name, ...(user.bot ? { bot: true } : {}) };
}
