/**
 * The log's queue of public events that are not list versions (today: decisions published, withdrawn, expired).
 * A feature enqueues an event with its leaf body; the sequencer appends it like a list version and marks it logged.
 *
 * | item                    | pk                | sk      | while unlogged (sparse ledger-pending index)      |
 * |-------------------------|-------------------|---------|---------------------------------------------------|
 * | one event of a subject  | LOGEV#<subject>   | <event> | ledgerPk = LOGEV, ledgerSk = <at>#<subject>#<event> |
 *
 * Once logged the item keeps `leafIndex` and leaves the index. An event is put once (conditional), so re-enqueuing
 * an event already logged does not log it twice. The events of one subject are one Query of its partition.
 */
import { PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { batchWriteAll } from '../../platform/dynamodb/batch.js';
import { conditionalWrite } from '../../platform/dynamodb/conditional.js';
import { queryAll } from '../../platform/dynamodb/query.js';
import type { DecisionLeafBody } from './model/decision-leaf.js';

export const logEventKeys = {
  subject: (subject: string) => `LOGEV#${subject}`,
  pendingPk: 'LOGEV',
  pendingSk: (at: string, subject: string, event: string) => `${at}#${subject}#${event}`,
} as const;

export interface LogEvent {
  /** What the event is about (a decision's id). */
  subject: string;
  event: DecisionLeafBody['event'];
  body: DecisionLeafBody;
}

export function logEventItem(e: LogEvent): Record<string, AttributeValue> {
  return marshall({
    pk: logEventKeys.subject(e.subject),
    sk: e.event,
    body: JSON.stringify(e.body),
    ledgerPk: logEventKeys.pendingPk,
    ledgerSk: logEventKeys.pendingSk(e.body.at, e.subject, e.event),
  });
}

export class LogEventQueue {
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  /** Enqueues one event unless it is already there (a retry, or logged already). */
  async enqueue(e: LogEvent): Promise<void> {
    await conditionalWrite(
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: logEventItem(e),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  /** Enqueues the events of newly written subjects (a bulk import) in batches of 25: none can exist yet. */
  async enqueueNew(events: readonly LogEvent[]): Promise<void> {
    await batchWriteAll(
      this.client,
      this.tableName,
      events.map((e) => ({ PutRequest: { Item: logEventItem(e) } })),
    );
  }

  /** The subject's events with their leaf index once logged: one Query. */
  async eventsOf(subject: string): Promise<Array<{ event: string; leafIndex?: number }>> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: marshall({ ':pk': logEventKeys.subject(subject) }),
    });
    return items.map((raw) => {
      const i = unmarshall(raw);
      return { event: String(i.sk), ...(typeof i.leafIndex === 'number' ? { leafIndex: i.leafIndex } : {}) };
    });
  }
}
