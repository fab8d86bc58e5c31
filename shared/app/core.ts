/**
 * The registry without the publication workflow or any HTTP routes: the store, the registry and the region service,
 * which every process builds first. Apart from ./core-runtime.ts so that a module needing only these (the public
 * function's lazy app, the ledger sequencer) imports no feature's routes.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Registry } from '../features/lists/registry.js';
import { createClient, type StoreConfig } from '../platform/dynamodb/client.js';
import { StreamStore, type StreamStoreOptions } from '../features/lists/stream-store.js';
import { RegionService, type RegionServiceOptions } from '../features/search/service.js';
import { TableIndexFileStore } from '../features/search/index-store.js';
import { useStoredIndexes } from '../features/search/search-indexing.js';

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
