/** Wires the registry from configuration: the same wiring serves Lambda, the local server and the CLI. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createApp, type AppRoutes } from './http-app.js';
import type { Registry } from '../features/lists/index.js';
import { configFromEnv, type StoreConfig } from '../platform/dynamodb/client.js';
import type { StreamStore, StreamStoreOptions } from '../features/lists/index.js';
import { createCore } from './core-runtime.js';
import { registerWriteRoutes } from '../features/workflow/index.js';
import { attachLedger, type LedgerOptions, type LedgerWiring } from '../features/ledger/index.js';
import { createWriteDeps, type WriteDeps, type WriteOptions } from '../features/workflow/index.js';
import { SearchIndexer, TableIndexFileStore, useStoredIndexes } from '../features/search/index.js';

export interface Runtime {
  client: DynamoDBClient;
  store: StreamStore;
  registry: Registry;
  app: ReturnType<typeof createApp>;
  /** The transparency log's sequencer, when this process signs (a signer was given). */
  ledger?: LedgerWiring;
  /** Drafts, review and the audit trail (the publication workflow). */
  write: WriteDeps;
  /** Rebuilds stored search indexes after publishes, when this process does (the local server). */
  searchIndexer?: SearchIndexer;
}

export function createRuntime(
  config: StoreConfig = configFromEnv(),
  options: StreamStoreOptions & {
    client?: DynamoDBClient;
    routes?: AppRoutes;
    ledger?: LedgerOptions;
    write?: WriteOptions;
    /** Rebuild and store search indexes in this process after each publication (the local server). */
    searchIndexing?: boolean;
  } = {},
): Runtime {
  const { client, store, registry } = createCore(config, options);
  const write = createWriteDeps(registry, client, config.tableName, options.write);
  const app = createApp({ registry, write }, { routes: options.routes, registerWrite: registerWriteRoutes });
  const ledger = options.ledger
    ? attachLedger({ client, tableName: config.tableName, store, registry }, options.ledger)
    : undefined;
  const searchIndexer = options.searchIndexing
    ? useStoredIndexes(registry, new TableIndexFileStore(client, config.tableName), { build: true })
    : undefined;
  return {
    client,
    store,
    registry,
    app,
    write,
    ...(ledger ? { ledger } : {}),
    ...(searchIndexer ? { searchIndexer } : {}),
  };
}
