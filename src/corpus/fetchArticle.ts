import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress, LookupOneOptions, LookupAllOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { pipeline, type Readable } from 'node:stream';
import { FETCH, IMPORT } from '../config/constants.js';
import { addressPolicyFromEnv, isAllowedAddress, type AddressPolicy } from './addressPolicy.js';
import { Refusal } from './refusal.js';

/** A page as fetched: where it ended up, what it says it is, and its bytes. */
export interface FetchedPage {
  /** The URL the content came from, after redirects. */
  url: string;
  /** The media type, lowercased, without parameters ("text/html"). */
  mediaType: string;
  /** The charset the server declared, if any. */
  charset: string | null;
  bytes: Buffer;
}

export interface FetchOptions {
  policy?: AddressPolicy;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Media types accepted; defaults to FETCH.contentTypes. 'any' when the caller judges by file name. */
  contentTypes?: readonly string[] | 'any';
  signal?: AbortSignal;
}

/**
 * Fetches an article page for import, defensively: http and https only; every hop (redirects are
 * followed by hand) is resolved and its addresses checked against the policy BEFORE connecting, and
 * the connection is pinned to the checked address so a second DNS answer cannot swap in a private
 * one (DNS rebinding); one time limit for the whole chain; the size limit is enforced while the body
 * streams (after decompression); the content type must be one we can read.
 */
export async function fetchArticle(url: string, options: FetchOptions = {}): Promise<FetchedPage> {
  const policy = options.policy ?? addressPolicyFromEnv();
  const timeoutMs = options.timeoutMs ?? FETCH.timeoutMs;
  const maxBytes = options.maxBytes ?? IMPORT.maxBytes;
  const maxRedirects = options.maxRedirects ?? FETCH.maxRedirects;
  const contentTypes = options.contentTypes ?? FETCH.contentTypes;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;

  let current = parseHttpUrl(url);
  for (let hop = 0; ; hop++) {
    const target = await resolveTarget(current, policy, signal, timeoutMs);
    const response = await send(current, target, signal, timeoutMs);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.destroy();
      if (hop >= maxRedirects) throw new Refusal('too-many-redirects', `more than ${maxRedirects} redirects from ${url}`);
      current = parseHttpUrl(resolveLocation(response.headers.location, current), 'a redirect');
      continue;
    }
    if (status < 200 || status >= 300) {
      response.destroy();
      throw new Refusal('fetch-failed', `${current.host} answered ${status} ${response.statusMessage ?? ''}`.trim());
    }
    const { mediaType, charset } = parseContentType(response.headers['content-type']);
    if (contentTypes !== 'any' && !contentTypes.includes(mediaType)) {
      response.destroy();
      throw new Refusal('unsupported-type', `the page is ${mediaType || 'of no declared type'}; accepted: ${contentTypes.join(', ')}`);
    }
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes && !response.headers['content-encoding']) {
      response.destroy();
      throw new Refusal('too-large', `the page is ${formatBytes(declared)}; the limit is ${formatBytes(maxBytes)}`);
    }
    const bytes = await readBody(response, maxBytes, signal, timeoutMs, current.host);
    return { url: current.href, mediaType, charset, bytes };
  }
}

function parseHttpUrl(text: string, what = 'the URL'): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Refusal('url-scheme', `${what} is not a valid URL: ${text.slice(0, 200)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Refusal('url-scheme', `${what} must be http or https, not ${url.protocol.replace(/:$/, '')}`);
  }
  if (url.username || url.password) throw new Refusal('url-scheme', `${what} must not carry a user name or password`);
  return url;
}

function resolveLocation(location: string, base: URL): string {
  try {
    return new URL(location, base).href;
  } catch {
    throw new Refusal('fetch-failed', `${base.host} redirects to an invalid URL`);
  }
}

interface Target {
  address: string;
  family: 4 | 6;
}

/** The address to connect to: the literal, or every resolved address checked and the first one pinned. */
async function resolveTarget(url: URL, policy: AddressPolicy, signal: AbortSignal, timeoutMs: number): Promise<Target> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  let addresses: LookupAddress[];
  if (literal !== 0) {
    addresses = [{ address: host, family: literal }];
  } else {
    try {
      addresses = await raceAbort(dnsLookup(host, { all: true, verbatim: true }), signal, timeoutMs, host);
    } catch (error) {
      if (error instanceof Refusal) throw error;
      throw new Refusal('fetch-failed', `cannot resolve ${host}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  // One private answer is enough to refuse: a host that resolves to both is not to be trusted.
  const refused = addresses.find((a) => !isAllowedAddress(a.address, policy));
  if (refused || addresses.length === 0) {
    throw new Refusal(
      'blocked-address',
      `${host} is ${refused && refused.address !== host ? `at ${refused.address}, ` : ''}a private, loopback or link-local address; articles are fetched only from public addresses`,
    );
  }
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** A `lookup` for http.request that always answers the address already checked. */
function pinnedLookup(target: Target) {
  return (
    _hostname: string,
    options: LookupOneOptions | LookupAllOptions,
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

function send(url: URL, target: Target, signal: AbortSignal, timeoutMs: number): Promise<IncomingMessage> {
  const options: RequestOptions = {
    method: 'GET',
    protocol: url.protocol,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
    headers: {
      'user-agent': FETCH.userAgent,
      accept: 'text/html, application/xhtml+xml, text/markdown, text/plain;q=0.9',
      'accept-encoding': 'gzip, deflate, br',
    },
    lookup: pinnedLookup(target) as RequestOptions['lookup'],
    signal,
    agent: false,
  };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(options, resolve);
    req.on('error', (error) => reject(networkRefusal(error, signal, timeoutMs, url.host)));
    req.end();
  });
}

async function readBody(response: IncomingMessage, maxBytes: number, signal: AbortSignal, timeoutMs: number, host: string): Promise<Buffer> {
  const encoding = String(response.headers['content-encoding'] ?? 'identity').toLowerCase();
  let stream: Readable = response;
  if (encoding === 'gzip' || encoding === 'x-gzip') stream = pipeline(response, createGunzip(), () => undefined);
  else if (encoding === 'deflate') stream = pipeline(response, createInflate(), () => undefined);
  else if (encoding === 'br') stream = pipeline(response, createBrotliDecompress(), () => undefined);
  else if (encoding !== 'identity') {
    response.destroy();
    throw new Refusal('unsupported-type', `the page is sent with an unknown content encoding "${encoding}"`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      // Counted after decompression, so a small compressed bomb is stopped too.
      if (size > maxBytes) throw new Refusal('too-large', `the page is larger than the limit of ${formatBytes(maxBytes)}`);
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw networkRefusal(error as Error, signal, timeoutMs, host);
  } finally {
    response.destroy();
    stream.destroy();
  }
  return Buffer.concat(chunks);
}

function networkRefusal(error: Error, signal: AbortSignal, timeoutMs: number, host: string): Refusal {
  if (error instanceof Refusal) return error;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof Error && reason.name === 'TimeoutError') {
      return new Refusal('timeout', `${host} did not answer in full within ${timeoutMs / 1000} s`);
    }
    return new Refusal('fetch-failed', `the fetch from ${host} was cancelled`);
  }
  const code = (error as NodeJS.ErrnoException).code;
  return new Refusal('fetch-failed', `cannot fetch from ${host}: ${code ?? error.message}`);
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal, timeoutMs: number, host: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(networkRefusal(new Error('aborted'), signal, timeoutMs, host));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function parseContentType(header: string | undefined): { mediaType: string; charset: string | null } {
  const [type = '', ...params] = (header ?? '').split(';');
  const charset = params.map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(p)?.[1]).find(Boolean) ?? null;
  return { mediaType: type.trim().toLowerCase(), charset: charset ? charset.toLowerCase() : null };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
