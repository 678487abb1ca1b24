import { Refusal } from './refusal.js';

/** Signatures of binary formats people attach by mistake, named in the refusal. */
const MAGIC: Array<[string, number[]]> = [
  ['PDF', [0x25, 0x50, 0x44, 0x46]],
  ['PNG', [0x89, 0x50, 0x4e, 0x47]],
  ['JPEG', [0xff, 0xd8, 0xff]],
  ['GIF', [0x47, 0x49, 0x46, 0x38]],
  ['ZIP or Office document', [0x50, 0x4b, 0x03, 0x04]],
  ['gzip', [0x1f, 0x8b]],
];

const SNIFF = 64 * 1024;

/**
 * Bytes → text, refusing what is not text: a binary file (by signature, NUL bytes or control
 * characters) or bytes that are not valid in their encoding. The encoding is the BOM's, else the
 * declared charset (HTTP header or HTML meta), else UTF-8 — strictly, never a lossy guess.
 */
export function decodeText(bytes: Uint8Array, declaredCharset: string | null, what: string): string {
  const bom = bomEncoding(bytes);
  if (!bom) {
    const magic = MAGIC.find(([, sig]) => sig.every((b, i) => bytes[i] === b));
    if (magic) throw new Refusal('binary', `${what} is a ${magic[0]} file, not text`);
    if (bytes.subarray(0, SNIFF).includes(0)) throw new Refusal('binary', `${what} is a binary file, not text`);
  }
  const label = bom ?? normaliseCharset(declaredCharset) ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new Refusal('encoding', `${what} declares the character set "${label}", which is not supported`);
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new Refusal('encoding', `${what} is not valid ${label.toUpperCase()} text${label === 'utf-8' ? ' (save it as UTF-8)' : ''}`);
  }
  // eslint-disable-next-line no-control-regex -- counting control characters is the point
  const controls = text.slice(0, SNIFF).match(/[\u0000-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  if (controls > Math.max(4, Math.min(text.length, SNIFF) / 100)) throw new Refusal('binary', `${what} is a binary file, not text`);
  return text.replace(/^\uFEFF/, '');
}

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

function normaliseCharset(charset: string | null): string | null {
  const c = charset?.trim().toLowerCase();
  return c ? c : null;
}

/** The charset an HTML document declares in its first bytes (<meta charset> or http-equiv), if any. */
export function sniffHtmlCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return m ? m[1]!.toLowerCase() : null;
}
