/**
 * What pages the operator: server errors seen by clients, function faults and throttles, DynamoDB
 * throttles and system errors, and a transparency log falling behind. All alarms notify one SNS topic.
 */
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { LEDGER_LAG_METRIC, ledgerLagDimensions } from '../../shared/features/ledger/index.js';

export interface RegistryAlarmsProps {
  stage: string;
  api: HttpApi;
  table: TableV2;
  /** Functions whose errors and throttles alarm, by a short name. */
  functions: Record<string, IFunction>;
  /** Functions throttled on purpose (the single-flight sequencer): errors alarm, throttles do not. */
  singleFlight?: Record<string, IFunction>;
  max5xxPercent: number;
  /** When set (the sequencer is deployed), alarm on ledger lag past this many seconds. */
  ledgerMaxDelaySeconds?: number;
  alarmEmail?: string;
}

/**
 * Every DynamoDB operation the registry issues (GetItem, Query, BatchGetItem and conditional writes; no Scan, no
 * transactions).
 */
const TABLE_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.BATCH_WRITE_ITEM,
];

const FIVE_MINUTES = Duration.minutes(5);

export class RegistryAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: RegistryAlarmsProps) {
    super(scope, id);
    // TLS-only publishing. No KMS encryption at rest: notifications carry alarm names and metric values, no
    // registry or personal data; CloudWatch cannot publish under the AWS-managed SNS key, and a customer key
    // would add a fixed monthly cost to an otherwise idle-free stack.
    this.topic = new Topic(this, 'Topic', {
      topicName: `gongshi-${props.stage}-alarms`,
      displayName: `Gongshi ${props.stage} alarms`,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);
    const alarm = (
      alarmId: string,
      metric: IMetric,
      threshold: number,
      description: string,
      options: { missing?: TreatMissingData; periods?: number; datapoints?: number } = {},
    ) => {
      const a = new Alarm(this, alarmId, {
        alarmName: `gongshi-${props.stage}-${alarmId}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: options.periods ?? 1,
        datapointsToAlarm: options.datapoints ?? options.periods ?? 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: options.missing ?? TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(action);
      a.addOkAction(action);
      this.alarms.push(a);
      return a;
    };

    alarm(
      'Api5xxRate',
      new MathExpression({
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: {
          errors: props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
          requests: props.api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' }),
        },
        period: FIVE_MINUTES,
        label: '5xx % of requests',
      }),
      props.max5xxPercent,
      `More than ${props.max5xxPercent}% of API requests answered 5xx over five minutes`,
    );

    for (const [name, fn] of Object.entries({ ...props.functions, ...props.singleFlight })) {
      alarm(
        `${name}Errors`,
        fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        1,
        `The ${name} function failed (uncaught error or timeout)`,
      );
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(
        `${name}Throttles`,
        fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        1,
        `The ${name} function hit its reserved concurrency`,
      );
    }

    alarm(
      'TableThrottles',
      props.table.metricThrottledRequestsForOperations({ operations: TABLE_OPERATIONS, period: FIVE_MINUTES }),
      1,
      'DynamoDB throttled registry requests',
    );
    alarm(
      'TableSystemErrors',
      props.table.metricSystemErrorsForOperations({ operations: TABLE_OPERATIONS, period: FIVE_MINUTES }),
      1,
      'DynamoDB answered registry requests with system errors',
    );

    if (props.ledgerMaxDelaySeconds !== undefined) {
      alarm(
        'LedgerLag',
        new Metric({
          namespace: LEDGER_LAG_METRIC.namespace,
          metricName: LEDGER_LAG_METRIC.metricName,
          dimensionsMap: ledgerLagDimensions(props.stage),
          statistic: 'Maximum',
          period: Duration.minutes(1),
        }),
        props.ledgerMaxDelaySeconds,
        `A published version has waited more than ${props.ledgerMaxDelaySeconds}s for the ` +
          `transparency log, or the sequencer stopped reporting`,
        // No data means the sequencer is not running: exactly when the log falls behind. Two breaching minutes
        // out of three ride out one late metric line without waiting long past the stated delay.
        { missing: TreatMissingData.BREACHING, periods: 3, datapoints: 2 },
      );
    }
  }
}
