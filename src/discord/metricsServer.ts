/**
 * The metrics endpoint: `GET /metrics` in Prometheus's text format, on METRICS_PORT, bound to
 * 127.0.0.1 unless METRICS_HOST says otherwise (the metrics tell who uses the bot how much; they are
 * for the operator's scraper, not the internet). Anything else is a 404.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LISTEN } from '../config/constants.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

export interface MetricsServer {
  /** e.g. http://127.0.0.1:9464/metrics */
  url: string;
  close(): Promise<void>;
}

export async function startMetricsServer({
  host,
  port,
  metrics,
  logger,
}: {
  host: string;
  port: number;
  metrics: Metrics;
  logger: Logger;
}): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path !== '/metrics') {
      res
        .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        .end('not found: the metrics are at /metrics\n');
      return;
    }
    metrics.exposition().then(
      ({ contentType, body }) =>
        res.writeHead(200, { 'content-type': contentType }).end(req.method === 'HEAD' ? undefined : body),
      (error: unknown) => {
        logger.warn('metrics-failed', { error });
        res.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}/metrics`;
  logger.info('metrics-listening', { url });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The metrics endpoint if METRICS_PORT asks for one (null otherwise), for either transport. A port
 * that cannot be had is one clear error naming the variables.
 */
export async function startConfiguredMetricsServer(
  config: { metricsPort?: number | null; metricsHost?: string },
  metrics: Metrics,
  logger: Logger,
): Promise<MetricsServer | null> {
  if (config.metricsPort === undefined || config.metricsPort === null) return null;
  const host = config.metricsHost ?? LISTEN.metricsHost;
  try {
    return await startMetricsServer({ host, port: config.metricsPort, metrics, logger });
  } catch (error) {
    throw new Error(
      `the metrics endpoint could not listen on ${host}:${config.metricsPort} (METRICS_HOST, METRICS_PORT): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
