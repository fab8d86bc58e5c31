/**
 * The sequencer as a Lambda handler: one run per invocation (EventBridge every
 * minute, plus an asynchronous nudge after each publication), then the stored
 * search indexes of the regions it logged are rebuilt, then the ledger lag
 * metric the alarm watches.
 *
 * On AWS nothing else rebuilds stored search indexes (the local server does it in
 * process after each publish): the sequencer already learns which units published,
 * and a run every minute folds a burst of publications into one rebuild per region.
 */
import { logger } from '../platform/lambda/log.js';
import { createCore } from './core-runtime.js';
import { LedgerStore } from '../features/ledger/ledger-store.js';
import { publishLedgerLag } from '../features/ledger/ledger-lag.js';
import { runSequencer, type SequencerResult } from '../features/ledger/sequencer.js';
import { type Signer } from '../features/ledger/model/signer.js';
import { TableIndexFileStore } from '../features/search/index-store.js';
import { prefixesOf, SearchIndexer } from '../features/search/search-indexing.js';
import type { GongshiConfig } from './config.js';

export function createSequencerHandler(
  config: Pick<GongshiConfig, 'store' | 'ledger' | 'stage'>,
  signerFactory: (origin: string) => Signer | Promise<Signer>,
): () => Promise<SequencerResult> {
  let ready:
    | Promise<{
        run: () => Promise<SequencerResult>;
        reindex: (regions: readonly string[]) => Promise<void>;
        lag: () => Promise<number>;
      }>
    | undefined;
  const init = async () => {
    const { origin } = config.ledger;
    const signer = await signerFactory(origin);
    const rt = createCore(config.store);
    const ledger = new LedgerStore(rt.client, rt.store.tableName, rt.store.clock);
    const indexer = new SearchIndexer(
      rt.regions,
      new TableIndexFileStore(rt.client, rt.store.tableName),
      () => rt.registry.today(),
      () => rt.store.now(),
      { onError: (error, prefix) => logger.error('search index rebuild failed', { prefix, error: error as Error }) },
    );
    return {
      run: () => runSequencer({ ledger, streams: rt.store, signer, origin, clock: rt.store.clock }),
      reindex: (regions: readonly string[]) => rebuildIndexes(rt.regions, indexer, regions),
      lag: () => publishLedgerLag(rt.client, rt.store.tableName, { stage: config.stage }),
    };
  };
  return async () => {
    ready ??= init();
    const { run, reindex, lag } = await ready;
    const result = await run();
    await reindex(result.regions);
    const lagSeconds = await lag();
    logger.info('ledger sequencer run', { ...result, lagSeconds });
    return result;
  };
}

/** Rebuilds the province, city and county indexes of each region once, reading current heads. */
export async function rebuildIndexes(
  regions: { invalidate(): void },
  indexer: Pick<SearchIndexer, 'refresh'>,
  regionCodes: readonly string[],
): Promise<void> {
  if (regionCodes.length === 0) return;
  regions.invalidate();
  await indexer.refresh([...new Set(regionCodes.flatMap(prefixesOf))]);
}
export { signerFromConfig } from '../features/ledger/signer-from-config.js';
