/**
 * Rebuilds corpus/articles/ from the raw seed articles in corpus/raw/ through the same cleaner
 * that moderator uploads go through. Run with `npm run corpus:seed`; review the diff before committing.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { cleanArticleText } from '../src/corpus/cleanText.js';
import { serializeArticle } from '../src/corpus/articleFile.js';
import { articleFrontMatterSchema } from '../src/corpus/schema.js';
import { formatProblem } from '../src/files/problems.js';
import { validateYaml } from '../src/files/validateYaml.js';

const corpusDir = process.argv[2] ?? 'corpus';
const manifestFile = join(corpusDir, 'raw', 'manifest.yaml');
const manifestSchema = z.strictObject({
  seeds: z.array(articleFrontMatterSchema.omit({ source: true }).extend({ file: z.string() })),
});
const parsed = validateYaml(await readFile(manifestFile, 'utf8'), manifestSchema, manifestFile);
if ('problems' in parsed) {
  for (const p of parsed.problems) console.error(formatProblem(p));
  process.exit(1);
}
await mkdir(join(corpusDir, 'articles'), { recursive: true });
for (const { file, ...meta } of parsed.value.seeds) {
  const { paragraphs } = cleanArticleText(await readFile(join(corpusDir, 'raw', file), 'utf8'));
  const text = serializeArticle({ ...meta, source: `raw/${file}`, paragraphs });
  await writeFile(join(corpusDir, 'articles', `${meta.id}.md`), text);
  console.log(`${meta.id}: ${paragraphs.length} paragraphs`);
}
