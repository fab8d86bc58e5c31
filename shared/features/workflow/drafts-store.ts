/**
 * Drafts in DynamoDB. A draft's items are written first (chunks), its metadata
 * last with a conditional put, so a half-written draft is never visible. State
 * changes are conditional updates on the expected status (and revision, when
 * the client sent If-Match): no transactions, and two reviewers cannot both
 * move the same draft.
 */
import {
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { conditionalWrite } from '../../platform/dynamodb/conditional.js';
import type { Draft, DraftStatus } from './drafts.js';
import { batchWriteAll } from '../../platform/dynamodb/batch.js';
import { listKeys } from '../lists/index.js';
import { workflowKeys } from './keys.js';
import { chunkItems } from '../../platform/dynamodb/chunks.js';
import { queryAll, queryUpTo } from '../../platform/dynamodb/query.js';

const META = 'A#META';

export class StaleDraftError extends Error {
  constructor(readonly current: Draft | undefined) {
    super('draft changed');
  }
}

function toDraft(raw: Record<string, AttributeValue>): Draft {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...rest } = unmarshall(raw);
  return rest as Draft;
}

export class DraftsStore {
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  async create(draft: Draft, items: ReadonlyArray<Record<string, unknown>>): Promise<void> {
    const pk = workflowKeys.draft(draft.id);
    await batchWriteAll(
      this.client,
      this.tableName,
      chunkItems(items).map((c) => ({
        PutRequest: {
          Item: marshall({ pk, sk: `${listKeys.chunkPrefix}${String(c.start).padStart(7, '0')}`, d: c.json }),
        },
      })),
    );
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall(
          {
            pk,
            sk: META,
            ...draft,
            gsi1pk: workflowKeys.draftsIndex.pk,
            gsi1sk: workflowKeys.draftsIndex.sk(draft.regionCode, draft.unit, draft.createdAt, draft.id),
          },
          { removeUndefinedValues: true },
        ),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(id: string): Promise<Draft | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: workflowKeys.draft(id), sk: META }),
        ConsistentRead: true,
      }),
    );
    return out.Item ? toDraft(out.Item) : undefined;
  }

  /** All items of a draft, in order (drafts are read whole: to publish, diff or page them). */
  async items(id: string): Promise<Array<Record<string, unknown>>> {
    const chunks = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
      ExpressionAttributeValues: marshall({ ':pk': workflowKeys.draft(id), ':c': listKeys.chunkPrefix }),
      ConsistentRead: true,
    });
    return chunks.flatMap((raw) => JSON.parse(raw.d!.S!) as Array<Record<string, unknown>>);
  }

  /**
   * Moves a draft from one status (and, when given, revision) with the fields set;
   * bumps the revision. StaleDraftError (with the current draft) when the draft is
   * not in that state any more.
   */
  async transition(
    id: string,
    from: { status: DraftStatus; rev?: number },
    set: Partial<Draft>,
    options: {
      bumpRev?: boolean;
      remove?: Array<keyof Draft>;
      condition?: { expr: string; names?: Record<string, string>; values?: Record<string, unknown> };
    } = {},
  ): Promise<Draft> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':from': from.status };
    const sets: string[] = [];
    Object.entries(set).forEach(([k, v], i) => {
      if (v === undefined) return;
      names[`#s${i}`] = k;
      values[`:s${i}`] = v;
      sets.push(`#s${i} = :s${i}`);
    });
    if (options.bumpRev ?? true) {
      names['#rev'] = 'rev';
      sets.push('#rev = #rev + :one');
      values[':one'] = 1;
    }
    let condition = '#status = :from';
    if (from.rev !== undefined) {
      names['#rev'] = 'rev';
      condition += ' AND #rev = :rev';
      values[':rev'] = from.rev;
    }
    if (options.condition) {
      condition += ` AND (${options.condition.expr})`;
      Object.assign(names, options.condition.names);
      Object.assign(values, options.condition.values);
    }
    const removes = (options.remove ?? []).map((k, i) => {
      names[`#r${i}`] = k;
      return `#r${i}`;
    });
    const out = await conditionalWrite(
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: workflowKeys.draft(id), sk: META }),
          UpdateExpression: [
            sets.length ? `SET ${sets.join(', ')}` : '',
            removes.length ? `REMOVE ${removes.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join(' '),
          ConditionExpression: `attribute_exists(pk) AND ${condition}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    if (!out) throw new StaleDraftError(await this.get(id));
    return toDraft(out.Attributes!);
  }

  /**
   * Drafts by region prefix (and unit), newest last, a page at a time. Status is
   * filtered after the key condition, so a page may take more than one request.
   */
  async list(q: {
    keyPrefix: string;
    unit?: string;
    status?: DraftStatus;
    stream?: string;
    limit: number;
    startKey?: Record<string, unknown>;
  }): Promise<{ drafts: Draft[]; lastKey?: Record<string, unknown> }> {
    const values: Record<string, unknown> = { ':pk': workflowKeys.draftsIndex.pk };
    const names: Record<string, string> = {};
    let condition = 'gsi1pk = :pk';
    if (q.keyPrefix) {
      condition += ' AND begins_with(gsi1sk, :prefix)';
      values[':prefix'] = q.keyPrefix;
    }
    const filters: string[] = [];
    if (q.status) {
      names['#status'] = 'status';
      values[':status'] = q.status;
      filters.push('#status = :status');
    }
    if (q.unit) {
      names['#unit'] = 'unit';
      values[':unit'] = q.unit;
      filters.push('#unit = :unit');
    }
    if (q.stream) {
      names['#stream'] = 'stream';
      values[':stream'] = q.stream;
      filters.push('#stream = :stream');
    }
    const { items, lastKey } = await queryUpTo(
      this.client,
      {
        TableName: this.tableName,
        IndexName: workflowKeys.draftsIndex.name,
        KeyConditionExpression: condition,
        ...(filters.length ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: marshall(values),
      },
      q.limit,
      q.startKey ? marshall(q.startKey) : undefined,
    );
    return { drafts: items.map(toDraft), ...(lastKey ? { lastKey: unmarshall(lastKey) } : {}) };
  }
}
