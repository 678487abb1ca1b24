/**
 * HTTP plumbing: request body parsing (JSON and multipart/form-data with `payload_json`), a tiny
 * router, and Discord-style JSON error bodies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Issue } from './validate.js';

export interface UploadedFile {
  /** Multipart field name, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
}

export interface ParsedBody {
  /** Parsed JSON (or `payload_json` of a multipart body); `undefined` for an empty body. */
  json: unknown;
  files: UploadedFile[];
  contentType: string;
  /** Set when the body could not be parsed. */
  error?: string;
}

export async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses a JSON or multipart/form-data request body the way Discord does. */
export async function parseBody(req: IncomingMessage): Promise<ParsedBody> {
  const raw = await readRaw(req);
  const contentType = String(req.headers['content-type'] ?? '');
  if (raw.length === 0) return { json: undefined, files: [], contentType };
  if (contentType.startsWith('multipart/form-data')) {
    try {
      // Node's fetch implementation (undici) has a spec-compliant multipart parser.
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
      const files: UploadedFile[] = [];
      let json: unknown = undefined;
      const loose: Record<string, unknown> = {};
      for (const [field, value] of form.entries()) {
        if (typeof value === 'string') {
          if (field === 'payload_json') json = JSON.parse(value);
          else loose[field] = value;
        } else {
          const data = Buffer.from(await value.arrayBuffer());
          files.push({ field, filename: value.name, contentType: value.type, size: data.length, data });
        }
      }
      return { json: json ?? (Object.keys(loose).length ? loose : undefined), files, contentType };
    } catch (error) {
      return { json: undefined, files: [], contentType, error: `invalid multipart body: ${String(error)}` };
    }
  }
  try {
    return { json: JSON.parse(raw.toString('utf8')), files: [], contentType };
  } catch (error) {
    return { json: undefined, files: [], contentType, error: `invalid JSON body: ${String(error)}` };
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status = 204, headers: Record<string, string> = {}): void {
  res.writeHead(status, headers);
  res.end();
}

/** Discord JSON error (`{ message, code }`) with its HTTP status. */
export interface DiscordError {
  status: number;
  body: { message: string; code: number; errors?: unknown; retry_after?: number; global?: boolean };
}

export const DiscordErrors = {
  notFound: (): DiscordError => ({ status: 404, body: { message: '404: Not Found', code: 0 } }),
  unknownChannel: (): DiscordError => ({ status: 404, body: { message: 'Unknown Channel', code: 10003 } }),
  unknownGuild: (): DiscordError => ({ status: 404, body: { message: 'Unknown Guild', code: 10004 } }),
  unknownMember: (): DiscordError => ({ status: 404, body: { message: 'Unknown Member', code: 10007 } }),
  unknownMessage: (): DiscordError => ({ status: 404, body: { message: 'Unknown Message', code: 10008 } }),
  unknownUser: (): DiscordError => ({ status: 404, body: { message: 'Unknown User', code: 10013 } }),
  unknownWebhook: (): DiscordError => ({ status: 404, body: { message: 'Unknown Webhook', code: 10015 } }),
  unknownCommand: (): DiscordError => ({ status: 404, body: { message: 'Unknown application command', code: 10063 } }),
  unknownInteraction: (): DiscordError => ({ status: 404, body: { message: 'Unknown interaction', code: 10062 } }),
  alreadyAcknowledged: (): DiscordError => ({
    status: 400,
    body: { message: 'Interaction has already been acknowledged.', code: 40060 },
  }),
  unauthorized: (): DiscordError => ({ status: 401, body: { message: '401: Unauthorized', code: 0 } }),
  badBody: (message: string): DiscordError => ({
    status: 400,
    body: { message: `Invalid Form Body: ${message}`, code: 50109 },
  }),
  rateLimited: (retryAfter: number, global = false): DiscordError => ({
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: retryAfter, global, code: 0 },
  }),
};

/** Turns rejecting validation issues into Discord's 400 body (`Invalid Form Body` with an error tree). */
export function invalidFormBody(issues: Issue[]): DiscordError {
  const special = issues.find((i) => i.discordCode !== undefined && i.discordCode !== 50035);
  if (special?.discordCode === 50006)
    return { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
  const errors: Record<string, unknown> = {};
  for (const issue of issues) {
    let node = errors;
    for (const seg of issue.path) {
      const key = String(seg);
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    const list = (node._errors ??= []) as { code: string; message: string }[];
    list.push({ code: issue.fieldCode ?? 'BASE_TYPE_INVALID', message: issue.message });
  }
  return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors } };
}

export function sendError(res: ServerResponse, error: DiscordError, headers: Record<string, string> = {}): void {
  sendJson(res, error.status, error.body, headers);
}

// ---------------------------------------------------------------------------------------------------
// Router
// ---------------------------------------------------------------------------------------------------

export interface RouteMatch<Ctx> {
  route: Route<Ctx>;
  params: Record<string, string>;
}

export interface Route<Ctx> {
  method: string;
  /** Template such as `/interactions/{id}/{token}/callback`, used for matching and in violation reports. */
  template: string;
  regex: RegExp;
  keys: string[];
  handler: (ctx: Ctx, params: Record<string, string>) => Promise<void> | void;
}

export class Router<Ctx> {
  private readonly routes: Route<Ctx>[] = [];

  on(method: string, template: string, handler: Route<Ctx>['handler']): this {
    const keys: string[] = [];
    const pattern = template
      .split('/')
      .map((seg) => {
        const m = /^\{(\w+)\}$/.exec(seg);
        if (!m?.[1]) return seg.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
        keys.push(m[1]);
        return '([^/]+)';
      })
      .join('/');
    this.routes.push({ method, template, regex: new RegExp(`^${pattern}$`), keys, handler });
    return this;
  }

  match(method: string, path: string): RouteMatch<Ctx> | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        // `@original` arrives URL-encoded as `%40original`.
        params[key] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { route, params };
    }
    return undefined;
  }
}
