import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { validateYaml } from '../files/validateYaml.js';
import { CorpusError } from '../files/problems.js';

/** The folder of tuning data (synonyms, stop words, boilerplate rules), beside src/ and dist/. */
const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

/** Reads and validates a YAML file from data/; a broken file fails loudly with its line. */
export function loadDataFile<T extends z.ZodType>(name: string, schema: T): z.infer<T> {
  const result = validateYaml(readFileSync(DATA_DIR + name, 'utf8'), schema, `data/${name}`);
  if ('problems' in result) throw new CorpusError(result.problems);
  return result.value;
}

/** The text of every data file, by name: what the index is built with besides the corpus and the code. */
export function dataFileTexts(): Map<string, string> {
  return new Map(
    readdirSync(DATA_DIR)
      .filter((name) => name.endsWith('.yaml'))
      .sort()
      .map((name) => [name, readFileSync(DATA_DIR + name, 'utf8')]),
  );
}
