import { createHash } from 'node:crypto';

/** The SHA-256 (hex) of one corpus file's text. */
export function fileDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * One digest of a corpus from its files' digests (file → digest, in the loader's order: the
 * registry, then the articles by name). Kept per file so that adding one article updates it
 * without reading the others again.
 */
export function corpusDigest(files: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  for (const [file, digest] of files) hash.update(`${file}\u0000${digest}\n`);
  return hash.digest('hex');
}

/** `files` with `file` added in the loader's order (the registry stays first, articles sorted by name). */
export function withFile(files: ReadonlyMap<string, string>, file: string, digest: string): Map<string, string> {
  const entries = [...files].filter(([name]) => name !== file);
  const at = entries.findIndex(([name], i) => i > 0 && name > file);
  entries.splice(at < 0 ? entries.length : at, 0, [file, digest]);
  return new Map(entries);
}
