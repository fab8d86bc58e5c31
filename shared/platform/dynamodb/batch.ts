import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';

const MAX_BATCH = 25;

/** Writes puts in batches of 25, retrying unprocessed items with backoff until all are written. */
export async function batchWriteAll(
  client: DynamoDBClient,
  tableName: string,
  requests: WriteRequest[],
): Promise<void> {
  for (let i = 0; i < requests.length; i += MAX_BATCH) {
    let pending = requests.slice(i, i + MAX_BATCH);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 10) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed after retries`);
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      pending = out.UnprocessedItems?.[tableName] ?? [];
    }
  }
}
