/**
 * Batch writes and reads with one retry policy: requests of at most 25 writes or 100 keys, unprocessed items and
 * keys sent again with exponential backoff (20 ms doubling, capped at 1 s), giving up after 10 retries. A read
 * whose response carried items but left keys over (the response-size cap: 16 MB on DynamoDB, about 1 MB on
 * dynalite) sends the rest at once: that is not throttling, and waiting would only add the backoff's sleep.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';

const MAX_WRITES = 25;
const MAX_KEYS = 100;
const MAX_RETRIES = 10;

const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));

/**
 * Writes every request, in batches of 25, until none is left unprocessed. With `parallel`, that many batches are in
 * flight at once (the engine serves them concurrently); each batch retries its own unprocessed items.
 */
export async function batchWriteAll(
  client: DynamoDBClient,
  tableName: string,
  requests: WriteRequest[],
  options: { parallel?: number } = {},
): Promise<void> {
  let next = 0;
  // Each writer takes the next 25 requests until none are left.
  const writer = async () => {
    while (next < requests.length) {
      const batch = requests.slice(next, next + MAX_WRITES);
      next += MAX_WRITES;
      await writeBatch(client, tableName, batch);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.parallel ?? 1) }, writer));
}

async function writeBatch(client: DynamoDBClient, tableName: string, batch: WriteRequest[]): Promise<void> {
  let pending = batch;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > MAX_RETRIES) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed after retries`);
    if (attempt > 0) await backoff(attempt);
    const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
    pending = out.UnprocessedItems?.[tableName] ?? [];
  }
}

/**
 * Reads every key, 100 per request, until none is left unprocessed; returns the items found (missing keys are absent).
 */
export async function batchGetAll(
  client: DynamoDBClient,
  tableName: string,
  keys: ReadonlyArray<Record<string, AttributeValue>>,
  options: { consistent?: boolean } = {},
): Promise<Array<Record<string, AttributeValue>>> {
  const found: Array<Record<string, AttributeValue>> = [];
  let pending = [...keys];
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > MAX_RETRIES) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after retries`);
    if (attempt > 0) await backoff(attempt);
    const batch = pending.slice(0, MAX_KEYS);
    const out = await client.send(
      new BatchGetItemCommand({
        RequestItems: { [tableName]: { Keys: batch, ...(options.consistent ? { ConsistentRead: true } : {}) } },
      }),
    );
    found.push(...(out.Responses?.[tableName] ?? []));
    const returned = out.Responses?.[tableName]?.length ?? 0;
    const unprocessed = out.UnprocessedKeys?.[tableName]?.Keys ?? [];
    pending = [...pending.slice(MAX_KEYS), ...unprocessed];
    // Only a batch that came back with nothing read and keys left over (throttled) waits before the next request.
    if (unprocessed.length === 0 || returned > 0) attempt = -1;
  }
  return found;
}
