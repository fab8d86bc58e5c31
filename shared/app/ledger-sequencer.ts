/**
 * The sequencer as a Lambda handler: one run per invocation (EventBridge every
 * minute, plus an asynchronous nudge after each publication), then the ledger
 * lag metric the alarm watches.
 */
import { logger } from '../platform/lambda/log.js';
import { createCore } from './core-runtime.js';
import { LedgerStore } from '../features/ledger/ledger-store.js';
import type { GongshiConfig } from './config.js';
import { publishLedgerLag } from '../features/ledger/ledger-lag.js';
import { runSequencer, type SequencerResult } from '../features/ledger/sequencer.js';
import { type Signer } from '../features/ledger/model/signer.js';

export function createSequencerHandler(
  config: Pick<GongshiConfig, 'store' | 'ledger' | 'stage'>,
  signerFactory: (origin: string) => Signer | Promise<Signer>,
): () => Promise<SequencerResult> {
  let ready: Promise<{ run: () => Promise<SequencerResult>; lag: () => Promise<number> }> | undefined;
  const init = async () => {
    const { origin } = config.ledger;
    const signer = await signerFactory(origin);
    const rt = createCore(config.store);
    const ledger = new LedgerStore(rt.client, rt.store.tableName, rt.store.clock);
    return {
      run: () => runSequencer({ ledger, streams: rt.store, signer, origin }),
      lag: () => publishLedgerLag(rt.client, rt.store.tableName, { stage: config.stage }),
    };
  };
  return async () => {
    ready ??= init();
    const { run, lag } = await ready;
    const result = await run();
    const lagSeconds = await lag();
    logger.info('ledger sequencer run', { ...result, lagSeconds });
    return result;
  };
}
export { signerFromConfig } from '../features/ledger/signer-from-config.js';
