/**
 * Removes secrets (the bot token) from text bound for a log or a terminal, in every form an echo can
 * give them: as is (also inside the `Authorization: Bot …` header), percent-encoded in whole or in
 * part (a proxy's or a URL's echo), and in base64 or base64url, whatever text around it was encoded
 * with it (a header or a body echoed encoded). The token's last part, its signature, goes on its own
 * too: it is the secret half, and the first part (the bot's id, in base64) is public.
 */

export const REDACTED = '[redacted]';

/** Secrets shorter than this are not redacted (they would match everywhere). */
const MIN_SECRET_LENGTH = 8;

/** A function that redacts `secrets` from a text; built once per set of secrets. */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(percentPattern(secret));
    const signature = secret.split('.').pop()!;
    if (signature !== secret && signature.length >= 20) forms.add(percentPattern(signature));
    for (const core of base64Cores(secret)) forms.add(escapeRegExp(core));
  }
  if (forms.size === 0) return (text) => text;
  // Longest first, so a whole token goes before its signature alone.
  const pattern = new RegExp([...forms].sort((a, b) => b.length - a.length).join('|'), 'g');
  return (text) => text.replace(pattern, REDACTED);
}

/** `text` with `secrets` redacted (see redactor; build one to redact many texts). */
export function redact(text: string, secrets: readonly string[]): string {
  return redactor(secrets)(text);
}

/** Each character as is or percent-encoded (either case of hex digits): raw, URL-encoded, or a mix. */
function percentPattern(secret: string): string {
  let pattern = '';
  for (const byte of new TextEncoder().encode(secret)) {
    const char = String.fromCharCode(byte);
    const hex = byte
      .toString(16)
      .padStart(2, '0')
      .replace(/[a-f]/g, (d) => `[${d}${d.toUpperCase()}]`);
    pattern += byte < 0x80 ? `(?:${escapeRegExp(char)}|%${hex})` : `%${hex}`;
  }
  return pattern;
}

/**
 * What base64 of any text containing `secret` must contain, for each of the three alignments the
 * secret can start at: the characters that depend on its bytes only (the edges also hold bits of
 * the text around it, and are left; they give away at most four bits each). Standard and url alphabets.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const cores: string[] = [];
  for (let lead = 0; lead < 3; lead++) {
    // The secret `lead` bytes into a 3-byte group: the groups wholly inside it encode the same in any text.
    const encoded = Buffer.concat([Buffer.alloc(lead), bytes]).toString('base64');
    const first = Math.ceil(lead / 3);
    const end = Math.floor((lead + bytes.length) / 3);
    const core = encoded.slice(4 * first, 4 * end);
    if (core.length >= 8) cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...new Set(cores)];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
