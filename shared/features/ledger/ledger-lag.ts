/**
 * Ledger lag: how long the oldest published-but-unlogged version has waited for the transparency log.
 * The sequencer publishes it after every run (`await publishLedgerLag(...)`), and the stack alarms when it
 * passes the stated maximum delay, or when it stops arriving (a sequencer that does not run cannot say so).
 *
 * The ledger-pending index is sorted by the publishedAt of each head's first unlogged version, so the
 * oldest wait is the first item of one Query (Limit 1): one read per run, whatever the backlog.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { listKeys } from '../lists/index.js';

/** The metric as the alarm (infra/constructs/alarms.ts) watches it: same namespace, name and dimensions. */
export const LEDGER_LAG_METRIC = {
  namespace: 'Gongshi',
  metricName: 'LedgerLagSeconds',
  service: 'gongshi-ledger',
} as const;

export const ledgerLagDimensions = (stage: string) => ({ service: LEDGER_LAG_METRIC.service, stage });

/** Seconds the oldest unlogged version has waited (0 when the log is caught up). */
export async function measureLedgerLag(
  client: DynamoDBClient,
  tableName: string,
  now: Date = new Date(),
): Promise<number> {
  const index = listKeys.ledgerPendingIndex;
  const out = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: index.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'ledgerPk' },
      ExpressionAttributeValues: { ':pk': { S: index.pk } },
      ProjectionExpression: 'ledgerSk',
      Limit: 1,
    }),
  );
  const sk = out.Items?.[0]?.ledgerSk?.S;
  if (!sk) return 0;
  const publishedAt = Date.parse(sk.slice(0, sk.indexOf('#')));
  if (Number.isNaN(publishedAt)) throw new Error(`ledger-pending key without a timestamp: ${sk}`);
  return Math.max(0, Math.round((now.getTime() - publishedAt) / 1000));
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
