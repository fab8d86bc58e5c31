/**
 * The sequencer as a Lambda handler: one run per invocation (EventBridge every
 * minute, plus an asynchronous nudge after each publication), then the ledger
 * lag metric the alarm watches.
 */
import { publishLedgerLag } from './ledger-lag.js';
import { logger } from '../../platform/lambda/log.js';
import { originFromEnv } from './model/origin.js';
import type { Signer } from './model/signer.js';
import { createCore } from '../../app/core-runtime.js';
import { LedgerStore } from './ledger-store.js';
import { runSequencer, type SequencerResult } from './sequencer.js';

export function createSequencerHandler(
  signerFactory: (origin: string) => Signer | Promise<Signer>,
): () => Promise<SequencerResult> {
  let ready: Promise<{ run: () => Promise<SequencerResult>; lag: () => Promise<number> }> | undefined;
  const init = async () => {
    const origin = originFromEnv();
    const signer = await signerFactory(origin);
    const rt = createCore();
    const ledger = new LedgerStore(rt.client, rt.store.tableName);
    return {
      run: () => runSequencer({ ledger, streams: rt.store, signer, origin }),
      lag: () => publishLedgerLag(rt.client, rt.store.tableName),
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
