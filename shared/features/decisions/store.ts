/**
 * Every read and write of the decisions feature's items (./keys.ts). DynamoDB inputs are built by pure functions
 * (`decisionItem`, `…Update`) and sent here. The private record (personal fields included) is stored as JSON in
 * `private` and is read only by the unit's own paths; public paths read `public`, the redacted content.
 */
import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { AppError } from '../../core/errors.js';
import { batchWriteAll } from '../../platform/dynamodb/batch.js';
import { conditionalWrite } from '../../platform/dynamodb/conditional.js';
import { queryAll, queryUpTo } from '../../platform/dynamodb/query.js';
import { decisionKeys as K, parseDecisionId } from './keys.js';
import type { DecisionInput } from './model.js';
import type { PublicityVerdict } from './publicity-rules.js';
import type { PublicDecisionContent } from './redaction.js';

export type DecisionState =
  /** Recorded by the unit, not yet public. */
  | 'recorded'
  /** Public, within its publicity period. */
  | 'published'
  /** Withdrawn after a revoking act or 信用修复: content gone, the withdrawal and its reason public. */
  | 'withdrawn'
  /** The publicity period ended: content gone, a trace public. */
  | 'expired'
  /** Not published under the rules (简易程序, 警告 alone, 轻微失信, a minor …). */
  | 'exempt';

export const WITHDRAWAL_GROUNDS = ['变更', '撤销', '确认违法', '确认无效', '信用修复'] as const;
export type WithdrawalGround = (typeof WITHDRAWAL_GROUNDS)[number];

export interface Withdrawal {
  ground: WithdrawalGround;
  /** The revoking act (撤销决定书、判决书、信用修复决定 …). */
  actNumber: string;
  actDate: string;
  reason: string;
  recordedAt: string;
  recordedOn: string;
}

export interface DecisionRecord {
  id: string;
  unit: string;
  regionCode: string;
  hash: string;
  number: string;
  type: DecisionInput['type'];
  decisionDate: string;
  partyUscc?: string;
  state: DecisionState;
  /** The full record (personal fields included): never public. */
  record: DecisionInput;
  /** The redacted content, while the decision is or may become public. */
  publicContent?: PublicDecisionContent;
  commitment: string;
  publicity: PublicityVerdict | { publish: false; ruleSet: undefined; reason: string };
  exemptReason?: string;
  recordedAt: string;
  recordedBy?: string;
  publishedAt?: string;
  publishedOn?: string;
  expiresOn?: string;
  withdrawal?: Withdrawal;
  expiredOn?: string;
  /** When the expiry job ended the period (the time its log event records). */
  expiredAt?: string;
  /** Certificates checked valid on the decision date, and the discretion item checked in force. */
  checks: { officers: Array<{ certificateNumber: string; name: string; category: string }>; discretion?: unknown };
}

const JSON_FIELDS = ['record', 'publicContent', 'publicity', 'withdrawal', 'checks'] as const;

/** The decision as one item: keys, index keys and attributes. */
export function decisionItem(d: DecisionRecord): Record<string, AttributeValue> {
  const plain: Record<string, unknown> = { ...d };
  for (const f of JSON_FIELDS) if (d[f] !== undefined) plain[f] = JSON.stringify(d[f]);
  const year = d.decisionDate.slice(0, 4);
  return marshall(
    {
      ...plain,
      pk: K.unit(d.unit),
      sk: K.decision(d.decisionDate, d.hash),
      gsi1pk: K.regionIndex.pk(d.regionCode, year),
      gsi1sk: K.regionIndex.sk(d.decisionDate, d.unit, d.hash),
      ...(d.partyUscc
        ? { gsi2pk: K.partyIndex.pk(d.partyUscc), gsi2sk: K.partyIndex.sk(d.decisionDate, d.unit, d.hash) }
        : {}),
      ...(d.state === 'published' && d.expiresOn
        ? { ledgerPk: K.expiryIndex.pk(d.expiresOn), ledgerSk: K.expiryIndex.sk(d.expiresOn, d.unit, d.hash) }
        : {}),
    },
    { removeUndefinedValues: true },
  );
}

export function decisionFromItem(item: Record<string, AttributeValue>): DecisionRecord {
  const raw = unmarshall(item) as Record<string, unknown>;
  for (const f of JSON_FIELDS) if (typeof raw[f] === 'string') raw[f] = JSON.parse(raw[f] as string);
  for (const k of ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'ledgerPk', 'ledgerSk']) delete raw[k];
  return raw as unknown as DecisionRecord;
}

function numberClaimItem(d: Pick<DecisionRecord, 'number' | 'unit' | 'id'>) {
  return marshall({ pk: K.number(d.number), sk: d.unit, id: d.id, number: d.number });
}

const encodeCursor = (key?: Record<string, AttributeValue>) =>
  key ? Buffer.from(JSON.stringify(unmarshall(key))).toString('base64url') : undefined;
function decodeCursor(cursor?: string): Record<string, AttributeValue> | undefined {
  if (!cursor) return undefined;
  try {
    return marshall(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>);
  } catch {
    throw new AppError('BAD_REQUEST', '分页游标无效', { reason: 'BAD_CURSOR' });
  }
}

export class DecisionStore {
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  /**
   * Records one decision: claims its 文号 within the unit (conditional: free, or held by this same decision, so a
   * retry succeeds), then puts the decision unless it exists.
   */
  async putNew(d: DecisionRecord): Promise<void> {
    const duplicate = () =>
      new AppError('CONFLICT', `决定书文号已登记：${d.number}`, { reason: 'DUPLICATE_NUMBER', number: d.number });
    const claimed = await conditionalWrite(
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: numberClaimItem(d),
          ConditionExpression: 'attribute_not_exists(pk) OR id = :id',
          ExpressionAttributeValues: marshall({ ':id': d.id }),
        }),
      ),
    );
    if (!claimed) throw duplicate();
    const put = await conditionalWrite(
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: decisionItem(d),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    if (!put) throw duplicate();
  }

  /**
   * Writes many new decisions, each with its 文号 claim, in full batches of 25 items, four batches at a time (the
   * importer checked their 文号 are free with `claimedNumbers`).
   */
  async putMany(decisions: readonly DecisionRecord[]): Promise<void> {
    const requests: WriteRequest[] = [];
    for (const d of decisions) {
      requests.push({ PutRequest: { Item: numberClaimItem(d) } }, { PutRequest: { Item: decisionItem(d) } });
    }
    await batchWriteAll(this.client, this.tableName, requests, { parallel: 4 });
  }

  /** Which of these (unit, 文号) pairs are claimed already: BatchGet of the claims, 100 keys a request. */
  async claimedNumbers(pairs: ReadonlyArray<{ unit: string; number: string }>): Promise<Set<string>> {
    const keys = pairs.map((p) => marshall({ pk: K.number(p.number), sk: p.unit }));
    const found = await this.batchGet(keys);
    return new Set(found.map((i) => `${unmarshall(i).sk}|${unmarshall(i).number}`));
  }

  async get(id: string): Promise<DecisionRecord | undefined> {
    const key = parseDecisionId(id);
    if (!key) return undefined;
    return this.getByKey({ pk: K.unit(key.unit), sk: K.decision(key.date, key.hash) });
  }

  /** One decision by its table key (strongly read). */
  async getByKey(key: { pk: string; sk: string }): Promise<DecisionRecord | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(key), ConsistentRead: true }),
    );
    return out.Item ? decisionFromItem(out.Item) : undefined;
  }

  /** A unit's decisions with from ≤ date ≤ to, in date order, a page at a time. */
  async byUnit(unit: string, range: { from: string; to: string; limit: number; cursor?: string }) {
    const page = await queryUpTo(
      this.client,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: marshall({
          ':pk': K.unit(unit),
          ':a': K.decision(range.from, ''),
          ':b': K.decision(range.to, '~'),
        }),
      },
      range.limit,
      decodeCursor(range.cursor),
    );
    return { items: page.items.map(decisionFromItem), next: encodeCursor(page.lastKey) };
  }

  /** All of a unit's decisions of a year (the yearly report): one paged Query. */
  async unitYear(unit: string, year: number): Promise<DecisionRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
      ExpressionAttributeValues: marshall({
        ':pk': K.unit(unit),
        ':a': K.decision(`${year}-01-01`, ''),
        ':b': K.decision(`${year}-12-31`, '~'),
      }),
    });
    return items.map(decisionFromItem);
  }

  /** A region's decisions with from ≤ date ≤ to (one year partition per Query), a page at a time. */
  async byRegion(regionCode: string, range: { from: string; to: string; limit: number; cursor?: string }) {
    const items: DecisionRecord[] = [];
    const start = decodeCursor(range.cursor);
    let year = Number(start ? (unmarshall(start).gsi1sk as string).slice(0, 4) : range.from.slice(0, 4));
    let startKey = start;
    const lastYear = Number(range.to.slice(0, 4));
    for (; year <= lastYear && items.length < range.limit; year++) {
      const page = await queryUpTo(
        this.client,
        {
          TableName: this.tableName,
          IndexName: K.regionIndex.name,
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :a AND :b',
          ExpressionAttributeValues: marshall({
            ':pk': K.regionIndex.pk(regionCode, String(year)),
            ':a': range.from,
            ':b': `${range.to}~`,
          }),
        },
        range.limit - items.length,
        startKey,
      );
      startKey = undefined;
      items.push(...page.items.map(decisionFromItem));
      if (page.lastKey) return { items, next: encodeCursor(page.lastKey) };
    }
    return { items };
  }

  /** A region cursor that resumes right after this decision (its key in the region index). */
  cursorAfter(d: DecisionRecord): string {
    const item = unmarshall(decisionItem(d));
    return encodeCursor(marshall({ pk: item.pk, sk: item.sk, gsi1pk: item.gsi1pk, gsi1sk: item.gsi1sk }))!;
  }

  /** Decisions whose party has this credit code, newest first: one index Query, then BatchGet of what it found. */
  async byParty(uscc: string, limit: number): Promise<DecisionRecord[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: K.partyIndex.name,
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: marshall({ ':pk': K.partyIndex.pk(uscc) }),
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    const keys = (out.Items ?? []).map((i) => ({ pk: i.pk!, sk: i.sk! }));
    const found = (await this.batchGet(keys)).map(decisionFromItem);
    return found.sort((a, b) => b.decisionDate.localeCompare(a.decisionDate) || a.id.localeCompare(b.id));
  }

  /** Decisions with this 文号 (one per unit that used it): Query of the claims, then BatchGet. */
  async byNumber(number: string): Promise<DecisionRecord[]> {
    const claims = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: marshall({ ':pk': K.number(number) }),
    });
    const keys = claims.flatMap((c) => {
      const key = parseDecisionId(String(unmarshall(c).id));
      return key ? [marshall({ pk: K.unit(key.unit), sk: K.decision(key.date, key.hash) })] : [];
    });
    return (await this.batchGet(keys)).map(decisionFromItem);
  }

  /**
   * The published decisions whose period ends on a day from `from` to `to`, with that day: one Query of the sparse
   * expiry index per month touched, reading only the decisions due.
   */
  async expiringBetween(from: string, to: string): Promise<Array<{ key: { pk: string; sk: string }; on: string }>> {
    const out: Array<{ key: { pk: string; sk: string }; on: string }> = [];
    for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = nextMonth(month)) {
      const items = await queryAll(this.client, {
        TableName: this.tableName,
        IndexName: K.expiryIndex.name,
        KeyConditionExpression: 'ledgerPk = :pk AND ledgerSk BETWEEN :a AND :b',
        ExpressionAttributeValues: marshall({ ':pk': `DECEXP#${month}`, ':a': from, ':b': `${to}~` }),
      });
      for (const i of items) out.push({ key: { pk: i.pk!.S!, sk: i.sk!.S! }, on: i.ledgerSk!.S!.slice(0, 10) });
    }
    return out;
  }

  /** Publishes a recorded decision: sets its public content and its place in the expiry index. */
  async markPublished(d: DecisionRecord, at: { publishedAt: string; publishedOn: string; expiresOn?: string }) {
    const { id } = d;
    const key = parseDecisionId(id)!;
    const updated = await conditionalWrite(
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: K.unit(key.unit), sk: K.decision(key.date, key.hash) }),
          UpdateExpression:
            'SET #state = :published, publishedAt = :at, publishedOn = :on' +
            (at.expiresOn ? ', expiresOn = :exp, ledgerPk = :lpk, ledgerSk = :lsk' : ''),
          ConditionExpression: '#state = :recorded',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: marshall({
            ':published': 'published',
            ':recorded': 'recorded',
            ':at': at.publishedAt,
            ':on': at.publishedOn,
            ...(at.expiresOn
              ? {
                  ':exp': at.expiresOn,
                  ':lpk': K.expiryIndex.pk(at.expiresOn),
                  ':lsk': K.expiryIndex.sk(at.expiresOn, key.unit, key.hash),
                }
              : {}),
          }),
        }),
      ),
    );
    if (!updated) throw new AppError('CONFLICT', '该决定已公示或不处于待公示状态', { reason: 'NOT_RECORDED', id });
  }

  /** Withdraws a published decision: its content leaves; the withdrawal (act, reason) stays. */
  async withdraw(id: string, withdrawal: Withdrawal) {
    const key = parseDecisionId(id)!;
    const written = await conditionalWrite(
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: K.unit(key.unit), sk: K.decision(key.date, key.hash) }),
          UpdateExpression: 'SET #state = :withdrawn, withdrawal = :w REMOVE publicContent, ledgerPk, ledgerSk',
          ConditionExpression: '#state = :published',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: marshall({
            ':withdrawn': 'withdrawn',
            ':published': 'published',
            ':w': JSON.stringify(withdrawal),
          }),
        }),
      ),
    );
    if (!written) throw new AppError('CONFLICT', '只能撤回处于公示中的决定', { reason: 'NOT_PUBLISHED', id });
  }

  /** Ends a decision's period if it is still published and due that day: the decision after, else undefined. */
  async expire(key: { pk: string; sk: string }, date: string, at: string): Promise<DecisionRecord | undefined> {
    const written = await conditionalWrite(
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(key),
          UpdateExpression:
            'SET #state = :expired, expiredOn = :on, expiredAt = :at REMOVE publicContent, ledgerPk, ledgerSk',
          ConditionExpression: '#state = :published AND expiresOn = :on',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: marshall({
            ':expired': 'expired',
            ':published': 'published',
            ':on': date,
            ':at': at,
          }),
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return written?.Attributes ? decisionFromItem(written.Attributes) : undefined;
  }

  async expiryWatermark(): Promise<string | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(K.expiryJob), ConsistentRead: true }),
    );
    return out.Item ? String(unmarshall(out.Item).lastDay) : undefined;
  }

  async setExpiryWatermark(lastDay: string): Promise<void> {
    await this.client.send(
      new PutItemCommand({ TableName: this.tableName, Item: marshall({ ...K.expiryJob, lastDay }) }),
    );
  }

  // ------------------------------------------------------------ statements and reports
  async putDocument(pk: string, sk: string, body: Record<string, unknown>): Promise<void> {
    const written = await conditionalWrite(
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({ pk, sk, body: JSON.stringify(body) }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    if (!written) throw new AppError('CONFLICT', '该文件已存在', { reason: 'DOCUMENT_EXISTS', sk });
  }

  /**
   * Keeps the public half of a statement signing key, so that a process without the key (the public function) can
   * publish it and statements signed under an earlier key stay verifiable. Written once per key.
   */
  async putStatementKey(keyId: string, publicKey: Uint8Array, firstUsedAt: string): Promise<void> {
    await conditionalWrite(
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({
            pk: K.statementKeys,
            sk: keyId,
            publicKey: Buffer.from(publicKey).toString('base64url'),
            firstUsedAt,
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  /** Every statement signing key used so far, by key id: one Query. */
  async statementKeys(): Promise<Array<{ keyId: string; publicKey: string; firstUsedAt: string }>> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: marshall({ ':pk': K.statementKeys }),
    });
    return items.map((i) => {
      const r = unmarshall(i);
      return { keyId: String(r.sk), publicKey: String(r.publicKey), firstUsedAt: String(r.firstUsedAt) };
    });
  }

  /** Documents of a partition whose sort key starts with `prefix`, in order. */
  async documents(pk: string, prefix: string): Promise<Array<{ sk: string; body: Record<string, unknown> }>> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: marshall({ ':pk': pk, ':p': prefix }),
    });
    return items.map((i) => {
      const r = unmarshall(i);
      return { sk: String(r.sk), body: JSON.parse(String(r.body)) as Record<string, unknown> };
    });
  }

  private async batchGet(keys: Array<Record<string, AttributeValue>>): Promise<Array<Record<string, AttributeValue>>> {
    const found: Array<Record<string, AttributeValue>> = [];
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Array<Record<string, AttributeValue>> | undefined = keys.slice(i, i + 100);
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 10) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after retries`);
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
        const out: BatchGetItemCommandOutput = await this.client.send(
          new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }),
        );
        found.push(...(out.Responses?.[this.tableName] ?? []));
        pending = out.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
