/**
 * A transparency-log sequencer for a test's table: one signing key per call, runs on the test's clock, so a test
 * decides when queued events (a draw's commitment, a decision) enter the log and which `loggedAt` they get.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { StreamStore } from '../shared/features/lists/stream-store.js';
import { LedgerStore } from '../shared/features/ledger/ledger-store.js';
import { Ed25519Signer } from '../shared/features/ledger/model/signer.js';
import { runSequencer, type SequencerResult } from '../shared/features/ledger/sequencer.js';

export function testSequencer(
  parts: { client: DynamoDBClient; tableName: string; streams: StreamStore; clock: () => Date },
  origin = 'gongshi.test/log',
): () => Promise<SequencerResult> {
  const ledger = new LedgerStore(parts.client, parts.tableName, parts.clock);
  const signer = Ed25519Signer.generate(origin);
  return () => runSequencer({ ledger, streams: parts.streams, signer, origin, clock: parts.clock, batchLeaves: 5_000 });
}
