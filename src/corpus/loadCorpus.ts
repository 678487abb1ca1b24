import { lstat, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { IMPORT, YAML_LIMITS } from '../config/constants.js';
import { readRegularFile } from '../files/readRegularFile.js';
import { parseArticleFile, type Article } from './articleFile.js';
import { CorpusError, type CorpusProblem } from '../files/problems.js';
import { registrySchema, type Registry } from './schema.js';
import { validateYaml } from '../files/validateYaml.js';

export const ARTICLES_DIR = 'articles';
export const REGISTRY_FILE = 'statements.yaml';

export interface Corpus {
  dir: string;
  articles: Article[];
  registry: Registry;
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
  const problems: CorpusProblem[] = [];
  const articles: Article[] = [];
  const texts = new Map<string, string>();

  let registry: Registry | null = null;
  const registryRead = await readCorpusFile(dir, REGISTRY_FILE);
  if (!registryRead.ok) {
    problems.push({ file: REGISTRY_FILE, line: 1, message: registryRead.missing ? `missing: the corpus needs ${REGISTRY_FILE}` : registryRead.reason });
  } else {
    const registryText = registryRead.text;
    texts.set(REGISTRY_FILE, registryText);
    const parsed = validateYaml(registryText, registrySchema, REGISTRY_FILE, 1, YAML_LIMITS.registry);
    if ('problems' in parsed) problems.push(...parsed.problems);
    else registry = parsed.value;
  }

  const names = await listArticleNames(dir, problems);
  // Dot files are not articles: temporary files of an atomic write, editors' swap and lock files.
  for (const name of names.filter((n) => n.endsWith('.md') && !n.startsWith('.')).sort()) {
    const file = join(ARTICLES_DIR, name);
    const read = await readCorpusFile(dir, file);
    if (!read.ok) {
      // A directory, link, FIFO or unreadable file named like an article: reported, never followed.
      problems.push({ file, line: 1, message: read.reason });
      continue;
    }
    const text = read.text;
    texts.set(file, text);
    const parsed = parseArticleFile(text, file);
    if ('problems' in parsed) problems.push(...parsed.problems);
    else articles.push(parsed.article);
  }

  if (registry) problems.push(...crossCheck(articles, registry, lineIn(texts)));
  const refusedFiles = new Set(problems.map((p) => p.file)).size;
  if (problems.length > 0 || !registry) return { corpus: null, problems, articles, refusedFiles };
  return { corpus: { dir, articles, registry }, problems, articles, refusedFiles };
}

/**
 * A file of the corpus, read only if it is a regular file inside the corpus folder: a symlink (which
 * could point anywhere) is refused, not followed, and a FIFO is refused without waiting on it.
 */
export function readCorpusFile(dir: string, file: string) {
  return readRegularFile(join(dir, file), { maxBytes: IMPORT.maxBytes });
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

/** Line lookup over the corpus texts by file: the 1-based line of the first `needle`, or 1. */
export function lineIn(texts: Map<string, string>) {
  return (file: string, needle: string): number => {
    const text = texts.get(file) ?? '';
    const at = text.indexOf(needle);
    return at < 0 ? 1 : text.slice(0, at).split('\n').length;
  };
}
