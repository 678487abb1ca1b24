/**
 * The `/corpus` extension: the moderators' commands on the same moderation service as the terminal's
 * `corpus` commands (src/moderation), so the same checks, limits and audit apply.
 *
 * - Permissions: registered with default_member_permissions = Manage Server, and checked again on
 *   every interaction (a server admin can open the command to anyone): Manage Server (or
 *   Administrator) in the channel, or the MOD_ROLE_ID role. Anyone else gets an ephemeral refusal
 *   and the service is never called. Autocomplete suggests nothing to them.
 * - Every reply is ephemeral. Work that reaches the service is deferred first (a fetch may take
 *   seconds); a Refusal becomes its one-line reason (file and line for a corpus that would not load).
 * - `/corpus add` shows a preview with Confirm / Cancel; only Confirm writes. The preview is kept on
 *   disk (corpus/.pending/) and the buttons carry its token, so Confirm works after a restart.
 *   `/corpus remove` asks for confirmation the same way, its state all in the button.
 * - Audit: the service's sinks; here a JSON log line through the bot's logger, and with
 *   MOD_LOG_CHANNEL_ID a line in that channel, posted through the client's REST.
 * - Uploads of every kind are read in a worker thread (articleReaderWorker.ts), so loading jsdom,
 *   parsing a page or a hostile file never stall the bot's event loop.
 */
import { isIP } from 'node:net';
import {
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type Interaction,
} from 'discord.js';
import { Routes } from 'discord-api-types/v10';
import type { z } from 'zod';
import type { FetchOptions } from '../corpus/fetchArticle.js';
import { ArticleReaderWorker } from '../corpus/articleReaderWorker.js';
import type { ImportInput, ImportOverrides } from '../corpus/importArticle.js';
import { formatPublished } from '../corpus/published.js';
import { Refusal } from '../corpus/refusal.js';
import { responseSchema, statementSchema } from '../corpus/schema.js';
import type { Actor } from '../moderation/actor.js';
import type { AuditEvent, AuditSink } from '../moderation/audit.js';
import { CorpusModeration, type ModerationOptions } from '../moderation/corpusModeration.js';
import { foldText } from '../search/textProcessing.js';
import type { KnowledgeStore } from '../search/knowledgeStore.js';
import type { Choice } from '../commands/command.js';
import { DISCORD_LIMITS, USAGE } from '../config/constants.js';
import { gapsReport } from '../usage/gapsReport.js';
import { statsReport } from '../usage/statsReport.js';
import { truncate } from '../render/markdown.js';
import type { BotExtension, ExtensionContext } from './extensions.js';
import type { Logger } from './logger.js';
import type { Outcome } from './metrics.js';
import { editOptions, noteMessage, replyOptions, updateOptions, type BotMessage } from './replies.js';
import type { InteractionHandler } from './router.js';
import { fitChoices } from './router.js';
import {
  CORPUS_COMMAND,
  REMOVE_CONFIRM_TTL_MS,
  articleHash,
  corpusDefinition,
  decodeCorpusButton,
  isCorpusCustomId,
  type CorpusButton,
  splitAliases,
  splitIds,
} from './corpusCommands.js';
import {
  CORPUS_NOTES,
  changeMessage,
  modLogContent,
  previewMessage,
  refusalMessage,
  removeConfirmMessage,
  statusMessage,
} from './corpusMessages.js';
import { gapsMessage, questionLogUnavailable, statsMessage } from './usageMessages.js';

/** Hosts Discord serves attachments from. */
const DISCORD_CDN_HOSTS = new Set(['cdn.discordapp.com', 'media.discordapp.net']);

export interface CorpusExtensionOptions {
  /** Service options to add or override (tests: a clock, write hooks, fetch limits). */
  moderation?: Partial<ModerationOptions>;
  /** Read uploads in a worker thread (default) or in the bot's own thread. */
  readInWorker?: boolean;
}

/** Whether the member may use /corpus: Manage Server (Administrator implies it) or the moderator role. */
function isModerator(i: Interaction, modRoleId: string | null | undefined): boolean {
  if (!i.inGuild()) return false;
  if (i.memberPermissions?.has(PermissionFlagsBits.ManageGuild, true)) return true;
  if (!modRoleId) return false;
  const roles = i.member.roles;
  return Array.isArray(roles) ? roles.includes(modRoleId) : roles.cache.has(modRoleId);
}

/** The person acting, for the audit: their Discord id and user name. */
function actorOf(i: Interaction): Actor {
  return { id: i.user.id, name: truncate(i.user.username || i.user.id, 100), via: 'discord' };
}

/**
 * Where attachments may be downloaded from. Discord gives the URL (its CDN, public); against a local
 * Discord-compatible API (the emulator, the playground) the attachments are served by that API's own
 * loopback host, which is then allowed, for attachments only. URLs typed by a moderator keep the
 * normal policy.
 */
export function attachmentSource(apiBase: string | null): { trusted(url: string): boolean; allowAddresses: string[] } {
  const api = apiBase ? new URL(apiBase) : null;
  const host = api?.hostname.replace(/^\[|\]$/g, '') ?? null;
  const allowAddresses = host === null ? [] : isIP(host) ? [host] : host === 'localhost' ? ['127.0.0.1', '::1'] : [];
  return {
    allowAddresses,
    trusted(url) {
      try {
        const u = new URL(url);
        if (u.protocol === 'https:' && DISCORD_CDN_HOSTS.has(u.hostname)) return true;
        return api !== null && u.origin === api.origin;
      } catch {
        return false;
      }
    },
  };
}

function auditSinks(client: Client, logger: Logger, modLogChannelId: string | null): AuditSink[] {
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
      client.rest
        .post(Routes.channelMessages(modLogChannelId), { body: { content: modLogContent(event), allowed_mentions: { parse: [] } } })
        .catch((error: unknown) => logger.warn('mod-log-failed', { channel: modLogChannelId, what: event.what, error }));
    });
  }
  return sinks;
}

/** Statement and response ids for `/corpus add statement:` (comma-separated: each part completes). */
function suggestEntries(store: KnowledgeStore, typed: string, kinds: 'statements' | 'both'): Choice[] {
  const parts = typed.split(',');
  const last = foldText((parts.pop() ?? '').trim());
  const before = parts.map((p) => p.trim()).filter(Boolean);
  const { statements, responses } = store.current.corpus.registry;
  const entries = kinds === 'both' ? [...statements, ...responses] : statements;
  const matches = entries.filter(
    (e) => !before.includes(e.id) && (last === '' || [e.id, e.title, e.date, formatPublished(e.date), ...e.aliases].some((s) => foldText(s).includes(last))),
  );
  return matches.map((e) => {
    const value = [...before, e.id].join(', ');
    const kind = 'respondsTo' in e ? 'response' : 'statement';
    const prefix = before.length > 0 ? `${before.join(', ')}, ` : '';
    return { name: truncate(`${prefix}${e.id}: ${kind}, ${e.title}`, DISCORD_LIMITS.choiceName), value };
  });
}

function optionsOf(i: ChatInputCommandInteraction, names: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of names) out[name] = i.options.getString(name) ?? undefined;
  return out;
}

function issues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`).join('; ');
}

/** The /corpus handler for one bot. */
async function createCorpusHandler(context: Pick<ExtensionContext, 'store' | 'client' | 'logger' | 'config' | 'answerLog'>, options: CorpusExtensionOptions = {}): Promise<InteractionHandler> {
  const { store, client, logger, config, answerLog } = context;
  const modRoleId = config.modRoleId ?? null;
  const attachments = attachmentSource(config.apiBase);
  const policy = { allowPrivate: config.fetchAllowPrivate ?? false };
  const fetch: FetchOptions = { policy };
  const attachmentFetch: FetchOptions = { policy: { ...policy, allowAddresses: attachments.allowAddresses } };
  const worker = options.readInWorker === false ? null : new ArticleReaderWorker();
  const moderation = await CorpusModeration.open(store, {
    fetch,
    attachmentFetch,
    audit: auditSinks(client, logger, config.modLogChannelId ?? null),
    onSinkError: (error, event) => logger.warn('audit-sink-failed', { what: event.what, error }),
    ...(worker ? { readArticle: worker.read } : {}),
    ...options.moderation,
  });

  const ephemeral = (i: ChatInputCommandInteraction | ButtonInteraction, m: BotMessage) => i.reply(replyOptions(m, true));
  const deferred = async <T>(i: ChatInputCommandInteraction, work: () => Promise<T>, show: (value: T) => BotMessage): Promise<Outcome> => {
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    try {
      await i.editReply(editOptions(show(await work())));
      return 'ok';
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      await i.editReply(editOptions(refusalMessage(error)));
      return 'refused';
    }
  };

  async function add(i: ChatInputCommandInteraction): Promise<Outcome> {
    const file = i.options.getAttachment('file');
    const url = i.options.getString('url');
    if (!file && !url) {
      await ephemeral(i, noteMessage(CORPUS_NOTES.needSource));
      return 'invalid';
    }
    if (file && !attachments.trusted(file.url)) {
      await ephemeral(i, noteMessage(CORPUS_NOTES.untrustedAttachment));
      return 'invalid';
    }
    const given = optionsOf(i, ['title', 'outlet', 'published']);
    const statements = splitIds(i.options.getString('statement'));
    const overrides: ImportOverrides = {
      ...(given.title ? { title: given.title } : {}),
      ...(given.outlet ? { outlet: given.outlet } : {}),
      ...(given.published ? { published: given.published } : {}),
      ...(statements ? { statements } : {}),
      // With a file, the url is the article's web address (of a saved page, say), not fetched.
      ...(file && url ? { url } : {}),
    };
    const input: ImportInput = file
      ? { kind: 'attachment', url: file.url, name: file.name, size: file.size, mediaType: file.contentType }
      : { kind: 'url', url: url! };
    return deferred(
      i,
      () => {
        // Start the reader while the upload downloads, so it is ready when the bytes are.
        worker?.warm();
        return moderation.previewAdd(input, overrides, actorOf(i));
      },
      previewMessage,
    );
  }

  async function remove(i: ChatInputCommandInteraction): Promise<Outcome> {
    const id = i.options.getString('article', true).trim();
    const article = store.current.corpus.articles.find((a) => a.id === id);
    if (!article) {
      await ephemeral(i, noteMessage(CORPUS_NOTES.noArticle(id)));
      return 'invalid';
    }
    await ephemeral(i, removeConfirmMessage(article, i.user.id, Date.now()));
    return 'ok';
  }

  /** The statement or response the options describe, validated (the service validates again, with the registry). */
  function registryEntry(i: ChatInputCommandInteraction, kind: 'statement' | 'response') {
    const o = optionsOf(i, ['id', 'title', 'date', 'issued-by', 'date-note', 'responds-to', 'channel']);
    const base = {
      id: o.id?.trim(),
      title: o.title,
      date: o.date?.trim(),
      ...(o['date-note'] ? { dateNote: o['date-note'] } : {}),
      issuedBy: o['issued-by'],
      aliases: splitAliases(i.options.getString('aliases')),
    };
    if (kind === 'statement') {
      const parsed = statementSchema.safeParse(base);
      if (!parsed.success) return { ok: false as const, error: parsed.error };
      const entry = parsed.data;
      return {
        ok: true as const,
        next: `Add the articles that report it with \`/corpus add statement: ${entry.id}\`; /who-signed names its signatories from them.`,
        write: (actor: Actor) => moderation.addStatement(entry, actor),
      };
    }
    const parsed = responseSchema.safeParse({ ...base, respondsTo: o['responds-to']?.trim(), channel: o.channel });
    if (!parsed.success) return { ok: false as const, error: parsed.error };
    const entry = parsed.data;
    return {
      ok: true as const,
      next: `Add the articles that report it with \`/corpus add statement: ${entry.respondsTo}, ${entry.id}\`; /dprk-response cites them.`,
      write: (actor: Actor) => moderation.addResponse(entry, actor),
    };
  }

  async function addEntry(i: ChatInputCommandInteraction, kind: 'statement' | 'response'): Promise<Outcome> {
    const parsed = registryEntry(i, kind);
    if (!parsed.ok) {
      await ephemeral(i, noteMessage(CORPUS_NOTES.invalid(issues(parsed.error))));
      return 'invalid';
    }
    const actor = actorOf(i);
    return deferred(i, () => parsed.write(actor), (outcome) => changeMessage(outcome, parsed.next));
  }

  async function command(i: ChatInputCommandInteraction): Promise<Outcome> {
    const group = i.options.getSubcommandGroup(false);
    const sub = i.options.getSubcommand(true);
    const actor = actorOf(i);
    if (group === 'statement' && sub === 'add') return addEntry(i, 'statement');
    if (group === 'response' && sub === 'add') return addEntry(i, 'response');
    switch (sub) {
      case 'add':
        return add(i);
      case 'remove':
        return remove(i);
      case 'restore': {
        const ref = i.options.getString('article', true).trim();
        return deferred(i, () => moderation.restoreArticle(ref, actor), (outcome) => changeMessage(outcome));
      }
      case 'reload':
        return deferred(i, () => moderation.reload(actor), (outcome) => changeMessage(outcome));
      case 'status':
        return deferred(i, () => moderation.status(), (status) => statusMessage(status, answerLog.health()));
      case 'gaps':
        return report(i, { action: 'gaps', days: i.options.getInteger('days') ?? USAGE.defaultReportDays, offset: 0 });
      case 'stats':
        return report(i, { action: 'stats', days: i.options.getInteger('days') ?? USAGE.defaultReportDays, page: 'overview' });
      default:
        await ephemeral(i, noteMessage(CORPUS_NOTES.expiredButton));
        return 'unknown';
    }
  }

  /** A page of /corpus gaps or /corpus stats, from the question log: a new ephemeral reply, or a page turned in place. */
  async function report(i: ChatInputCommandInteraction | ButtonInteraction, page: Extract<CorpusButton, { action: 'gaps' | 'stats' }>): Promise<Outcome> {
    const now = Date.now();
    const articles = store.current.corpus.articles;
    const shown =
      page.action === 'gaps'
        ? answerLog.read((db) => gapsMessage(gapsReport(db, { days: page.days, now, offset: page.offset, limit: USAGE.gapsPerPage }), articles))
        : answerLog.read((db) => statsMessage(statsReport(db, { days: page.days, now }), page.page, articles));
    const reply = shown ?? questionLogUnavailable(answerLog.health());
    if (i.isButton()) await i.update(updateOptions(reply));
    else await ephemeral(i, reply);
    return shown ? 'ok' : 'refused';
  }

  async function button(i: ButtonInteraction): Promise<Outcome> {
    const decoded = decodeCorpusButton(i.customId);
    if (!decoded) {
      await ephemeral(i, noteMessage(CORPUS_NOTES.expiredButton));
      return 'expired';
    }
    const actor = actorOf(i);
    switch (decoded.action) {
      case 'gaps':
      case 'stats':
        return report(i, decoded);
      case 'add-no':
        try {
          await moderation.cancelPending(decoded.token, actor);
        } catch (error) {
          if (!(error instanceof Refusal)) throw error;
          await ephemeral(i, refusalMessage(error, 'Nothing was cancelled'));
          return error.code === 'not-yours' ? 'foreign' : 'refused';
        }
        await i.update(updateOptions(noteMessage(CORPUS_NOTES.cancelled)));
        return 'ok';
      case 'rm-no':
        await i.update(updateOptions(noteMessage(CORPUS_NOTES.removeCancelled)));
        return 'ok';
      case 'add':
        return confirm(i, () => moderation.confirmPending(decoded.token, actor), 'Nothing was added');
      case 'rm': {
        if (decoded.userId !== i.user.id) {
          await ephemeral(i, noteMessage(CORPUS_NOTES.removeForeign));
          return 'foreign';
        }
        if (Date.now() - decoded.issuedAt > REMOVE_CONFIRM_TTL_MS) {
          await i.update(updateOptions(noteMessage(CORPUS_NOTES.removeExpired)));
          return 'expired';
        }
        const id = decoded.article.startsWith('#') ? store.current.corpus.articles.find((a) => articleHash(a.id) === decoded.article)?.id : decoded.article;
        if (!id) {
          await i.update(updateOptions(noteMessage('That article is no longer in the corpus; nothing was removed.')));
          return 'expired';
        }
        return confirm(i, () => moderation.removeArticle(id, actor), 'Nothing was removed');
      }
    }
  }

  /** Confirm: acknowledge the click at once, write, then replace the preview with the outcome. */
  async function confirm(i: ButtonInteraction, work: () => ReturnType<CorpusModeration['confirmPending']>, nothing: string): Promise<Outcome> {
    await i.deferUpdate();
    try {
      const outcome = await work();
      await i.editReply(editOptions(changeMessage(outcome)));
      return 'ok';
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      if (error.code === 'busy' || error.code === 'not-yours') {
        // The preview stands (another click may work): say why in a note of its own.
        await i.followUp(replyOptions(refusalMessage(error, nothing), true));
      } else {
        await i.editReply(editOptions(refusalMessage(error, nothing)));
      }
      return error.code === 'expired' || error.code === 'not-found' ? 'expired' : 'refused';
    }
  }

  async function autocomplete(i: AutocompleteInteraction): Promise<Outcome> {
    if (!isModerator(i, modRoleId)) {
      await i.respond([]);
      return 'denied';
    }
    const focused = i.options.getFocused(true);
    const typed = String(focused.value);
    const sub = i.options.getSubcommand(false);
    let choices: Choice[] = [];
    if (focused.name === 'statement') choices = suggestEntries(store, typed, 'both');
    else if (focused.name === 'responds-to') choices = suggestEntries(store, typed, 'statements');
    else if (focused.name === 'article' && sub === 'remove') choices = moderation.suggestArticles(typed);
    else if (focused.name === 'article' && sub === 'restore') {
      const text = foldText(typed.trim());
      choices = (await moderation.trash())
        .filter((e) => text === '' || foldText(e.id).includes(text))
        .map((e) => ({ name: `${e.id} (removed ${e.removedAt.slice(0, 16).replace('T', ' ')} UTC)`, value: e.id }));
    }
    await i.respond(fitChoices(choices));
    return 'ok';
  }

  return {
    name: CORPUS_COMMAND,
    matches: (i) =>
      ((i.isChatInputCommand() || i.isAutocomplete()) && i.commandName === CORPUS_COMMAND) || (i.isButton() && isCorpusCustomId(i.customId)),
    async handle(i) {
      if (i.isAutocomplete()) return autocomplete(i);
      if (!i.isChatInputCommand() && !i.isButton()) return 'unknown';
      if (!i.inGuild()) {
        await ephemeral(i, noteMessage(CORPUS_NOTES.guildOnly));
        return 'denied';
      }
      if (!isModerator(i, modRoleId)) {
        logger.info('corpus-denied', { user: i.user.id, guild: i.guildId, interaction: i.id });
        await ephemeral(i, noteMessage(CORPUS_NOTES.denied(modRoleId)));
        return 'denied';
      }
      return i.isButton() ? button(i) : command(i);
    },
    async close() {
      await worker?.close();
    },
  };
}

/** The extension as `extensions.ts` lists it. */
export function corpusExtension(options: CorpusExtensionOptions = {}): BotExtension {
  return {
    name: 'corpus',
    definitions: [corpusDefinition],
    create: (context) => createCorpusHandler(context, options),
  };
}

