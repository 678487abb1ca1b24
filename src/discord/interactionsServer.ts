/**
 * The HTTP interactions endpoint (INTERACTIONS=http): `POST /interactions` as Discord calls it, plus
 * `GET /healthz` (the process is alive) and `GET /readyz` (the corpus is loaded and indexed, and the
 * process is not shutting down) for a load balancer. Stateless: any number of replicas can serve.
 *
 * A request is refused with 401 before its body is parsed when its signature is missing, malformed,
 * stale or wrong (verifySignature.ts); bodies beyond HTTP_INTERACTIONS.maxBodyBytes get 413. A PING is
 * answered with PONG; anything else goes to the router through the HTTP adapter, whose first response
 * is this request's response.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { REST } from '@discordjs/rest';
import { InteractionResponseType, InteractionType, type APIInteraction } from 'discord-api-types/v10';
import { z } from 'zod';
import { HTTP_INTERACTIONS } from '../config/constants.js';
import { fromHttp } from './httpAdapter.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { Router } from './router.js';
import { checkSignature, interactionsPublicKey } from './verifySignature.js';

export const INTERACTIONS_PATH = '/interactions';

export interface InteractionsServerOptions {
  host: string;
  port: number;
  /** DISCORD_PUBLIC_KEY, 64 hex characters. */
  publicKey: string;
  applicationId: string;
  rest: REST;
  router: Router;
  logger: Logger;
  metrics: Metrics;
  /** Whether the process can answer (for /readyz). */
  ready(): boolean;
}

export interface InteractionsServer {
  /** e.g. http://127.0.0.1:8080 (the interactions URL is this + /interactions). */
  url: string;
  /** Stops taking interactions: /readyz answers 503 from now on, so the load balancer drains this replica. */
  drain(): void;
  close(): Promise<void>;
}

/** What every interaction has, checked before it goes anywhere; the rest is Discord's shape (discord-api-types). */
const interactionShape = z.looseObject({
  id: z.string().regex(/^\d{1,20}$/),
  application_id: z.string(),
  type: z.number().int(),
  token: z.string().min(1).max(1000),
});

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res
    .writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json' })
    .end(text);
}

export async function startInteractionsServer(options: InteractionsServerOptions): Promise<InteractionsServer> {
  const { logger, metrics, router } = options;
  const key = interactionsPublicKey(options.publicKey);
  let draining = false;

  async function interaction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req, HTTP_INTERACTIONS.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        metrics.error('http-body-too-large');
        return send(res, 413, { error: 'request body too large' });
      }
      throw error;
    }
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const check = checkSignature(
      key,
      { signature: header('x-signature-ed25519'), timestamp: header('x-signature-timestamp') },
      body,
    );
    if (!check.ok) {
      metrics.error('http-signature');
      logger.warn('interaction-refused', { reason: check.reason, remote: req.socket.remoteAddress ?? null });
      return send(res, 401, { error: 'invalid request signature' });
    }
    let parsed: APIInteraction;
    try {
      const json: unknown = JSON.parse(body.toString('utf8'));
      if (!interactionShape.safeParse(json).success) throw new Error('not an interaction');
      parsed = json as APIInteraction;
    } catch {
      return send(res, 400, { error: 'not an interaction' });
    }
    if (parsed.type === InteractionType.Ping) return send(res, 200, { type: InteractionResponseType.Pong });

    let answered = false;
    // The router defers well before this; a request still unanswered at Discord's deadline is given up.
    const deadline = setTimeout(() => {
      if (answered) return;
      answered = true;
      metrics.error('http-deadline');
      logger.warn('interaction-deadline', { interaction: parsed.id });
      send(res, 503, { error: 'no response in time' });
    }, HTTP_INTERACTIONS.firstResponseDeadlineMs);
    const incoming = fromHttp(parsed, {
      rest: options.rest,
      applicationId: options.applicationId,
      respond(response) {
        if (answered) throw new Error(`interaction ${parsed.id} was answered after its deadline`);
        answered = true;
        clearTimeout(deadline);
        send(res, 200, response);
      },
    });
    await router.handle(incoming);
    if (!answered) {
      answered = true;
      clearTimeout(deadline);
      logger.error('interaction-unanswered', { interaction: parsed.id });
      send(res, 500, { error: 'the interaction was not answered' });
    }
  }

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) return send(res, 200, 'ok\n');
    if (path === '/readyz' && (req.method === 'GET' || req.method === 'HEAD')) {
      const ready = !draining && options.ready();
      return send(res, ready ? 200 : 503, ready ? 'ready\n' : 'not ready\n');
    }
    if (path !== INTERACTIONS_PATH) return send(res, 404, 'not found\n');
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    interaction(req, res).catch((error: unknown) => {
      metrics.error('http');
      logger.error('interactions-endpoint-error', { error });
      send(res, 500, { error: 'internal error' });
    });
  });
  server.requestTimeout = HTTP_INTERACTIONS.requestTimeoutMs;
  server.headersTimeout = Math.min(server.headersTimeout, HTTP_INTERACTIONS.requestTimeoutMs);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    drain() {
      draining = true;
    },
    async close() {
      draining = true;
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
