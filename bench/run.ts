/**
 * `npm run bench`: runs every bench/*.bench.ts in turn and prints what each measured.
 * A bench module exports `name` and a default async function returning lines of results.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

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
