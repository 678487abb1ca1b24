import { access, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { YAML_LIMITS } from '../config/constants.js';
import { isMap, isSeq, parseDocument, Scalar, type Document } from 'yaml';
import { parseArticleFile, serializeArticle, type Article } from './articleFile.js';
import { moveAtomic, writeFileAtomic, type WriteHooks } from './atomicFile.js';
import { withCorpusLock } from './corpusLock.js';
import { bumpGeneration } from './generation.js';
import { refuseDuplicateArticle } from './duplicates.js';
import { ARTICLES_DIR, REGISTRY_FILE, checkCorpus, crossCheck, lineIn, readCorpusFile, type Corpus } from './loadCorpus.js';
import type { CorpusProblem } from '../files/problems.js';
import { Refusal } from './refusal.js';
import {
  SLUG_SOURCE,
  registrySchema,
  responseSchema,
  statementSchema,
  type ArticleFrontMatter,
  type DprkResponse,
  type Registry,
  type Statement,
} from './schema.js';
import { validateYaml } from '../files/validateYaml.js';

/** Where removed articles go, inside the corpus folder, so a removal can be undone. */
export const TRASH_DIR = '.trash';

type NewArticle = ArticleFrontMatter & { paragraphs: string[] };

/** A registry entry to add: a statement, or North Korea's response to one. */
type RegistryAddition = { kind: 'statement'; entry: Statement } | { kind: 'response'; entry: DprkResponse };

/** A removed article waiting in the trash. */
export interface TrashEntry {
  /** Path relative to the corpus folder (".trash/2025-01-02T10-00-00-000Z-some-id.md"). */
  file: string;
  id: string;
  removedAt: string;
}

/**
 * Every write to the corpus goes through here: under the corpus lock, the current corpus is read and
 * must be valid, the corpus as it would be after the change is validated in full (schema and cross
 * references), and only then is the change written atomically. A refusal writes nothing.
 */

/** An article written into the corpus: its file and text as written, and the digest of the corpus it joined (the one validated). */
export interface ArticleWritten {
  file: string;
  article: Article;
  text: string;
  base: string;
}

/** Adds an article file; refused if its id is taken, it is already there, or the corpus would not load. */
export async function writeNewArticle(dir: string, article: NewArticle, hooks: WriteHooks = {}): Promise<ArticleWritten> {
  return locked(dir, hooks, async () => {
    const corpus = await readValidCorpus(dir);
    const file = join(ARTICLES_DIR, `${article.id}.md`);
    if (corpus.articles.some((a) => a.id === article.id) || (await exists(join(dir, file)))) {
      throw new Refusal('duplicate', `an article with the id "${article.id}" is already in the corpus`);
    }
    refuseDuplicateArticle(article, corpus.articles);
    const text = serializeArticle(article);
    const parsed = parseArticleFile(text, file);
    if ('problems' in parsed) throw Refusal.fromProblems('invalid-article', 'the article would not load', parsed.problems);
    const texts = new Map([[file, text]]);
    refuseProblems(crossCheck([...corpus.articles, parsed.article], corpus.registry, lineIn(texts)), 'invalid-article', 'the corpus would not load with this article');
    await writeFileAtomic(join(dir, file), text, hooks);
    return { file, article: parsed.article, text, base: corpus.digest };
  });
}

/** Moves an article to the trash in one rename; the corpus without it is validated first. */
export async function trashArticle(dir: string, id: string, now: Date = new Date(), hooks: WriteHooks = {}): Promise<{ file: string; trashFile: string; article: Article }> {
  return locked(dir, hooks, async () => {
    const corpus = await readValidCorpus(dir);
    const article = corpus.articles.find((a) => a.id === id);
    if (!article) throw new Refusal('not-found', `no article with the id "${id}" in the corpus`);
    refuseProblems(
      crossCheck(corpus.articles.filter((a) => a !== article), corpus.registry, () => 1),
      'invalid-article',
      'the corpus would not load without this article',
    );
    await mkdir(join(dir, TRASH_DIR), { recursive: true });
    const trashFile = join(TRASH_DIR, `${now.toISOString().replace(/[:.]/g, '-')}-${id}.md`);
    await moveAtomic(join(dir, article.file), join(dir, trashFile));
    return { file: article.file, trashFile, article };
  });
}

const TRASH_NAME = new RegExp(`^(\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}-\\d{3}Z)-(${SLUG_SOURCE})\\.md$`);

/** Removed articles, newest first. */
export async function listTrash(dir: string): Promise<TrashEntry[]> {
  const names = await readdir(join(dir, TRASH_DIR)).catch(() => [] as string[]);
  return names
    .map((name) => TRASH_NAME.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ file: join(TRASH_DIR, m[0]), id: m[2]!, removedAt: m[1]!.replace(/T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/, 'T$1:$2:$3.$4Z') }))
    .sort((a, b) => b.removedAt.localeCompare(a.removedAt));
}

/**
 * Puts a removed article back: `ref` is an article id (its most recent removal) or a trash file name.
 * Refused if an article with that id exists again or the corpus would not load with it.
 */
export async function restoreArticle(dir: string, ref: string, hooks: WriteHooks = {}): Promise<ArticleWritten & { trashFile: string }> {
  return locked(dir, hooks, async () => {
    const corpus = await readValidCorpus(dir);
    const entry = (await listTrash(dir)).find((e) => e.id === ref || e.file === ref || e.file === join(TRASH_DIR, ref));
    if (!entry) throw new Refusal('not-found', `nothing named "${ref}" in ${TRASH_DIR}/`);
    const file = join(ARTICLES_DIR, `${entry.id}.md`);
    if (corpus.articles.some((a) => a.id === entry.id) || (await exists(join(dir, file)))) {
      throw new Refusal('duplicate', `an article with the id "${entry.id}" is in the corpus again; remove it first`);
    }
    const read = await readCorpusFile(dir, entry.file);
    if (!read.ok) throw new Refusal('invalid-article', `${entry.file} cannot be restored: ${read.reason}`);
    const text = read.text;
    const parsed = parseArticleFile(text, file);
    if ('problems' in parsed) throw Refusal.fromProblems('invalid-article', `${entry.file} would not load`, parsed.problems);
    refuseProblems(
      crossCheck([...corpus.articles, parsed.article], corpus.registry, lineIn(new Map([[file, text]]))),
      'invalid-article',
      'the corpus would not load with this article',
    );
    await moveAtomic(join(dir, entry.file), join(dir, file));
    return { file, trashFile: entry.file, article: parsed.article, text, base: corpus.digest };
  });
}

/**
 * Adds a statement or a response to statements.yaml, keeping its comments and layout (yaml's
 * Document API), after validating the entry and the whole resulting registry against the articles.
 */
export async function addRegistryEntry(dir: string, addition: RegistryAddition, hooks: WriteHooks = {}): Promise<{ file: string; registry: Registry }> {
  const schema = addition.kind === 'statement' ? statementSchema : responseSchema;
  const entry = schema.safeParse(addition.entry);
  if (!entry.success) throw new Refusal('invalid-entry', entry.error.issues.map((i) => `${i.path.join('.') || addition.kind}: ${i.message}`).join('; '));

  return locked(dir, hooks, async () => {
    const corpus = await readValidCorpus(dir);
    const { statements, responses } = corpus.registry;
    const value = entry.data;
    if ([...statements, ...responses].some((e) => e.id === value.id)) {
      throw new Refusal('duplicate', `"${value.id}" is already a statement or response id in ${REGISTRY_FILE}`);
    }
    if ('respondsTo' in value && !statements.some((s) => s.id === value.respondsTo)) {
      throw new Refusal('unknown-statement', `"${value.respondsTo}" is not a statement in ${REGISTRY_FILE} (known: ${statements.map((s) => s.id).join(', ')})`);
    }

    const read = await readCorpusFile(dir, REGISTRY_FILE);
    if (!read.ok) throw new Refusal('broken-corpus', `${REGISTRY_FILE}: ${read.reason}`);
    const doc = parseDocument(read.text);
    appendEntry(doc, addition.kind === 'statement' ? 'statements' : 'responses', value);
    const next = doc.toString({ lineWidth: 0 });

    const parsed = validateYaml(next, registrySchema, REGISTRY_FILE, 1, YAML_LIMITS.registry);
    if ('problems' in parsed) throw Refusal.fromProblems('invalid-entry', `${REGISTRY_FILE} would not load`, parsed.problems);
    refuseProblems(crossCheck(corpus.articles, parsed.value, lineIn(new Map([[REGISTRY_FILE, next]]))), 'invalid-entry', `${REGISTRY_FILE} would not load`);
    await writeFileAtomic(join(dir, REGISTRY_FILE), next, hooks);
    return { file: REGISTRY_FILE, registry: parsed.value };
  });
}

/** Appends an entry to a top-level list, in the file's style: dates quoted as the file quotes them. */
function appendEntry(doc: Document, key: 'statements' | 'responses', value: Statement | DprkResponse): void {
  if (!isMap(doc.contents)) throw new Refusal('broken-corpus', `${REGISTRY_FILE} is not a mapping of statements and responses`);
  const node = doc.createNode(value);
  const date = node.get('date', true);
  if (date instanceof Scalar) date.type = Scalar.QUOTE_SINGLE;
  const list = doc.get(key, true);
  if (isSeq(list)) list.add(node);
  else doc.set(key, doc.createNode([value]));
}

/** A change under the corpus lock; once it is on disk the generation moves, so every process sharing the folder reloads. */
function locked<T>(dir: string, hooks: WriteHooks, task: () => Promise<T>): Promise<T> {
  return withCorpusLock(dir, async () => {
    const result = await task();
    await bumpGeneration(dir);
    return result;
  }, hooks.lockWaitMs, hooks);
}

/** The corpus as it is on disk, which must be valid: a change is never stacked on a broken corpus. */
async function readValidCorpus(dir: string): Promise<Corpus> {
  const { corpus, problems } = await checkCorpus(dir);
  if (!corpus) throw Refusal.fromProblems('broken-corpus', 'the corpus on disk has problems; fix them first (corpus check lists them all)', problems);
  return corpus;
}

function refuseProblems(problems: CorpusProblem[], code: 'invalid-article' | 'invalid-entry', lead: string): void {
  if (problems.length > 0) throw Refusal.fromProblems(code, lead, problems);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
