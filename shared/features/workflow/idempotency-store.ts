/**
 * Idempotency keys for uploads. The first request claims the key with a
 * conditional put (so two concurrent retries cannot both create a draft), then
 * stores its response; later requests with the key get that response replayed.
 * Records carry `expiresAt` (epoch seconds), the table's TTL attribute; engines
 * without TTL (dynalite) keep them, so expiry is also checked on read.
 */
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { conditionalWrite } from '../../platform/dynamodb/conditional.js';
import { sha256Hex } from '../../core/canonical-json.js';
import { tableDefinition } from '../../platform/dynamodb/table.js';
import { workflowKeys } from './keys.js';

export interface IdempotencyRecord {
  fingerprint: string;
  state: 'pending' | 'done';
  createdAt: string;
  expiresAt: number;
  status?: number;
  /** JSON text of the response body. */
  body?: string;
}

export type Claim = { claimed: true } | { claimed: false; existing: IdempotencyRecord };

const META = 'A#META';

export class IdempotencyStore {
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
    readonly ttlSeconds = 24 * 3600,
  ) {}

  private key(sub: string, key: string) {
    return marshall({ pk: workflowKeys.idempotency(sub, sha256Hex(key).slice(0, 32)), sk: META });
  }

  /** Claims the key unless a live record holds it (a pending one older than `staleAfterMs` is taken over). */
  async claim(sub: string, key: string, fingerprint: string, now: Date, staleAfterMs = 5 * 60_000): Promise<Claim> {
    const nowSec = Math.floor(now.getTime() / 1000);
    const record: IdempotencyRecord = {
      fingerprint,
      state: 'pending',
      createdAt: now.toISOString(),
      expiresAt: nowSec + this.ttlSeconds,
    };
    const claimed = await conditionalWrite(
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: { ...this.key(sub, key), ...marshall(record) },
          ConditionExpression: 'attribute_not_exists(pk) OR #exp < :now OR (#state = :pending AND #created < :stale)',
          ExpressionAttributeNames: {
            '#exp': tableDefinition.ttlAttribute,
            '#state': 'state',
            '#created': 'createdAt',
          },
          ExpressionAttributeValues: marshall({
            ':now': nowSec,
            ':pending': 'pending',
            ':stale': new Date(now.getTime() - staleAfterMs).toISOString(),
          }),
        }),
      ),
    );
    if (claimed) return { claimed: true };
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: this.key(sub, key), ConsistentRead: true }),
    );
    return { claimed: false, existing: unmarshall(out.Item!) as IdempotencyRecord };
  }

  async complete(sub: string, key: string, status: number, body: string): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: this.key(sub, key),
        UpdateExpression: 'SET #state = :done, #status = :status, #body = :body',
        ExpressionAttributeNames: { '#state': 'state', '#status': 'status', '#body': 'body' },
        ExpressionAttributeValues: marshall({ ':done': 'done', ':status': status, ':body': body }),
      }),
    );
  }

  /** Gives the key up after a failure that should not be replayed (a fault, not a client mistake). */
  async release(sub: string, key: string): Promise<void> {
    // Refused when the key was completed meanwhile: a finished answer stays replayable.
    await conditionalWrite(
      this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: this.key(sub, key),
          ConditionExpression: '#state = :pending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: marshall({ ':pending': 'pending' }),
        }),
      ),
    );
  }
}
