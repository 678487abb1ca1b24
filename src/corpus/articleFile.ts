import { stringify } from 'yaml';
import { YAML_LIMITS } from '../config/constants.js';
import { articleFrontMatterSchema, type ArticleFrontMatter } from './schema.js';
import type { CorpusProblem } from '../files/problems.js';
import { validateYaml } from '../files/validateYaml.js';

/** An article as stored: front matter plus its paragraphs, in order. */
export interface Article extends ArticleFrontMatter {
  paragraphs: string[];
  /** Path relative to the corpus directory, for error messages and the source trail. */
  file: string;
}

const FENCE = '---';

/** Parses `---\nYAML\n---\n\nparagraph\n\nparagraph`. Paragraphs are split by blank lines. */
export function parseArticleFile(text: string, file: string): { article: Article } | { problems: CorpusProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== FENCE) {
    return { problems: [{ file, line: 1, message: 'expected front matter: the file must start with a line "---"' }] };
  }
  const close = lines.indexOf(FENCE, 1);
  if (close < 0) {
    return { problems: [{ file, line: 1, message: 'front matter is not closed by a line "---"' }] };
  }
  const parsed = validateYaml(lines.slice(1, close).join('\n'), articleFrontMatterSchema, file, 2, YAML_LIMITS.frontMatter);
  const problems: CorpusProblem[] = 'problems' in parsed ? [...parsed.problems] : [];

  const paragraphs: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) paragraphs.push(current.join(' ').replace(/\s+/g, ' ').trim());
    current = [];
  };
  for (let i = close + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') flush();
    else current.push(line.trim());
  }
  flush();
  if (paragraphs.length === 0) {
    problems.push({ file, line: close + 1, message: 'the article has no paragraphs after its front matter' });
  }
  if (problems.length > 0 || 'problems' in parsed) return { problems };
  return { article: { ...parsed.value, paragraphs, file } };
}

/** The inverse of parseArticleFile: the Markdown text of an article. */
export function serializeArticle(article: ArticleFrontMatter & { paragraphs: string[] }): string {
  const front: ArticleFrontMatter = articleFrontMatterSchema.parse({
    id: article.id,
    title: article.title,
    outlet: article.outlet,
    url: article.url,
    published: article.published,
    ...(article.publishedNote ? { publishedNote: article.publishedNote } : {}),
    reports: article.reports,
    ...(article.source ? { source: article.source } : {}),
  });
  const yaml = stringify(front, { lineWidth: 0 }).trimEnd();
  return `${FENCE}\n${yaml}\n${FENCE}\n\n${article.paragraphs.join('\n\n')}\n`;
}
