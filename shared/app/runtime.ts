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
import { workbenchFromConfig, type WorkbenchOptions } from './workbench.js';

export interface Runtime {
  client: DynamoDBClient;
  store: StreamStore;
  registry: Registry;
  app: ReturnType<typeof createApp>;
  /** The transparency log's sequencer, when this process signs (a signer was given). */
  ledger?: LedgerWiring;
  /** Drafts, review and the audit trail (the publication workflow). */
  write: WriteDeps;
}

export function createRuntime(
  config: StoreConfig = configFromEnv(),
  options: StreamStoreOptions & {
    client?: DynamoDBClient;
    routes?: AppRoutes;
    ledger?: LedgerOptions;
    write?: WriteOptions;
    workbench?: WorkbenchOptions;
  } = {},
): Runtime {
  const { client, store, registry } = createCore(config, options);
  const write = createWriteDeps(registry, client, config.tableName, options.write);
  const registerWorkbench = workbenchFromConfig(
    { client, tableName: config.tableName, registry, write },
    options.workbench,
  );
  const app = createApp(
    { registry, write },
    {
      routes: options.routes,
      registerWrite: (a, deps) => {
        registerWriteRoutes(a, deps);
        registerWorkbench(a);
      },
    },
  );
  const ledger = options.ledger
    ? attachLedger({ client, tableName: config.tableName, store, registry }, options.ledger)
    : undefined;
  return { client, store, registry, app, write, ...(ledger ? { ledger } : {}) };
}
