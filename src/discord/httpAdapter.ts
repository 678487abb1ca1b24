/**
 * The HTTP transport: an interaction Discord POSTed to our endpoint (raw JSON, discord-api-types) as an
 * {@link Incoming}. The first response (a reply, a defer, an update, suggestions) is the HTTP response
 * itself; everything after it (the edit of a deferred reply, a follow-up) goes through Discord's REST
 * API with the interaction's token, as Discord requires.
 */
import type { REST } from '@discordjs/rest';
import {
  ApplicationCommandType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  Routes,
  type APIInteraction,
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
  type APIMessage,
} from 'discord-api-types/v10';
import {
  OptionReader,
  snowflakeTime,
  type Incoming,
  type IncomingAttachment,
  type IncomingKind,
  type IncomingOption,
} from './incoming.js';
import type { BotMessage } from './replies.js';

const NO_PINGS = { parse: [] as [] };

/** A message body as the API takes it, pinging no one. */
function messageBody(
  message: BotMessage,
  options: { ephemeral?: boolean; replace?: boolean } = {},
): APIInteractionResponseCallbackData {
  // `content: null` clears a replaced message's text, as discord.js sends it (the types only know strings).
  return {
    ...(message.content !== undefined ? { content: message.content } : options.replace ? { content: null } : {}),
    embeds: message.embeds,
    components: message.components,
    allowed_mentions: NO_PINGS,
    ...(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  } as APIInteractionResponseCallbackData;
}

function kindOf(body: APIInteraction): IncomingKind {
  switch (body.type) {
    case InteractionType.ApplicationCommand:
      if (body.data.type === ApplicationCommandType.ChatInput) return 'command';
      return body.data.type === ApplicationCommandType.Message ? 'context-menu' : 'other';
    case InteractionType.ApplicationCommandAutocomplete:
      return 'autocomplete';
    case InteractionType.MessageComponent:
      return body.data.component_type === ComponentType.Button ? 'button' : 'component';
    case InteractionType.ModalSubmit:
      return 'modal';
    default:
      return 'other';
  }
}

export interface HttpInteractionOptions {
  rest: REST;
  applicationId: string;
  /** Sends the HTTP response: the interaction's first response. Called at most once. */
  respond(response: APIInteractionResponse): void;
}

export function fromHttp(body: APIInteraction, { rest, applicationId, respond }: HttpInteractionOptions): Incoming {
  let acknowledged: Incoming['acknowledged'] = 'no';
  const first = (response: APIInteractionResponse, as: 'replied' | 'deferred') => {
    if (acknowledged !== 'no') throw new Error(`interaction ${body.id} was already answered`);
    acknowledged = as;
    respond(response);
  };
  const data = 'data' in body && body.data ? (body.data as unknown as Record<string, unknown>) : {};
  const resolved = (data.resolved ?? {}) as {
    attachments?: Record<string, { url: string; filename: string; size: number; content_type?: string }>;
    messages?: Record<string, APIMessage>;
  };
  const attachments = new Map<string, IncomingAttachment>(
    Object.entries(resolved.attachments ?? {}).map(([id, a]) => [
      id,
      { url: a.url, name: a.filename, size: a.size, contentType: a.content_type ?? null },
    ]),
  );
  const user = body.member?.user ?? body.user;
  const kind = kindOf(body);
  const targetId = typeof data.target_id === 'string' ? data.target_id : null;
  const original = Routes.webhookMessage(applicationId, body.token, '@original');
  return {
    kind,
    id: body.id,
    createdTimestamp: snowflakeTime(body.id),
    user: { id: user?.id ?? '0', username: user?.username ?? '' },
    guildId: body.guild_id ?? null,
    member: body.member ? { permissions: BigInt(body.member.permissions), roles: body.member.roles } : null,
    commandName:
      typeof data.name === 'string' && kind !== 'button' && kind !== 'component' && kind !== 'modal' ? data.name : null,
    customId: typeof data.custom_id === 'string' ? data.custom_id : null,
    options: new OptionReader((data.options ?? []) as IncomingOption[], attachments),
    targetMessage: kind === 'context-menu' && targetId ? (resolved.messages?.[targetId] ?? null) : null,
    message:
      'message' in body && body.message
        ? {
            id: body.message.id,
            embeds: body.message.embeds as Array<{ title?: string; description?: string }>,
            components: (body.message.components ?? []) as Array<{ components?: unknown[] }>,
          }
        : null,
    get acknowledged() {
      return acknowledged;
    },
    async reply(message, ephemeral) {
      first(
        { type: InteractionResponseType.ChannelMessageWithSource, data: messageBody(message, { ephemeral }) },
        'replied',
      );
    },
    async defer(ephemeral) {
      first(
        {
          type: InteractionResponseType.DeferredChannelMessageWithSource,
          data: ephemeral ? { flags: MessageFlags.Ephemeral } : {},
        },
        'deferred',
      );
    },
    async deferUpdate() {
      first({ type: InteractionResponseType.DeferredMessageUpdate }, 'deferred');
    },
    async update(message) {
      first({ type: InteractionResponseType.UpdateMessage, data: messageBody(message, { replace: true }) }, 'replied');
    },
    async editReply(message) {
      await rest.patch(original, { body: messageBody(message, { replace: true }), auth: false });
    },
    async followUp(message, ephemeral) {
      await rest.post(Routes.webhook(applicationId, body.token), {
        body: messageBody(message, { ephemeral }),
        auth: false,
      });
    },
    async respond(choices) {
      first({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } }, 'replied');
    },
  };
}
