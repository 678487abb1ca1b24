/**
 * The `/corpus` extension: the moderators' commands on the same moderation service as the terminal's
 * `corpus` commands (src/moderation), so the same checks, limits and audit apply. This module wires
 * the concerns kept in corpus/: who may act (permissions.ts), which uploads are trusted
 * (attachmentTrust.ts), where changes are told (auditSinks.ts), the suggestions (registryAutocomplete.ts),
 * options to service input (corpusOptions.ts) and how long a removal's Confirm works (buttonLifetime.ts).
 *
 * - Permissions: registered with default_member_permissions = Manage Server, and checked again on
 *   every interaction. Anyone else gets an ephemeral refusal and the service is never called.
 *   Autocomplete suggests nothing to them.
 * - Every reply is ephemeral. Work that reaches the service is deferred first (a fetch may take
 *   seconds), on the router's answer path (respond.ts); a Refusal becomes its one-line reason.
 * - `/corpus add` shows a preview with Confirm / Cancel; only Confirm writes. The preview is kept on
 *   disk (corpus/.pending/) and the buttons carry its token, so Confirm works after a restart.
 *   `/corpus remove` asks for confirmation the same way, its state all in the button.
 * - Uploads of every kind are read in a worker thread (articleReaderWorker.ts), so loading jsdom,
 *   parsing a page or a hostile file never stall the bot's event loop.
 */
import type { FetchOptions } from '../corpus/fetchArticle.js';
import { ArticleReaderWorker } from '../corpus/articleReaderWorker.js';
import { Refusal } from '../corpus/refusal.js';
import { CorpusModeration, type ModerationOptions } from '../moderation/corpusModeration.js';
import { HTTP_INTERACTIONS, USAGE } from '../config/constants.js';
import { gapsReport } from '../usage/gapsReport.js';
import { statsReport } from '../usage/statsReport.js';
import { buttonSigner } from './buttonSignature.js';
import { attachmentSource } from './corpus/attachmentTrust.js';
import { auditSinks } from './corpus/auditSinks.js';
import { removalExpired, removalTarget } from './corpus/buttonLifetime.js';
import { importOf, issuesOf, registryEntryOf } from './corpus/corpusOptions.js';
import { actorOf, isModerator } from './corpus/permissions.js';
import { corpusSuggestions } from './corpus/registryAutocomplete.js';
import {
  CORPUS_COMMAND,
  corpusDefinition,
  decodeCorpusButton,
  isCorpusCustomId,
  type CorpusButton,
} from './corpusCommands.js';
import {
  CORPUS_NOTES,
  changeMessage,
  previewMessage,
  refusalMessage,
  removeConfirmMessage,
  statusMessage,
} from './corpusMessages.js';
import type { BotExtension, ExtensionContext } from './extensions.js';
import type { Incoming } from './incoming.js';
import type { Outcome } from './metrics.js';
import { noteMessage, type BotMessage } from './replies.js';
import { answerWithin } from './respond.js';
import { fitChoices, type InteractionHandler } from './router.js';
import { gapsMessage, questionLogUnavailable, statsMessage } from './usageMessages.js';

export { attachmentSource } from './corpus/attachmentTrust.js';

export interface CorpusExtensionOptions {
  /** Service options to add or override (tests: a clock, write hooks, fetch limits). */
  moderation?: Partial<ModerationOptions>;
  /** Read uploads in a worker thread (default) or in the bot's own thread. */
  readInWorker?: boolean;
}

/** The /corpus handler for one bot. */
async function createCorpusHandler(
  context: Pick<
    ExtensionContext,
    'store' | 'rest' | 'logger' | 'config' | 'answerLog' | 'servingCopies' | 'announceReload'
  >,
  options: CorpusExtensionOptions = {},
): Promise<InteractionHandler> {
  const { store, rest, logger, config, answerLog, servingCopies, announceReload } = context;
  const modRoleId = config.modRoleId ?? null;
  const attachments = attachmentSource(config.apiBase);
  const policy = { allowPrivate: config.fetchAllowPrivate ?? false };
  const fetch: FetchOptions = { policy };
  const attachmentFetch: FetchOptions = { policy: { ...policy, allowAddresses: attachments.allowAddresses } };
  const worker = options.readInWorker === false ? null : new ArticleReaderWorker();
  const signer = buttonSigner(config.buttonSigningKey);
  const moderation = await CorpusModeration.open(store, {
    fetch,
    attachmentFetch,
    audit: auditSinks(rest, logger, config.modLogChannelId ?? null),
    onSinkError: (error, event) => logger.warn('audit-sink-failed', { what: event.what, error }),
    ...(worker ? { readArticle: worker.read } : {}),
    ...options.moderation,
  });

  const ephemeral = (i: Incoming, m: BotMessage) => i.reply(m, true);
  const refusal = (what?: string) => (error: unknown) =>
    error instanceof Refusal ? refusalMessage(error, what) : null;
  /** Deferred at once, then the service's answer (or its refusal) in place of "thinking…". */
  const deferred = async <T>(i: Incoming, work: () => Promise<T>, show: (value: T) => BotMessage): Promise<Outcome> => {
    const done = await answerWithin(i, work, show, {
      deferAfterMs: 0,
      mode: { reply: { ephemeral: true } },
      refusal: refusal(),
    });
    return done.refused ? 'refused' : 'ok';
  };

  async function add(i: Incoming): Promise<Outcome> {
    const { file, input, overrides } = importOf(i.options);
    if (!input) {
      await ephemeral(i, noteMessage(CORPUS_NOTES.needSource));
      return 'invalid';
    }
    if (file && !attachments.trusted(file.url)) {
      await ephemeral(i, noteMessage(CORPUS_NOTES.untrustedAttachment));
      return 'invalid';
    }
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

  async function remove(i: Incoming): Promise<Outcome> {
    const id = (i.options.getString('article') ?? '').trim();
    const article = store.current.corpus.articles.find((a) => a.id === id);
    if (!article) {
      await ephemeral(i, noteMessage(CORPUS_NOTES.noArticle(id)));
      return 'invalid';
    }
    await ephemeral(i, removeConfirmMessage(article, i.user.id, Date.now(), signer));
    return 'ok';
  }

  async function addEntry(i: Incoming, kind: 'statement' | 'response'): Promise<Outcome> {
    const parsed = registryEntryOf(i.options, kind);
    if (!parsed.ok) {
      await ephemeral(i, noteMessage(CORPUS_NOTES.invalid(issuesOf(parsed.error))));
      return 'invalid';
    }
    const actor = actorOf(i);
    if (parsed.kind === 'statement') {
      const next = `Add the articles that report it with \`/corpus add statement: ${parsed.entry.id}\`; /who-signed names its signatories from them.`;
      return deferred(
        i,
        () => moderation.addStatement(parsed.entry, actor),
        (outcome) => changeMessage(outcome, next),
      );
    }
    const next = `Add the articles that report it with \`/corpus add statement: ${parsed.entry.respondsTo}, ${parsed.entry.id}\`; /dprk-response cites them.`;
    return deferred(
      i,
      () => moderation.addResponse(parsed.entry, actor),
      (outcome) => changeMessage(outcome, next),
    );
  }

  async function command(i: Incoming): Promise<Outcome> {
    const group = i.options.subcommandGroup;
    const sub = i.options.subcommand;
    const actor = actorOf(i);
    if (group === 'statement' && sub === 'add') return addEntry(i, 'statement');
    if (group === 'response' && sub === 'add') return addEntry(i, 'response');
    switch (sub) {
      case 'add':
        return add(i);
      case 'remove':
        return remove(i);
      case 'restore': {
        const ref = (i.options.getString('article') ?? '').trim();
        return deferred(
          i,
          () => moderation.restoreArticle(ref, actor),
          (outcome) => changeMessage(outcome),
        );
      }
      case 'reload':
        // Then every other process on this corpus folder reloads too (the generation moves). This
        // process has reloaded whatever happens: a lock that cannot be had is logged, not refused.
        return deferred(
          i,
          async () => {
            const outcome = await moderation.reload(actor);
            await announceReload(HTTP_INTERACTIONS.announceLockWaitMs).catch((error: unknown) =>
              logger.warn('corpus-generation-not-announced', { error }),
            );
            return outcome;
          },
          (outcome) => changeMessage(outcome),
        );
      case 'status':
        return deferred(
          i,
          async () => ({ status: await moderation.status(), copies: await servingCopies() }),
          ({ status, copies }) => statusMessage(status, answerLog.health(), copies),
        );
      case 'gaps':
        return report(i, { action: 'gaps', days: i.options.getInteger('days') ?? USAGE.defaultReportDays, offset: 0 });
      case 'stats':
        return report(i, {
          action: 'stats',
          days: i.options.getInteger('days') ?? USAGE.defaultReportDays,
          page: 'overview',
        });
      default:
        await ephemeral(i, noteMessage(CORPUS_NOTES.expiredButton));
        return 'unknown';
    }
  }

  /** A page of /corpus gaps or /corpus stats, from the question log: a new ephemeral reply, or a page turned in place. */
  async function report(i: Incoming, page: Extract<CorpusButton, { action: 'gaps' | 'stats' }>): Promise<Outcome> {
    const now = Date.now();
    const articles = store.current.corpus.articles;
    const shown =
      page.action === 'gaps'
        ? answerLog.read((db) =>
            gapsMessage(
              gapsReport(db, { days: page.days, now, offset: page.offset, limit: USAGE.gapsPerPage }),
              articles,
            ),
          )
        : answerLog.read((db) => statsMessage(statsReport(db, { days: page.days, now }), page.page, articles));
    const reply = shown ?? questionLogUnavailable(answerLog.health());
    if (i.kind === 'button') await i.update(reply);
    else await ephemeral(i, reply);
    return shown ? 'ok' : 'refused';
  }

  async function button(i: Incoming): Promise<Outcome> {
    const decoded = decodeCorpusButton(i.customId ?? '', signer);
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
        await i.update(noteMessage(CORPUS_NOTES.cancelled));
        return 'ok';
      case 'rm-no':
        await i.update(noteMessage(CORPUS_NOTES.removeCancelled));
        return 'ok';
      case 'add':
        return confirm(i, () => moderation.confirmPending(decoded.token, actor), 'Nothing was added');
      case 'rm': {
        if (decoded.userId !== i.user.id) {
          await ephemeral(i, noteMessage(CORPUS_NOTES.removeForeign));
          return 'foreign';
        }
        if (removalExpired(decoded.issuedAt)) {
          await i.update(noteMessage(CORPUS_NOTES.removeExpired));
          return 'expired';
        }
        const id = removalTarget(store.current.corpus.articles, decoded.article);
        if (!id) {
          await i.update(noteMessage('That article is no longer in the corpus; nothing was removed.'));
          return 'expired';
        }
        return confirm(i, () => moderation.removeArticle(id, actor), 'Nothing was removed');
      }
    }
  }

  /** Confirm: acknowledge the click at once, write, then replace the preview with the outcome. */
  async function confirm(
    i: Incoming,
    work: () => ReturnType<CorpusModeration['confirmPending']>,
    nothing: string,
  ): Promise<Outcome> {
    const outcomeOf = (error: Refusal): Outcome =>
      error.code === 'expired' || error.code === 'not-found' ? 'expired' : 'refused';
    let refused: Outcome = 'refused';
    try {
      const done = await answerWithin(i, work, (outcome) => changeMessage(outcome), {
        deferAfterMs: 0,
        mode: 'update',
        refusal: (error) => {
          if (!(error instanceof Refusal) || error.code === 'busy' || error.code === 'not-yours') return null;
          refused = outcomeOf(error);
          return refusalMessage(error, nothing);
        },
      });
      return done.refused ? refused : 'ok';
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      // The preview stands (another click may work): say why in a note of its own.
      await i.followUp(refusalMessage(error, nothing), true);
      return outcomeOf(error);
    }
  }

  async function autocomplete(i: Incoming): Promise<Outcome> {
    if (!isModerator(i, modRoleId)) {
      await i.respond([]);
      return 'denied';
    }
    const focused = i.options.getFocused() ?? { name: '', value: '' };
    await i.respond(
      fitChoices(await corpusSuggestions(store, moderation, focused.name, focused.value, i.options.subcommand)),
    );
    return 'ok';
  }

  return {
    name: CORPUS_COMMAND,
    matches: (i) =>
      ((i.kind === 'command' || i.kind === 'autocomplete') && i.commandName === CORPUS_COMMAND) ||
      (i.kind === 'button' && isCorpusCustomId(i.customId ?? '')),
    async handle(i) {
      if (i.kind === 'autocomplete') return autocomplete(i);
      if (i.kind !== 'command' && i.kind !== 'button') return 'unknown';
      if (!i.member) {
        await ephemeral(i, noteMessage(CORPUS_NOTES.guildOnly));
        return 'denied';
      }
      if (!isModerator(i, modRoleId)) {
        logger.info('corpus-denied', { user: i.user.id, guild: i.guildId, interaction: i.id });
        await ephemeral(i, noteMessage(CORPUS_NOTES.denied(modRoleId)));
        return 'denied';
      }
      return i.kind === 'button' ? button(i) : command(i);
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
