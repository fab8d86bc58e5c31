/** Serves a fetch handler on a free loopback port with @hono/node-server, as `npm start` does. */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';

export async function serveLoopback(
  fetch: (req: Request) => Response | Promise<Response>,
): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            // Load generators leave keep-alive sockets open; close them so the server can stop.
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}
