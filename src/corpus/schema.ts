import { z } from 'zod';
import { isValidPublished } from './published.js';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD').refine(isValidPublished, 'not a real calendar date');
/** An id: lowercase words joined by hyphens (the source, to build longer patterns from). */
export const SLUG_SOURCE = '[a-z0-9]+(?:-[a-z0-9]+)*';
export const SLUG_PATTERN = new RegExp(`^${SLUG_SOURCE}$`);

const slug = z.string().regex(SLUG_PATTERN, 'expected lowercase words joined by hyphens');

/** Front matter of one article in corpus/articles/*.md. */
export const articleFrontMatterSchema = z.strictObject({
  id: slug,
  title: z.string().trim().min(1).max(300),
  outlet: z.string().trim().min(1).max(120),
  url: z.url({ protocol: /^https?$/ }).nullable(),
  published: z
    .string()
    .refine(isValidPublished, 'expected YYYY-MM-DD, YYYY-MM, or an interval FROM/TO of those'),
  publishedNote: z.string().min(1).optional(),
  reports: z.array(slug).default([]),
  source: z.string().min(1).optional(),
});
export type ArticleFrontMatter = z.infer<typeof articleFrontMatterSchema>;

const statementBase = {
  id: slug,
  title: z.string().trim().min(1).max(200),
  date: isoDay,
  dateNote: z.string().min(1).optional(),
  issuedBy: z.string().trim().min(1),
  aliases: z.array(z.string().trim().min(1)).default([]),
};

export const statementSchema = z.strictObject(statementBase);
export const responseSchema = z.strictObject({
  ...statementBase,
  respondsTo: slug,
  channel: z.string().trim().min(1),
});

/** corpus/statements.yaml: what the articles report on. */
export const registrySchema = z.strictObject({
  statements: z.array(statementSchema),
  responses: z.array(responseSchema).default([]),
});

export type Statement = z.infer<typeof statementSchema>;
export type DprkResponse = z.infer<typeof responseSchema>;
export type Registry = z.infer<typeof registrySchema>;
