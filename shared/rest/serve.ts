// Serves the REST application on Node's HTTP server (`@hono/node-server`), as the local worker does on :8083.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { ConnectDefaults } from './constants.ts';

/**
 * Anything with a WHATWG `fetch`: the Hono application.
 */
export interface FetchHandler {
  fetch(request: Request): Response | Promise<Response>;
}

/**
 * A listening server: its base URL (`http://127.0.0.1:8083`) and how to stop it.
 *
 * @example
 * const served = await serveConnectApp(app, { port: 0 });
 * await fetch(`${served.url}/connectors`);
 * await served.close();
 */
export interface ServedConnectApp {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Listens on `hostname:port` (default 127.0.0.1:8083; port 0 picks a free port) and resolves once it accepts
 * connections.
 *
 * @throws {Error} naming the address when it cannot listen (e.g. the port is taken).
 */
export function serveConnectApp(
  app: FetchHandler,
  options: { readonly hostname?: string; readonly port?: number } = {},
): Promise<ServedConnectApp> {
  const hostname = options.hostname ?? '127.0.0.1';
  const port = options.port ?? ConnectDefaults.PORT;
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname, port }, () => {
      const bound = (server.address() as AddressInfo).port;
      const host = hostname.includes(':') ? `[${hostname}]` : hostname;
      resolve({
        url: `http://${host}:${bound}`,
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
    server.once('error', (e) =>
      reject(new Error(`Cannot serve the REST API on ${hostname}:${port}: ${e.message}`, { cause: e })),
    );
  });
}
