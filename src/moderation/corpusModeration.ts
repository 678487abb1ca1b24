import { join } from 'node:path';
import { DISCORD_LIMITS, IMPORT } from '../config/constants.js';
import { sweepTempFiles, type WriteHooks } from '../corpus/atomicFile.js';
import type { FetchOptions } from '../corpus/fetchArticle.js';
import { draftArticle, type ArticleDraft, type ImportInput, type ImportOverrides } from '../corpus/importArticle.js';
import type { ArticleTextReader } from '../corpus/readArticleText.js';
import { ARTICLES_DIR } from '../corpus/loadCorpus.js';
import { CorpusError } from '../files/problems.js';
import { formatPublished } from '../corpus/published.js';
import { Refusal } from '../corpus/refusal.js';
import type { DprkResponse, Statement } from '../corpus/schema.js';
import {
  TRASH_DIR,
  addRegistryEntry,
  listTrash,
  restoreArticle,
  trashArticle,
  writeNewArticle,
  type ArticleWritten,
  type TrashEntry,
} from '../corpus/writeCorpus.js';
import type { Knowledge } from '../search/knowledge.js';
import type { KnowledgeStore } from '../search/knowledgeStore.js';
import { foldText } from '../search/textProcessing.js';
import type { Actor } from './actor.js';
import type { AuditEvent, AuditSink, ChangeAction } from './audit.js';
import { lastChanges, recordChange } from './changeLog.js';
import { PENDING_DIR, countPending, dropPending, loadPending, savePending, sweepPending } from './pendingDrafts.js';
import { previewOf, type ArticlePreview } from './preview.js';

export interface ModerationOptions {
  /** Where audit events go besides the corpus's own change log. */
  audit?: AuditSink[];
  /** Fetch limits and the address policy for URL imports (defaults: constants and the environment). */
  fetch?: FetchOptions;
  /**
   * The same for downloading a Discord attachment, whose URL Discord gives (its CDN, or a local
   * emulator's address), never the user. Default: `fetch`.
   */
  attachmentFetch?: FetchOptions;
  /** Reads an upload's text as an article; default in this thread (the bot and the CLI use a worker). */
  readArticle?: ArticleTextReader;
  /** Failure injection for tests: what happens between writing a file and renaming it into place. */
  hooks?: WriteHooks;
  now?: () => Date;
  /** Called when an audit sink fails; the change itself stands. Default: a line on stderr. */
  onSinkError?: (error: unknown, event: AuditEvent) => void;
}

/** What the knowledge holds after a refresh. */
export interface KnowledgeSummary {
  articles: number;
  paragraphs: number;
  statements: number;
  responses: number;
  buildMs: number;
}

/** A change that landed on disk, and whether the running knowledge picked it up. */
export interface ChangeOutcome {
  event: AuditEvent;
  /** The knowledge after the reload that follows every change, or why it kept the previous one. */
  reload: ({ ok: true } & KnowledgeSummary) | { ok: false; message: string; problems: CorpusError['problems'] };
}

export interface PreviewOutcome {
  /** For the Confirm and Cancel buttons; valid until expiresAt, across restarts. */
  token: string;
  expiresAt: string;
  preview: ArticlePreview;
}

export interface CorpusStatus extends KnowledgeSummary {
  corpusDir: string;
  /** The most recent change to the corpus (by anyone, from the bot or the terminal), reloads aside. */
  lastChange: AuditEvent | null;
  /** The most recent reload recorded (after an edit on the server, say). */
  lastReload: AuditEvent | null;
  /** Removed articles that can be restored. */
  trash: number;
  /** Previews waiting for Confirm. */
  pending: number;
}

export interface ArticleChoice {
  name: string;
  value: string;
}

/**
 * The moderators' operations on the corpus, for every surface (the CLI's `corpus`, Discord's /corpus): no
 * transport, no permissions (the caller checks those). Each change runs inside the store's
 * `exclusive()` queue (one refresh at a time in this process) and the corpus lock (one writer across
 * processes), validates the corpus it would produce, writes atomically, is recorded and audited, and
 * is followed by a reload that swaps the new index in while the old one keeps answering.
 */
export class CorpusModeration {
  readonly #store: KnowledgeStore;
  readonly #audit: AuditSink[];
  readonly #fetch: FetchOptions;
  readonly #attachmentFetch: FetchOptions;
  readonly #readArticle: ArticleTextReader | undefined;
  readonly #hooks: WriteHooks;
  readonly #now: () => Date;
  readonly #onSinkError: (error: unknown, event: AuditEvent) => void;

  constructor(store: KnowledgeStore, options: ModerationOptions = {}) {
    this.#store = store;
    this.#audit = options.audit ?? [];
    this.#fetch = options.fetch ?? {};
    this.#attachmentFetch = options.attachmentFetch ?? this.#fetch;
    this.#readArticle = options.readArticle;
    this.#hooks = options.hooks ?? {};
    this.#now = options.now ?? (() => new Date());
    this.#onSinkError =
      options.onSinkError ??
      ((error, event) => process.stderr.write(`audit sink failed for ${event.what}: ${String(error)}\n`));
  }

  /** A service over `store`, after sweeping what a crash may have left (temporary files, expired previews). */
  static async open(store: KnowledgeStore, options: ModerationOptions = {}): Promise<CorpusModeration> {
    const moderation = new CorpusModeration(store, options);
    await moderation.sweep();
    return moderation;
  }

  get corpusDir(): string {
    return this.#store.corpusDir;
  }

  /** Removes crash leftovers: stale temporary files and expired previews. */
  async sweep(): Promise<void> {
    const dir = this.corpusDir;
    for (const sub of ['', ARTICLES_DIR, TRASH_DIR, PENDING_DIR])
      await sweepTempFiles(join(dir, sub), IMPORT.staleTempMs);
    await sweepPending(dir, this.#now());
  }

  /** A validated draft of an article to add; writes nothing. Throws a Refusal saying why not. */
  draft(input: ImportInput, overrides: ImportOverrides = {}): Promise<ArticleDraft> {
    const fetch = input.kind === 'attachment' ? this.#attachmentFetch : this.#fetch;
    return draftArticle(input, overrides, this.#store.current.corpus, fetch, this.#readArticle);
  }

  /** The preview a moderator confirms, from a draft. */
  preview(draft: ArticleDraft): ArticlePreview {
    return previewOf(draft, this.#store.current.corpus.registry);
  }

  /**
   * Step one of an add from Discord: draft the article and keep it as a pending preview (on disk, so
   * Confirm survives a restart). Nothing is added to the corpus until confirmPending.
   */
  async previewAdd(input: ImportInput, overrides: ImportOverrides, actor: Actor): Promise<PreviewOutcome> {
    const draft = await this.draft(input, overrides);
    await sweepPending(this.corpusDir, this.#now());
    const pending = await savePending(this.corpusDir, draft, actor, this.#now(), IMPORT.pendingTtlMs);
    return { token: pending.token, expiresAt: pending.expiresAt, preview: this.preview(draft) };
  }

  /** Step two: the moderator who asked for the preview confirms it; the article is written. */
  async confirmPending(token: string, actor: Actor): Promise<ChangeOutcome> {
    const pending = await loadPending(this.corpusDir, token, this.#now());
    if (pending.actor.id !== actor.id)
      throw new Refusal('not-yours', 'only the moderator who asked for this preview can confirm it');
    try {
      const outcome = await this.addArticle(pending.draft, actor);
      await dropPending(this.corpusDir, token);
      return outcome;
    } catch (error) {
      // Busy is worth another click; any other refusal will not change, so the preview goes.
      if (!(error instanceof Refusal && error.code === 'busy')) await dropPending(this.corpusDir, token);
      throw error;
    }
  }

  /** Cancel: the preview is forgotten; nothing was written to the corpus. */
  async cancelPending(token: string, actor: Actor): Promise<void> {
    const pending = await loadPending(this.corpusDir, token, this.#now()).catch(() => null);
    if (pending && pending.actor.id !== actor.id)
      throw new Refusal('not-yours', 'only the moderator who asked for this preview can cancel it');
    await dropPending(this.corpusDir, token);
  }

  /** Writes a drafted article (the terminal's path, and Confirm's). */
  addArticle(draft: ArticleDraft, actor: Actor): Promise<ChangeOutcome> {
    let written: ArticleWritten | undefined;
    return this.#change(
      actor,
      'add-article',
      async () => {
        written = await writeNewArticle(this.corpusDir, draft.article, this.#hooks);
        return { articleId: written.article.id, title: written.article.title, file: written.file };
      },
      () => this.#store.addArticle(written!),
    );
  }

  /** Moves an article to corpus/.trash/, from where restoreArticle can bring it back. */
  removeArticle(id: string, actor: Actor): Promise<ChangeOutcome> {
    return this.#change(actor, 'remove-article', async () => {
      const { trashFile, article } = await trashArticle(this.corpusDir, id, this.#now(), this.#hooks);
      return { articleId: article.id, title: article.title, file: trashFile };
    });
  }

  /** Undoes a removal: `ref` is an article id (its latest removal) or a trash file name. */
  restoreArticle(ref: string, actor: Actor): Promise<ChangeOutcome> {
    let written: ArticleWritten | undefined;
    return this.#change(
      actor,
      'restore-article',
      async () => {
        written = await restoreArticle(this.corpusDir, ref, this.#hooks);
        return { articleId: written.article.id, title: written.article.title, file: written.file };
      },
      () => this.#store.addArticle(written!),
    );
  }

  /** Adds a joint statement to statements.yaml, so who-signed and dprk-response can name it. */
  addStatement(entry: Statement, actor: Actor): Promise<ChangeOutcome> {
    return this.#change(actor, 'add-statement', async () => {
      const { file } = await addRegistryEntry(this.corpusDir, { kind: 'statement', entry }, this.#hooks);
      return { entryId: entry.id, title: entry.title, file };
    });
  }

  /** Adds North Korea's response to a statement already in statements.yaml. */
  addResponse(entry: DprkResponse, actor: Actor): Promise<ChangeOutcome> {
    return this.#change(actor, 'add-response', async () => {
      const { file } = await addRegistryEntry(this.corpusDir, { kind: 'response', entry }, this.#hooks);
      return { entryId: entry.id, title: entry.title, file };
    });
  }

  /**
   * Re-reads corpus/ from disk (after an edit on the server) and swaps the new index in. A corpus that
   * fails validation is refused with file, line and reason, and the previous knowledge keeps answering.
   */
  async reload(actor: Actor): Promise<ChangeOutcome> {
    let knowledge: Knowledge;
    try {
      knowledge = await this.#store.reload();
    } catch (error) {
      if (error instanceof CorpusError) {
        throw Refusal.fromProblems(
          'broken-corpus',
          'the corpus on disk has problems; still answering from the previous corpus',
          error.problems,
        );
      }
      throw error;
    }
    const summary = summarise(knowledge);
    const event = await this.#record(actor, 'reload', {
      articles: summary.articles,
      paragraphs: summary.paragraphs,
      buildMs: round(summary.buildMs),
    });
    return { event, reload: { ok: true, ...summary } };
  }

  /** Articles, paragraphs, statements, the last change (when, by whom, what) and the last index build time. */
  async status(): Promise<CorpusStatus> {
    const dir = this.corpusDir;
    const summary = summarise(this.#store.current);
    const { change, reload } = await lastChanges(dir, {
      change: (e) => e.what !== 'reload',
      reload: (e) => e.what === 'reload',
    });
    return {
      corpusDir: dir,
      ...summary,
      lastChange: change,
      lastReload: reload,
      trash: (await listTrash(dir)).length,
      pending: await countPending(dir, this.#now()),
    };
  }

  /** Removed articles, newest first (for a restore command). */
  trash(): Promise<TrashEntry[]> {
    return listTrash(this.corpusDir);
  }

  /** Autocomplete for an article option: "title (outlet, date)" → id, matches of the typed text first. */
  suggestArticles(typed: string): ArticleChoice[] {
    const text = foldText(typed.trim());
    const articles = this.#store.current.corpus.articles;
    const matching =
      text === ''
        ? articles
        : articles.filter((a) => [a.id, a.title, a.outlet].some((s) => foldText(s).includes(text)));
    return matching.slice(0, DISCORD_LIMITS.autocompleteChoices).map((a) => ({
      name: truncate(`${a.title} (${a.outlet}, ${formatPublished(a.published)})`, DISCORD_LIMITS.choiceName),
      value: a.id,
    }));
  }

  /**
   * One change: the write runs in the store's queue, then a refresh queued behind it picks it up: a
   * reload, or for an added article the article indexed on its own. (The refresh is its own queued
   * task because the store's refreshes queue themselves; calling one from inside the write's task
   * would wait on that very task.)
   */
  async #change(
    actor: Actor,
    what: ChangeAction,
    write: () => Promise<Partial<AuditEvent>>,
    refresh: () => Promise<Knowledge> = () => this.#store.reload(),
  ): Promise<ChangeOutcome> {
    const details = await this.#store.exclusive(write);
    const event = await this.#record(actor, what, details);
    let reload: ChangeOutcome['reload'];
    try {
      reload = { ok: true, ...summarise(await refresh()) };
    } catch (error) {
      if (!(error instanceof CorpusError)) throw error;
      reload = { ok: false, message: error.message, problems: error.problems };
    }
    return { event, reload };
  }

  async #record(actor: Actor, what: ChangeAction, details: Partial<AuditEvent>): Promise<AuditEvent> {
    const event: AuditEvent = { when: this.#now().toISOString(), who: actor, what, corpus: this.corpusDir, ...details };
    await recordChange(this.corpusDir, event).catch((error: unknown) => this.#onSinkError(error, event));
    for (const sink of this.#audit) {
      try {
        await sink(event);
      } catch (error) {
        this.#onSinkError(error, event);
      }
    }
    return event;
  }
}

function summarise(knowledge: Knowledge): KnowledgeSummary {
  const { articles, registry } = knowledge.corpus;
  return {
    articles: articles.length,
    paragraphs: articles.reduce((n, a) => n + a.paragraphs.length, 0),
    statements: registry.statements.length,
    responses: registry.responses.length,
    buildMs: knowledge.buildMs,
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
