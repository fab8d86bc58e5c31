/** Wires the registry from configuration: the same wiring serves Lambda, the local server and the CLI. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createApp, type AppRoutes } from './http-app.js';
import type { Registry } from '../features/lists/registry.js';
import type { StoreConfig } from '../platform/dynamodb/client.js';
import type { StreamStore, StreamStoreOptions } from '../features/lists/stream-store.js';
import { createCore } from './core-runtime.js';
import type { RegionService, RegionServiceOptions } from '../features/search/service.js';
import { registerWriteRoutes } from '../features/workflow/index.js';
import { attachLedger, type LedgerOptions, type LedgerWiring } from '../features/ledger/wiring.js';
import { createWriteDeps, type WriteDeps, type WriteOptions } from '../features/workflow/index.js';
import type { CertificateSigner, OfficersWiring } from '../features/officers/index.js';
import { workbenchFromConfig, type WorkbenchOptions } from './workbench.js';
import { SearchIndexer, useStoredIndexes } from '../features/search/search-indexing.js';
import { TableIndexFileStore } from '../features/search/index-store.js';
import { registerDecisionWriteRoutes, type DecisionsWiring } from '../features/decisions/index.js';
import type { StatementSigner } from '../features/decisions/index.js';
import {
  InspectionStore,
  PlanIntake,
  registerInspectionWriteRoutes,
  type BeaconSource,
  type InspectionService,
} from '../features/inspections/index.js';
import { createFeatureServices } from './services.js';

export interface Runtime {
  client: DynamoDBClient;
  store: StreamStore;
  registry: Registry;
  /** Region snapshots and search indexes (search, statistics, portal). */
  regions: RegionService;
  app: ReturnType<typeof createApp>;
  /** The transparency log's sequencer, when this process signs (a signer was given). */
  ledger?: LedgerWiring;
  /** Drafts, review and the audit trail (the publication workflow). */
  write: WriteDeps;
  /** Certificates: numbers checked before an officers list publishes, the index derived after. */
  officers: OfficersWiring;
  /** Decisions after the fact (事后公示): the use cases, the reports and signed statements. */
  decisions: DecisionsWiring;
  /** Rebuilds stored search indexes after publishes, when this process does (the local server). */
  searchIndexer?: SearchIndexer;
  /** Random inspections: plans, committed draws on beacon rounds, results. */
  inspections: InspectionService;
  /** Plan tables (抽查工作计划 files) checked and imported; the folder import's reader of plan files. */
  plans: PlanIntake;
}

export function createRuntime(
  config: StoreConfig,
  options: StreamStoreOptions & {
    client?: DynamoDBClient;
    search?: RegionServiceOptions;
    routes?: AppRoutes;
    ledger?: LedgerOptions;
    write?: WriteOptions;
    /** Signs card credentials and status lists; default the ledger's signer (the registry's key). */
    certificateSigner?: CertificateSigner;
    /** Signs the units' monthly decision statements; absent, statements are refused (SIGNING_UNAVAILABLE). */
    statementSigner?: StatementSigner;
    workbench?: WorkbenchOptions;
    /** Rebuild and store search indexes in this process after each publication (the local server). */
    searchIndexing?: boolean;
    /** The MAC key of pagination cursors (see platform/http/cursor.ts). */
    cursorKey?: string | Uint8Array;
    /** Where draws take their randomness; default the labelled local demo beacon on the registry's clock. */
    beacon?: BeaconSource;
  } = {},
): Runtime {
  const { client, store, registry, regions } = createCore(config, options);
  const write = createWriteDeps(registry, client, config.tableName, options.write);
  // Decisions' log events nudge this process's sequencer, like list publications do (attached below).
  let ledger: LedgerWiring | undefined;
  const { officers, decisions, inspections } = createFeatureServices(registry, {
    certificateSigner: options.certificateSigner ?? options.ledger?.signer,
    onLogged: () => {
      if (options.ledger?.afterPublish ?? true) void ledger?.runner.kick();
    },
    ...(options.statementSigner ? { statementSigner: options.statementSigner } : {}),
    ...(options.beacon ? { beacon: options.beacon } : {}),
  });
  // The plan table intake (spreadsheet readers) is the write path's only: the draw-only processes do without it.
  const plans = new PlanIntake(new InspectionStore(client, config.tableName));
  const registerWorkbench = workbenchFromConfig(
    { client, tableName: config.tableName, registry, write, plans },
    options.workbench,
  );
  const app = createApp(
    { registry, regions, write, officers, decisions, draws: inspections },
    {
      routes: options.routes,
      ...(options.cursorKey ? { cursorKey: options.cursorKey } : {}),
      registerWrite: (a, deps) => {
        registerWriteRoutes(a, deps);
        registerDecisionWriteRoutes(a, { ...decisions, auth: deps.auth });
        registerInspectionWriteRoutes(a, { inspections, plans, workflow: deps.workflow });
        registerWorkbench(a);
      },
    },
  );
  ledger = options.ledger
    ? attachLedger({ client, tableName: config.tableName, store, registry }, options.ledger)
    : undefined;
  const searchIndexer = options.searchIndexing
    ? useStoredIndexes(registry, regions, new TableIndexFileStore(client, config.tableName), { build: true })
    : undefined;
  return {
    client,
    store,
    registry,
    regions,
    app,
    write,
    officers,
    decisions,
    inspections,
    plans,
    ...(ledger ? { ledger } : {}),
    ...(searchIndexer ? { searchIndexer } : {}),
  };
}
