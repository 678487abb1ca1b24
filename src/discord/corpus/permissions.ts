/**
 * Who may use /corpus: Manage Server (Administrator implies it) in the channel, or the MOD_ROLE_ID
 * role. Checked on every interaction, since a server admin can open the command to anyone.
 */
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Actor } from '../../moderation/actor.js';
import { truncate } from '../../render/markdown.js';
import { hasPermission, type Incoming } from '../incoming.js';

export function isModerator(i: Incoming, modRoleId: string | null | undefined): boolean {
  if (!i.member) return false;
  if (hasPermission(i.member, PermissionFlagsBits.ManageGuild)) return true;
  return modRoleId ? i.member.roles.includes(modRoleId) : false;
}

/** The person acting, for the audit: their Discord id and user name. */
export function actorOf(i: Incoming): Actor {
  return { id: i.user.id, name: truncate(i.user.username || i.user.id, 100), via: 'discord' };
}
