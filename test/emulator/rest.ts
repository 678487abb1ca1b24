/**
 * The REST API routes discord.js uses (under `/api/v10`), with validation of everything the bot sends.
 *
 * Interaction callbacks and webhook calls carry no Authorization header (discord.js sends them with
 * `auth: false`); every other route requires `Authorization: Bot <token>`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIMessage } from 'discord.js';
import { CallbackType, InteractionType, MessageFlags, MessageType } from './constants.js';
import { DiscordErrors, Router, invalidFormBody, parseBody, sendEmpty, sendError, sendJson } from './http.js';
import type { DiscordError, ParsedBody, UploadedFile } from './http.js';
import { snowflake } from './ids.js';
import {
  allRoles,
  buildApplication,
  buildChannel,
  buildGuildCreate,
  buildGuildMember,
  buildInteractionMetadata,
  buildMessage,
} from './payloads.js';
import { attachmentsFromFiles } from './state.js';
import type { CallbackData, EmulatorState, InteractionRecord, RecordedRequest } from './state.js';
import { isRecord, validateCallback, validateCommand, validateCommandList, validateMessage } from './validate.js';
import type { Issue } from './validate.js';

function hasVisibleContent(body: Record<string, unknown>, files: number): boolean {
  const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;
  return (
    (typeof body.content === 'string' && body.content.trim().length > 0) ||
    nonEmpty(body.embeds) ||
    nonEmpty(body.components) ||
    nonEmpty(body.attachments) ||
    files > 0 ||
    body.poll != null
  );
}

export interface RestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  body: ParsedBody;
  /** `METHOD /template` of the matched route, used as the violation source. */
  source: string;
}

export interface GatewayInfo {
  url: string;
  shardCount: number;
}

const API_PREFIX = '/api/v10';

export function createRestHandler(state: EmulatorState, gateway: () => GatewayInfo) {
  const router = new Router<RestContext>();
  const appId = state.options.applicationId;

  // --- helpers --------------------------------------------------------------------------------------

  const json = (ctx: RestContext, status: number, body: unknown) => sendJson(ctx.res, status, body);

  /** Records violations and answers like Discord: 400 if anything would be rejected, otherwise null. */
  const judge = (ctx: RestContext, issues: Issue[], interactionId?: string): DiscordError | null => {
    const rejecting = issues.filter((i) => i.rejects);
    const refuse = rejecting.length > 0 && state.options.rejectInvalid;
    state.addIssues(issues, ctx.source, interactionId, refuse);
    return refuse ? invalidFormBody(rejecting) : null;
  };

  const refuse = (ctx: RestContext, error: DiscordError, rule: string, message: string, interactionId?: string) => {
    state.addViolation({
      rule,
      message,
      source: ctx.source,
      rejected: true,
      ...(interactionId ? { interactionId } : {}),
    });
    sendError(ctx.res, error);
  };

  const requireBotAuth = (ctx: RestContext): boolean => {
    const auth = ctx.req.headers.authorization;
    if (typeof auth === 'string' && /^Bot \S+/.test(auth)) return true;
    refuse(
      ctx,
      DiscordErrors.unauthorized(),
      'rest.unauthorized',
      `${ctx.source} without "Authorization: Bot <token>"`,
    );
    return false;
  };

  const bodyRecord = (ctx: RestContext): Record<string, unknown> | undefined =>
    isRecord(ctx.body.json) ? ctx.body.json : undefined;

  const injected = (ctx: RestContext, kind: 'callback' | 'webhook' | 'channel'): boolean => {
    const failure = state.takeFailure(kind);
    if (!failure) return false;
    if (failure.status === 429) {
      const retryAfter = failure.retryAfter ?? 0;
      const headers: Record<string, string> = { 'retry-after': String(retryAfter) };
      if (failure.global) headers['x-ratelimit-global'] = 'true';
      else headers['x-ratelimit-scope'] = 'user';
      sendError(ctx.res, DiscordErrors.rateLimited(retryAfter, failure.global), headers);
    } else {
      json(ctx, failure.status, { message: `Injected failure ${failure.status}`, code: 0 });
    }
    return true;
  };

  const findChannel = (channelId: string) => {
    for (const guild of state.options.guilds) {
      const channel = guild.channels.find((c) => c.id === channelId);
      if (channel) return { guild, channel };
    }
    return undefined;
  };

  const interactionGuildId = (rec: InteractionRecord): string | undefined => rec.payload.guild_id;
  const interactionChannelId = (rec: InteractionRecord): string =>
    rec.payload.channel_id ?? rec.payload.channel?.id ?? '0';

  /** A new message created on behalf of an interaction (reply or follow-up). */
  const interactionMessage = (
    rec: InteractionRecord,
    data: Record<string, unknown>,
    files: UploadedFile[],
    flags: number,
  ): APIMessage => {
    const id = snowflake();
    const commandType = (rec.payload.data as { type?: number } | undefined)?.type;
    const type =
      rec.type === InteractionType.ApplicationCommand
        ? commandType === 1
          ? MessageType.ChatInputCommand
          : MessageType.ContextMenuCommand
        : MessageType.Reply;
    const message = buildMessage({
      id,
      channelId: interactionChannelId(rec),
      guildId: interactionGuildId(rec) ?? null,
      author: state.bot,
      content: typeof data.content === 'string' ? data.content : '',
      embeds: Array.isArray(data.embeds) ? (data.embeds.filter(isRecord) as APIMessage['embeds']) : [],
      components: Array.isArray(data.components) ? data.components : [],
      attachments: attachmentsFromFiles(
        files,
        Array.isArray(data.attachments) ? data.attachments.filter(isRecord) : undefined,
      ),
      flags,
      type,
      webhookId: appId,
      applicationId: appId,
      interactionMetadata: buildInteractionMetadata(rec.payload),
    });
    return state.storeMessage(message);
  };

  /** Makes sure the message a component/modal interaction came from is in the store. */
  const ensureSourceMessage = (rec: InteractionRecord): string | undefined => {
    const message = rec.payload.message;
    if (!message) return undefined;
    if (!state.messages.has(message.id)) state.storeMessage(structuredClone(message));
    return message.id;
  };

  const lookupWebhook = (ctx: RestContext, params: Record<string, string>): InteractionRecord | undefined => {
    const rec = params.token ? state.byToken.get(params.token) : undefined;
    if (!rec || params.app !== appId) {
      refuse(
        ctx,
        DiscordErrors.unknownWebhook(),
        'webhook.unknown',
        `${ctx.source}: unknown application id or interaction token`,
      );
      return undefined;
    }
    if (!rec.callback) {
      refuse(
        ctx,
        DiscordErrors.unknownWebhook(),
        'webhook.before-callback',
        `${ctx.source} before the interaction was acknowledged (reply/defer first)`,
        rec.id,
      );
      return undefined;
    }
    return rec;
  };

  /** Resolves `@original` or a follow-up id to a message of this interaction. */
  const resolveWebhookMessage = (ctx: RestContext, rec: InteractionRecord, messageId: string): string | undefined => {
    const id = messageId === '@original' ? rec.originalMessageId : messageId;
    const owned = id !== undefined && (id === rec.originalMessageId || rec.followUps.some((m) => m.id === id));
    if (!id || !owned || !state.messages.has(id)) {
      refuse(
        ctx,
        DiscordErrors.unknownMessage(),
        'webhook.unknown-message',
        `${ctx.source}: message ${messageId} does not exist for ${rec.label}${rec.callback?.type === CallbackType.ApplicationCommandAutocompleteResult || rec.callback?.type === CallbackType.Modal ? ' (the callback created no message)' : ''}`,
        rec.id,
      );
      return undefined;
    }
    return id;
  };

  // --- gateway, users, application ------------------------------------------------------------------

  router.on('GET', '/gateway/bot', (ctx) => {
    if (!requireBotAuth(ctx)) return;
    const g = gateway();
    json(ctx, 200, {
      url: g.url,
      shards: g.shardCount,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 16 },
    });
  });
  router.on('GET', '/gateway', (ctx) => json(ctx, 200, { url: gateway().url }));

  router.on('GET', '/users/@me', (ctx) => {
    if (requireBotAuth(ctx)) json(ctx, 200, { ...state.bot, verified: true, mfa_enabled: false, flags: 0 });
  });
  router.on('GET', '/users/{user}', (ctx, { user }) => {
    if (!requireBotAuth(ctx)) return;
    const found = user ? state.users.get(user) : undefined;
    if (found) json(ctx, 200, found);
    else sendError(ctx.res, DiscordErrors.unknownUser());
  });
  for (const path of ['/applications/@me', '/oauth2/applications/@me']) {
    router.on('GET', path, (ctx) => {
      if (requireBotAuth(ctx)) json(ctx, 200, buildApplication(state.bot));
    });
  }

  // --- guilds and channels --------------------------------------------------------------------------

  const guildById = (id: string | undefined) => state.options.guilds.find((g) => g.id === id);

  router.on('GET', '/guilds/{guild}', (ctx, { guild }) => {
    if (!requireBotAuth(ctx)) return;
    const g = guildById(guild);
    if (!g) return sendError(ctx.res, DiscordErrors.unknownGuild());
    const full = buildGuildCreate(g, state.bot) as unknown as Record<string, unknown>;
    for (const k of [
      'joined_at',
      'large',
      'unavailable',
      'member_count',
      'voice_states',
      'members',
      'channels',
      'threads',
      'presences',
      'stage_instances',
      'guild_scheduled_events',
      'soundboard_sounds',
    ])
      delete full[k];
    json(ctx, 200, full);
  });
  router.on('GET', '/guilds/{guild}/channels', (ctx, { guild }) => {
    if (!requireBotAuth(ctx)) return;
    const g = guildById(guild);
    if (!g) return sendError(ctx.res, DiscordErrors.unknownGuild());
    json(
      ctx,
      200,
      g.channels.map((c, i) => buildChannel(c, g.id, i)),
    );
  });
  router.on('GET', '/guilds/{guild}/roles', (ctx, { guild }) => {
    if (!requireBotAuth(ctx)) return;
    const g = guildById(guild);
    if (!g) return sendError(ctx.res, DiscordErrors.unknownGuild());
    json(ctx, 200, allRoles(g));
  });
  router.on('GET', '/guilds/{guild}/members/{user}', (ctx, { guild, user }) => {
    if (!requireBotAuth(ctx)) return;
    if (!guildById(guild)) return sendError(ctx.res, DiscordErrors.unknownGuild());
    const u = user ? state.users.get(user) : undefined;
    if (!u || !user) return sendError(ctx.res, DiscordErrors.unknownMember());
    json(ctx, 200, buildGuildMember(u, state.memberRoles.get(user) ?? []));
  });
  router.on('GET', '/channels/{channel}', (ctx, { channel }) => {
    if (!requireBotAuth(ctx)) return;
    const found = channel ? findChannel(channel) : undefined;
    if (!found) return sendError(ctx.res, DiscordErrors.unknownChannel());
    json(ctx, 200, buildChannel(found.channel, found.guild.id, found.guild.channels.indexOf(found.channel)));
  });
  router.on('POST', '/channels/{channel}/typing', (ctx) => {
    if (requireBotAuth(ctx)) sendEmpty(ctx.res, 204);
  });

  // --- channel messages (bot posts, e.g. a moderation log) -------------------------------------------

  router.on('POST', '/channels/{channel}/messages', (ctx, { channel }) => {
    if (!requireBotAuth(ctx)) return;
    const found = channel ? findChannel(channel) : undefined;
    if (!found || !channel)
      return refuse(
        ctx,
        DiscordErrors.unknownChannel(),
        'channel.unknown',
        `${ctx.source}: channel ${channel} does not exist`,
      );
    if (injected(ctx, 'channel')) return;
    const body = bodyRecord(ctx);
    const error = judge(
      ctx,
      validateMessage(ctx.body.json, { kind: 'create', target: 'channel', files: ctx.body.files.length }),
    );
    if (error || !body) return sendError(ctx.res, error ?? DiscordErrors.badBody('expected a JSON object'));
    const flags = typeof body.flags === 'number' ? body.flags & ~MessageFlags.Ephemeral : 0;
    const message = buildMessage({
      channelId: channel,
      guildId: found.guild.id,
      author: state.bot,
      content: typeof body.content === 'string' ? body.content : '',
      embeds: Array.isArray(body.embeds) ? (body.embeds.filter(isRecord) as APIMessage['embeds']) : [],
      components: Array.isArray(body.components) ? body.components : [],
      attachments: attachmentsFromFiles(
        ctx.body.files,
        Array.isArray(body.attachments) ? body.attachments.filter(isRecord) : undefined,
      ),
      flags,
      type: isRecord(body.message_reference) ? MessageType.Reply : MessageType.Default,
    });
    state.channelPostIds.push(message.id);
    state.storeMessage(message);
    json(ctx, 200, message);
  });

  const channelMessage = (
    ctx: RestContext,
    channel: string | undefined,
    id: string | undefined,
  ): APIMessage | undefined => {
    const message = id ? state.messages.get(id) : undefined;
    if (!message || message.channel_id !== channel) {
      sendError(ctx.res, DiscordErrors.unknownMessage());
      return undefined;
    }
    return message;
  };
  router.on('GET', '/channels/{channel}/messages/{message}', (ctx, { channel, message }) => {
    if (!requireBotAuth(ctx)) return;
    const m = channelMessage(ctx, channel, message);
    if (m) json(ctx, 200, m);
  });
  router.on('PATCH', '/channels/{channel}/messages/{message}', (ctx, { channel, message }) => {
    if (!requireBotAuth(ctx)) return;
    const m = channelMessage(ctx, channel, message);
    if (!m) return;
    if (m.author.id !== state.bot.id)
      return refuse(
        ctx,
        { status: 403, body: { message: 'Cannot edit a message authored by another user', code: 50005 } },
        'channel.edit-foreign',
        `${ctx.source}: the bot edited a message it did not write`,
      );
    const error = judge(
      ctx,
      validateMessage(ctx.body.json, { kind: 'edit', target: 'channel', files: ctx.body.files.length }),
    );
    if (error) return sendError(ctx.res, error);
    json(ctx, 200, state.applyEdit(m.id, bodyRecord(ctx) ?? {}, ctx.body.files));
  });
  router.on('DELETE', '/channels/{channel}/messages/{message}', (ctx, { channel, message }) => {
    if (!requireBotAuth(ctx)) return;
    const m = channelMessage(ctx, channel, message);
    if (!m) return;
    state.messages.delete(m.id);
    state.changed();
    sendEmpty(ctx.res, 204);
  });

  // --- interaction callbacks ------------------------------------------------------------------------

  router.on('POST', '/interactions/{id}/{token}/callback', (ctx, { id, token }) => {
    const rec = id ? state.interactions.get(id) : undefined;
    if (!rec || rec.token !== token) {
      return refuse(
        ctx,
        DiscordErrors.unknownInteraction(),
        'callback.unknown-interaction',
        `${ctx.source}: no interaction ${id} with this token`,
      );
    }
    if (injected(ctx, 'callback')) return;
    if (rec.callback) {
      return refuse(
        ctx,
        DiscordErrors.alreadyAcknowledged(),
        'interaction.double-ack',
        `${rec.label} was answered twice: callback type ${String(bodyRecord(ctx)?.type)} after ${rec.callback.type} (use editReply/followUp after reply or defer)`,
        rec.id,
      );
    }
    const deadline = state.options.callbackDeadlineMs;
    const elapsed = Date.now() - rec.dispatchedAt;
    if (deadline !== null && elapsed > deadline) {
      return refuse(
        ctx,
        DiscordErrors.unknownInteraction(),
        'interaction.deadline',
        `${rec.label} was answered after ${elapsed} ms; Discord requires the initial response within ${deadline} ms (defer first)`,
        rec.id,
      );
    }
    const issues = validateCallback(ctx.body.json, {
      interactionType: rec.type,
      hasMessage: rec.payload.message !== undefined,
      ...(rec.focusedOptionType !== undefined ? { focusedOptionType: rec.focusedOptionType } : {}),
      files: ctx.body.files.length,
    });
    const error = judge(ctx, issues, rec.id);
    if (error) return sendError(ctx.res, error);

    const body = bodyRecord(ctx) ?? {};
    const type = body.type as number;
    const data = (isRecord(body.data) ? body.data : {}) as Record<string, unknown>;
    const flags = typeof data.flags === 'number' ? data.flags : 0;
    const ephemeral = (flags & MessageFlags.Ephemeral) !== 0;
    rec.callback = {
      type,
      data: data as CallbackData,
      ephemeral,
      files: ctx.body.files,
      at: Date.now(),
      atHr: performance.now(),
    };

    let message: APIMessage | undefined;
    switch (type) {
      case CallbackType.ChannelMessageWithSource:
        message = interactionMessage(rec, data, ctx.body.files, flags);
        rec.originalMessageId = message.id;
        break;
      case CallbackType.DeferredChannelMessageWithSource:
        message = interactionMessage(rec, {}, [], (flags & MessageFlags.Ephemeral) | MessageFlags.Loading);
        rec.originalMessageId = message.id;
        break;
      case CallbackType.DeferredUpdateMessage: {
        const sourceId = ensureSourceMessage(rec);
        if (sourceId) rec.originalMessageId = sourceId;
        break;
      }
      case CallbackType.UpdateMessage: {
        const sourceId = ensureSourceMessage(rec);
        if (sourceId) {
          rec.originalMessageId = sourceId;
          message = state.applyEdit(sourceId, data, ctx.body.files);
          rec.callback.ephemeral = ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
        }
        break;
      }
      default:
        break;
    }
    state.changed();

    if (ctx.url.searchParams.get('with_response') === 'true') {
      const resource: Record<string, unknown> = { type };
      if (
        message &&
        (type === CallbackType.ChannelMessageWithSource ||
          type === CallbackType.UpdateMessage ||
          type === CallbackType.DeferredChannelMessageWithSource)
      ) {
        resource.message = message;
      }
      json(ctx, 200, {
        interaction: {
          id: rec.id,
          type: rec.type,
          ...(message
            ? {
                response_message_id: message.id,
                response_message_loading: type === CallbackType.DeferredChannelMessageWithSource,
                response_message_ephemeral: ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
              }
            : {}),
        },
        resource,
      });
    } else {
      sendEmpty(ctx.res, 204);
    }
  });

  // --- webhooks: follow-ups and edits of interaction messages ----------------------------------------

  router.on('POST', '/webhooks/{app}/{token}', (ctx, params) => {
    const rec = lookupWebhook(ctx, params);
    if (!rec) return;
    if (injected(ctx, 'webhook')) return;
    const error = judge(
      ctx,
      validateMessage(ctx.body.json, { kind: 'create', target: 'interaction', files: ctx.body.files.length }),
      rec.id,
    );
    if (error) return sendError(ctx.res, error);
    const body = bodyRecord(ctx) ?? {};
    const original = rec.originalMessageId ? state.messages.get(rec.originalMessageId) : undefined;
    let message: APIMessage;
    if (original && ((original.flags ?? 0) & MessageFlags.Loading) !== 0) {
      // Discord: the first follow-up after a deferred reply replaces the "thinking…" message.
      message = state.applyEdit(original.id, body, ctx.body.files);
      rec.edits.push({ messageId: original.id, body, files: ctx.body.files, message, at: Date.now() });
    } else {
      const flags = typeof body.flags === 'number' ? body.flags : 0;
      message = interactionMessage(rec, body, ctx.body.files, flags);
    }
    rec.followUps.push(message);
    state.changed();
    if (ctx.url.searchParams.get('wait') === 'true') json(ctx, 200, message);
    else sendEmpty(ctx.res, 204);
  });

  router.on('GET', '/webhooks/{app}/{token}/messages/{message}', (ctx, params) => {
    const rec = lookupWebhook(ctx, params);
    const id = rec && params.message ? resolveWebhookMessage(ctx, rec, params.message) : undefined;
    if (id) json(ctx, 200, state.messages.get(id));
  });

  router.on('PATCH', '/webhooks/{app}/{token}/messages/{message}', (ctx, params) => {
    const rec = lookupWebhook(ctx, params);
    if (!rec) return;
    const id = params.message ? resolveWebhookMessage(ctx, rec, params.message) : undefined;
    if (!id) return;
    if (injected(ctx, 'webhook')) return;
    const issues = validateMessage(ctx.body.json, {
      kind: 'edit',
      target: 'interaction',
      files: ctx.body.files.length,
    });
    const target = state.messages.get(id);
    if (
      target &&
      ((target.flags ?? 0) & MessageFlags.Loading) !== 0 &&
      issues.length === 0 &&
      !hasVisibleContent(bodyRecord(ctx) ?? {}, ctx.body.files.length)
    ) {
      issues.push({
        path: [],
        rule: 'message.empty',
        message: `editing the deferred reply of ${rec.label} into an empty message (no content, embeds, components or files)`,
        rejects: true,
        discordCode: 50006,
      });
    }
    const error = judge(ctx, issues, rec.id);
    if (error) return sendError(ctx.res, error);
    const body = bodyRecord(ctx) ?? {};
    const message = state.applyEdit(id, body, ctx.body.files);
    rec.edits.push({ messageId: id, body, files: ctx.body.files, message, at: Date.now() });
    const fi = rec.followUps.findIndex((m) => m.id === id);
    if (fi >= 0) rec.followUps[fi] = message;
    state.changed();
    json(ctx, 200, message);
  });

  router.on('DELETE', '/webhooks/{app}/{token}/messages/{message}', (ctx, params) => {
    const rec = lookupWebhook(ctx, params);
    if (!rec) return;
    const id = params.message ? resolveWebhookMessage(ctx, rec, params.message) : undefined;
    if (!id) return;
    state.messages.delete(id);
    rec.deletedMessageIds.push(id);
    state.changed();
    sendEmpty(ctx.res, 204);
  });

  // --- application commands -------------------------------------------------------------------------

  const commandRoutes = (base: string, guildOf: (p: Record<string, string>) => string | undefined) => {
    const checkScope = (ctx: RestContext, p: Record<string, string>): boolean => {
      if (!requireBotAuth(ctx)) return false;
      if (p.app !== appId) {
        refuse(
          ctx,
          { status: 403, body: { message: 'Missing Access', code: 50001 } },
          'commands.wrong-application',
          `${ctx.source}: application ${p.app} is not the bot's (${appId})`,
        );
        return false;
      }
      const guildId = guildOf(p);
      if (guildId && !guildById(guildId)) {
        refuse(
          ctx,
          DiscordErrors.unknownGuild(),
          'commands.unknown-guild',
          `${ctx.source}: guild ${guildId} does not exist`,
        );
        return false;
      }
      return true;
    };
    router.on('GET', base, (ctx, p) => {
      if (checkScope(ctx, p)) json(ctx, 200, state.commandList(guildOf(p)));
    });
    router.on('PUT', base, (ctx, p) => {
      if (!checkScope(ctx, p)) return;
      const error = judge(ctx, validateCommandList(ctx.body.json));
      if (error) return sendError(ctx.res, error);
      const guildId = guildOf(p);
      const previous = [...state.commandList(guildId)];
      const next: typeof previous = [];
      for (const cmd of (ctx.body.json as unknown[]).filter(isRecord)) state.upsertCommand(cmd, guildId, next);
      // Keep ids of commands that existed before (Discord matches by name and type).
      for (const cmd of next) {
        const old = previous.find((c) => c.name === cmd.name && c.type === cmd.type);
        if (old) cmd.id = old.id;
      }
      const list = state.commandList(guildId);
      list.splice(0, list.length, ...next);
      state.commandWrites += 1;
      state.changed();
      json(ctx, 200, list);
    });
    router.on('POST', base, (ctx, p) => {
      if (!checkScope(ctx, p)) return;
      const error = judge(ctx, validateCommand(ctx.body.json));
      if (error) return sendError(ctx.res, error);
      const guildId = guildOf(p);
      const before = state.commandList(guildId).length;
      const stored = state.upsertCommand(bodyRecord(ctx) ?? {}, guildId);
      state.commandWrites += 1;
      state.changed();
      json(ctx, state.commandList(guildId).length > before ? 201 : 200, stored);
    });
    router.on('GET', `${base}/{command}`, (ctx, p) => {
      if (!checkScope(ctx, p)) return;
      const cmd = state.commandList(guildOf(p)).find((c) => c.id === p.command);
      if (cmd) json(ctx, 200, cmd);
      else sendError(ctx.res, DiscordErrors.unknownCommand());
    });
    router.on('PATCH', `${base}/{command}`, (ctx, p) => {
      if (!checkScope(ctx, p)) return;
      const list = state.commandList(guildOf(p));
      const cmd = list.find((c) => c.id === p.command);
      if (!cmd) return sendError(ctx.res, DiscordErrors.unknownCommand());
      const merged = { ...cmd, ...(bodyRecord(ctx) ?? {}) };
      const error = judge(ctx, validateCommand(merged));
      if (error) return sendError(ctx.res, error);
      Object.assign(cmd, bodyRecord(ctx) ?? {}, { version: snowflake() });
      state.commandWrites += 1;
      state.changed();
      json(ctx, 200, cmd);
    });
    router.on('DELETE', `${base}/{command}`, (ctx, p) => {
      if (!checkScope(ctx, p)) return;
      const list = state.commandList(guildOf(p));
      const i = list.findIndex((c) => c.id === p.command);
      if (i < 0) return sendError(ctx.res, DiscordErrors.unknownCommand());
      list.splice(i, 1);
      state.commandWrites += 1;
      state.changed();
      sendEmpty(ctx.res, 204);
    });
  };
  commandRoutes('/applications/{app}/commands', () => undefined);
  commandRoutes('/applications/{app}/guilds/{guild}/commands', (p) => p.guild);

  // --- the CDN: attachment content ------------------------------------------------------------------

  /** `GET /attachments/<channel>/<attachment>/<name>`: the bytes of an attachment given with content, as Discord's CDN serves them (no auth). */
  const serveAttachment = (ctx: RestContext) => {
    const [, , , id, name] = ctx.url.pathname.split('/');
    const file = id ? state.attachmentFiles.get(id) : undefined;
    if (!file || decodeURIComponent(name ?? '') !== file.filename) {
      ctx.res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    ctx.res
      .writeHead(200, {
        'content-type': file.contentType,
        'content-length': String(file.data.length),
        'cache-control': 'public, max-age=31536000',
      })
      .end(file.data);
  };

  // --- dispatcher -----------------------------------------------------------------------------------

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const body = await parseBody(req);
    const apiPath = url.pathname.startsWith(`${API_PREFIX}/`) ? url.pathname.slice(API_PREFIX.length) : undefined;
    const match = apiPath !== undefined ? router.match(method, apiPath) : undefined;
    const source = match ? `${method} ${match.route.template}` : `${method} ${url.pathname}`;
    const ctx: RestContext = { req, res, url, body, source };
    try {
      if (method === 'GET' && url.pathname.startsWith('/attachments/')) {
        serveAttachment(ctx);
      } else if (!match) {
        refuse(
          ctx,
          DiscordErrors.notFound(),
          'unexpected-request',
          `unexpected request ${method} ${url.pathname}${url.search} (not a route the emulator knows; add it to test/emulator/rest.ts if the bot needs it)`,
        );
      } else if (body.error) {
        refuse(ctx, DiscordErrors.badBody(body.error), 'rest.body.unparseable', `${source}: ${body.error}`);
      } else {
        // Routes are synchronous: the request is recorded (in `finally`) before any waiter resumes.
        const pending = match.route.handler(ctx, match.params);
        if (pending instanceof Promise) await pending;
      }
    } catch (error) {
      state.addViolation({
        rule: 'emulator.internal-error',
        message: `emulator error on ${source}: ${error instanceof Error ? error.stack : String(error)}`,
        source,
        rejected: true,
      });
      if (!res.headersSent) sendJson(res, 500, { message: 'Emulator internal error', code: 0 });
    } finally {
      const record: RecordedRequest = {
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        ...(match ? { route: match.route.template } : {}),
        status: res.statusCode,
        body: body.json,
        files: body.files.map(({ field, filename, size, contentType }) => ({ field, filename, size, contentType })),
        ...(typeof req.headers.authorization === 'string' ? { authorization: req.headers.authorization } : {}),
        at: Date.now(),
      };
      state.requests.push(record);
      state.changed();
    }
  };
}
