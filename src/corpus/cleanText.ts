import { loadDataFile } from '../config/dataFiles.js';
import { z } from 'zod';

const boilerplateSchema = z.strictObject({
  dropLine: z.array(z.string()),
  endOfArticle: z.array(z.string()),
  minWords: z.number().int().positive(),
  sentenceEnd: z.string(),
});

const rules = loadDataFile('boilerplate.yaml', boilerplateSchema);
const dropLine = rules.dropLine.map((p) => new RegExp(p, 'i'));
const endOfArticle = rules.endOfArticle.map((p) => new RegExp(p, 'i'));
const sentenceEnd = new RegExp(rules.sentenceEnd);

export interface CleanedText {
  /** The first headline-like line, if the text starts with one. */
  title: string | null;
  paragraphs: string[];
}

/**
 * Turns scraped article text into its own paragraphs: strips navigation, captions, video labels,
 * ads, prompts, sidebars and notices (data/boilerplate.yaml). Each kept paragraph is a line of the
 * input with its white space normalised, so the result can always be traced back to the source.
 */
export function cleanArticleText(raw: string): CleanedText {
  const lines = splitIntoLines(raw);
  const end = lines.findIndex((line) => endOfArticle.some((re) => re.test(line)));
  const body = end >= 0 ? lines.slice(0, end) : lines;

  let title: string | null = null;
  const paragraphs: string[] = [];
  for (const line of body) {
    if (dropLine.some((re) => re.test(line))) continue;
    if (isProse(line)) {
      if (!paragraphs.includes(line)) paragraphs.push(line);
    } else if (title === null && paragraphs.length === 0 && line.split(' ').length >= 3) {
      title = line;
    }
  }
  return { title, paragraphs };
}

function isProse(line: string): boolean {
  return line.split(' ').length >= rules.minWords && sentenceEnd.test(line);
}

/**
 * One paragraph per line; a hard-wrapped block (lines broken mid-sentence) is joined back together.
 */
function splitIntoLines(raw: string): string[] {
  const out: string[] = [];
  for (const block of raw.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = block.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean);
    if (lines.length > 1 && looksHardWrapped(lines)) out.push(lines.join(' '));
    else out.push(...lines);
  }
  return out;
}

/** Lines of similar length that stop mid-sentence are one paragraph wrapped by an editor. */
function looksHardWrapped(lines: string[]): boolean {
  const inner = lines.slice(0, -1);
  return inner.every((l) => l.length >= 40 && l.length <= 100 && !sentenceEnd.test(l));
}
