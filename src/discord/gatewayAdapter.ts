/**
 * The gateway transport: a discord.js interaction as an {@link Incoming}. Replies go through
 * discord.js (its REST client, its retries), in the API shape replies.ts builds.
 */
import { MessageFlags, type CommandInteractionOption, type Interaction } from 'discord.js';
import {
  OptionReader,
  type Incoming,
  type IncomingAttachment,
  type IncomingKind,
  type IncomingOption,
} from './incoming.js';
import { editOptions, replyOptions, updateOptions } from './replies.js';

function kindOf(i: Interaction): IncomingKind {
  if (i.isChatInputCommand()) return 'command';
  if (i.isAutocomplete()) return 'autocomplete';
  if (i.isButton()) return 'button';
  if (i.isMessageContextMenuCommand()) return 'context-menu';
  if (i.isMessageComponent()) return 'component';
  if (i.isModalSubmit()) return 'modal';
  return 'other';
}

/** discord.js's options as the API sends them, collecting the attachments they refer to. */
function optionsOf(
  data: readonly CommandInteractionOption[],
  attachments: Map<string, IncomingAttachment>,
): IncomingOption[] {
  return data.map((o) => {
    if (o.attachment && typeof o.value === 'string') {
      attachments.set(o.value, {
        url: o.attachment.url,
        name: o.attachment.name,
        size: o.attachment.size,
        contentType: o.attachment.contentType ?? null,
      });
    }
    return {
      name: o.name,
      type: o.type,
      ...(o.value !== undefined && o.value !== null ? { value: o.value } : {}),
      ...(o.focused ? { focused: true } : {}),
      ...(o.options ? { options: optionsOf(o.options, attachments) } : {}),
    };
  });
}

export function fromGateway(i: Interaction): Incoming {
  const attachments = new Map<string, IncomingAttachment>();
  const data = i.isChatInputCommand() || i.isAutocomplete() ? optionsOf(i.options.data, attachments) : [];
  const roles = i.inGuild() ? (Array.isArray(i.member.roles) ? i.member.roles : [...i.member.roles.cache.keys()]) : [];
  const message = i.isMessageComponent()
    ? {
        id: i.message.id,
        embeds: i.message.embeds.map((e) => e.data),
        components: i.message.components.map((row) => row.toJSON() as { components?: unknown[] }),
      }
    : null;
  const repliable = () => {
    if (!i.isRepliable()) throw new Error(`a ${kindOf(i)} interaction cannot be answered`);
    return i;
  };
  const component = () => {
    if (!i.isMessageComponent()) throw new Error('only a component interaction updates its message');
    return i;
  };
  return {
    kind: kindOf(i),
    id: i.id,
    createdTimestamp: i.createdTimestamp,
    user: { id: i.user.id, username: i.user.username },
    guildId: i.guildId ?? null,
    member: i.inGuild() ? { permissions: i.memberPermissions?.bitfield ?? 0n, roles } : null,
    commandName: i.isCommand() || i.isAutocomplete() ? i.commandName : null,
    customId: i.isMessageComponent() || i.isModalSubmit() ? i.customId : null,
    options: new OptionReader(data, attachments),
    targetMessage: i.isMessageContextMenuCommand() ? i.targetMessage : null,
    message,
    get acknowledged() {
      if (!i.isRepliable()) return i.isAutocomplete() && i.responded ? 'replied' : 'no';
      return i.deferred ? 'deferred' : i.replied ? 'replied' : 'no';
    },
    async reply(m, ephemeral) {
      await repliable().reply(replyOptions(m, ephemeral));
    },
    async defer(ephemeral) {
      await repliable().deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    },
    async deferUpdate() {
      await component().deferUpdate();
    },
    async update(m) {
      await component().update(updateOptions(m));
    },
    async editReply(m) {
      await repliable().editReply(editOptions(m));
    },
    async followUp(m, ephemeral) {
      await repliable().followUp(replyOptions(m, ephemeral));
    },
    async respond(choices) {
      if (!i.isAutocomplete()) throw new Error('only an autocomplete interaction takes suggestions');
      await i.respond(choices);
    },
  };
}
