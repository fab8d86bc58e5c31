/**
 * Where local commands find the registry's engine, in this order:
 * 1. DYNAMODB_ENDPOINT (DynamoDB Local, or real AWS with AWS_REGION when set to an AWS endpoint);
 * 2. a running `npm start`, which writes its embedded engine's address to .data/engine.json;
 * 3. otherwise the embedded engine is started in this process on .data/dynalite.
 * TABLE_NAME names the table (default `gongshi`).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { createClient, type StoreConfig } from '../shared/platform/dynamodb/client.js';
import { ensureTable } from '../shared/platform/dynamodb/ensure-table.js';
import { startDynalite, type RunningEngine } from '../shared/platform/local/engines.js';
import { createRuntime, type Runtime } from '../shared/app/runtime.js';
import { keyFileSigner, localProcessOwners } from '../shared/features/ledger/index.js';
import { loadConfig } from '../shared/app/config.js';
import { runtimeOptionsFromConfig } from '../shared/app/configured.js';

const settings = loadConfig();
export const DATA_DIR = resolve(settings.auth.dataDir);
const ENGINE_FILE = join(DATA_DIR, 'engine.json');

export interface LocalRegistry extends Runtime {
  config: StoreConfig;
  engine?: RunningEngine;
  /** How the engine was found, for messages. */
  origin: 'env' | 'running-server' | 'embedded';
  close(): Promise<void>;
}

function runningServerEndpoint(): string | undefined {
  if (!existsSync(ENGINE_FILE)) return undefined;
  try {
    const { endpoint, pid } = JSON.parse(readFileSync(ENGINE_FILE, 'utf8')) as { endpoint: string; pid: number };
    process.kill(pid, 0); // throws when that process is gone
    return endpoint;
  } catch {
    return undefined;
  }
}

/**
 * Opens the local registry. `serve: true` (npm start) always embeds the engine
 * unless DYNAMODB_ENDPOINT is set, and publishes its address for other commands.
 */
export async function openLocalRegistry(
  options: { serve?: boolean; enginePort?: number } = {},
): Promise<LocalRegistry> {
  const config: StoreConfig = { ...settings.store };
  let engine: RunningEngine | undefined;
  let origin: LocalRegistry['origin'] = 'env';
  if (!config.endpoint) {
    const running = options.serve ? undefined : runningServerEndpoint();
    if (running) {
      config.endpoint = running;
      origin = 'running-server';
    } else {
      if (options.serve && runningServerEndpoint()) throw new Error('另一个 gongshi 服务正在使用 .data/，请先停止它');
      mkdirSync(DATA_DIR, { recursive: true });
      engine = await startDynalite({ path: join(DATA_DIR, 'dynalite'), port: options.enginePort });
      config.endpoint = engine.endpoint;
      origin = 'embedded';
      if (options.serve) writeFileSync(ENGINE_FILE, JSON.stringify({ endpoint: engine.endpoint, pid: process.pid }));
    }
  }
  const client = createClient(config);
  await ensureTable(client, config.tableName);
  // The transparency log: this process logs what it publishes, signing with the local key (.data/ledger-key.pem).
  const signer = keyFileSigner(settings.ledger.origin, settings.ledger.keyFile ?? join(DATA_DIR, 'ledger-key.pem'));
  // Pagination cursors carry a MAC; locally its key is generated into .data/ on first start.
  const cursorKey = settings.http.cursorKey ?? localCursorKey(join(DATA_DIR, 'cursor-key'));
  // The server keeps stored search indexes current in process, a moment after each publication.
  // Monthly decision statements are signed locally with .data/statement-key.pem unless a key is configured.
  const configured = settings.decisions.statementKeyFile ?? settings.decisions.statementKmsKeyId;
  const decisions = configured ? settings.decisions : { statementKeyFile: join(DATA_DIR, 'statement-key.pem') };
  const runtime = createRuntime(config, {
    ...runtimeOptionsFromConfig({ ...settings, decisions }),
    cursorKey,
    client,
    // Lease owners name this process, so a run after a crash takes the killed process's lease at once.
    ledger: { signer, origin: settings.ledger.origin, sequencer: { owners: localProcessOwners() } },
    searchIndexing: options.serve === true,
  });
  return {
    ...runtime,
    config,
    engine,
    origin,
    close: async () => {
      runtime.ledger?.runner.stop();
      await runtime.ledger?.runner.idle();
      await runtime.searchIndexer?.idle();
      client.destroy();
      if (engine) {
        if (options.serve) rmSync(ENGINE_FILE, { force: true });
        await engine.stop();
      }
    },
  };
}

/** The local cursor MAC key: 32 random bytes (hex) kept in `file`, created on first use. */
function localCursorKey(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}
