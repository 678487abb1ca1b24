import { lstat, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { IMPORT, YAML_LIMITS } from '../config/constants.js';
import { readRegularFile } from '../files/readRegularFile.js';
import { parseArticleFile, type Article } from './articleFile.js';
import { corpusDigest, fileDigest } from './corpusDigest.js';
import { CorpusError, type CorpusProblem } from '../files/problems.js';
import { SLUG_PATTERN, registrySchema, type Registry } from './schema.js';
import { validateYaml } from '../files/validateYaml.js';

export const ARTICLES_DIR = 'articles';
export const REGISTRY_FILE = 'statements.yaml';

export interface Corpus {
  dir: string;
  articles: Article[];
  registry: Registry;
  /** The SHA-256 of each file the corpus was read from (file → digest, the registry first, then the articles by name). */
  files: ReadonlyMap<string, string>;
  /** One digest of all of them (corpusDigest): the same files, the same digest. */
  digest: string;
}

/** What checkCorpus found: the corpus if it is sound, every problem, and what did load either way. */
export interface CorpusCheck {
  corpus: Corpus | null;
  problems: CorpusProblem[];
  /** The articles that are valid on their own (all of them when the corpus is sound). */
  articles: Article[];
  /** Files in the corpus that could not be read as what they should be. */
  refusedFiles: number;
}

/** Reads and validates the whole corpus, collecting every problem before giving up. */
export async function checkCorpus(dir: string): Promise<CorpusCheck> {
  const folder = await stat(dir).catch(() => null);
  if (!folder?.isDirectory()) {
    // Named as given: "statements.yaml is missing" would not say that the folder itself is wrong.
    const message = folder ? 'not a folder: the corpus is a folder holding statements.yaml and articles/' : 'no such folder: the corpus is a folder holding statements.yaml and articles/';
    return { corpus: null, problems: [{ file: dir, line: 0, message }], articles: [], refusedFiles: 1 };
  }
  const problems: CorpusProblem[] = [];
  const articles: Article[] = [];
  const texts = new Map<string, string>();

  let registry: Registry | null = null;
  // Ids the registry gives even when it is not valid, so the articles' references are still checked.
  let registryIds: Set<string> | null = null;
  // Articles that are not valid, with the references they make: checked now, not once they are fixed.
  const invalidReferences: Array<{ file: string; reports: unknown }> = [];
  const registryRead = await readCorpusFile(dir, REGISTRY_FILE);
  if (!registryRead.ok) {
    problems.push({ file: REGISTRY_FILE, line: 1, message: registryRead.missing ? `missing: the corpus needs ${REGISTRY_FILE}` : registryRead.reason });
  } else {
    const registryText = registryRead.text;
    texts.set(REGISTRY_FILE, registryText);
    const parsed = validateYaml(registryText, registrySchema, REGISTRY_FILE, 1, YAML_LIMITS.registry);
    if ('problems' in parsed) {
      problems.push(...parsed.problems);
      registryIds = idsIn(parsed.raw);
    } else registry = parsed.value;
  }

  const articleFiles = await listArticleFiles(dir, problems);
  const reads = await readCorpusFiles(dir, articleFiles);
  for (const [k, file] of articleFiles.entries()) {
    // Parsing is synchronous: give the event loop a turn now and then, as reading one by one would.
    if (k % IMPORT.parseBatch === IMPORT.parseBatch - 1) await new Promise((resolve) => setImmediate(resolve));
    const read = reads[k]!;
    if (!read.ok) {
      // A directory, link, FIFO or unreadable file named like an article: reported, never followed.
      problems.push({ file, line: 1, message: read.reason });
      continue;
    }
    const text = read.text;
    texts.set(file, text);
    const parsed = parseArticleFile(text, file);
    if ('problems' in parsed) {
      problems.push(...parsed.problems);
      if (isRecord(parsed.front)) invalidReferences.push({ file, reports: parsed.front.reports });
    } else articles.push(parsed.article);
  }

  const lineOf = lineIn(texts);
  if (registry) problems.push(...crossCheck(articles, registry, lineOf));
  else if (registryIds) problems.push(...referenceProblems(articles.map((a) => ({ file: a.file, reports: a.reports })), registryIds, lineOf));
  const known = registryIds ?? (registry ? new Set([...registry.statements, ...registry.responses].map((e) => e.id)) : null);
  if (known) problems.push(...referenceProblems(invalidReferences, known, lineOf));
  sortByFile(problems);
  const refusedFiles = new Set(problems.map((p) => p.file)).size;
  if (problems.length > 0 || !registry) return { corpus: null, problems, articles, refusedFiles };
  const files = new Map([...texts].map(([file, text]) => [file, fileDigest(text)]));
  return { corpus: { dir, articles, registry, files, digest: corpusDigest(files) }, problems, articles, refusedFiles };
}

/**
 * The digest checkCorpus would give the corpus in `dir` (the same files read the same way), without
 * parsing them; null when a file cannot be read (the corpus would not load as it is).
 */
export async function readCorpusDigest(dir: string): Promise<string | null> {
  const problems: CorpusProblem[] = [];
  const files = new Map<string, string>();
  const names = [REGISTRY_FILE, ...(await listArticleFiles(dir, problems))];
  for (const [k, read] of (await readCorpusFiles(dir, names)).entries()) {
    if (!read.ok) return null;
    files.set(names[k]!, fileDigest(read.text));
  }
  return problems.length > 0 ? null : corpusDigest(files);
}

/** The article files of the corpus, by name. Dot files are not articles: temporary files of an atomic write, editors' swap and lock files. */
async function listArticleFiles(dir: string, problems: CorpusProblem[]): Promise<string[]> {
  const names = await listArticleNames(dir, problems);
  return names
    .filter((n) => n.endsWith('.md') && !n.startsWith('.'))
    .sort()
    .map((name) => join(ARTICLES_DIR, name));
}

/**
 * A file of the corpus, read only if it is a regular file inside the corpus folder: a symlink (which
 * could point anywhere) is refused, not followed, and a FIFO is refused without waiting on it.
 */
export function readCorpusFile(dir: string, file: string) {
  return readRegularFile(join(dir, file), { maxBytes: IMPORT.maxBytes });
}

/**
 * The files read as readCorpusFile reads them, IMPORT.readConcurrency at a time, in the order given.
 * One at a time, a corpus of thousands of files would wait its turn on the event loop thousands of
 * times, behind every question being answered meanwhile.
 */
async function readCorpusFiles(dir: string, files: readonly string[]) {
  const reads: Array<Awaited<ReturnType<typeof readCorpusFile>>> = new Array(files.length);
  let next = 0;
  const reader = async () => {
    while (next < files.length) {
      const k = next++;
      reads[k] = await readCorpusFile(dir, files[k]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IMPORT.readConcurrency, files.length) }, reader));
  return reads;
}

/** The names in articles/, which must be a folder of the corpus itself (not a link to one elsewhere). */
async function listArticleNames(dir: string, problems: CorpusProblem[]): Promise<string[]> {
  const info = await lstat(join(dir, ARTICLES_DIR)).catch(() => null);
  if (!info?.isDirectory()) {
    const what = info === null ? 'missing' : info.isSymbolicLink() ? 'a symbolic link, which is never followed' : 'not a folder';
    problems.push({ file: ARTICLES_DIR, line: 1, message: `${what}: the corpus needs a folder ${ARTICLES_DIR}/` });
    return [];
  }
  return readdir(join(dir, ARTICLES_DIR)).catch((error: NodeJS.ErrnoException) => {
    problems.push({ file: ARTICLES_DIR, line: 1, message: `cannot be read (${error.code ?? error.message})` });
    return [];
  });
}

/** Loads the corpus or throws a CorpusError listing every problem. */
export async function loadCorpus(dir: string): Promise<Corpus> {
  const { corpus, problems } = await checkCorpus(dir);
  if (!corpus) throw new CorpusError(problems);
  return corpus;
}

/** Checks that ids are unique and that every reference points at something that exists. */
export function crossCheck(articles: Article[], registry: Registry, lineOf: (file: string, needle: string) => number): CorpusProblem[] {
  const problems: CorpusProblem[] = [];
  const registryIds = new Set<string>();
  for (const entry of [...registry.statements, ...registry.responses]) {
    if (registryIds.has(entry.id)) problems.push({ file: REGISTRY_FILE, line: lineOf(REGISTRY_FILE, `id: ${entry.id}`), message: `duplicate id "${entry.id}"` });
    registryIds.add(entry.id);
  }
  const statementIds = new Set(registry.statements.map((s) => s.id));
  for (const response of registry.responses) {
    if (!statementIds.has(response.respondsTo)) {
      problems.push({
        file: REGISTRY_FILE,
        line: lineOf(REGISTRY_FILE, `respondsTo: ${response.respondsTo}`),
        message: `response "${response.id}" answers unknown statement "${response.respondsTo}"`,
      });
    }
  }
  const seen = new Map<string, string>();
  for (const article of articles) {
    const other = seen.get(article.id);
    const idLine = lineOf(article.file, 'id:');
    if (other) problems.push({ file: article.file, line: idLine, message: `id "${article.id}" is already used by ${other}` });
    seen.set(article.id, article.file);
    const expected = `${article.id}.md`;
    if (relative(ARTICLES_DIR, article.file) !== expected) {
      problems.push({ file: article.file, line: idLine, message: `the file must be named ${expected} after its id` });
    }
    for (const ref of article.reports) {
      if (!registryIds.has(ref)) {
        problems.push({ file: article.file, line: lineOf(article.file, ref), message: `reports: "${ref}" is not a statement or response in ${REGISTRY_FILE}` });
      }
    }
  }
  return problems;
}

/** Unknown statement ids in `reports` lists (only well-formed ids: a malformed one is a schema problem already). */
function referenceProblems(entries: Array<{ file: string; reports: unknown }>, known: Set<string>, lineOf: (file: string, needle: string) => number): CorpusProblem[] {
  const problems: CorpusProblem[] = [];
  for (const { file, reports } of entries) {
    if (!Array.isArray(reports)) continue;
    for (const ref of reports) {
      if (typeof ref !== 'string' || !SLUG_PATTERN.test(ref) || known.has(ref)) continue;
      problems.push({ file, line: lineOf(file, ref), message: `reports: "${ref}" is not a statement or response in ${REGISTRY_FILE}` });
    }
  }
  return problems;
}

/** The string ids of a registry's statements and responses as parsed, valid or not. */
function idsIn(raw: unknown): Set<string> | null {
  if (!isRecord(raw)) return null;
  const ids = new Set<string>();
  for (const list of [raw.statements, raw.responses]) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) if (isRecord(entry) && typeof entry.id === 'string') ids.add(entry.id);
  }
  return ids;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Problems by file (the registry first, then the articles by name), each file's by line. */
function sortByFile(problems: CorpusProblem[]): void {
  const key = (file: string) => (file === REGISTRY_FILE ? '' : file);
  problems.sort((a, b) => (key(a.file) < key(b.file) ? -1 : key(a.file) > key(b.file) ? 1 : a.line - b.line));
}

/** Line lookup over the corpus texts by file: the 1-based line of the first `needle`, or 1. */
export function lineIn(texts: Map<string, string>) {
  return (file: string, needle: string): number => {
    const text = texts.get(file) ?? '';
    const at = text.indexOf(needle);
    return at < 0 ? 1 : text.slice(0, at).split('\n').length;
  };
}
