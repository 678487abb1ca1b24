/**
 * Turns test-friendly option objects (`{ query: 'sanctions', limit: 3 }`) into Discord's
 * `data.options` (+ `data.resolved`) for slash commands and autocomplete.
 *
 * When the bot has registered the command, option types come from its registration and the builder
 * enforces what the Discord client would: unknown options, missing required options and values outside
 * `choices` throw (a real user could not send them). Otherwise types are inferred from JS values.
 */
import { randomBytes } from 'node:crypto';
import type { APIApplicationCommandOption, APIInteractionDataResolved } from 'discord.js';
import { ChannelType, OptionType } from './constants.js';
import { snowflake } from './ids.js';
import { buildAttachment, buildChannel, buildGuildMember, buildRole, buildUser } from './payloads.js';
import type { GuildConfig } from './payloads.js';
import type { EmulatorState, StoredCommand } from './state.js';

/** An uploaded file for an ATTACHMENT option (appears in `data.resolved.attachments`). */
export class AttachmentOption {
  constructor(
    readonly filename: string,
    readonly contentType: string,
    readonly size: number,
    readonly url?: string,
    /** The file's bytes: the emulator serves them on 127.0.0.1 at the attachment's URL. */
    readonly content?: Buffer,
  ) {}
}

/** A user/member for a USER or MENTIONABLE option. */
export class UserOption {
  constructor(
    readonly id: string,
    readonly username: string,
  ) {}
}

/** A channel for a CHANNEL option. */
export class ChannelOption {
  constructor(readonly id: string) {}
}

/** A role for a ROLE or MENTIONABLE option. */
export class RoleOption {
  constructor(readonly id: string) {}
}

/** Explicitly typed raw option value. */
export interface TypedOption {
  type: number;
  value: string | number | boolean;
}

export type OptionValue =
  string | number | boolean | AttachmentOption | UserOption | ChannelOption | RoleOption | TypedOption;
export type OptionsInput = Record<string, OptionValue>;

/**
 * `attachment('report.pdf', { contentType: 'application/pdf', size: 1234 })` for an ATTACHMENT option.
 * With `content`, the emulator serves those bytes at the attachment's `url` on 127.0.0.1 (its CDN,
 * `http://127.0.0.1:<port>/attachments/<channel>/<id>/<name>?ex=…&is=…&hm=…`), and `size` defaults to
 * their length; give a larger `size` to report an oversized upload as Discord would. Without content
 * the URL is a cdn.discordapp.com one that nothing serves.
 */
export function attachment(
  filename: string,
  opts: { contentType?: string; size?: number; url?: string; content?: string | Uint8Array } = {},
): AttachmentOption {
  const content =
    opts.content === undefined
      ? undefined
      : typeof opts.content === 'string'
        ? Buffer.from(opts.content, 'utf8')
        : Buffer.from(opts.content);
  return new AttachmentOption(
    filename,
    opts.contentType ?? guessContentType(filename),
    opts.size ?? content?.length ?? 1024,
    opts.url,
    content,
  );
}
export const userOption = (id: string, username = `user${id.slice(-4)}`) => new UserOption(id, username);
export const channelOption = (id: string) => new ChannelOption(id);
export const roleOption = (id: string) => new RoleOption(id);

function randomHex(n: number): string {
  return randomBytes(Math.ceil(n / 2))
    .toString('hex')
    .slice(0, n);
}

function guessContentType(filename: string): string {
  const ext = filename.split('.').pop()?.toLowerCase() ?? '';
  const types: Record<string, string> = {
    pdf: 'application/pdf',
    txt: 'text/plain; charset=utf-8',
    md: 'text/markdown; charset=utf-8',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    json: 'application/json',
    html: 'text/html; charset=utf-8',
    csv: 'text/csv',
  };
  return types[ext] ?? 'application/octet-stream';
}

export interface BuiltCommandData {
  data: Record<string, unknown>;
  label: string;
  focusedOptionType?: number;
}

interface OptionJson {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: OptionJson[];
  focused?: boolean;
}

const isTyped = (v: OptionValue): v is TypedOption =>
  typeof v === 'object' &&
  !(v instanceof AttachmentOption) &&
  !(v instanceof UserOption) &&
  !(v instanceof ChannelOption) &&
  !(v instanceof RoleOption);

/**
 * Builds `data` of a CHAT_INPUT command (type 2) or autocomplete (type 4) interaction.
 * `path` is `"cmd"`, `"cmd sub"` or `"cmd group sub"`.
 */
export function buildChatInputData(
  state: EmulatorState,
  path: string,
  input: OptionsInput,
  guild: GuildConfig | undefined,
  autocomplete?: { focused?: string },
): BuiltCommandData {
  const parts = path.trim().split(/\s+/);
  const [name, ...subPath] = parts;
  if (!name) throw new Error('slash command name is empty');
  if (subPath.length > 2) throw new Error(`"${path}": at most "command group subcommand"`);
  const guildId = guild?.id;
  const registered = state.findCommand(name, 1, guildId ?? null);
  if (!registered && state.hasRegisteredCommands(guildId ?? null)) {
    const known = [...state.globalCommands, ...(guildId ? state.commandList(guildId) : [])]
      .filter((c) => (c.type ?? 1) === 1)
      .map((c) => `/${c.name}`);
    throw new Error(`/${name} is not registered by the bot (registered: ${known.join(', ') || 'none'})`);
  }

  // Walk down to the option definitions of the leaf (sub)command.
  let defs: APIApplicationCommandOption[] | undefined = registered?.options;
  for (const [i, seg] of subPath.entries()) {
    if (!registered) {
      defs = undefined;
      break;
    }
    const expected = i === 0 && subPath.length === 2 ? OptionType.SubcommandGroup : OptionType.Subcommand;
    const def = defs?.find((o) => o.name === seg && o.type === expected);
    if (!def)
      throw new Error(
        `/${name}: no ${expected === OptionType.SubcommandGroup ? 'subcommand group' : 'subcommand'} "${seg}" (have: ${(defs ?? []).map((o) => o.name).join(', ') || 'none'})`,
      );
    defs = (def as { options?: APIApplicationCommandOption[] }).options ?? [];
  }
  if (
    registered &&
    subPath.length === 0 &&
    defs?.some((o) => o.type === OptionType.Subcommand || o.type === OptionType.SubcommandGroup)
  ) {
    throw new Error(`/${name} has subcommands; call it as "${name} <subcommand>"`);
  }

  const resolved: APIInteractionDataResolved = {};
  const entries = Object.entries(input);
  const focusedName = autocomplete ? (autocomplete.focused ?? entries.at(-1)?.[0]) : undefined;
  if (autocomplete && !focusedName)
    throw new Error(`autocomplete for /${path} needs at least one option (the focused one)`);
  let focusedOptionType: number | undefined;

  const leaf: OptionJson[] = entries.map(([optName, value]) => {
    const def = defs?.find((o) => o.name === optName);
    if (registered && !def)
      throw new Error(
        `/${path} has no option "${optName}" (have: ${(defs ?? []).map((o) => o.name).join(', ') || 'none'})`,
      );
    const type = isTyped(value) ? value.type : (def?.type ?? inferType(value));
    const option: OptionJson = { name: optName, type, value: toRawValue(value, type, resolved, guild, state) };
    if (optName === focusedName) {
      option.focused = true;
      focusedOptionType = type;
      if (def && !('autocomplete' in def && def.autocomplete))
        throw new Error(`/${path} option "${optName}" does not have autocomplete enabled`);
    } else if (
      def &&
      'choices' in def &&
      Array.isArray(def.choices) &&
      def.choices.length > 0 &&
      !def.choices.some((c) => c.value === option.value)
    ) {
      throw new Error(
        `/${path} option "${optName}": ${JSON.stringify(option.value)} is not one of its choices (${def.choices.map((c) => JSON.stringify(c.value)).join(', ')})`,
      );
    }
    return option;
  });
  if (autocomplete && focusedName && !entries.some(([n]) => n === focusedName))
    throw new Error(`focused option "${focusedName}" is not among the options given`);

  if (registered && !autocomplete) {
    for (const def of defs ?? []) {
      if ('required' in def && def.required && !(def.name in input))
        throw new Error(`/${path}: required option "${def.name}" is missing`);
    }
  }

  let options: OptionJson[] = leaf;
  if (subPath.length === 1) options = [{ name: subPath[0] as string, type: OptionType.Subcommand, options: leaf }];
  if (subPath.length === 2)
    options = [
      {
        name: subPath[0] as string,
        type: OptionType.SubcommandGroup,
        options: [{ name: subPath[1] as string, type: OptionType.Subcommand, options: leaf }],
      },
    ];

  const data: Record<string, unknown> = {
    id: registered?.id ?? state.commandIdFor(name, 1),
    name,
    type: 1,
    options,
  };
  if (Object.keys(resolved).length > 0) data.resolved = resolved;
  if ((registered as StoredCommand | undefined)?.guild_id) data.guild_id = (registered as StoredCommand).guild_id;
  return { data, label: `/${parts.join(' ')}`, ...(focusedOptionType !== undefined ? { focusedOptionType } : {}) };
}

function inferType(value: OptionValue): number {
  if (value instanceof AttachmentOption) return OptionType.Attachment;
  if (value instanceof UserOption) return OptionType.User;
  if (value instanceof ChannelOption) return OptionType.Channel;
  if (value instanceof RoleOption) return OptionType.Role;
  if (typeof value === 'boolean') return OptionType.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? OptionType.Integer : OptionType.Number;
  return OptionType.String;
}

function toRawValue(
  value: OptionValue,
  type: number,
  resolved: APIInteractionDataResolved,
  guild: GuildConfig | undefined,
  state: EmulatorState,
): string | number | boolean {
  if (value instanceof AttachmentOption) {
    const id = snowflake();
    let url = value.url;
    if (value.content && !url) {
      // Like Discord's CDN: /attachments/<channel>/<attachment>/<file name>, signed with ex/is/hm.
      const expires = Math.floor(Date.now() / 1000) + 86_400;
      url = `${state.origin}/attachments/${guild?.channels[0]?.id ?? '0'}/${id}/${encodeURIComponent(value.filename)}?ex=${expires.toString(16)}&is=${(expires - 86_400).toString(16)}&hm=${randomHex(32)}&`;
      state.attachmentFiles.set(id, { filename: value.filename, contentType: value.contentType, data: value.content });
    }
    resolved.attachments = {
      ...resolved.attachments,
      [id]: buildAttachment({
        id,
        filename: value.filename,
        size: value.size,
        contentType: value.contentType,
        ...(url ? { url } : {}),
      }),
    };
    return id;
  }
  if (
    value instanceof UserOption ||
    (typeof value === 'string' &&
      (type === OptionType.User || type === OptionType.Mentionable) &&
      !guild?.roles.some((r) => r.id === value))
  ) {
    const id = typeof value === 'string' ? value : value.id;
    const user =
      state.users.get(id) ??
      buildUser({ id, username: value instanceof UserOption ? value.username : `user${id.slice(-4)}` });
    resolved.users = { ...resolved.users, [id]: user };
    if (guild) {
      const { user: _user, ...member } = buildGuildMember(user, state.memberRoles.get(id) ?? []);
      resolved.members = { ...resolved.members, [id]: { ...member, permissions: '0' } };
    }
    return id;
  }
  if (value instanceof ChannelOption || (typeof value === 'string' && type === OptionType.Channel)) {
    const id = typeof value === 'string' ? value : value.id;
    const config = guild?.channels.find((c) => c.id === id) ?? { id, name: 'channel' };
    const channel = buildChannel(config, guild?.id ?? '0', 0);
    resolved.channels = {
      ...resolved.channels,
      [id]: { id, name: channel.name, type: (config.type ?? ChannelType.GuildText) as 0, permissions: '0' },
    };
    return id;
  }
  if (
    value instanceof RoleOption ||
    (typeof value === 'string' && (type === OptionType.Role || type === OptionType.Mentionable))
  ) {
    const id = typeof value === 'string' ? value : value.id;
    const config = guild?.roles.find((r) => r.id === id) ?? { id, name: 'role', permissions: '0' };
    resolved.roles = { ...resolved.roles, [id]: buildRole(config, 1) };
    return id;
  }
  if (isTyped(value)) return value.value;
  return value;
}
