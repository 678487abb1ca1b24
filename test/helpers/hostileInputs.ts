/**
 * Hostile corpus files, generated (no multi-megabyte fixture is committed): what a moderator's
 * upload, a crash or an odd entry in articles/ can hand the loader. Each is an article in the corpus
 * format whose front matter (or page) is built to stall, exhaust or crash a naive parser.
 */

const BODY = [
  'North Korea dismissed the joint statement as a hostile provocation, the agency said on Tuesday, and warned of countermeasures.',
  'The foreign ministers who signed it called for an end to the transfers of munitions and missiles between the two countries.',
].join('\n\n');

/** An article whose front matter is `frontMatter` (lines of YAML after the valid fields). */
export function articleWith(
  id: string,
  extraFrontMatter: string,
  fields: Partial<Record<'title', string>> = {},
): string {
  const title = fields.title ?? `title: A hostile upload ${id}`;
  return `---\nid: ${id}\n${title}\noutlet: Fixture Wire\nurl: null\npublished: 2025-03-10\nreports: []\n${extraFrontMatter}---\n\n${BODY}\n`;
}

/** `n` unknown front matter keys: quadratic in a per-key line search (100,000 keys ≈ 1 MB). */
export function manyKeysArticle(id: string, n: number): string {
  let keys = '';
  for (let i = 0; i < n; i++) keys += `extra${i}: x\n`;
  return articleWith(id, keys);
}

/**
 * An alias bomb ("billion laughs"): `levels` lists of `width` aliases of the list before, so a few
 * hundred bytes expand to width^levels strings.
 */
export function aliasBombArticle(id: string, width: number, levels: number): string {
  const lines = [`l0: &l0 [${Array.from({ length: width }, () => 'lol').join(', ')}]`];
  for (let l = 1; l <= levels; l++)
    lines.push(`l${l}: &l${l} [${Array.from({ length: width }, () => `*l${l - 1}`).join(', ')}]`);
  return articleWith(id, `${lines.join('\n')}\n`);
}

/** The title is an alias whose anchor is nowhere: line 3. */
export function missingAnchorArticle(id: string): string {
  return articleWith(id, '', { title: 'title: *nowhere' });
}

/** A value nested `depth` flow levels deep (`[[[[…]]]]`), on line 8: a few KB that exhaust yaml's composer. */
export function deepFlowArticle(id: string, depth: number): string {
  return articleWith(id, `source: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
}

/** An HTML page of `depth` nested elements around an article's paragraphs. */
export function deepHtml(depth: number): string {
  const paragraphs = BODY.split('\n\n')
    .map((p) => `<p>${p}</p>`)
    .join('');
  return `<!doctype html><html><head><title>Deep page</title></head><body><article>${'<div>'.repeat(depth)}${paragraphs}${'</div>'.repeat(depth)}</article></body></html>`;
}
