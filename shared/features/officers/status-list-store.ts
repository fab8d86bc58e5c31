/**
 * Stored status lists: the signed text of a region's status list (GSS2.…), as the signing process made it,
 * so the public function serves bytes and never signs or recomputes. The text is stored packed: its payload's
 * JSON bytes gzipped (a county of 100,000 certificates: 7 MB of text, under 1 MB packed) beside the envelope's
 * prefix and signature, and rebuilt byte for byte on reading; lists stored as plain text before packing still
 * read. One item per region prefix holds the list's facts and its first 200 KB; a longer list continues in
 * parts under the same pk, written before the item that points at them and deleted once a newer list
 * replaced them. A list is never replaced by an
 * older one (conditional on issuedAt). The signing key's public half is stored beside them, so a reader
 * without the key can publish it.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { conditionalWrite } from '../../platform/dynamodb/conditional.js';
import { batchWriteAll } from '../../platform/dynamodb/batch.js';
import { CHUNK_BYTES } from '../../platform/dynamodb/chunks.js';
import { queryAll } from '../../platform/dynamodb/query.js';
import { officerKeys } from './keys.js';

export interface StoredStatusList {
  regionPrefix: string;
  /** The China date the statuses are for, when it was signed, and how many certificates it names. */
  date: string;
  issuedAt: string;
  count: number;
  /** The signed text, exactly as signed. */
  signed: string;
}

interface MetaItem {
  pk: string;
  sk: string;
  date: string;
  issuedAt: string;
  count: number;
  parts: number;
  /** Plain text (absent `packing`), or with `packing: 'gzip'` the gzipped payload bytes. */
  part0: string | Uint8Array;
  packing?: 'gzip';
  /** A packed list's envelope prefix and signature (base64url), around the payload. */
  envelope?: string;
  signature?: string;
}

/** A signed text as stored: its packing and the pieces cut from it. */
interface Packed {
  pieces: Array<string | Uint8Array>;
  fields: Pick<MetaItem, 'packing' | 'envelope' | 'signature'>;
}

/**
 * Packs `<prefix>.<payload>.<signature>` as gzipped payload bytes. A text whose payload would not come back
 * as the same base64url (never the case for a text this registry signed) is stored plain, so nothing changes.
 */
function pack(signed: string, payloadBytes?: Uint8Array): Packed {
  const bytes = payloadBytes ?? decodedPayload(signed);
  if (!bytes) return { pieces: cut(signed), fields: {} };
  // The envelope's prefix and signature are the text before the first dot and after the last.
  const envelope = signed.slice(0, signed.indexOf('.'));
  const signature = signed.slice(signed.lastIndexOf('.') + 1);
  const zipped = gzipSync(bytes, { level: 1 });
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < zipped.length; i += CHUNK_BYTES) pieces.push(zipped.subarray(i, i + CHUNK_BYTES));
  return { pieces: pieces.length ? pieces : [new Uint8Array()], fields: { packing: 'gzip', envelope, signature } };
}

/** The payload bytes of `<prefix>.<payload>.<signature>`, when the payload is base64url that round-trips. */
function decodedPayload(signed: string): Buffer | undefined {
  const [, payload, signature, ...rest] = signed.split('.');
  const bytes = payload === undefined ? undefined : Buffer.from(payload, 'base64url');
  if (!bytes || signature === undefined || rest.length > 0 || bytes.toString('base64url') !== payload) return undefined;
  return bytes;
}

function cut(text: string): string[] {
  const texts: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK_BYTES) texts.push(text.slice(i, i + CHUNK_BYTES));
  return texts.length ? texts : [''];
}

/** The signed text back from the stored pieces, byte for byte. */
function unpack(meta: MetaItem, pieces: Array<string | Uint8Array>): string {
  if (meta.packing !== 'gzip') return pieces.join('');
  const payload = gunzipSync(Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))));
  return `${meta.envelope}.${payload.toString('base64url')}.${meta.signature}`;
}

export class StatusListStore {
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  /** One GetItem for a list packed to 200 KB, one Query more for each further 1 MB packed. */
  async get(regionPrefix: string): Promise<StoredStatusList | undefined> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const out = await this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: officerKeys.statusList(regionPrefix), sk: officerKeys.meta }),
        }),
      );
      if (!out.Item) return undefined;
      const meta = unmarshall(out.Item) as MetaItem;
      const rest = meta.parts > 1 ? await this.readParts(regionPrefix, meta.issuedAt) : [];
      // A newer list replaced this one between the two reads (its parts are gone): read the newer one.
      if (rest.length !== meta.parts - 1) continue;
      return {
        regionPrefix,
        date: meta.date,
        issuedAt: meta.issuedAt,
        count: meta.count,
        signed: unpack(meta, [meta.part0, ...rest]),
      };
    }
    return undefined;
  }

  /**
   * Stores a signed list unless a list signed later is already stored; true when this one was stored. The signer
   * may pass the payload bytes it signed (the JSON text the envelope's payload encodes), which spares decoding them.
   */
  async put(list: StoredStatusList, payloadBytes?: Uint8Array): Promise<boolean> {
    const { pieces: texts, fields } = pack(list.signed, payloadBytes);
    const pk = officerKeys.statusList(list.regionPrefix);
    await batchWriteAll(
      this.client,
      this.tableName,
      texts.slice(1).map((text, i) => ({
        PutRequest: {
          Item: marshall({
            pk,
            sk: officerKeys.statusListPart(list.issuedAt, i + 1),
            ...(typeof text === 'string' ? { text } : { data: text }),
          }),
        },
      })),
    );
    const meta: MetaItem = {
      pk,
      sk: officerKeys.meta,
      date: list.date,
      issuedAt: list.issuedAt,
      count: list.count,
      parts: texts.length,
      part0: texts[0]!,
      ...fields,
    };
    const out = await conditionalWrite(
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall(meta),
          ConditionExpression: 'attribute_not_exists(pk) OR issuedAt <= :issuedAt',
          ExpressionAttributeValues: marshall({ ':issuedAt': list.issuedAt }),
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    if (!out) {
      // A newer list is stored already: ours is dropped, parts and all.
      await this.deleteParts(list.regionPrefix, list.issuedAt, texts.length);
      return false;
    }
    const previous = out.Attributes ? (unmarshall(out.Attributes) as MetaItem) : undefined;
    if (previous && previous.issuedAt !== list.issuedAt)
      await this.deleteParts(list.regionPrefix, previous.issuedAt, previous.parts);
    return true;
  }

  /** The public half of the signing key, as the signing process stored it. */
  async publicKey(): Promise<Uint8Array | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: officerKeys.signingKey, sk: officerKeys.currentKey }),
      }),
    );
    return out.Item ? new Uint8Array(Buffer.from(String(unmarshall(out.Item).publicKey), 'base64url')) : undefined;
  }

  async putPublicKey(publicKey: Uint8Array, kid: string): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall({
          pk: officerKeys.signingKey,
          sk: officerKeys.currentKey,
          kid,
          publicKey: Buffer.from(publicKey).toString('base64url'),
        }),
      }),
    );
  }

  private async readParts(regionPrefix: string, issuedAt: string): Promise<Array<string | Uint8Array>> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :parts)',
      ExpressionAttributeValues: marshall({
        ':pk': officerKeys.statusList(regionPrefix),
        ':parts': officerKeys.statusListParts(issuedAt),
      }),
    });
    return items.map((i) => i.data?.B ?? String(unmarshall(i).text));
  }

  private async deleteParts(regionPrefix: string, issuedAt: string, parts: number): Promise<void> {
    const pk = officerKeys.statusList(regionPrefix);
    await batchWriteAll(
      this.client,
      this.tableName,
      Array.from({ length: Math.max(0, parts - 1) }, (_, i) => ({
        DeleteRequest: { Key: marshall({ pk, sk: officerKeys.statusListPart(issuedAt, i + 1) }) },
      })),
    );
  }
}
