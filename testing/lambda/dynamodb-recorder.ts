/**
 * A pass-through proxy in front of the local engine that records which DynamoDB operations each caller
 * sends (by the X-Amz-Target header), so a test can hold a bundle's real traffic against the IAM actions
 * its role is granted. Callers are told apart by the path prefix they are given: <endpoint>/<caller>.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DynamoDbRecorder {
  endpointFor(caller: string): string;
  /** Operations seen from a caller, as IAM actions (dynamodb:GetItem, …). */
  actionsOf(caller: string): Set<string>;
  close(): Promise<void>;
}

export async function startDynamoDbRecorder(engineEndpoint: string): Promise<DynamoDbRecorder> {
  const target = new URL(engineEndpoint);
  const seen = new Map<string, Set<string>>();
  const server: Server = createServer((req, res) => {
    const caller = decodeURIComponent((req.url ?? '/').split('/')[1] ?? '');
    const op = String(req.headers['x-amz-target'] ?? '').split('.')[1];
    if (op) {
      if (!seen.has(caller)) seen.set(caller, new Set());
      seen.get(caller)!.add(`dynamodb:${op}`);
    }
    const upstream = request(
      {
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: '/',
        headers: { ...req.headers, host: target.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', (e) => {
      res.writeHead(502);
      res.end(String(e));
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpointFor: (caller) => `http://127.0.0.1:${port}/${encodeURIComponent(caller)}`,
    actionsOf: (caller) => new Set(seen.get(caller) ?? []),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
