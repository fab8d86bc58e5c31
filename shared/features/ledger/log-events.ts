/**
 * The log's queue of public events that are not list versions: decisions published, withdrawn, expired, and the
 * documents published about them (signed monthly statements, yearly reports: ./model/document-leaf.ts).
 * A feature enqueues an event with its leaf body; the sequencer appends it like a list version and marks it logged.
 *
 * | item                    | pk                | sk      | while unlogged (sparse ledger-pending index)      |
 * |-------------------------|-------------------|---------|---------------------------------------------------|
 * | one event of a subject  | LOGEV#<subject>   | <event> | ledgerPk = LOGEV, ledgerSk = <at>#<subject>#<event> |
 *
 * Once logged the item keeps `leafIndex` and leaves the index. An event is put once (conditional), so re-enqueuing
 * an event already logged does not log it twice. The events of one subject are one Query of its partition.
 *
 * A feature whose state change and event are two writes (no transactions) holds the event first: the same item
 * with ledgerPk = LOGEV-HELD, which the sequencer does not read. After the state change it releases the event into
 * the LOGEV partition. A crash between the writes leaves a held event that `heldBefore` finds, so a later job can
 * release it (the change happened) or drop it (it did not): no public change stays unlogged.
 *
 * A bulk change of new subjects (a decisions import) holds its events as batches instead, one item per up to
 * HELD_BATCH_SIZE events naming each subject, its event and its content hash (the one leaf field a later change
 * may erase from the subject):
 *
 * | item                 | pk                     | sk       | while held (ledger-pending index)                 |
 * |----------------------|------------------------|----------|---------------------------------------------------|
 * | held batch of events | LOGEV-BATCH#<batch id> | <part:4> | ledgerPk = LOGEV-HELD-BATCH, ledgerSk = <at>#<id>#… |
 *
 * After the change the events are queued one item each and the batch is deleted; a crash in between leaves the
 * batch for `heldBatchesBefore`, and its events are queued (conditionally, so none twice) or dropped one by one.
 */
import { randomUUID } from 'node:crypto';
import {
  DeleteItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { batchGetAll, batchWriteAll } from '../../platform/dynamodb/batch.js';
import { conditionalWrite } from '../../platform/dynamodb/conditional.js';
import { queryAll } from '../../platform/dynamodb/query.js';
import { padKey } from '../../platform/dynamodb/table.js';
import { listKeys } from '../lists/index.js';
import type { DecisionLeafBody } from './model/decision-leaf.js';
import type { DocumentLeafBody } from './model/document-leaf.js';

export const logEventKeys = {
  subject: (subject: string) => `LOGEV#${subject}`,
  pendingPk: 'LOGEV',
  heldPk: 'LOGEV-HELD',
  batch: (id: string) => `LOGEV-BATCH#${id}`,
  heldBatchPk: 'LOGEV-HELD-BATCH',
  pendingSk: (at: string, subject: string, event: string) => `${at}#${subject}#${event}`,
} as const;

/** A decision's public event. */
export interface DecisionLogEvent {
  /** What the event is about (a decision's id). */
  subject: string;
  event: DecisionLeafBody['event'];
  body: DecisionLeafBody;
}

/** One version of a decision document (its subject names the document, its event the version). */
export interface DocumentLogEvent {
  subject: string;
  event: string;
  body: DocumentLeafBody;
}

export type LogEvent = DecisionLogEvent | DocumentLogEvent;

export function logEventItem(e: LogEvent, partition: string = logEventKeys.pendingPk): Record<string, AttributeValue> {
  return marshall({
    pk: logEventKeys.subject(e.subject),
    sk: e.event,
    body: JSON.stringify(e.body),
    ledgerPk: partition,
    ledgerSk: logEventKeys.pendingSk(e.body.at, e.subject, e.event),
  });
}

/** Events per held batch item: about 150 characters each, so an item stays near 75 KB (the limit is 400 KB). */
export const HELD_BATCH_SIZE = 500;

/** One event of a held batch: enough to rebuild its leaf body from the subject's stored state. */
export interface HeldBatchEvent {
  subject: string;
  event: LogEvent['event'];
  /** The body's content hash when held (a later withdrawal or expiry erases the content it hashes). */
  contentHash: string | null;
}

/** The held batch items of one bulk change, as `holdBatch` wrote them. */
export interface HeldBatch {
  keys: Array<{ pk: string; sk: string }>;
  events: HeldBatchEvent[];
}

const heldCondition = {
  ConditionExpression: 'ledgerPk = :held',
  ExpressionAttributeValues: marshall({ ':held': logEventKeys.heldPk }),
};

export class LogEventQueue {
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  /** Enqueues one event unless it is already there (a retry, or logged already); true when this call put it. */
  async enqueue(e: LogEvent): Promise<boolean> {
    const written = await conditionalWrite(
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: logEventItem(e),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return written !== undefined;
  }

  /** Enqueues the events of newly written subjects (a bulk import), 25 a request, four at a time: none exist yet. */
  async enqueueNew(events: readonly LogEvent[]): Promise<void> {
    await batchWriteAll(
      this.client,
      this.tableName,
      events.map((e) => ({ PutRequest: { Item: logEventItem(e) } })),
      { parallel: 4 },
    );
  }

  /**
   * Holds an event before the state change it records: put unless the event is queued or logged already; a hold
   * left by an earlier attempt that crashed is replaced (its body may name another time).
   */
  async hold(e: LogEvent): Promise<void> {
    await conditionalWrite(
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: logEventItem(e, logEventKeys.heldPk),
          ConditionExpression: 'attribute_not_exists(pk) OR ledgerPk = :held',
          ExpressionAttributeValues: heldCondition.ExpressionAttributeValues,
        }),
      ),
    );
  }

  /**
   * Holds the events of newly written subjects (a bulk import) before the change: one item per HELD_BATCH_SIZE
   * events, written in batches of 25 items. `dropBatch` removes them once every event is queued.
   */
  async holdBatch(events: readonly LogEvent[]): Promise<HeldBatch> {
    const id = randomUUID();
    const at = events.reduce((min, e) => (e.body.at < min ? e.body.at : min), events[0]?.body.at ?? '');
    const held: HeldBatch = { keys: [], events: [] };
    const items: Array<Record<string, AttributeValue>> = [];
    for (let i = 0; i < events.length; i += HELD_BATCH_SIZE) {
      const part = events.slice(i, i + HELD_BATCH_SIZE).map((e) => ({
        subject: e.subject,
        event: e.event,
        contentHash: e.body.contentHash,
      }));
      const key = { pk: logEventKeys.batch(id), sk: padKey(i / HELD_BATCH_SIZE, 4) };
      held.keys.push(key);
      held.events.push(...part);
      items.push(
        marshall({
          ...key,
          events: JSON.stringify(part),
          ledgerPk: logEventKeys.heldBatchPk,
          ledgerSk: `${at}#${id}#${key.sk}`,
        }),
      );
    }
    await batchWriteAll(
      this.client,
      this.tableName,
      items.map((Item) => ({ PutRequest: { Item } })),
    );
    return held;
  }

  /** Deletes the items of a held batch (its events are queued, or were dropped): batches of 25. */
  async dropBatch(batch: Pick<HeldBatch, 'keys'>): Promise<void> {
    await batchWriteAll(
      this.client,
      this.tableName,
      batch.keys.map((k) => ({ DeleteRequest: { Key: marshall(k) } })),
    );
  }

  /** Batches held since before `at` (ISO time), each item with its events: one Query, then BatchGet. */
  async heldBatchesBefore(at: string): Promise<HeldBatch[]> {
    const found = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: listKeys.ledgerPendingIndex.name,
      KeyConditionExpression: 'ledgerPk = :held AND ledgerSk < :at',
      ExpressionAttributeValues: marshall({ ':held': logEventKeys.heldBatchPk, ':at': at }),
    });
    const items = await batchGetAll(
      this.client,
      this.tableName,
      found.map((i) => ({ pk: i.pk!, sk: i.sk! })),
      { consistent: true },
    );
    return items.map((raw) => {
      const i = unmarshall(raw);
      return {
        keys: [{ pk: String(i.pk), sk: String(i.sk) }],
        events: JSON.parse(String(i.events)) as HeldBatchEvent[],
      };
    });
  }

  /**
   * Moves a held event to the sequencer's queue (a no-op unless it is still held). Given the event, its body and
   * time become those of the state change that succeeded, whichever attempt's hold is stored.
   */
  async release(held: { subject: string; event: string }, as?: LogEvent): Promise<void> {
    await conditionalWrite(
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: logEventKeys.subject(held.subject), sk: held.event }),
          UpdateExpression: as ? 'SET ledgerPk = :pending, body = :body, ledgerSk = :at' : 'SET ledgerPk = :pending',
          ConditionExpression: 'ledgerPk = :held',
          ExpressionAttributeValues: marshall({
            ':held': logEventKeys.heldPk,
            ':pending': logEventKeys.pendingPk,
            ...(as
              ? { ':body': JSON.stringify(as.body), ':at': logEventKeys.pendingSk(as.body.at, as.subject, as.event) }
              : {}),
          }),
        }),
      ),
    );
  }

  /** Removes a held event whose state change never happened (a no-op unless it is still held). */
  async drop(held: { subject: string; event: string }): Promise<void> {
    await conditionalWrite(
      this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: logEventKeys.subject(held.subject), sk: held.event }),
          ...heldCondition,
        }),
      ),
    );
  }

  /** Events held since before `at` (ISO time), oldest first: one paged Query of the held partition. */
  async heldBefore(at: string): Promise<Array<{ subject: string; event: string }>> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: listKeys.ledgerPendingIndex.name,
      KeyConditionExpression: 'ledgerPk = :held AND ledgerSk < :at',
      ExpressionAttributeValues: marshall({ ':held': logEventKeys.heldPk, ':at': at }),
    });
    return items.map((raw) => {
      const i = unmarshall(raw);
      return { subject: String(i.pk).slice(logEventKeys.subject('').length), event: String(i.sk) };
    });
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
