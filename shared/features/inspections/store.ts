/**
 * The inspections feature's DynamoDB items (keys.ts): plans, draws with their parts,
 * and the per-unit draw log. Every write to these items is here.
 */
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { batchWriteAll } from '../../platform/dynamodb/batch.js';
import { conditionalWrite } from '../../platform/dynamodb/conditional.js';
import { queryAll } from '../../platform/dynamodb/query.js';
import { canonicalJson, sha256Hex } from '../../core/canonical-json.js';
import { inspectionKeys as keys } from './keys.js';
import type { Plan } from './model/plan-schema.js';
import type { DrawRecord } from './model/draw.js';

/** Items per draw part: well under DynamoDB's 400 KB item limit for codes and names. */
export const PART_SIZE = 1000;

export interface LogEntry {
  seq: number;
  at: string;
  type: 'committed' | 'drawn' | 'refused' | 'results-published' | 'replaced';
  drawId: string;
  /** SHA-256 (hex) of what the entry records: the commitment, the outcome, the results. */
  subjectHash: string;
  /** The entry hash of the previous entry (null for the first). */
  previous: string | null;
  /** SHA-256 of the canonical JSON of this entry without `hash`. */
  hash: string;
}

/** Whose parts: a draw's unit, id and commitment hash (hex), which together key its parts. */
export type PartsOwner = Pick<DrawRecord, 'unit' | 'drawId' | 'commitmentHash'>;

/** A committed draw waiting for its beacon round (ISO instant the round is emitted). */
export interface DueDraw {
  unit: string;
  drawId: string;
  roundTime: string;
}

export class StaleDrawError extends Error {
  constructor() {
    super('draw changed');
  }
}

export class InspectionStore {
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  private async get(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall({ pk, sk }), ConsistentRead: true }),
    );
    return out.Item ? unmarshall(out.Item) : undefined;
  }

  private async query(pk: string, prefix: string): Promise<Array<Record<string, unknown>>> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: marshall({ ':pk': pk, ':p': prefix }),
      ConsistentRead: true,
    });
    return items.map((i) => unmarshall(i));
  }

  // ------------------------------------------------------------------ plans
  async putPlan(plan: Plan): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall({ pk: keys.unit(plan.unit), sk: keys.plan(plan.planId), body: JSON.stringify(plan) }),
      }),
    );
  }

  async getPlan(unit: string, planId: string): Promise<Plan | undefined> {
    const item = await this.get(keys.unit(unit), keys.plan(planId));
    return item && (JSON.parse(item.body as string) as Plan);
  }

  async listPlans(unit: string): Promise<Plan[]> {
    return (await this.query(keys.unit(unit), keys.planPrefix)).map((i) => JSON.parse(i.body as string) as Plan);
  }

  // ------------------------------------------------------------------ draws
  /**
   * Writes a draw part (outcome targets or the inspectors snapshot) in chunks, under the draw's commitment hash;
   * returns the chunk count.
   */
  async putParts(owner: PartsOwner, part: 'O' | 'I', entries: readonly unknown[]): Promise<number> {
    const chunks = Math.max(1, Math.ceil(entries.length / PART_SIZE));
    const requests = Array.from({ length: chunks }, (_, chunk) => ({
      PutRequest: {
        Item: marshall({
          pk: keys.unit(owner.unit),
          sk: keys.part(owner.drawId, owner.commitmentHash, part, chunk),
          entries: JSON.stringify(entries.slice(chunk * PART_SIZE, (chunk + 1) * PART_SIZE)),
        }) as Record<string, AttributeValue>,
      },
    }));
    await batchWriteAll(this.client, this.tableName, requests);
    return requests.length;
  }

  async readParts<T>(owner: PartsOwner, part: 'O' | 'I', chunks: number): Promise<T[]> {
    const items = await this.query(keys.unit(owner.unit), keys.partPrefix(owner.drawId, owner.commitmentHash, part));
    return items.slice(0, chunks).flatMap((i) => JSON.parse(i.entries as string) as T[]);
  }

  /** Deletes the parts a commitment wrote before it lost its draw number (nothing names them). */
  async deleteParts(owner: PartsOwner, part: 'O' | 'I', chunks: number): Promise<void> {
    const requests = Array.from({ length: chunks }, (_, chunk) => ({
      DeleteRequest: {
        Key: marshall({ pk: keys.unit(owner.unit), sk: keys.part(owner.drawId, owner.commitmentHash, part, chunk) }),
      },
    }));
    await batchWriteAll(this.client, this.tableName, requests);
  }

  /** Creates a draw; fails with StaleDrawError when the id is taken. */
  async createDraw(draw: DrawRecord): Promise<void> {
    const written = await conditionalWrite(
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({ pk: keys.unit(draw.unit), sk: keys.draw(draw.drawId), body: JSON.stringify(draw) }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    if (!written) throw new StaleDrawError();
  }

  /** Replaces a draw if it is still at `expectedRevision`; the stored revision becomes expectedRevision + 1. */
  async updateDraw(draw: DrawRecord, expectedRevision: number): Promise<DrawRecord> {
    const next = { ...draw, revision: expectedRevision + 1 };
    const written = await conditionalWrite(
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({
            pk: keys.unit(draw.unit),
            sk: keys.draw(draw.drawId),
            body: JSON.stringify(next),
            revision: next.revision,
          }),
          ConditionExpression: expectedRevision === 0 ? 'attribute_not_exists(revision)' : 'revision = :r',
          ...(expectedRevision === 0 ? {} : { ExpressionAttributeValues: marshall({ ':r': expectedRevision }) }),
        }),
      ),
    );
    if (!written) throw new StaleDrawError();
    return next;
  }

  async getDraw(unit: string, drawId: string): Promise<DrawRecord | undefined> {
    const item = await this.get(keys.unit(unit), keys.draw(drawId));
    return item && (JSON.parse(item.body as string) as DrawRecord);
  }

  async listDraws(unit: string): Promise<DrawRecord[]> {
    return (await this.query(keys.unit(unit), keys.drawPrefix)).map((i) => JSON.parse(i.body as string) as DrawRecord);
  }

  // ------------------------------------------------------------------ draws awaiting their round
  async putDue(due: DueDraw): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall({ pk: keys.due, sk: keys.dueAt(due.roundTime, due.unit, due.drawId), ...due }),
      }),
    );
  }

  /** Committed draws whose round is due by `instant`, earliest round first. */
  async dueBy(instant: Date): Promise<DueDraw[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk <= :now',
      ExpressionAttributeValues: marshall({ ':pk': keys.due, ':now': `${instant.toISOString()}#~` }),
      ConsistentRead: true,
    });
    return items.map((i) => {
      const { unit, drawId, roundTime } = unmarshall(i) as DueDraw;
      return { unit, drawId, roundTime };
    });
  }

  async deleteDue(due: DueDraw): Promise<void> {
    await this.client.send(
      new DeleteItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: keys.due, sk: keys.dueAt(due.roundTime, due.unit, due.drawId) }),
      }),
    );
  }

  // ------------------------------------------------------------------ the draw log
  async readLog(unit: string): Promise<LogEntry[]> {
    return (await this.query(keys.unit(unit), keys.logPrefix)).map((i) => JSON.parse(i.body as string) as LogEntry);
  }

  /** Appends an entry after the current last one; retries on a concurrent append. */
  async appendLog(unit: string, entry: Omit<LogEntry, 'seq' | 'previous' | 'hash'>): Promise<LogEntry> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const last = (await this.readLog(unit)).at(-1);
      const unsigned = { ...entry, seq: (last?.seq ?? 0) + 1, previous: last?.hash ?? null };
      const full: LogEntry = { ...unsigned, hash: sha256Hex(canonicalJson(unsigned)) };
      const written = await conditionalWrite(
        this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: marshall({ pk: keys.unit(unit), sk: keys.log(full.seq), body: JSON.stringify(full) }),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      if (written) return full;
    }
    throw new Error('draw log append kept conflicting');
  }
}

/** Checks a unit's draw log: sequence numbers from 1, each entry's hash, each link to the one before. */
export function checkLog(entries: readonly LogEntry[]): { ok: true } | { ok: false; seq: number; problem: string } {
  let previous: string | null = null;
  for (const [i, e] of entries.entries()) {
    const { hash, ...unsigned } = e;
    if (e.seq !== i + 1) return { ok: false, seq: e.seq, problem: 'sequence gap' };
    if (e.previous !== previous) return { ok: false, seq: e.seq, problem: 'broken link' };
    if (sha256Hex(canonicalJson(unsigned)) !== hash) return { ok: false, seq: e.seq, problem: 'entry hash' };
    previous = hash;
  }
  return { ok: true };
}
