import type { Actor } from './actor.js';

/** What a change did, in the words of the audit log (the change log validates against this list). */
export const CHANGE_ACTIONS = [
  'add-article',
  'remove-article',
  'restore-article',
  'add-statement',
  'add-response',
  'reload',
] as const;

export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/** One audited change: who, what, when, and which article or registry entry. */
export interface AuditEvent {
  when: string;
  who: Actor;
  what: ChangeAction;
  corpus: string;
  articleId?: string;
  entryId?: string;
  title?: string;
  /** The file written, moved or (for a removal) the trash file it went to. */
  file?: string;
  /** For reloads: what the new knowledge holds and how long its index took to build. */
  articles?: number;
  paragraphs?: number;
  buildMs?: number;
}

/**
 * Where audit events go. The service calls every sink for every change and never fails a change
 * because a sink did: the change is on disk already. The CLI logs to stderr; the Discord side adds
 * a sink posting to MOD_LOG_CHANNEL_ID.
 */
export type AuditSink = (event: AuditEvent) => void | Promise<void>;

/** A sink writing each event as one JSON line (`{"event":"corpus-change",...}`). */
export function jsonLineAuditSink(write: (line: string) => void): AuditSink {
  return (event) => write(JSON.stringify({ event: 'corpus-change', ...event }));
}

/** A one-line human description of an event, for a moderation log channel or a terminal. */
export function describeEvent(event: AuditEvent): string {
  const who = `${event.who.name}${event.who.via === 'cli' ? ' (terminal)' : ''}`;
  const subject = event.articleId
    ? `article ${event.articleId}${event.title ? ` “${event.title}”` : ''}`
    : event.entryId
      ? `${event.entryId}${event.title ? ` “${event.title}”` : ''}`
      : '';
  switch (event.what) {
    case 'add-article':
      return `${who} added ${subject}`;
    case 'remove-article':
      return `${who} removed ${subject} (kept in ${event.file ?? 'the trash'})`;
    case 'restore-article':
      return `${who} restored ${subject}`;
    case 'add-statement':
      return `${who} added the statement ${subject}`;
    case 'add-response':
      return `${who} added the response ${subject}`;
    case 'reload':
      return `${who} reloaded the corpus: ${event.articles ?? '?'} articles, ${event.paragraphs ?? '?'} paragraphs, index built in ${event.buildMs?.toFixed(0) ?? '?'} ms`;
  }
}
