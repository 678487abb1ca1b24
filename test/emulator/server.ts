/**
 * One HTTP server on 127.0.0.1 (random port) serving both the REST API (`/api/v10/...`) and the
 * gateway WebSocket (`/gateway`, `/resume`).
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GATEWAY_PATH, Gateway, RESUME_PATH } from './gateway.js';
import { createRestHandler } from './rest.js';
import type { EmulatorState } from './state.js';

export interface RunningServer {
  server: Server;
  port: number;
  apiBase: string;
  gatewayUrl: string;
  resumeUrl: string;
  gateway: Gateway;
  close(): Promise<void>;
}

export async function startServer(
  state: EmulatorState,
  opts: { heartbeatIntervalMs: number; shardCount: number; announcedGatewayUrl?: string },
): Promise<RunningServer> {
  let port = 0;
  const urls = () => ({
    gateway: `ws://127.0.0.1:${port}${GATEWAY_PATH}`,
    resume: `ws://127.0.0.1:${port}${RESUME_PATH}`,
  });
  const gateway = new Gateway(state, urls, opts.heartbeatIntervalMs);
  const rest = createRestHandler(state, () => ({
    url: opts.announcedGatewayUrl ?? urls().gateway,
    shardCount: opts.shardCount,
  }));

  const server = createServer((req, res) => {
    void rest(req, res);
  });
  server.on('upgrade', (req, socket, head) => {
    if (!gateway.handleUpgrade(req, socket, head)) {
      state.addViolation({
        rule: 'unexpected-request',
        message: `unexpected WebSocket upgrade to ${req.url}`,
        source: `GET ${req.url}`,
        rejected: true,
      });
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  state.origin = `http://127.0.0.1:${port}`;

  return {
    server,
    port,
    apiBase: `http://127.0.0.1:${port}/api`,
    gatewayUrl: urls().gateway,
    resumeUrl: urls().resume,
    gateway,
    async close() {
      gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
