/**
 * Wires the sequencer into a process: the ledger store, the in-process runner,
 * and the registry's afterPublish hook, so each publication is logged right
 * after it commits. Lambda entry points call `runSequencer` directly instead.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DEFAULT_ORIGIN } from './model/origin.js';
import type { Signer } from './model/signer.js';
import type { Registry } from '../lists/index.js';
import { LedgerStore } from './ledger-store.js';
import type { StreamStore } from '../lists/index.js';
import { LedgerRunner } from './runner.js';
import { runSequencer, type SequencerDeps, type SequencerResult } from './sequencer.js';

export interface LedgerWiring {
  store: LedgerStore;
  runner: LedgerRunner;
  origin: string;
  /** One sequencer run, awaited (tests, CLI). */
  runOnce(): Promise<SequencerResult>;
}

export interface LedgerOptions {
  signer: Signer;
  origin?: string;
  /** Run after each publish in this process (default true). */
  afterPublish?: boolean;
  sequencer?: Partial<Pick<SequencerDeps, 'batchLeaves' | 'leaseMs' | 'owners'>>;
}

export function attachLedger(
  parts: { client: DynamoDBClient; tableName: string; store: StreamStore; registry: Registry },
  options: LedgerOptions,
): LedgerWiring {
  const origin = options.origin ?? DEFAULT_ORIGIN;
  const store = new LedgerStore(parts.client, parts.tableName, parts.store.clock);
  const runOnce = () =>
    runSequencer({
      ledger: store,
      streams: parts.store,
      signer: options.signer,
      origin,
      clock: parts.store.clock,
      ...options.sequencer,
    });
  const runner = new LedgerRunner(runOnce);
  if (options.afterPublish ?? true) {
    const previous = parts.registry.afterPublish;
    parts.registry.afterPublish = (result) => {
      previous?.(result);
      void runner.kick();
    };
  }
  return { store, runner, origin, runOnce };
}
