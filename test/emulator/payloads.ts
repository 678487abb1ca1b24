/**
 * Builders of complete Discord objects (users, guilds, READY, GUILD_CREATE, interactions, messages).
 *
 * "Complete" matters: discord.js constructs its structures synchronously inside the gateway packet
 * handler, so a missing required field (e.g. `entitlements`, `authorizing_integration_owners`, or
 * `interaction_metadata.authorizing_integration_owners`) throws a TypeError inside the client and the
 * interaction is silently never answered. The builders are typed against discord-api-types so the
 * compiler flags missing fields when Discord's types change.
 */
import type {
  APIApplication,
  APIAttachment,
  APIBaseInteraction,
  APIEmbed,
  APIInteraction,
  APIInteractionGuildMember,
  APIMessage,
  APIMessageInteractionMetadata,
  APIRole,
  APIUser,
  ApplicationFlags,
  ChannelFlags,
  GatewayGuildCreateDispatchData,
  GatewayReadyDispatchData,
  GuildMemberFlags,
  GuildSystemChannelFlags,
  InteractionType as APIInteractionType,
  Locale,
  MessageFlags as APIMessageFlags,
  RoleFlags,
  UserFlags,
} from 'discord.js';
import { ChannelType, MessageType, Permissions } from './constants.js';
import { randomToken, snowflake } from './ids.js';

// ---------------------------------------------------------------------------------------------------
// Configuration shapes
// ---------------------------------------------------------------------------------------------------

export interface EmulatorUser {
  id: string;
  username: string;
  globalName?: string | null;
  bot?: boolean;
}

export interface ChannelConfig {
  id: string;
  name: string;
  /** Channel type; default 0 (GUILD_TEXT). */
  type?: number;
  topic?: string | null;
}

export interface RoleConfig {
  id: string;
  name: string;
  /** Permission bit string. */
  permissions: string;
}

export interface GuildConfig {
  id: string;
  name: string;
  ownerId?: string;
  /** Text channels. The first one is where interactions happen unless an actor says otherwise. */
  channels: ChannelConfig[];
  /** Roles besides @everyone (which is always added, with the guild's id). */
  roles: RoleConfig[];
}

/**
 * Who triggers an interaction, and where. Every field is optional; defaults come from
 * `actors.member` and the first guild/channel of the emulator.
 */
export interface Actor {
  userId?: string;
  username?: string;
  globalName?: string | null;
  /** Member permissions in the channel, as Discord sends them (`member.permissions`). */
  permissions?: string | bigint;
  /** Role ids of the member. */
  roles?: string[];
  /** Guild id; `null` means a DM with the bot (the payload then has `user`, no `member`). */
  guildId?: string | null;
  channelId?: string;
  locale?: string;
}

/** Actor with every field resolved. */
export interface ResolvedActor {
  userId: string;
  username: string;
  globalName: string | null;
  permissions: string;
  roles: string[];
  guildId: string | null;
  channelId: string;
  locale: string;
}

// ---------------------------------------------------------------------------------------------------
// Defaults
// ---------------------------------------------------------------------------------------------------

export const DEFAULT_BOT: EmulatorUser = { id: '100000000000000001', username: 'testbot', bot: true };
export const DEFAULT_GUILD_ID = '200000000000000001';
export const DEFAULT_CHANNEL_ID = '300000000000000001';
export const DEFAULT_MOD_LOG_CHANNEL_ID = '300000000000000002';
export const MODERATOR_ROLE_ID = '400000000000000001';

export function defaultGuild(): GuildConfig {
  return {
    id: DEFAULT_GUILD_ID,
    name: 'Statement Desk Test Guild',
    ownerId: '500000000000000099',
    channels: [
      { id: DEFAULT_CHANNEL_ID, name: 'general' },
      { id: DEFAULT_MOD_LOG_CHANNEL_ID, name: 'mod-log' },
    ],
    roles: [{ id: MODERATOR_ROLE_ID, name: 'Moderator', permissions: Permissions.moderator }],
  };
}

/** Ready-made actors. Spread and override: `{ ...actors.member, userId: '5001' }`. */
export const actors = {
  /** An ordinary member without Manage Guild. */
  member: {
    userId: '500000000000000001',
    username: 'alice',
    globalName: 'Alice',
    permissions: Permissions.member,
    roles: [],
  },
  /** A second ordinary member. */
  otherMember: {
    userId: '500000000000000003',
    username: 'carol',
    globalName: 'Carol',
    permissions: Permissions.member,
    roles: [],
  },
  /** A moderator: has the Moderator role and Manage Guild. */
  moderator: {
    userId: '500000000000000002',
    username: 'bob_mod',
    globalName: 'Bob (mod)',
    permissions: Permissions.moderator,
    roles: [MODERATOR_ROLE_ID],
  },
  /** An administrator. */
  admin: {
    userId: '500000000000000004',
    username: 'dana_admin',
    globalName: 'Dana (admin)',
    permissions: Permissions.admin,
    roles: [],
  },
} satisfies Record<string, Actor>;

// ---------------------------------------------------------------------------------------------------
// Users, roles, channels, guilds, application
// ---------------------------------------------------------------------------------------------------

export function buildUser(user: EmulatorUser): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.globalName ?? null,
    avatar: null,
    ...(user.bot ? { bot: true } : {}),
    public_flags: 0 as UserFlags,
  };
}

export function buildRole(role: RoleConfig, position: number): APIRole {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: role.permissions,
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
  };
}

export function everyoneRole(guildId: string): RoleConfig {
  return { id: guildId, name: '@everyone', permissions: Permissions.member };
}

export function allRoles(guild: GuildConfig): APIRole[] {
  return [everyoneRole(guild.id), ...guild.roles].map((r, i) => buildRole(r, i));
}

export function buildChannel(channel: ChannelConfig, guildId: string, position: number) {
  return {
    id: channel.id,
    type: (channel.type ?? ChannelType.GuildText) as 0,
    guild_id: guildId,
    name: channel.name,
    position,
    permission_overwrites: [],
    nsfw: false,
    topic: channel.topic ?? null,
    last_message_id: null,
    rate_limit_per_user: 0,
    parent_id: null,
    flags: 0 as ChannelFlags,
  };
}

export function buildGuildMember(user: APIUser, roles: string[]) {
  return {
    user,
    nick: null,
    avatar: null,
    banner: null,
    roles,
    joined_at: '2024-01-01T00:00:00.000Z',
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
}

export function buildGuildCreate(guild: GuildConfig, bot: APIUser): GatewayGuildCreateDispatchData {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId ?? '500000000000000099',
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: allRoles(guild),
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US' as Locale,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    // Gateway-only fields
    joined_at: '2024-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [buildGuildMember(bot, [])],
    channels: guild.channels.map((c, i) => buildChannel(c, guild.id, i)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function buildReady(args: {
  bot: APIUser;
  guildIds: string[];
  sessionId: string;
  resumeGatewayUrl: string;
  shard: [number, number];
}): GatewayReadyDispatchData {
  return {
    v: 10,
    user: { ...args.bot, verified: true, mfa_enabled: false, flags: 0 as UserFlags },
    guilds: args.guildIds.map((id) => ({ id, unavailable: true })),
    session_id: args.sessionId,
    resume_gateway_url: args.resumeGatewayUrl,
    shard: args.shard,
    application: { id: args.bot.id, flags: 0 as ApplicationFlags, flags_new: '0' },
  };
}

export function buildApplication(bot: APIUser): APIApplication {
  return {
    id: bot.id,
    name: bot.username,
    icon: null,
    description: 'Emulated application',
    bot_public: false,
    bot_require_code_grant: false,
    verify_key: 'a'.repeat(64),
    flags: 0 as ApplicationFlags,
    flags_new: '0',
    team: null,
    summary: '',
    owner: buildUser({ id: '500000000000000099', username: 'owner' }),
    bot,
  } as APIApplication;
}

// ---------------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------------

export interface MessageInit {
  id?: string;
  channelId: string;
  guildId?: string | null;
  author: APIUser;
  content?: string;
  embeds?: APIEmbed[];
  components?: unknown[];
  attachments?: APIAttachment[];
  flags?: number;
  type?: number;
  webhookId?: string;
  applicationId?: string;
  interactionMetadata?: APIMessageInteractionMetadata;
  timestamp?: string;
}

export function buildMessage(init: MessageInit): APIMessage {
  const message: APIMessage = {
    id: init.id ?? snowflake(),
    type: (init.type ?? MessageType.Default) as APIMessage['type'],
    channel_id: init.channelId,
    author: init.author,
    content: init.content ?? '',
    embeds: (init.embeds ?? []).map(normalizeEmbed),
    components: (init.components ?? []) as APIMessage['components'],
    attachments: init.attachments ?? [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: init.timestamp ?? new Date().toISOString(),
    edited_timestamp: null,
    flags: (init.flags ?? 0) as APIMessageFlags,
  };
  if (init.webhookId) message.webhook_id = init.webhookId;
  if (init.applicationId) message.application_id = init.applicationId;
  if (init.interactionMetadata) message.interaction_metadata = init.interactionMetadata;
  return message;
}

/** Discord returns sent embeds with `type: "rich"`. */
export function normalizeEmbed(embed: APIEmbed): APIEmbed {
  return { type: 'rich' as APIEmbed['type'], ...embed };
}

export function buildAttachment(file: {
  filename: string;
  size: number;
  contentType?: string;
  id?: string;
  url?: string;
  description?: string;
}): APIAttachment {
  const id = file.id ?? snowflake();
  const url = file.url ?? `https://cdn.discordapp.com/attachments/0/${id}/${encodeURIComponent(file.filename)}`;
  return {
    id,
    filename: file.filename,
    size: file.size,
    url,
    proxy_url: url.replace('cdn.discordapp.com', 'media.discordapp.net'),
    ...(file.contentType ? { content_type: file.contentType } : {}),
    ...(file.description ? { description: file.description } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------
// Interactions
// ---------------------------------------------------------------------------------------------------

export interface InteractionEnvelope {
  applicationId: string;
  actor: ResolvedActor;
  /** The guild the interaction happens in (undefined for DMs). */
  guild: GuildConfig | undefined;
  type: number;
  data?: unknown;
  message?: APIMessage;
  appPermissions?: string;
}

export function actorUser(actor: ResolvedActor): APIUser {
  return buildUser({ id: actor.userId, username: actor.username, globalName: actor.globalName });
}

export function buildInteractionMember(actor: ResolvedActor): APIInteractionGuildMember {
  return { ...buildGuildMember(actorUser(actor), actor.roles), permissions: actor.permissions };
}

/** A complete INTERACTION_CREATE payload (with `entitlements` and `authorizing_integration_owners`). */
export function buildInteraction(env: InteractionEnvelope): APIInteraction {
  const { actor, guild } = env;
  const id = snowflake();
  const inGuild = guild !== undefined;
  const channel = inGuild
    ? {
        ...buildChannel(
          guild.channels.find((c) => c.id === actor.channelId) ?? { id: actor.channelId, name: 'channel' },
          guild.id,
          0,
        ),
        permissions: actor.permissions,
      }
    : {
        id: actor.channelId,
        type: ChannelType.DM as 1,
        recipients: [actorUser(actor)],
        last_message_id: null,
        flags: 0 as ChannelFlags,
      };
  const base: APIBaseInteraction<APIInteractionType, unknown> = {
    id,
    application_id: env.applicationId,
    type: env.type as APIInteractionType,
    token: randomToken('itok_'),
    version: 1,
    channel: channel as APIBaseInteraction<APIInteractionType, unknown>['channel'],
    channel_id: actor.channelId,
    app_permissions: env.appPermissions ?? Permissions.bot,
    locale: actor.locale as Locale,
    entitlements: [],
    authorizing_integration_owners: inGuild ? { 0: guild.id } : { 0: '0' },
    context: inGuild ? 0 : 1,
    attachment_size_limit: 10 * 1024 * 1024,
  };
  if (env.data !== undefined) base.data = env.data;
  if (inGuild) {
    base.guild_id = guild.id;
    base.guild = { id: guild.id, locale: 'en-US' as Locale, features: [] };
    base.guild_locale = 'en-US' as Locale;
    base.member = buildInteractionMember(actor);
  } else {
    base.user = actorUser(actor);
  }
  if (env.message) base.message = ensureMessageForInteraction(env.message);
  return base as APIInteraction;
}

/**
 * A message embedded in an interaction must satisfy discord.js: `interaction_metadata`, when present,
 * needs `authorizing_integration_owners`.
 */
export function ensureMessageForInteraction(message: APIMessage): APIMessage {
  const copy = structuredClone(message);
  if (copy.interaction_metadata && !copy.interaction_metadata.authorizing_integration_owners) {
    (copy.interaction_metadata as { authorizing_integration_owners: object }).authorizing_integration_owners = {};
  }
  return copy;
}

/** The `interaction_metadata` Discord puts on messages created in response to an interaction. */
export function buildInteractionMetadata(
  interaction: APIInteraction,
  messageId?: string,
): APIMessageInteractionMetadata {
  const user = interaction.member?.user ?? interaction.user;
  const meta: Record<string, unknown> = {
    id: interaction.id,
    type: interaction.type,
    user,
    authorizing_integration_owners: interaction.authorizing_integration_owners,
  };
  if (messageId) meta.original_response_message_id = messageId;
  if (interaction.type === 3 && interaction.message) meta.interacted_message_id = interaction.message.id;
  if (interaction.type === 2) {
    const data = interaction.data as { name?: string; type?: number; target_id?: string };
    if (data.type === 3 && data.target_id) meta.target_message_id = data.target_id;
  }
  return meta as unknown as APIMessageInteractionMetadata;
}
