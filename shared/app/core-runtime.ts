/**
 * The registry without the publication workflow: what the public function and the ledger
 * sequencer need. Kept apart from ./runtime.ts so their bundles carry no upload, workflow or
 * audit code (smaller, faster cold starts).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createApp } from './http-app.js';
import { Registry } from '../features/lists/registry.js';
import { createClient, type StoreConfig } from '../platform/dynamodb/client.js';
import { StreamStore, type StreamStoreOptions } from '../features/lists/stream-store.js';
import { RegionService, type RegionServiceOptions } from '../features/search/service.js';
import { TableIndexFileStore } from '../features/search/index-store.js';
import { useStoredIndexes } from '../features/search/search-indexing.js';
import { officersReader, type QrRenderer } from '../features/officers/index.js';

export interface CoreRuntime {
  client: DynamoDBClient;
  store: StreamStore;
  registry: Registry;
  /** Region snapshots and search indexes of this process, shared by search, statistics and the portal. */
  regions: RegionService;
}

export type CoreOptions = StreamStoreOptions & { client?: DynamoDBClient; search?: RegionServiceOptions };

export function createCore(config: StoreConfig, options: CoreOptions = {}): CoreRuntime {
  const client = options.client ?? createClient(config);
  const store = new StreamStore(client, config.tableName, options);
  const registry = new Registry(store);
  const regions = new RegionService(store, {
    ...(config.searchRefreshMs !== undefined ? { refreshMs: config.searchRefreshMs } : {}),
    ...options.search,
  });
  // Searches load a region's stored index when it matches the region's heads (built by the background step).
  useStoredIndexes(registry, regions, new TableIndexFileStore(client, config.tableName));
  return { client, store, registry, regions };
}

/**
 * The anonymous read API alone. `exportUrl`: where region exports are redirected (the streaming export
 * function on AWS; see features/exports/export-redirect.ts); absent, they are served by this app. `renderQr`:
 * draws the QR of card faces (./qr.ts), which serve the credentials the write side signed and stored; absent, card
 * faces answer 422 (the export function serves none).
 */
export function createPublicRuntime(
  config: StoreConfig,
  options: CoreOptions & { exportUrl?: string; cursorKey?: string; renderQr?: QrRenderer } = {},
): CoreRuntime & { app: ReturnType<typeof createApp> } {
  const { exportUrl, cursorKey, renderQr, ...coreOptions } = options;
  const core = createCore(config, coreOptions);
  return {
    ...core,
    app: createApp(
      { registry: core.registry, regions: core.regions, officers: officersReader(core.registry, undefined, renderQr) },
      { routes: 'public', ...(exportUrl ? { exportUrl } : {}), ...(cursorKey ? { cursorKey } : {}) },
    ),
  };
}
export { EXPORT_PATHS } from '../features/exports/export-redirect.js';
