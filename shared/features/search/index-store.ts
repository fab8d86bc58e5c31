/**
 * Stored search indexes (index-snapshot.ts files) in the registry's table, in chunks under DynamoDB's
 * 400 KB item limit; the search feature owns these items and only its builder writes them.
 *
 * Keys: the manifest `pk = SEARCH#<prefix>#<date>, sk = INDEX` names the current generation, its chunk count
 * and size; chunk i of a generation is `pk = SEARCH#<prefix>#<date>#<generation>, sk = C#<i>`. A new index is
 * written chunks first and switched to by one PutItem of the manifest, so a reader sees the old file or the
 * new one, never a mix; the previous generation's chunks are then deleted (a reader that loses that race
 * reads the manifest again). Loading is one GetItem and BatchGetItem requests of 10 chunks (3 MB), 4 in flight.
 */
import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { batchGetAll, batchWriteAll } from '../../platform/dynamodb/batch.js';

/** Bytes per chunk: well under 400 KB with the keys and attribute names. */
export const INDEX_CHUNK_BYTES = 300_000;
const CHUNKS_PER_GET = 10;
const GETS_IN_FLIGHT = 4;

export interface StoredIndexManifest {
  generation: string;
  /** Digest of the region heads the index was built from: a loader with other heads skips the download. */
  headsDigest: string;
  chunks: number;
  bytes: number;
  builtAt: string;
}

/** Where region index files are kept; the table by default, behind one interface so S3 could serve instead. */
export interface IndexFileStore {
  /** The stored file, when one exists that was built from heads with this digest. */
  load(prefix: string, at: string, headsDigest: string): Promise<Uint8Array | undefined>;
  save(prefix: string, at: string, file: { bytes: Uint8Array; headsDigest: string; builtAt: string }): Promise<void>;
}

const manifestKey = (prefix: string, at: string) => ({
  pk: { S: `SEARCH#${prefix || '*'}#${at}` },
  sk: { S: 'INDEX' },
});
const chunkKey = (prefix: string, at: string, generation: string, i: number) => ({
  pk: { S: `SEARCH#${prefix || '*'}#${at}#${generation}` },
  sk: { S: `C#${String(i).padStart(5, '0')}` },
});

export class TableIndexFileStore implements IndexFileStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async manifest(prefix: string, at: string): Promise<StoredIndexManifest | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: manifestKey(prefix, at), ConsistentRead: true }),
    );
    const item = out.Item;
    if (!item) return undefined;
    return {
      generation: item.generation!.S!,
      headsDigest: item.headsDigest!.S!,
      chunks: Number(item.chunks!.N),
      bytes: Number(item.bytes!.N),
      builtAt: item.builtAt!.S!,
    };
  }

  async load(prefix: string, at: string, headsDigest: string): Promise<Uint8Array | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const manifest = await this.manifest(prefix, at);
      if (!manifest || manifest.headsDigest !== headsDigest) return undefined;
      const bytes = await this.readChunks(prefix, at, manifest);
      if (bytes) return bytes;
      // A newer generation replaced this one while it was read: read the manifest again.
    }
    return undefined;
  }

  async save(
    prefix: string,
    at: string,
    { bytes, headsDigest, builtAt }: { bytes: Uint8Array; headsDigest: string; builtAt: string },
  ): Promise<void> {
    const previous = await this.manifest(prefix, at);
    const generation = `${Date.parse(builtAt).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const chunks = Math.max(1, Math.ceil(bytes.length / INDEX_CHUNK_BYTES));
    await batchWriteAll(
      this.client,
      this.tableName,
      Array.from({ length: chunks }, (_, i) => ({
        PutRequest: {
          Item: {
            ...chunkKey(prefix, at, generation, i),
            b: { B: bytes.subarray(i * INDEX_CHUNK_BYTES, (i + 1) * INDEX_CHUNK_BYTES) },
          },
        },
      })),
    );
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          ...manifestKey(prefix, at),
          generation: { S: generation },
          headsDigest: { S: headsDigest },
          chunks: { N: String(chunks) },
          bytes: { N: String(bytes.length) },
          builtAt: { S: builtAt },
        },
      }),
    );
    if (previous)
      await batchWriteAll(
        this.client,
        this.tableName,
        Array.from({ length: previous.chunks }, (_, i) => ({
          DeleteRequest: { Key: chunkKey(prefix, at, previous.generation, i) },
        })),
      );
  }

  /** The file of one generation, or undefined when a chunk is gone (the generation was replaced). */
  private async readChunks(prefix: string, at: string, manifest: StoredIndexManifest): Promise<Uint8Array | undefined> {
    const out = new Uint8Array(manifest.bytes);
    const batches: number[][] = [];
    for (let i = 0; i < manifest.chunks; i += CHUNKS_PER_GET)
      batches.push(Array.from({ length: Math.min(CHUNKS_PER_GET, manifest.chunks - i) }, (_, j) => i + j));
    let missing = false;
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(GETS_IN_FLIGHT, batches.length) }, async () => {
        while (next < batches.length && !missing) {
          const batch = batches[next++]!;
          const keys = batch.map((i) => chunkKey(prefix, at, manifest.generation, i));
          const found = await batchGetAll(this.client, this.tableName, keys);
          if (found.length !== batch.length) missing = true;
          for (const item of found) {
            const i = Number(item.sk!.S!.slice(2));
            out.set(item.b!.B!, i * INDEX_CHUNK_BYTES);
          }
        }
      }),
    );
    return missing ? undefined : out;
  }
}
