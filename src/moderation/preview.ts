import { IMPORT } from '../config/constants.js';
import { formatPublished } from '../corpus/published.js';
import type { ArticleDraft, ImportFormat } from '../corpus/importArticle.js';
import type { Registry } from '../corpus/schema.js';

/** What a moderator sees before Confirm: enough to tell the right article was found, and cleanly. */
export interface ArticlePreview {
  id: string;
  title: string;
  outlet: string;
  published: string;
  /** "19 December 2024", "November 2024". */
  publishedLabel: string;
  url: string | null;
  reports: Array<{ id: string; title: string }>;
  paragraphs: number;
  words: number;
  /** The first paragraphs, each cut to IMPORT.previewParagraphChars. */
  firstParagraphs: string[];
  format: ImportFormat;
  origin: string;
  /** How the metadata was found, and anything the moderator should know. */
  notes: string[];
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > max * 0.6 ? head.slice(0, space) : head).trimEnd()}…`;
}

export function previewOf(draft: ArticleDraft, registry: Registry): ArticlePreview {
  const { article } = draft;
  const entries = [...registry.statements, ...registry.responses];
  return {
    id: article.id,
    title: article.title,
    outlet: article.outlet,
    published: article.published,
    publishedLabel: formatPublished(article.published),
    url: article.url,
    reports: article.reports.map((id) => ({ id, title: entries.find((e) => e.id === id)?.title ?? id })),
    paragraphs: article.paragraphs.length,
    words: article.paragraphs.reduce((n, p) => n + p.split(' ').length, 0),
    firstParagraphs: article.paragraphs
      .slice(0, IMPORT.previewParagraphs)
      .map((p) => cut(p, IMPORT.previewParagraphChars)),
    format: draft.format,
    origin: draft.origin,
    notes: draft.notes,
  };
}

/** The preview as plain text, for the terminal (the Discord side renders its own embed). */
export function renderPreviewText(preview: ArticlePreview): string {
  const lines = [
    `${preview.title}`,
    `  id: ${preview.id}`,
    `  outlet: ${preview.outlet}`,
    `  published: ${preview.publishedLabel} (${preview.published})`,
    `  url: ${preview.url ?? '(none)'}`,
    `  reports: ${preview.reports.length > 0 ? preview.reports.map((r) => `${r.id} (${r.title})`).join('; ') : '(no statement)'}`,
    `  ${preview.paragraphs} paragraphs, ${preview.words} words, from ${preview.format.toUpperCase()} ${preview.origin}`,
    ...preview.notes.map((n) => `  note: ${n}`),
    '',
    ...preview.firstParagraphs.map((p, i) => `  [${i + 1}] ${p}`),
  ];
  if (preview.paragraphs > preview.firstParagraphs.length)
    lines.push(`  … ${preview.paragraphs - preview.firstParagraphs.length} more`);
  return lines.join('\n');
}
