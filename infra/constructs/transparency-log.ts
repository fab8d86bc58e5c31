/**
 * The transparency log's signer : an Ed25519 KMS key whose private half never leaves KMS, and
 * the sequencer function — the only principal that may call kms:Sign on it — run every minute and
 * nudged by the write function after a publication.
 */
import { Duration } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LEDGER_LAG_METRIC } from '../../shared/features/ledger/index.js';
import { grantTableReadWrite } from '../table-access.js';
import { RegistryFunction } from './registry-function.js';
import { ed25519SigningKey, onlySignedBy } from './signing-key.js';

export interface TransparencyLogProps {
  stage: string;
  table: TableV2;
  logRetention: RetentionDays;
  /** What every registry function gets (table name, stage, log origin). */
  environment: Record<string, string>;
  /** functions/ledger-sequencer.ts; the key alone is deployed where the entry is absent. */
  sequencerEntry?: string;
}

export class TransparencyLog extends Construct {
  readonly signingKey: Key;
  readonly sequencer?: RegistryFunction;

  constructor(scope: Construct, id: string, props: TransparencyLogProps) {
    super(scope, id);
    // The key is the log's identity: verifiers pin its public key, so it outlives the stack.
    this.signingKey = ed25519SigningKey(this, 'CheckpointKey', {
      description: `Gongshi ${props.stage}: signs transparency-log checkpoints (C2SP signed-note, Ed25519)`,
      alias: `alias/gongshi-${props.stage}-ledger`,
    });

    if (props.sequencerEntry) {
      this.sequencer = new RegistryFunction(this, 'Sequencer', {
        entry: props.sequencerEntry,
        description: `Gongshi ${props.stage}: appends published versions to the transparency log and signs checkpoints`,
        serviceName: LEDGER_LAG_METRIC.service,
        memorySize: 512,
        // Under the one-minute schedule, so a run ends before the next begins.
        timeout: Duration.seconds(50),
        // One at a time: runs are idempotent under compare-and-set, but a second concurrent run only wastes writes.
        reservedConcurrency: 1,
        logRetention: props.logRetention,
        // Only the sequencer learns which key signs.
        environment: { ...props.environment, LEDGER_SIGNING_KEY_ID: this.signingKey.keyArn },
      });
      grantTableReadWrite(this.sequencer.role, props.table);
      new Rule(this, 'EveryMinute', {
        description: 'Catches up published-but-unlogged versions even if a nudge was lost',
        schedule: Schedule.rate(Duration.minutes(1)),
        // A missed run is replaced by the next one a minute later: no retries, no stale events.
        targets: [new LambdaFunction(this.sequencer.fn, { retryAttempts: 0, maxEventAge: Duration.minutes(1) })],
      });
    }

    // Only the sequencer's role may sign — even an account administrator's IAM policy cannot grant it.
    onlySignedBy(this.signingKey, 'OnlyTheSequencerSigns', this.sequencer ? [this.sequencer.role] : []);
  }
}
