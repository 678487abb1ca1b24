import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { IMPORT } from '../config/constants.js';
import { formatBytes } from '../corpus/fetchArticle.js';
import { ArticleReaderWorker } from '../corpus/articleReaderWorker.js';
import { importOverridesSchema, type ImportInput } from '../corpus/importArticle.js';
import { CorpusError } from '../files/problems.js';
import { Refusal } from '../corpus/refusal.js';
import { responseSchema, statementSchema } from '../corpus/schema.js';
import { terminalActor } from '../moderation/actor.js';
import { describeEvent, jsonLineAuditSink } from '../moderation/audit.js';
import { CorpusModeration, type ChangeOutcome } from '../moderation/corpusModeration.js';
import { renderPreviewText } from '../moderation/preview.js';
import { KnowledgeStore } from '../search/knowledgeStore.js';
import {
  EXIT,
  MAIN_OPTIONS,
  UsageError,
  corpusDirOf,
  isUsageError,
  joinNegativeValues,
  reportUsage,
} from './shared.js';

/**
 * The terminal side of corpus moderation: `corpus add|remove|restore|trash|status` and
 * `corpus statement add` / `corpus response add`, on the same service the Discord /corpus commands
 * use. Exit 0 written (or previewed, listed), 1 refused (one line on stderr, nothing written), 2 bad usage.
 */

const SUBCOMMANDS = ['add', 'remove', 'restore', 'trash', 'status', 'statement', 'response'] as const;

const OPTIONS = {
  json: { type: 'boolean', default: false },
  corpus: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  title: { type: 'string' },
  outlet: { type: 'string' },
  published: { type: 'string' },
  url: { type: 'string' },
  statement: { type: 'string', multiple: true },
  id: { type: 'string' },
  date: { type: 'string' },
  'date-note': { type: 'string' },
  'issued-by': { type: 'string' },
  alias: { type: 'string', multiple: true },
  'responds-to': { type: 'string' },
  channel: { type: 'string' },
} as const;

/** Whether argv is a corpus command run here (`corpus check` stays with the main CLI). */
export function isCorpusModerationCommand(argv: string[]): boolean {
  if (argv.includes('--help') || argv.includes('-h')) return false; // the main help covers these
  const { positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { ...MAIN_OPTIONS, ...OPTIONS },
  });
  return positionals[0] === 'corpus' && (SUBCOMMANDS as readonly string[]).includes(positionals[1] ?? '');
}

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseArgs({ args: joinNegativeValues(argv, OPTIONS), allowPositionals: true, strict: true, options: OPTIONS });
}

export async function runCorpusModeration(argv: string[]): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parse(argv);
    json = values.json;
    const [, sub, ...rest] = positionals;
    const corpusDir = corpusDirOf(values.corpus);
    const run = async (task: (moderation: CorpusModeration) => Promise<number>) => {
      const store = await KnowledgeStore.open(corpusDir);
      const audit = jsonLineAuditSink((line) => process.stderr.write(`${line}\n`));
      // Uploads are read in a worker thread with a time limit, so a hostile one is refused, not fatal.
      const reader = new ArticleReaderWorker();
      try {
        return await task(await CorpusModeration.open(store, { audit: json ? [] : [audit], readArticle: reader.read }));
      } finally {
        await reader.close();
      }
    };
    switch (sub) {
      case 'add':
        return await run((m) => add(m, one(rest, 'corpus add <file-or-url>'), values));
      case 'remove':
        return await run(async (m) =>
          printChange(await m.removeArticle(one(rest, 'corpus remove <article-id>'), terminalActor()), values),
        );
      case 'restore':
        return await run(async (m) =>
          printChange(
            await m.restoreArticle(one(rest, 'corpus restore <article-id or trash file>'), terminalActor()),
            values,
          ),
        );
      case 'trash':
        none(rest, 'corpus trash');
        return await run(async (m) => trash(m, values));
      case 'status':
        none(rest, 'corpus status');
        return await run(async (m) => status(m, values));
      case 'statement':
        if (rest[0] !== 'add' || rest.length > 1)
          throw new UsageError('corpus statement add --id ID --title T --date YYYY-MM-DD --issued-by WHO [--alias A]…');
        return await run(async (m) =>
          printChange(await m.addStatement(statementFrom(values), terminalActor()), values),
        );
      case 'response':
        if (rest[0] !== 'add' || rest.length > 1)
          throw new UsageError(
            'corpus response add --id ID --responds-to STATEMENT --title T --date YYYY-MM-DD --issued-by WHO --channel C [--alias A]…',
          );
        return await run(async (m) => printChange(await m.addResponse(responseFrom(values), terminalActor()), values));
      default:
        throw new UsageError(`unknown corpus command "${sub ?? ''}"`);
    }
  } catch (error) {
    if (error instanceof Refusal || error instanceof CorpusError) {
      const message = error instanceof Refusal ? `refused: ${error.message}` : `broken corpus: ${error.message}`;
      if (json) {
        const code = error instanceof Refusal ? error.code : 'broken-corpus';
        process.stdout.write(
          `${JSON.stringify({ ok: false, written: false, code, error: error.message, problems: error.problems })}\n`,
        );
      }
      process.stderr.write(`${message}\n`);
      return EXIT.refused;
    }
    if (isUsageError(error)) return reportUsage(error);
    throw error;
  }
}

function one(rest: string[], usage: string): string {
  if (rest.length !== 1 || !rest[0]) throw new UsageError(usage);
  return rest[0];
}

function none(rest: string[], usage: string): void {
  if (rest.length > 0) throw new UsageError(`${usage} takes no arguments`);
}

/** Schema fields whose flag is named otherwise (a repeatable flag is singular). */
const FLAG_OF: Record<string, string> = { aliases: 'alias', statements: 'statement' };

function validated<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const flag = (path: PropertyKey[]) =>
      `--${FLAG_OF[String(path[0])] ?? String(path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    const reason = (message: string) =>
      /received undefined/.test(message) ? 'required' : message.replace(/^\w+: /, '');
    throw new UsageError(parsed.error.issues.map((i) => `${flag(i.path)}: ${reason(i.message)}`).join('; '));
  }
  return parsed.data;
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

async function add(moderation: CorpusModeration, target: string, values: Values): Promise<number> {
  const statements = values.statement
    ?.flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  const overrides = validated(importOverridesSchema, {
    ...(values.id !== undefined ? { id: values.id } : {}),
    ...(values.title !== undefined ? { title: values.title } : {}),
    ...(values.outlet !== undefined ? { outlet: values.outlet } : {}),
    ...(values.published !== undefined ? { published: values.published } : {}),
    ...(values.url !== undefined ? { url: values.url } : {}),
    ...(statements ? { statements } : {}),
  });
  const input: ImportInput = URL_LIKE.test(target) ? { kind: 'url', url: target } : await readUpload(target);
  const draft = await moderation.draft(input, overrides);
  const preview = moderation.preview(draft);
  if (values['dry-run']) {
    if (values.json) process.stdout.write(`${JSON.stringify({ ok: true, written: false, dryRun: true, preview })}\n`);
    else process.stdout.write(`${renderPreviewText(preview)}\n\ndry run: nothing written\n`);
    return EXIT.ok;
  }
  const outcome = await moderation.addArticle(draft, terminalActor());
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ ok: true, written: true, article: summaryOf(draft.article), file: outcome.event.file, preview, change: outcome.event, reload: outcome.reload })}\n`,
    );
  } else {
    const { article } = draft;
    process.stdout.write(
      `added ${article.id}: "${article.title}" (${article.paragraphs.length} paragraphs) → ${outcome.event.file}\n`,
    );
    for (const note of preview.notes) process.stdout.write(`  note: ${note}\n`);
    process.stdout.write('A running bot picks it up on /corpus reload.\n');
  }
  return EXIT.ok;
}

function summaryOf(article: {
  id: string;
  title: string;
  outlet: string;
  published: string;
  url: string | null;
  reports: string[];
  paragraphs: string[];
}) {
  const { id, title, outlet, published, url, reports } = article;
  return { id, title, outlet, published, url, reports, paragraphs: article.paragraphs.length };
}

/**
 * Reads a file to import, refusing one over the size limit before reading it. What it is, is checked
 * on the opened handle, and the open does not block, so a FIFO is refused instead of waited on.
 */
async function readUpload(path: string): Promise<ImportInput> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
    throw new Refusal(
      'not-found',
      `cannot read ${path}: ${error.code === 'ENOENT' ? 'no such file' : (error.code ?? error.message)}`,
    );
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Refusal('unsupported-type', `${path} is not a file`);
    if (info.size > IMPORT.maxBytes)
      throw new Refusal(
        'too-large',
        `${basename(path)} is ${formatBytes(info.size)}; the limit is ${formatBytes(IMPORT.maxBytes)}`,
      );
    return { kind: 'file', name: basename(path), bytes: await handle.readFile() };
  } finally {
    await handle.close();
  }
}

function printChange(outcome: ChangeOutcome, values: Values): number {
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ ok: true, written: true, change: outcome.event, reload: outcome.reload })}\n`,
    );
    return EXIT.ok;
  }
  process.stdout.write(`${describeEvent(outcome.event)}\n`);
  if (!outcome.reload.ok) process.stderr.write(`warning: the corpus does not load now: ${outcome.reload.message}\n`);
  process.stdout.write('A running bot picks it up on /corpus reload.\n');
  return EXIT.ok;
}

async function trash(moderation: CorpusModeration, values: Values): Promise<number> {
  const entries = await moderation.trash();
  if (values.json) process.stdout.write(`${JSON.stringify({ ok: true, trash: entries })}\n`);
  else if (entries.length === 0) process.stdout.write('the trash is empty\n');
  else
    for (const e of entries)
      process.stdout.write(`${e.removedAt}  ${e.id}  (${e.file}; restore with: corpus restore ${e.id})\n`);
  return EXIT.ok;
}

async function status(moderation: CorpusModeration, values: Values): Promise<number> {
  const s = await moderation.status();
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ok: true, ...s })}\n`);
    return EXIT.ok;
  }
  const lines = [
    `corpus ${s.corpusDir}: ${s.articles} articles, ${s.paragraphs} paragraphs, ${s.statements} statements, ${s.responses} responses`,
    `index built in ${s.buildMs.toFixed(1)} ms`,
    `last change: ${s.lastChange ? `${s.lastChange.when}: ${describeEvent(s.lastChange)}` : 'none recorded'}`,
    `last reload: ${s.lastReload ? `${s.lastReload.when} by ${s.lastReload.who.name}` : 'none recorded'}`,
    `trash: ${s.trash} article${s.trash === 1 ? '' : 's'}; previews waiting: ${s.pending}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

function registryBase(values: Values) {
  return {
    id: values.id,
    title: values.title,
    date: values.date,
    ...(values['date-note'] !== undefined ? { dateNote: values['date-note'] } : {}),
    issuedBy: values['issued-by'],
    aliases: values.alias ?? [],
  };
}

function statementFrom(values: Values) {
  refuseFlags(values, ['outlet', 'published', 'url', 'statement', 'responds-to', 'channel'], 'corpus statement add');
  return validated(statementSchema, registryBase(values));
}

function responseFrom(values: Values) {
  refuseFlags(values, ['outlet', 'published', 'url', 'statement'], 'corpus response add');
  return validated(responseSchema, {
    ...registryBase(values),
    respondsTo: values['responds-to'],
    channel: values.channel,
  });
}

function refuseFlags(values: Values, flags: Array<keyof Values>, command: string): void {
  const given = flags.find((f) => values[f] !== undefined);
  if (given) throw new UsageError(`${command} takes no --${given}`);
}
