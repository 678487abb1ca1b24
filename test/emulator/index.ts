/**
 * Local Discord emulator for end-to-end tests of a real discord.js v14 client.
 *
 * One HTTP server on 127.0.0.1 (random port) serves the REST API discord.js uses and a gateway v10
 * WebSocket. Tests dispatch interactions as a user would, await what the bot answered, and every
 * payload the bot sends is checked against Discord's documented limits (see validate.ts). Any breach
 * is a violation: it makes the matching `waitFor…` reject and `assertNoViolations()` throw.
 *
 * ## Typical test
 *
 * ```ts
 * import { Client, GatewayIntentBits } from 'discord.js';
 * import { DiscordEmulator, actors } from './emulator/index.js';
 *
 * const emu = await DiscordEmulator.start();
 * const client = new Client({ intents: [GatewayIntentBits.Guilds], allowedMentions: { parse: [] }, ...emu.clientOptions });
 * await client.login(emu.token);                        // then await the ClientReady event
 *
 * const ask = emu.slashCommand('ask', { question: 'What did they sign?' });   // as actors.member
 * const reply = await ask.reply();                      // APIMessage the user sees (handles defer + edit)
 * expect(reply.embeds[0]?.title).toBe('…');
 *
 * const res = await ask.response();                     // the raw callback: type, data, ephemeral, edits…
 * expect(res.type).toBe(4);
 *
 * const more = await emu.clickButton(reply, 'more:2').response();   // click a button the bot produced
 * expect(more.type).toBe(7);
 *
 * emu.slashCommand('config set', { channel: channelOption(emu.channelId('mod-log')) }, actors.moderator);
 * afterEach(() => emu.assertNoViolations());
 * afterAll(async () => { await client.destroy(); await emu.close(); });
 * ```
 *
 * ## API (all `waitFor…` take `{ timeoutMs }`, default 5000 ms, and reject with a description of what
 * the bot did so far)
 *
 * Setup
 * - `DiscordEmulator.start(options?)`            start the server (options: bot, guilds, timeoutMs,
 *                                                callbackDeadlineMs, rejectInvalid, shardCount…)
 * - `emu.clientOptions`                          `{ rest, ws, waitGuildTimeout }` to spread into `new Client()`
 * - `emu.token`, `emu.apiBase`, `emu.port`       login token, `rest.api` value, port
 * - `emu.bot`, `emu.guild`, `emu.channelId(name)` the bot user, first guild, a channel id by name
 * - `emu.waitForReady()`                         resolves once the bot identified (READY + GUILD_CREATE sent)
 * - `emu.seedCommands(commands, guildId?)`       pretend the bot registered commands (validated)
 * - `emu.close()`                                stop everything
 *
 * Dispatch (each returns a `DispatchedInteraction` with `.id`, `.payload`, `.response()`, `.reply()`,
 * `.edit(n)`, `.followUp(n)`); `actor` picks user id, permissions, roles, guild (null = DM), channel
 * - `emu.slashCommand('cmd [group] [sub]', { opt: value }, actor?)`   values: string/number/boolean,
 *                                                `attachment(name, { content?, size?, contentType? })`,
 *                                                `userOption(id)`, `channelOption(id)`, `roleOption(id)`
 *                                                or `{ type, value }`. An attachment given `content` is
 *                                                served at its URL on 127.0.0.1 (the emulator's CDN:
 *                                                `GET /attachments/<channel>/<id>/<name>`, no auth), so
 *                                                the bot downloads it as it would from Discord; `size`
 *                                                may claim more than the content (an oversized upload).
 *                                                Downloads show in `emu.attachmentDownloads(id?)`.
 * - `emu.autocomplete('cmd [sub]', { opt: 'partial' }, actor?)` focused = last option, or `actor.focused`
 * - `emu.clickButton(message | id, customId, actor?)`
 * - `emu.selectMenu(message | id, customId, values, actor?)`
 * - `emu.messageCommand(name, target message | { content, author }, actor?)`
 * - `emu.userCommand(name, targetUserId | user, actor?)`
 * - `emu.submitModal(customId, { field: value }, actor?, { message? })`
 *
 * Await what the bot sent
 * - `emu.waitForResponse(id)`   → `InteractionResponse` { type, typeName, data, ephemeral, choices, modal,
 *                                 files, latencyMs, message (current @original), edits, followUps }
 * - `emu.waitForReply(id)`      → the visible reply message (after a reply, update, or defer + edit)
 * - `emu.waitForEdit(id, n=1)`  → n-th edit of the reply (`EditRecord` { messageId, body, message })
 * - `emu.waitForFollowUp(id, n=1)` → n-th follow-up message
 * - `emu.waitForChannelPost(channelId, match?)` → first bot post in a channel (e.g. a mod log) matching
 * - `emu.waitForCommands({ guildId?, count? })` → commands the bot registered
 * - `emu.message(id)`, `emu.messages`, `emu.channelPosts(channelId)`, `emu.commands(guildId?)`,
 *   `emu.interaction(id)` (raw record), `emu.requests` (every REST request), `emu.unexpectedRequests`
 *
 * Faults
 * - `emu.failNextCallback(status = 429, retryAfterSeconds = 0.05)`  next interaction callback fails once
 * - `emu.failNextWebhook(status, retryAfter?)`, `emu.failNextChannelPost(status, retryAfter?)`
 * - `emu.dropConnection({ resume = true, mode?, shardId? })` kill the socket; `emu.waitForReconnect()`
 *   resolves when the client RESUMEd (events dispatched meanwhile are replayed) or re-IDENTIFYed
 * - `emu.setHeartbeatAck(false)`                  stop ACKing heartbeats (zombie connection)
 * - `emu.clickForgedButton(message, customId, actor?)` a click carrying a custom id the message does not
 *   have, as a modified client could send: the bot must trust nothing in a custom id it did not sign
 *
 * Violations
 * - `emu.violations`, `emu.violationsFor(id)`, `emu.assertNoViolations()`, `emu.takeViolations()`
 *   (returns and clears, for tests that provoke violations on purpose)
 * - Ephemeral replies: `response.ephemeral`, `isEphemeral(message)`
 *
 * Notes
 * - Discord rules that Discord itself enforces are answered with a Discord-style 400 (so the bot sees
 *   the same DiscordAPIError as in production); project rules (allowed_mentions with empty `parse`) are
 *   accepted but still recorded. Both fail the test.
 * - The client option `allowedMentions: { parse: [] }` makes discord.js add `allowed_mentions` to
 *   every payload, which is what the validator wants.
 * - Command registration is validated and stored; once the bot has registered commands, dispatch uses
 *   the registered option types and refuses options or commands a real user could not send.
 * - As on Discord, the first follow-up after a deferred reply replaces the "thinking…" message.
 */
import type {
  APIApplicationCommand,
  APIApplicationCommandOptionChoice,
  APIInteraction,
  APIMessage,
  APIUser,
  ClientOptions,
} from 'discord.js';
import {
  CALLBACK_TYPE_NAMES,
  CallbackType,
  CommandType,
  ComponentType,
  InteractionType,
  MessageFlags,
} from './constants.js';
import type { ConnectionEvent, DropOptions } from './gateway.js';
import type { UploadedFile } from './http.js';
import { snowflake } from './ids.js';
import { HttpInteractions, type HttpPost, type Tamper } from './httpInteractions.js';
import { buildChatInputData } from './options.js';
import type { OptionsInput } from './options.js';
import {
  DEFAULT_BOT,
  actors,
  buildGuildMember,
  buildInteraction,
  buildMessage,
  buildUser,
  defaultGuild,
} from './payloads.js';
import type { Actor, EmulatorUser, GuildConfig, ResolvedActor } from './payloads.js';
import { startServer } from './server.js';
import type { RunningServer } from './server.js';
import { EmulatorState, EmulatorViolationError, describeViolations } from './state.js';
import type {
  CallbackData,
  CallbackRecord,
  EditRecord,
  InteractionRecord,
  RecordedRequest,
  StoredCommand,
  Violation,
} from './state.js';
import { isRecord, validateCommandList } from './validate.js';

export {
  actors,
  DEFAULT_BOT,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  DEFAULT_MOD_LOG_CHANNEL_ID,
  MODERATOR_ROLE_ID,
  buildMessage,
  buildUser,
  defaultGuild,
} from './payloads.js';
export type { Actor, ChannelConfig, EmulatorUser, GuildConfig, RoleConfig } from './payloads.js';
export { attachment, channelOption, roleOption, userOption } from './options.js';
export type { OptionValue, OptionsInput } from './options.js';
export {
  CallbackType,
  ButtonStyle,
  ComponentType,
  InteractionType,
  MessageFlags,
  Permissions,
  PermissionBits,
} from './constants.js';
export { EmulatorViolationError } from './state.js';
export type {
  CallbackData,
  EditRecord,
  InteractionRecord,
  RecordedRequest,
  StoredCommand,
  Violation,
} from './state.js';
export type { ConnectionEvent, DropOptions } from './gateway.js';
export type { UploadedFile } from './http.js';
export { LIMITS } from './validate.js';
export type { Issue } from './validate.js';

export type { Tamper, HttpPost } from './httpInteractions.js';

export interface EmulatorOptions {
  /** The bot user (its id is also the application id). */
  bot?: EmulatorUser;
  /** Guilds the bot is in. Default: one guild with #general, #mod-log and a Moderator role. */
  guilds?: GuildConfig[];
  /** Default timeout of every `waitFor…` (ms). Default 5000. */
  timeoutMs?: number;
  /** Discord's deadline for the initial interaction response (ms); `null` disables. Default 3000. */
  callbackDeadlineMs?: number | null;
  /** Answer payloads Discord would reject with a Discord-style 400 (default true). */
  rejectInvalid?: boolean;
  /** HELLO heartbeat interval (ms). Default 41250 like Discord. */
  heartbeatIntervalMs?: number;
  /** Shard count announced by `GET /gateway/bot`. Default 1. */
  shardCount?: number;
  /**
   * The gateway URL `GET /gateway/bot` announces. Default the emulator's own; another (a closed port)
   * makes a gateway that cannot be reached while REST answers.
   */
  announcedGatewayUrl?: string;
  /** Defaults for every dispatched interaction's actor (merged over `actors.member`). */
  defaultActor?: Actor;
  /**
   * Privileged intents enabled for the application (bits of GuildMembers 2, GuildPresences 256,
   * MessageContent 32768). Default 0, like a new application: an IDENTIFY asking for others is closed
   * with 4014 and recorded as a violation.
   */
  allowedPrivilegedIntents?: number;
}

export interface WaitOptions {
  timeoutMs?: number;
}

/** An actor for autocomplete, optionally naming the focused option (default: the last option given). */
export type AutocompleteActor = Actor & { focused?: string };

/** Returns true if a message (or its flags) is ephemeral (flag 64). */
export function isEphemeral(message: Pick<APIMessage, 'flags'> | { flags?: number } | undefined): boolean {
  return (Number(message?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

/** What the bot answered to one interaction. Getters are live: edits and follow-ups keep arriving. */
export class InteractionResponse {
  constructor(
    private readonly record: InteractionRecord,
    private readonly callback: CallbackRecord,
    private readonly state: EmulatorState,
  ) {}

  get interactionId(): string {
    return this.record.id;
  }
  /** Callback type (4 reply, 5 defer, 6 deferUpdate, 7 update, 8 autocomplete, 9 modal). */
  get type(): number {
    return this.callback.type;
  }
  get typeName(): string {
    return CALLBACK_TYPE_NAMES[this.callback.type] ?? String(this.callback.type);
  }
  /** Callback data as sent by the bot (`{}` if none). */
  get data(): CallbackData {
    return this.callback.data;
  }
  /** Whether the reply is ephemeral (flag 64 on the reply/defer, or on the updated message). */
  get ephemeral(): boolean {
    return this.callback.ephemeral;
  }
  /** Autocomplete choices (type 8), else `[]`. */
  get choices(): APIApplicationCommandOptionChoice[] {
    return this.callback.data.choices ?? [];
  }
  /** The modal (type 9): `{ custom_id, title, components }`, else undefined. */
  get modal(): CallbackData | undefined {
    return this.callback.type === CallbackType.Modal ? this.callback.data : undefined;
  }
  get files(): UploadedFile[] {
    return this.callback.files;
  }
  /** Time from dispatching INTERACTION_CREATE to receiving the accepted callback (ms, sub-millisecond resolution). */
  get latencyMs(): number {
    return this.callback.atHr - this.record.dispatchedAtHr;
  }
  /** Current state of the message `@original` refers to (undefined for autocomplete/modal or if deleted). */
  get message(): APIMessage | undefined {
    return this.record.originalMessageId ? this.state.messages.get(this.record.originalMessageId) : undefined;
  }
  get edits(): readonly EditRecord[] {
    return this.record.edits;
  }
  get followUps(): readonly APIMessage[] {
    return this.record.followUps;
  }
}

/** Handle of a dispatched interaction. */
export class DispatchedInteraction {
  constructor(
    private readonly emu: DiscordEmulator,
    readonly id: string,
    readonly token: string,
    readonly payload: APIInteraction,
  ) {}

  /** The callback (see {@link DiscordEmulator.waitForResponse}). */
  response(opts?: WaitOptions): Promise<InteractionResponse> {
    return this.emu.waitForResponse(this.id, opts);
  }
  /** The visible reply message (see {@link DiscordEmulator.waitForReply}). */
  reply(opts?: WaitOptions): Promise<APIMessage> {
    return this.emu.waitForReply(this.id, opts);
  }
  edit(n = 1, opts?: WaitOptions): Promise<EditRecord> {
    return this.emu.waitForEdit(this.id, n, opts);
  }
  followUp(n = 1, opts?: WaitOptions): Promise<APIMessage> {
    return this.emu.waitForFollowUp(this.id, n, opts);
  }
}

export class DiscordEmulator {
  /** Token to pass to `client.login()` (any non-empty string works). */
  readonly token = 'emulator-token';
  private dropMark = 0;
  /** HTTP interactions mode: off until `useHttpInteractions(urls)`. */
  private readonly http = new HttpInteractions();

  private constructor(
    private readonly state: EmulatorState,
    private readonly server: RunningServer,
    private readonly defaultActor: Actor,
  ) {}

  /** Starts the emulator on 127.0.0.1 with a random port. */
  static async start(options: EmulatorOptions = {}): Promise<DiscordEmulator> {
    const bot = buildUser({ ...(options.bot ?? DEFAULT_BOT), bot: true });
    const guilds = options.guilds ?? [defaultGuild()];
    if (guilds.length === 0) throw new Error('at least one guild is required');
    const state = new EmulatorState({
      bot,
      applicationId: bot.id,
      guilds,
      timeoutMs: options.timeoutMs ?? 5000,
      callbackDeadlineMs: options.callbackDeadlineMs === undefined ? 3000 : options.callbackDeadlineMs,
      rejectInvalid: options.rejectInvalid ?? true,
    });
    const server = await startServer(state, {
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41250,
      shardCount: options.shardCount ?? 1,
      ...(options.announcedGatewayUrl ? { announcedGatewayUrl: options.announcedGatewayUrl } : {}),
    });
    server.gateway.allowedPrivilegedIntents = options.allowedPrivilegedIntents ?? 0;
    return new DiscordEmulator(state, server, options.defaultActor ?? {});
  }

  // --- setup ----------------------------------------------------------------------------------------

  get port(): number {
    return this.server.port;
  }
  /** Value for the client's `rest.api` (no `/v10`: discord.js appends it). */
  get apiBase(): string {
    return this.server.apiBase;
  }
  get gatewayUrl(): string {
    return this.server.gatewayUrl;
  }
  /**
   * Client options for fast, deterministic tests: REST pointed at the emulator without the client-side
   * global throttle and rate-limit offset, no IDENTIFY throttle, short guild wait.
   */
  get clientOptions(): Pick<ClientOptions, 'rest' | 'ws' | 'waitGuildTimeout'> {
    return {
      rest: { api: this.apiBase, globalRequestsPerSecond: 1000, offset: 0 },
      ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
      waitGuildTimeout: 1000,
    };
  }
  get bot(): APIUser {
    return this.state.bot;
  }
  get applicationId(): string {
    return this.state.options.applicationId;
  }
  get guild(): GuildConfig {
    return this.state.options.guilds[0] as GuildConfig;
  }
  get guilds(): readonly GuildConfig[] {
    return this.state.options.guilds;
  }
  /** Id of a channel by name (e.g. `'mod-log'`), in the given guild or any guild. */
  channelId(name: string, guildId?: string): string {
    for (const guild of this.state.options.guilds) {
      if (guildId && guild.id !== guildId) continue;
      const channel = guild.channels.find((c) => c.name === name);
      if (channel) return channel.id;
    }
    throw new Error(`no channel named ${name}`);
  }
  /** The intents the client asked for in its last IDENTIFY (undefined before the first). */
  get identifiedIntents(): number | undefined {
    return this.server.gateway.lastIntents;
  }
  /** Whether the bot currently has an open gateway connection. */
  get connected(): boolean {
    return this.server.gateway.connected;
  }

  /** Resolves once the bot has identified and the emulator has sent READY and GUILD_CREATE. */
  waitForReady(opts: WaitOptions = {}): Promise<void> {
    return this.state
      .waitFor(
        () => 'the bot to IDENTIFY on the gateway',
        () => (this.server.gateway.connected && this.server.gateway.connectionEvents.length > 0 ? true : undefined),
        opts.timeoutMs,
      )
      .then(() => undefined);
  }

  /** Registers commands as if the bot had done it (validated; throws on invalid definitions). */
  seedCommands(commands: readonly Record<string, unknown>[], guildId?: string): StoredCommand[] {
    const issues = validateCommandList(commands);
    if (issues.length > 0) throw new Error(`invalid commands:\n${issues.map((i) => `  - ${i.message}`).join('\n')}`);
    return commands.map((c) => this.state.upsertCommand(c, guildId));
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  // --- dispatch -------------------------------------------------------------------------------------

  private resolveActor(input: Actor | undefined, channelHint?: string): ResolvedActor {
    const merged: Actor = { ...actors.member, ...this.defaultActor, ...input };
    const hintGuild = channelHint
      ? this.state.options.guilds.find((g) => g.channels.some((c) => c.id === channelHint))
      : undefined;
    const guildId = merged.guildId === null ? null : (merged.guildId ?? hintGuild?.id ?? this.guild.id);
    const guild = guildId ? this.guildById(guildId) : undefined;
    const channelId =
      merged.channelId ??
      channelHint ??
      (guild ? (guild.channels[0]?.id ?? snowflake()) : `31${(merged.userId ?? '0').slice(2)}`);
    return {
      userId: merged.userId ?? actors.member.userId,
      username: merged.username ?? actors.member.username,
      globalName: merged.globalName ?? null,
      permissions: String(merged.permissions ?? actors.member.permissions),
      roles: merged.roles ?? [],
      guildId,
      channelId,
      locale: merged.locale ?? 'en-US',
    };
  }

  private guildById(id: string): GuildConfig {
    const guild = this.state.options.guilds.find((g) => g.id === id);
    if (!guild) throw new Error(`unknown guild ${id} (configure it in DiscordEmulator.start({ guilds }))`);
    return guild;
  }

  private dispatch(
    actor: ResolvedActor,
    type: number,
    data: unknown,
    label: string,
    extra: { message?: APIMessage; focusedOptionType?: number } = {},
  ): DispatchedInteraction {
    const guild = actor.guildId ? this.guildById(actor.guildId) : undefined;
    if (!this.http.enabled && !this.server.gateway.sessionFor(guild?.id)) {
      throw new Error(
        `Cannot dispatch ${label}: the bot has no gateway session. Log the client in and await ClientReady first.`,
      );
    }
    const payload = buildInteraction({
      applicationId: this.applicationId,
      actor,
      guild,
      type,
      data,
      ...(extra.message ? { message: extra.message } : {}),
    });
    const record: InteractionRecord = {
      id: payload.id,
      token: payload.token,
      type,
      label,
      payload,
      dispatchedAt: Date.now(),
      dispatchedAtHr: performance.now(),
      ...(extra.focusedOptionType !== undefined ? { focusedOptionType: extra.focusedOptionType } : {}),
      edits: [],
      followUps: [],
      deletedMessageIds: [],
      violations: [],
    };
    this.state.addInteraction(record);
    record.dispatchedAtHr = performance.now();
    if (this.http.enabled) this.deliverOverHttp(record);
    else this.server.gateway.dispatch('INTERACTION_CREATE', payload, guild?.id);
    return new DispatchedInteraction(this, payload.id, payload.token, payload);
  }

  // --- HTTP interactions ----------------------------------------------------------------------------

  /** The Ed25519 public key (hex) that signs HTTP interactions: the bot's DISCORD_PUBLIC_KEY. */
  get interactionsPublicKey(): string {
    return this.http.publicKey;
  }

  /**
   * From now on interactions are POSTed to these endpoints in turn (a load balancer), signed, instead
   * of dispatched on the gateway; an empty list goes back to the gateway.
   */
  useHttpInteractions(urls: readonly string[]): void {
    this.http.setEndpoints(urls);
  }

  /** Which endpoint each interaction went to and the status it answered with. */
  readonly httpDeliveries = new Map<string, { url: string; status: number | null }>();

  /** POSTs the interaction; a 200's body is taken as its callback, through the emulator's own callback route. */
  private deliverOverHttp(record: InteractionRecord): void {
    const url = this.http.pick();
    const delivery = { url, status: null as number | null };
    this.httpDeliveries.set(record.id, delivery);
    void this.http
      .post(url, record.payload)
      .then(async (res) => {
        delivery.status = res.status;
        if (res.status !== 200) {
          this.state.addViolation({
            rule: 'http.status',
            message: `${record.label}: the interactions endpoint answered ${res.status}: ${res.body.slice(0, 200)}`,
            source: `POST ${url}`,
            rejected: true,
            interactionId: record.id,
          });
          return;
        }
        await fetch(`${this.apiBase}/v10/interactions/${record.id}/${record.token}/callback`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: res.body,
        });
      })
      .catch((error: unknown) => {
        this.state.addViolation({
          rule: 'http.unreachable',
          message: `${record.label}: the interactions endpoint could not be reached: ${String(error)}`,
          source: `POST ${url}`,
          rejected: true,
          interactionId: record.id,
        });
      });
  }

  /**
   * A slash command POSTed to `url` as Discord would, but `tamper`ed (or not): the status and body the
   * endpoint answered. Nothing is recorded as an interaction unless the bot then calls back for it.
   */
  async postSlashCommand(
    url: string,
    command: string,
    options: OptionsInput = {},
    tamper: Tamper = 'none',
    actor?: Actor,
  ): Promise<HttpPost & { interactionId: string }> {
    const a = this.resolveActor(actor);
    const guild = a.guildId ? this.guildById(a.guildId) : undefined;
    const built = buildChatInputData(this.state, command, options, guild);
    const payload = buildInteraction({
      applicationId: this.applicationId,
      actor: a,
      guild,
      type: InteractionType.ApplicationCommand,
      data: built.data,
    });
    const res = await this.http.post(url, payload, tamper);
    return { ...res, interactionId: payload.id };
  }

  /** A PING, as the Developer Portal sends when the interactions URL is saved. */
  ping(url: string): Promise<HttpPost> {
    return this.http.post(url, {
      id: '1',
      application_id: this.applicationId,
      type: 1,
      token: 'ping-token',
      version: 1,
    });
  }

  /** Runs a slash command: `emu.slashCommand('statements search', { query: 'treaty' }, actors.moderator)`. */
  slashCommand(command: string, options: OptionsInput = {}, actor?: Actor): DispatchedInteraction {
    const a = this.resolveActor(actor);
    const built = buildChatInputData(this.state, command, options, a.guildId ? this.guildById(a.guildId) : undefined);
    return this.dispatch(a, InteractionType.ApplicationCommand, built.data, built.label);
  }

  /**
   * Autocomplete while typing: `emu.autocomplete('search', { query: 'sanc' })`. The focused option is
   * the last one given, or `actor.focused`.
   */
  autocomplete(command: string, options: OptionsInput, actor?: AutocompleteActor): DispatchedInteraction {
    const a = this.resolveActor(actor);
    const built = buildChatInputData(this.state, command, options, a.guildId ? this.guildById(a.guildId) : undefined, {
      ...(actor?.focused ? { focused: actor.focused } : {}),
    });
    return this.dispatch(a, InteractionType.ApplicationCommandAutocomplete, built.data, `autocomplete ${built.label}`, {
      ...(built.focusedOptionType !== undefined ? { focusedOptionType: built.focusedOptionType } : {}),
    });
  }

  private currentMessage(message: APIMessage | string): APIMessage {
    const id = typeof message === 'string' ? message : message.id;
    const stored = this.state.messages.get(id);
    if (stored) return stored;
    if (typeof message === 'string') throw new Error(`message ${id} is not in the emulator's store (was it deleted?)`);
    return message;
  }

  /** Clicks a button of a message (the latest stored version of it): `emu.clickButton(reply, 'next')`. */
  clickButton(message: APIMessage | string, customId: string, actor?: Actor): DispatchedInteraction {
    const msg = this.currentMessage(message);
    const component = findComponent(msg.components ?? [], customId);
    if (!component)
      throw new Error(
        `no component with custom_id "${customId}" on message ${msg.id}; it has: ${listCustomIds(msg.components ?? []).join(', ') || 'none'}`,
      );
    if (component.type !== ComponentType.Button)
      throw new Error(`"${customId}" is a component of type ${String(component.type)}, not a button (use selectMenu)`);
    if (component.disabled === true) throw new Error(`button "${customId}" is disabled; a user cannot click it`);
    const a = this.resolveActor(actor, msg.channel_id);
    const data = {
      custom_id: customId,
      component_type: ComponentType.Button,
      ...(typeof component.id === 'number' ? { id: component.id } : {}),
    };
    return this.dispatch(a, InteractionType.MessageComponent, data, `button ${customId}`, { message: msg });
  }

  /** A button click on `message` with a custom id none of its buttons carries (a forged one). */
  clickForgedButton(message: APIMessage | string, customId: string, actor?: Actor): DispatchedInteraction {
    const msg = this.currentMessage(message);
    if (findComponent(msg.components ?? [], customId))
      throw new Error(`"${customId}" is on message ${msg.id}: use clickButton`);
    const a = this.resolveActor(actor, msg.channel_id);
    return this.dispatch(
      a,
      InteractionType.MessageComponent,
      { custom_id: customId, component_type: ComponentType.Button },
      `forged button ${customId}`,
      { message: msg },
    );
  }

  /** Picks values in a select menu of a message: `emu.selectMenu(reply, 'pick', ['a'])`. */
  selectMenu(message: APIMessage | string, customId: string, values: string[], actor?: Actor): DispatchedInteraction {
    const msg = this.currentMessage(message);
    const component = findComponent(msg.components ?? [], customId);
    if (!component)
      throw new Error(
        `no component with custom_id "${customId}" on message ${msg.id}; it has: ${listCustomIds(msg.components ?? []).join(', ') || 'none'}`,
      );
    if (component.type === ComponentType.Button) throw new Error(`"${customId}" is a button (use clickButton)`);
    if (component.disabled === true) throw new Error(`select "${customId}" is disabled`);
    const min = typeof component.min_values === 'number' ? component.min_values : 1;
    const max = typeof component.max_values === 'number' ? component.max_values : 1;
    if (values.length < min || values.length > max)
      throw new Error(`select "${customId}" takes ${min}-${max} values, got ${values.length}`);
    if (component.type === ComponentType.StringSelect && Array.isArray(component.options)) {
      const allowed = component.options.filter(isRecord).map((o) => o.value);
      const bad = values.filter((v) => !allowed.includes(v));
      if (bad.length) throw new Error(`select "${customId}" has no option(s) ${bad.join(', ')}`);
    }
    const a = this.resolveActor(actor, msg.channel_id);
    const data: Record<string, unknown> = { custom_id: customId, component_type: component.type, values };
    if (component.type === ComponentType.UserSelect) {
      data.resolved = {
        users: Object.fromEntries(
          values.map((id) => [id, this.state.users.get(id) ?? buildUser({ id, username: `user${id.slice(-4)}` })]),
        ),
      };
    }
    return this.dispatch(a, InteractionType.MessageComponent, data, `select ${customId}`, { message: msg });
  }

  /** Runs a message context-menu command on a message (an APIMessage, or `{ content, author? }`). */
  messageCommand(
    name: string,
    target: APIMessage | { id?: string; content?: string; embeds?: APIMessage['embeds']; author?: EmulatorUser },
    actor?: Actor,
  ): DispatchedInteraction {
    const a = this.resolveActor(actor);
    const registered = this.state.findCommand(name, CommandType.Message, a.guildId);
    if (!registered && this.state.hasRegisteredCommands(a.guildId))
      throw new Error(`message command "${name}" is not registered by the bot`);
    const message: APIMessage =
      'channel_id' in target
        ? target
        : buildMessage({
            ...(target.id ? { id: target.id } : {}),
            channelId: a.channelId,
            author: buildUser(
              target.author ?? {
                id: actors.otherMember.userId,
                username: actors.otherMember.username,
                globalName: actors.otherMember.globalName,
              },
            ),
            content: target.content ?? '',
            embeds: target.embeds ?? [],
          });
    const data = {
      id: registered?.id ?? this.state.commandIdFor(name, CommandType.Message),
      name,
      type: CommandType.Message,
      target_id: message.id,
      resolved: { messages: { [message.id]: message } },
      ...(registered?.guild_id ? { guild_id: registered.guild_id } : {}),
    };
    return this.dispatch(a, InteractionType.ApplicationCommand, data, `message command "${name}"`);
  }

  /** Runs a user context-menu command on a user. */
  userCommand(name: string, target: string | EmulatorUser, actor?: Actor): DispatchedInteraction {
    const a = this.resolveActor(actor);
    const registered = this.state.findCommand(name, CommandType.User, a.guildId);
    if (!registered && this.state.hasRegisteredCommands(a.guildId))
      throw new Error(`user command "${name}" is not registered by the bot`);
    const user =
      typeof target === 'string'
        ? (this.state.users.get(target) ?? buildUser({ id: target, username: `user${target.slice(-4)}` }))
        : buildUser(target);
    const { user: _u, ...member } = buildGuildMember(user, this.state.memberRoles.get(user.id) ?? []);
    const data = {
      id: registered?.id ?? this.state.commandIdFor(name, CommandType.User),
      name,
      type: CommandType.User,
      target_id: user.id,
      resolved: {
        users: { [user.id]: user },
        ...(a.guildId ? { members: { [user.id]: { ...member, permissions: '0' } } } : {}),
      },
      ...(registered?.guild_id ? { guild_id: registered.guild_id } : {}),
    };
    return this.dispatch(a, InteractionType.ApplicationCommand, data, `user command "${name}"`);
  }

  /** Submits a modal: `emu.submitModal('feedback', { comment: 'great' })`. Pass `message` if it was opened from a component. */
  submitModal(
    customId: string,
    fields: Record<string, string>,
    actor?: Actor,
    opts: { message?: APIMessage | string } = {},
  ): DispatchedInteraction {
    const message = opts.message ? this.currentMessage(opts.message) : undefined;
    const a = this.resolveActor(actor, message?.channel_id);
    const data = {
      custom_id: customId,
      components: Object.entries(fields).map(([id, value]) => ({
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.TextInput, custom_id: id, value }],
      })),
    };
    return this.dispatch(a, InteractionType.ModalSubmit, data, `modal ${customId}`, message ? { message } : {});
  }

  // --- awaiting -------------------------------------------------------------------------------------

  /** Requests for attachment content (`GET /attachments/…`), all or for one attachment id. */
  attachmentDownloads(attachmentId?: string): RecordedRequest[] {
    return this.state.requests.filter(
      (r) =>
        r.method === 'GET' &&
        r.path.startsWith('/attachments/') &&
        (!attachmentId || r.path.split('/')[3] === attachmentId),
    );
  }

  /** The raw record of an interaction (payload, callback, edits, follow-ups, violations). */
  interaction(id: string): InteractionRecord {
    const rec = this.state.interactions.get(id);
    if (!rec) throw new Error(`unknown interaction ${id}`);
    return rec;
  }

  private failIfViolated(rec: InteractionRecord): void {
    if (rec.violations.length > 0) {
      throw new EmulatorViolationError(
        `${rec.label} (interaction ${rec.id}) broke Discord's rules:\n${describeViolations(rec.violations)}`,
        [...rec.violations],
      );
    }
  }

  private describeWait(rec: InteractionRecord, what: string): () => string {
    return () =>
      `${what} of ${this.state.describeInteraction(rec)}.\n  Gateway connected: ${this.connected}. Recent requests:\n${this.state.recentRequests() || '    (none)'}\n  If the bot crashed while building the interaction, look for an uncaught exception above.`;
  }

  /** Resolves when the bot's callback for the interaction was accepted; rejects on any violation of it. */
  waitForResponse(interactionId: string, opts: WaitOptions = {}): Promise<InteractionResponse> {
    const rec = this.interaction(interactionId);
    return this.state.waitFor(
      this.describeWait(rec, 'the response'),
      () => {
        this.failIfViolated(rec);
        return rec.callback ? new InteractionResponse(rec, rec.callback, this.state) : undefined;
      },
      opts.timeoutMs,
    );
  }

  /**
   * Resolves with the message the user sees as the reply: after a reply (4) or update (7) at once;
   * after a defer (5) or deferUpdate (6) once it has been edited (or replaced by the first follow-up).
   */
  waitForReply(interactionId: string, opts: WaitOptions = {}): Promise<APIMessage> {
    const rec = this.interaction(interactionId);
    return this.state.waitFor(
      this.describeWait(rec, 'the visible reply'),
      () => {
        this.failIfViolated(rec);
        const cb = rec.callback;
        if (!cb) return undefined;
        if (cb.type === CallbackType.ApplicationCommandAutocompleteResult || cb.type === CallbackType.Modal) {
          throw new Error(`${rec.label} was answered with ${CALLBACK_TYPE_NAMES[cb.type]}; there is no reply message`);
        }
        if (cb.type === CallbackType.DeferredUpdateMessage && rec.edits.length === 0) return undefined;
        const id = rec.originalMessageId;
        if (!id) return undefined;
        const message = this.state.messages.get(id);
        if (!message) {
          if (rec.deletedMessageIds.includes(id)) throw new Error(`the reply to ${rec.label} was deleted`);
          return undefined;
        }
        return ((message.flags ?? 0) & MessageFlags.Loading) !== 0 ? undefined : message;
      },
      opts.timeoutMs,
    );
  }

  /** Resolves with the n-th (1-based) edit of a message of this interaction (editReply, or edits of follow-ups). */
  waitForEdit(interactionId: string, n = 1, opts: WaitOptions = {}): Promise<EditRecord> {
    const rec = this.interaction(interactionId);
    return this.state.waitFor(
      this.describeWait(rec, `edit #${n}`),
      () => {
        this.failIfViolated(rec);
        return rec.edits[n - 1];
      },
      opts.timeoutMs,
    );
  }

  /** Resolves with the n-th (1-based) follow-up message (current version). */
  waitForFollowUp(interactionId: string, n = 1, opts: WaitOptions = {}): Promise<APIMessage> {
    const rec = this.interaction(interactionId);
    return this.state.waitFor(
      this.describeWait(rec, `follow-up #${n}`),
      () => {
        this.failIfViolated(rec);
        const m = rec.followUps[n - 1];
        return m ? (this.state.messages.get(m.id) ?? m) : undefined;
      },
      opts.timeoutMs,
    );
  }

  /** Messages the bot posted with `POST /channels/{id}/messages` in a channel, oldest first (current versions). */
  channelPosts(channelId: string): APIMessage[] {
    return this.state.channelPostIds
      .map((id) => this.state.messages.get(id))
      .filter((m): m is APIMessage => m !== undefined && m.channel_id === channelId);
  }

  /** Resolves with the oldest bot post in the channel that matches (e.g. a moderation-log entry). */
  waitForChannelPost(
    channelId: string,
    match: (m: APIMessage) => boolean = () => true,
    opts: WaitOptions = {},
  ): Promise<APIMessage> {
    return this.state.waitFor(
      () =>
        `a bot post in channel ${channelId} (posts so far: ${this.channelPosts(channelId).length}). Recent requests:\n${this.state.recentRequests()}`,
      () => this.channelPosts(channelId).find(match),
      opts.timeoutMs,
    );
  }

  /** Commands registered by the bot (global, or for a guild). */
  commands(guildId?: string): readonly StoredCommand[] {
    return guildId ? (this.state.guildCommands.get(guildId) ?? []) : this.state.globalCommands;
  }

  /** Resolves once the bot has registered at least `count` commands (global, or in `guildId`). */
  waitForCommands(
    opts: WaitOptions & { guildId?: string; count?: number } = {},
  ): Promise<readonly APIApplicationCommand[]> {
    const count = opts.count ?? 1;
    return this.state.waitFor(
      () => `${count} registered command(s)${opts.guildId ? ` in guild ${opts.guildId}` : ' (global)'}`,
      () => {
        const list = this.commands(opts.guildId);
        return this.state.commandWrites > 0 && list.length >= count ? list : undefined;
      },
      opts.timeoutMs,
    );
  }

  message(id: string): APIMessage | undefined {
    return this.state.messages.get(id);
  }
  get messages(): ReadonlyMap<string, APIMessage> {
    return this.state.messages;
  }
  /** Every REST request received, in order. */
  get requests(): readonly RecordedRequest[] {
    return this.state.requests;
  }
  /** Requests to routes the emulator does not know (each is also a violation). */
  get unexpectedRequests(): readonly RecordedRequest[] {
    return this.state.requests.filter((r) => r.route === undefined);
  }

  // --- faults ---------------------------------------------------------------------------------------

  /** The next interaction callback is answered with `status` once (429: `Retry-After` header + JSON body). */
  failNextCallback(status = 429, retryAfterSeconds = 0.05, opts: { global?: boolean } = {}): void {
    this.state.injectFailure({ kind: 'callback', status, retryAfter: retryAfterSeconds, global: opts.global ?? false });
  }
  /** The next webhook request (followUp / editReply) fails once. */
  failNextWebhook(status = 429, retryAfterSeconds = 0.05, opts: { global?: boolean } = {}): void {
    this.state.injectFailure({ kind: 'webhook', status, retryAfter: retryAfterSeconds, global: opts.global ?? false });
  }
  /** The next `POST /channels/{id}/messages` fails once. */
  failNextChannelPost(status = 429, retryAfterSeconds = 0.05, opts: { global?: boolean } = {}): void {
    this.state.injectFailure({ kind: 'channel', status, retryAfter: retryAfterSeconds, global: opts.global ?? false });
  }

  /**
   * Drops the gateway connection. With `resume: true` (default) the session survives: the client
   * RESUMEs and gets the events dispatched meanwhile. Resolves once the socket is closed; then use
   * `waitForReconnect()`.
   */
  async dropConnection(options: DropOptions = {}): Promise<void> {
    this.dropMark = this.server.gateway.connectionEvents.length;
    await this.server.gateway.drop(options);
  }

  /** Resolves with the first RESUME/IDENTIFY after the last `dropConnection()`. */
  waitForReconnect(opts: WaitOptions = {}): Promise<ConnectionEvent> {
    const events = this.server.gateway.connectionEvents;
    return this.state.waitFor(
      () => 'the client to reconnect (RESUME or IDENTIFY)',
      () => events[this.dropMark],
      opts.timeoutMs ?? Math.max(this.state.options.timeoutMs, 8000),
    );
  }

  /** Stop (false) or resume (true) answering heartbeats, to simulate a zombie connection. */
  setHeartbeatAck(enabled: boolean): void {
    this.server.gateway.ackHeartbeats = enabled;
  }

  // --- violations -----------------------------------------------------------------------------------

  get violations(): readonly Violation[] {
    return this.state.violations;
  }
  violationsFor(interactionId: string): readonly Violation[] {
    return this.interaction(interactionId).violations;
  }
  /** Throws an EmulatorViolationError listing every violation recorded so far. */
  assertNoViolations(): void {
    if (this.state.violations.length > 0) {
      throw new EmulatorViolationError(
        `The bot broke ${this.state.violations.length} Discord rule(s):\n${describeViolations(this.state.violations)}`,
        [...this.state.violations],
      );
    }
  }
  /** Returns and clears the recorded violations (for tests that provoke them on purpose). */
  takeViolations(): Violation[] {
    const taken = this.state.violations.splice(0);
    for (const rec of this.state.interactions.values()) rec.violations.splice(0);
    return taken;
  }
}

/** Convenience: `const emu = await startEmulator()`. */
export function startEmulator(options?: EmulatorOptions): Promise<DiscordEmulator> {
  return DiscordEmulator.start(options);
}

// ---------------------------------------------------------------------------------------------------

type LooseComponent = Record<string, unknown> & {
  type?: unknown;
  custom_id?: unknown;
  disabled?: unknown;
  id?: unknown;
  min_values?: unknown;
  max_values?: unknown;
  options?: unknown;
};

function* walkComponents(components: readonly unknown[]): Generator<LooseComponent> {
  for (const c of components) {
    if (!isRecord(c)) continue;
    yield c;
    if (Array.isArray(c.components)) yield* walkComponents(c.components);
    if (isRecord(c.accessory)) yield* walkComponents([c.accessory]);
  }
}

function findComponent(components: readonly unknown[], customId: string): LooseComponent | undefined {
  for (const c of walkComponents(components)) if (c.custom_id === customId) return c;
  return undefined;
}

function listCustomIds(components: readonly unknown[]): string[] {
  return [...walkComponents(components)].map((c) => c.custom_id).filter((id): id is string => typeof id === 'string');
}
