/**
 * An interaction as the router and its handlers see it, whatever brought it: the gateway (discord.js,
 * gatewayAdapter.ts) or Discord's HTTP interactions endpoint (raw JSON, httpAdapter.ts). It carries
 * what the handlers read (who, where, which command or button, the options) and the few ways to answer
 * (reply, defer, update, edit, follow up, suggest). Nothing here depends on discord.js.
 */
import type { Choice } from '../commands/command.js';
import type { MessageLike } from './findSources.js';
import type { BotMessage } from './replies.js';

export type IncomingKind = 'command' | 'autocomplete' | 'button' | 'context-menu' | 'component' | 'modal' | 'other';

/** One option as Discord sends it (a subcommand or group holds its own options). */
export interface IncomingOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: IncomingOption[];
}

/** An uploaded file an option refers to. */
export interface IncomingAttachment {
  url: string;
  name: string;
  size: number;
  contentType: string | null;
}

/** The member who acted, in a server. */
export interface IncomingMember {
  /** The member's permissions in the channel (a bit field). */
  permissions: bigint;
  roles: readonly string[];
}

export interface IncomingMessage {
  id: string;
  embeds: ReadonlyArray<{ title?: string; description?: string }>;
  components: ReadonlyArray<{ components?: ReadonlyArray<unknown> }>;
}

export interface Incoming {
  kind: IncomingKind;
  id: string;
  /** When Discord created the interaction (ms since the epoch, from its id). */
  createdTimestamp: number;
  user: { id: string; username: string };
  guildId: string | null;
  /** Null outside a server (a DM). */
  member: IncomingMember | null;
  /** The command (slash, context menu, autocomplete); null for a button. */
  commandName: string | null;
  /** The button's or component's custom id; null for a command. */
  customId: string | null;
  options: OptionReader;
  /** The message a context-menu command was run on. */
  targetMessage: MessageLike | null;
  /** The message a button sits on: its embeds and components, in the API shape. */
  message: IncomingMessage | null;
  /** Whether a first response (reply or defer) has been sent. */
  readonly acknowledged: 'no' | 'replied' | 'deferred';

  reply(message: BotMessage, ephemeral: boolean): Promise<void>;
  /** "Thinking…": the answer follows with `editReply`. */
  defer(ephemeral: boolean): Promise<void>;
  /** A button's click acknowledged; the message is edited later with `editReply`. */
  deferUpdate(): Promise<void>;
  /** Replaces the message a button sits on. */
  update(message: BotMessage): Promise<void>;
  editReply(message: BotMessage): Promise<void>;
  followUp(message: BotMessage, ephemeral: boolean): Promise<void>;
  /** Autocomplete suggestions. */
  respond(choices: Choice[]): Promise<void>;
}

/** Options read by name, as discord.js's resolver reads them: those of the subcommand run, if any. */
export class OptionReader {
  readonly subcommandGroup: string | null;
  readonly subcommand: string | null;
  /** The options of the command (or of its subcommand), without subcommands. */
  readonly data: readonly IncomingOption[];

  constructor(
    options: readonly IncomingOption[] = [],
    private readonly attachments: ReadonlyMap<string, IncomingAttachment> = new Map(),
  ) {
    let level = options;
    let group: string | null = null;
    let sub: string | null = null;
    const SUBCOMMAND = 1;
    const GROUP = 2;
    const groupOption = level.find((o) => o.type === GROUP);
    if (groupOption) {
      group = groupOption.name;
      level = groupOption.options ?? [];
    }
    const subOption = level.find((o) => o.type === SUBCOMMAND);
    if (subOption) {
      sub = subOption.name;
      level = subOption.options ?? [];
    }
    this.subcommandGroup = group;
    this.subcommand = sub;
    this.data = level;
  }

  private value(name: string): IncomingOption['value'] {
    return this.data.find((o) => o.name === name)?.value;
  }

  getString(name: string): string | null {
    const v = this.value(name);
    return typeof v === 'string' ? v : null;
  }

  getInteger(name: string): number | null {
    const v = this.value(name);
    return typeof v === 'number' ? v : null;
  }

  getBoolean(name: string): boolean | null {
    const v = this.value(name);
    return typeof v === 'boolean' ? v : null;
  }

  getAttachment(name: string): IncomingAttachment | null {
    const v = this.value(name);
    return typeof v === 'string' ? (this.attachments.get(v) ?? null) : null;
  }

  /** The option being typed in (autocomplete). */
  getFocused(): { name: string; value: string } | null {
    const focused = this.data.find((o) => o.focused);
    return focused ? { name: focused.name, value: String(focused.value ?? '') } : null;
  }
}

/** When Discord made the object with this id (a snowflake holds its creation time). */
export function snowflakeTime(id: string): number {
  const DISCORD_EPOCH = 1_420_070_400_000n;
  try {
    return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
  } catch {
    return Date.now();
  }
}

const ADMINISTRATOR = 1n << 3n;

/** Whether the member has a permission (Administrator implies every one). */
export function hasPermission(member: IncomingMember | null, permission: bigint): boolean {
  if (!member) return false;
  return (member.permissions & ADMINISTRATOR) !== 0n || (member.permissions & permission) === permission;
}
