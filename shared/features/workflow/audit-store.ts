/**
 * The audit trail in DynamoDB: one partition per unit (and GLOBAL), records
 * numbered by a sequence in the sort key. Appending is a conditional put on the
 * next number — two writers racing for the same number cannot both succeed, the
 * loser re-reads the tail and links to the new last record. No transactions, no
 * updates, no deletes: nothing in the code base changes a written record.
 */
import { randomBytes } from 'node:crypto';
import {
  DeleteItemCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { conditionalWrite } from '../../platform/dynamodb/conditional.js';
import { GLOBAL_AUDIT_STREAM, sealRecord, type AuditEntry, type AuditRecord } from './audit.js';
import { workflowKeys } from './keys.js';

function toRecord(raw: Record<string, AttributeValue>): AuditRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...rest } = unmarshall(raw);
  return rest as AuditRecord;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  /** ISO instants, inclusive. */
  from?: string;
  to?: string;
  limit: number;
  startKey?: Record<string, unknown>;
}

export class AuditContentionError extends Error {}

export class AuditStore {
  /** The last record this process wrote or read per stream: saves the tail read on the common path. */
  private readonly tails = new Map<string, { seq: number; hash: string }>();

  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  /** Streams this process left pending entries in: the next append or read there completes them first. */
  private readonly pendingIn = new Set<string>();

  /**
   * Appends, or when the stream stays contended past `maxAttempts`, stores the entry durably as pending
   * (one unconditional put, no contention) and returns it unsealed: the next append to or read of that
   * stream appends it (`completePending`). A change that committed is never left unrecorded.
   */
  async appendOrPend(
    entry: AuditEntry,
    maxAttempts = 50,
  ): Promise<{ record: AuditRecord; pending?: never } | { pending: string; record?: never }> {
    try {
      return { record: await this.append(entry, maxAttempts) };
    } catch (e) {
      if (!(e instanceof AuditContentionError)) throw e;
      const unit = entry.unit || GLOBAL_AUDIT_STREAM;
      const id = `${entry.time}#${randomBytes(6).toString('hex')}`;
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall(
            { pk: workflowKeys.auditPending(unit), sk: id, entry: { ...entry, unit } },
            { removeUndefinedValues: true },
          ),
        }),
      );
      this.pendingIn.add(unit);
      return { pending: id };
    }
  }

  /** Appends every pending entry of a stream, oldest first, each marked with when it was first attempted. */
  async completePending(unit: string): Promise<number> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: marshall({ ':pk': workflowKeys.auditPending(unit) }),
        ConsistentRead: true,
      }),
    );
    let done = 0;
    for (const raw of out.Items ?? []) {
      const { sk, entry } = unmarshall(raw) as { sk: string; entry: AuditEntry };
      await this.append({ ...entry, detail: { ...entry.detail, pendingId: sk } });
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: workflowKeys.auditPending(unit), sk }),
        }),
      );
      done++;
    }
    this.pendingIn.delete(unit);
    return done;
  }

  async append(entry: AuditEntry, maxAttempts = 50): Promise<AuditRecord> {
    const unit = entry.unit || GLOBAL_AUDIT_STREAM;
    if (this.pendingIn.has(unit)) {
      this.pendingIn.delete(unit);
      await this.completePending(unit);
    }
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const tail = (attempt === 0 ? this.tails.get(unit) : undefined) ?? (await this.readTail(unit));
      const record = sealRecord({ ...entry, unit }, (tail?.seq ?? 0) + 1, tail?.hash ?? null);
      const appended = await conditionalWrite(
        this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: marshall(
              {
                pk: workflowKeys.audit(unit),
                sk: workflowKeys.auditSeq(record.seq),
                ...record,
                gsi1pk: workflowKeys.auditIndex.pk,
                gsi1sk: workflowKeys.auditIndex.sk(record.time, unit, record.seq),
              },
              { removeUndefinedValues: true },
            ),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      if (appended) {
        this.tails.set(unit, { seq: record.seq, hash: record.hash });
        return record;
      }
      // Another writer took this sequence number: read the tail again, after a short random pause once contended.
      this.tails.delete(unit);
      if (attempt > 2) await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
    }
    throw new AuditContentionError(`audit append for ${unit} kept losing the race`);
  }

  private async readTail(unit: string): Promise<{ seq: number; hash: string } | undefined> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
        ExpressionAttributeValues: marshall({ ':pk': workflowKeys.audit(unit), ':s': 'S#' }),
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const last = out.Items?.[0];
    return last ? { seq: Number(last.seq!.N), hash: last.hash!.S! } : undefined;
  }

  /** One unit's records in sequence order (so the hash links can be checked), filtered. */
  async listUnit(unit: string, q: AuditQuery): Promise<{ records: AuditRecord[]; lastKey?: Record<string, unknown> }> {
    // Entries left pending by a contended append are completed before anyone reads the stream.
    if (!q.startKey) await this.completePending(unit);
    return this.page(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
        values: { ':pk': workflowKeys.audit(unit), ':s': 'S#' },
        consistent: true,
      },
      q,
    );
  }

  /** Records of every unit in time order, limited to a region prefix ('' = all, including GLOBAL). */
  async listAcross(
    regionPrefix: string,
    q: AuditQuery,
  ): Promise<{ records: AuditRecord[]; lastKey?: Record<string, unknown> }> {
    return this.page(
      {
        index: workflowKeys.auditIndex.name,
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :lo AND :hi',
        values: { ':pk': workflowKeys.auditIndex.pk, ':lo': q.from ?? '0', ':hi': `${q.to ?? '9'}\uffff` },
        regionPrefix,
      },
      q,
    );
  }

  private async page(
    base: {
      index?: string;
      KeyConditionExpression: string;
      values: Record<string, unknown>;
      consistent?: boolean;
      regionPrefix?: string;
    },
    q: AuditQuery,
  ): Promise<{ records: AuditRecord[]; lastKey?: Record<string, unknown> }> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ...base.values };
    const filters: string[] = [];
    const add = (attr: string, op: string, value: unknown) => {
      const i = filters.length;
      names[`#f${i}`] = attr;
      values[`:f${i}`] = value;
      filters.push(op === 'begins_with' ? `begins_with(#f${i}, :f${i})` : `#f${i} ${op} :f${i}`);
    };
    if (q.actor) add('actor', '=', q.actor);
    if (q.action) add('action', '=', q.action);
    if (q.from) add('time', '>=', q.from);
    if (q.to) add('time', '<=', q.to);
    if (base.regionPrefix) add('regionCode', 'begins_with', base.regionPrefix);
    const records: AuditRecord[] = [];
    let start = q.startKey ? marshall(q.startKey) : undefined;
    do {
      const out: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          ...(base.index ? { IndexName: base.index } : { ConsistentRead: base.consistent ?? false }),
          KeyConditionExpression: base.KeyConditionExpression,
          ...(filters.length ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: marshall(values),
          Limit: q.limit - records.length,
          ExclusiveStartKey: start,
        }),
      );
      for (const raw of out.Items ?? []) records.push(toRecord(raw));
      start = out.LastEvaluatedKey;
    } while (start && records.length < q.limit);
    return { records, ...(start ? { lastKey: unmarshall(start) } : {}) };
  }
}
