/**
 * `npm run bench`: runs every bench/*.bench.ts in turn and prints what each measured.
 * A bench module exports `name` and a default async function returning lines of results.
 * `npm run bench -- --scale N` runs only the scale bench (bench/scale/), on N paragraphs.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const scaleAt = process.argv.indexOf('--scale');
if (scaleAt >= 0) {
  const paragraphs = Number(process.argv[scaleAt + 1]);
  if (!Number.isInteger(paragraphs) || paragraphs <= 0) {
    console.error('usage: npm run bench -- --scale <paragraphs>');
    process.exit(2);
  }
  const { runScaleBench } = await import('./scale/scaleBench.js');
  console.log(`\n## Scale: ${paragraphs} paragraphs, the bot against MiniSearch and FlexSearch`);
  for (const line of await runScaleBench(paragraphs)) console.log(line);
} else {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort();
  for (const file of files) {
    const mod = (await import(new URL(file, import.meta.url).href)) as {
      name?: string;
      default: () => Promise<string[]>;
    };
    console.log(`\n## ${mod.name ?? file}`);
    for (const line of await mod.default()) console.log(line);
  }
}
