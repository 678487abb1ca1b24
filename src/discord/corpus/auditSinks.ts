/**
 * Where corpus changes are told: a JSON log line through the bot's logger, and with MOD_LOG_CHANNEL_ID
 * a line in that channel, posted through Discord's REST API (either transport has it).
 */
import type { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import type { AuditEvent, AuditSink } from '../../moderation/audit.js';
import { modLogContent } from '../corpusMessages.js';
import type { Logger } from '../logger.js';

export function auditSinks(rest: REST, logger: Logger, modLogChannelId: string | null): AuditSink[] {
  const sinks: AuditSink[] = [
    (event: AuditEvent) => {
      const { when, who, what, ...details } = event;
      logger.info('corpus-change', { when, who, what, ...details });
    },
  ];
  if (modLogChannelId) {
    sinks.push((event) => {
      // Not awaited: the moderator's reply never waits for the log channel, and a failure there
      // (no permission, an outage) is logged, the change stands.
      rest
        .post(Routes.channelMessages(modLogChannelId), { body: { content: modLogContent(event), allowed_mentions: { parse: [] } } })
        .catch((error: unknown) => logger.warn('mod-log-failed', { channel: modLogChannelId, what: event.what, error }));
    });
  }
  return sinks;
}
