/**
 * What the write function builds (functions/write-api.ts): the core, the write routes' stores and services, the
 * feature services (./services.ts) and the write app assembled on demand (./lazy-write-app.ts). It serves what
 * ./runtime.ts's whole runtime serves with `routes: 'write'`, with no ledger sequencer or search indexing (neither
 * runs in the write function), and evaluates no route module, page or OpenAPI registration at start.
 */
import type { StoreConfig } from '../platform/dynamodb/client.js';
import type { OfficersWiring } from '../features/officers/wiring.js';
import type { Registry } from '../features/lists/registry.js';
import { createWriteDeps } from '../features/workflow/http/write-deps.js';
import { createCore, type CoreOptions } from './core.js';
import { createLazyWriteApp, type LazyWriteApp } from './lazy-write-app.js';
import { once } from './lazy-routes.js';
import { createFeatureServices, type FeatureServiceOptions } from './services.js';
import type { createRuntime } from './runtime.js';
import { workbenchConfig } from './workbench-config.js';

type RuntimeOptions = NonNullable<Parameters<typeof createRuntime>[1]>;

export type WriteRuntimeOptions = CoreOptions &
  Pick<RuntimeOptions, 'write' | 'workbench' | 'cursorKey'> &
  Pick<FeatureServiceOptions, 'certificateSigner' | 'statementSigner' | 'beacon'>;

export interface WriteRuntime {
  registry: Registry;
  /** Certificates: the write function waits for the index derived after an officers list publishes. */
  officers: OfficersWiring;
  app: LazyWriteApp['app'];
  /** The app that serves a path (tests compare it with the whole runtime's). */
  appFor: LazyWriteApp['appFor'];
}

export function createWriteRuntime(config: StoreConfig, options: WriteRuntimeOptions = {}): WriteRuntime {
  const {
    write: writeOptions,
    workbench: workbenchOptions,
    cursorKey,
    certificateSigner,
    statementSigner,
    beacon,
  } = options;
  const { client, registry, regions } = createCore(config, coreOptions(options));
  const write = createWriteDeps(registry, client, config.tableName, writeOptions);
  const { officers, decisions, inspections } = createFeatureServices(registry, {
    ...(certificateSigner ? { certificateSigner } : {}),
    ...(statementSigner ? { statementSigner } : {}),
    ...(beacon ? { beacon } : {}),
  });
  // Validated now, so a bad workbench configuration fails the cold start as it did; the pages load on first use.
  const workbench = { ...workbenchOptions, config: workbenchConfig(workbenchOptions?.config) };
  // The plan table intake loads the spreadsheet readers: made once, on the first request that needs it.
  const planIntake = once(async () => {
    const [{ PlanIntake }, { InspectionStore }] = await Promise.all([
      import('../features/inspections/plan-intake.js'),
      import('../features/inspections/store.js'),
    ]);
    return new PlanIntake(new InspectionStore(client, config.tableName));
  });
  const { app, appFor } = createLazyWriteApp(
    {
      registry,
      regions,
      write,
      decisions,
      inspections,
      plans: planIntake,
      workbench: async () => {
        const [{ workbenchFromConfig }, plans] = await Promise.all([import('./workbench.js'), planIntake()]);
        return workbenchFromConfig({ client, tableName: config.tableName, registry, write, plans }, workbench);
      },
    },
    cursorKey ? { cursorKey } : {},
  );
  return { registry, officers, app, appFor };
}

/** The options createCore reads (the client, the store's clock and cache, search), without the write side's. */
function coreOptions(options: WriteRuntimeOptions): CoreOptions {
  const { write, workbench, cursorKey, certificateSigner, statementSigner, beacon, ...core } = options;
  return core;
}
