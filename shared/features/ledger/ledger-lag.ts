/**
 * Ledger lag: how long the oldest published-but-unlogged version or queued event (a decision published, withdrawn
 * or expired) has waited for the transparency log.
 * The sequencer publishes it after every run (`await publishLedgerLag(...)`), and the stack alarms when it
 * passes the stated maximum delay, or when it stops arriving (a sequencer that does not run cannot say so).
 *
 * The ledger-pending index is sorted by the publishedAt of each head's first unlogged version (partition LEDGER)
 * and by the time of each queued event (partition LOGEV), so the oldest wait is the first item of two Queries
 * (Limit 1 each): two reads per run, whatever the backlog.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { listKeys } from '../lists/index.js';
import { logEventKeys } from './log-events.js';

/** The metric as the alarm (infra/constructs/alarms.ts) watches it: same namespace, name and dimensions. */
export const LEDGER_LAG_METRIC = {
  namespace: 'Gongshi',
  metricName: 'LedgerLagSeconds',
  service: 'gongshi-ledger',
} as const;

export const ledgerLagDimensions = (stage: string) => ({ service: LEDGER_LAG_METRIC.service, stage });

/**
 * Seconds the oldest unlogged publication has waited (0 when the log is caught up): the first key of the heads'
 * partition (list versions, by publishedAt) and of the queued events' partition (decisions, by event time).
 */
export async function measureLedgerLag(
  client: DynamoDBClient,
  tableName: string,
  now: Date = new Date(),
): Promise<number> {
  const oldest = await Promise.all(
    [listKeys.ledgerPendingIndex.pk, logEventKeys.pendingPk].map((pk) => oldestPending(client, tableName, pk)),
  );
  const waited = oldest.filter((t): t is number => t !== undefined).map((t) => now.getTime() - t);
  return waited.length === 0 ? 0 : Math.max(0, Math.round(Math.max(...waited) / 1000));
}

/** The time that leads the first key of one partition of the ledger-pending index (Limit 1). */
async function oldestPending(client: DynamoDBClient, tableName: string, pk: string): Promise<number | undefined> {
  const out = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: listKeys.ledgerPendingIndex.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'ledgerPk' },
      ExpressionAttributeValues: { ':pk': { S: pk } },
      ProjectionExpression: 'ledgerSk',
      Limit: 1,
    }),
  );
  const sk = out.Items?.[0]?.ledgerSk?.S;
  if (!sk) return undefined;
  const at = Date.parse(sk.slice(0, sk.indexOf('#')));
  if (Number.isNaN(at)) throw new Error(`ledger-pending key without a timestamp: ${sk}`);
  return at;
}

/** Measures the lag and writes it as a CloudWatch embedded-metric line (no PutMetricData permission needed). */
export async function publishLedgerLag(
  client: DynamoDBClient,
  tableName: string,
  options: { stage: string; now?: Date },
): Promise<number> {
  const seconds = await measureLedgerLag(client, tableName, options.now);
  const metrics = new Metrics({
    namespace: LEDGER_LAG_METRIC.namespace,
    serviceName: LEDGER_LAG_METRIC.service,
    defaultDimensions: { stage: options.stage },
  });
  metrics.addMetric(LEDGER_LAG_METRIC.metricName, MetricUnit.Seconds, seconds);
  metrics.publishStoredMetrics();
  return seconds;
}
