/**
 * Uploaded files between 检查 and 提交审核: the check page shows what the file would change, the clerk confirms,
 * and the submission reads the very same bytes again (so what was checked is what is submitted). One metadata
 * item and the bytes in chunks under DynamoDB's item limit; they expire after a day (the table's TTL attribute,
 * also checked on read, since dynalite has no TTL).
 */
import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { batchWriteAll } from '../../platform/dynamodb/batch.js';
import { queryAll } from '../../platform/dynamodb/query.js';
import { tableDefinition } from '../../platform/dynamodb/table.js';
import { workbenchKeys } from './keys.js';

const CHUNK = 300_000;
const TTL_SECONDS = 24 * 3600;

export const UploadModeSchema = z.enum(['replace', 'supplement']);

const UploadMetaSchema = z.object({
  id: z.string(),
  owner: z.string(),
  unit: z.string(),
  kind: z.string(),
  fileName: z.string(),
  size: z.number(),
  mode: UploadModeSchema,
  effectiveFrom: z.string(),
  documentNumber: z.string().optional(),
  /** Identities (事项编码 or names) the clerk listed for removal, in 增补修改 mode. */
  removals: z.array(z.string()),
  revisionOf: z.string().optional(),
  /** The column map the clerk confirmed on the check page: heading as published → field (or `additional`). */
  columnMap: z.record(z.string(), z.string()).optional(),
  createdAt: z.string(),
  expiresAt: z.number(),
  chunks: z.number(),
});
export type UploadMeta = z.infer<typeof UploadMetaSchema>;
export type NewUpload = Omit<UploadMeta, 'id' | 'createdAt' | 'expiresAt' | 'chunks' | 'size' | 'columnMap'>;

/** An upload id: `u`, the creation time in base 36, 16 random hex digits. */
const UPLOAD_ID = /^u[0-9a-z]{1,11}[0-9a-f]{16}$/;

export class UploadsStore {
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  async put(input: NewUpload, bytes: Uint8Array, now: Date): Promise<UploadMeta> {
    const id = `u${now.getTime().toString(36)}${randomBytes(8).toString('hex')}`; // matches UPLOAD_ID
    const chunks = Math.max(1, Math.ceil(bytes.byteLength / CHUNK));
    const meta: UploadMeta = {
      ...input,
      id,
      size: bytes.byteLength,
      createdAt: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + TTL_SECONDS,
      chunks,
    };
    const pk = workbenchKeys.upload(id);
    const requests = Array.from({ length: chunks }, (_, n) => ({
      PutRequest: {
        Item: {
          pk: { S: pk },
          sk: { S: workbenchKeys.uploadChunk(n) },
          bytes: { B: bytes.subarray(n * CHUNK, (n + 1) * CHUNK) },
          [tableDefinition.ttlAttribute]: { N: String(meta.expiresAt) },
        },
      },
    }));
    await batchWriteAll(this.client, this.tableName, requests);
    // The metadata last: an upload is visible only once all its bytes are stored.
    await this.putMeta(meta);
    return meta;
  }

  /** The same bytes, read with the column map the clerk confirmed (the metadata is rewritten; the bytes stay). */
  async setColumnMap(meta: UploadMeta, columnMap: Record<string, string>): Promise<UploadMeta> {
    const next = { ...meta, columnMap };
    await this.putMeta(next);
    return next;
  }

  private async putMeta(meta: UploadMeta): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall(
          { pk: workbenchKeys.upload(meta.id), sk: workbenchKeys.uploadMeta, ...meta },
          {
            removeUndefinedValues: true,
          },
        ),
      }),
    );
  }

  async meta(id: string, now: Date): Promise<UploadMeta | undefined> {
    // Only ids this store hands out name an upload; anything else (an over-long or odd path segment) is none.
    if (!UPLOAD_ID.test(id)) return undefined;
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: workbenchKeys.upload(id), sk: workbenchKeys.uploadMeta }),
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...rest } = unmarshall(out.Item);
    const meta = UploadMetaSchema.parse(rest);
    return meta.expiresAt * 1000 < now.getTime() ? undefined : meta;
  }

  async bytes(meta: UploadMeta): Promise<Uint8Array> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
      ExpressionAttributeValues: { ':pk': { S: workbenchKeys.upload(meta.id) }, ':c': { S: 'C#' } },
      ConsistentRead: true,
    });
    const parts = items.map((i) => i.bytes?.B ?? new Uint8Array());
    if (parts.length !== meta.chunks) throw new Error(`upload ${meta.id} has ${parts.length} of ${meta.chunks} chunks`);
    return new Uint8Array(Buffer.concat(parts));
  }
}
