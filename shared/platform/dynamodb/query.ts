import {
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';

/** Every item a Query matches, following LastEvaluatedKey page by page (one request per 1 MB page). */
export async function queryAll(
  client: DynamoDBClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Array<Record<string, AttributeValue>>> {
  const items: Array<Record<string, AttributeValue>> = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out: QueryCommandOutput = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * Up to `limit` items a filtered Query keeps, a page at a time: a filter applies after the key condition,
 * so one page may keep fewer than asked and the next is read. `lastKey` resumes after the last item read.
 */
export async function queryUpTo(
  client: DynamoDBClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'>,
  limit: number,
  startKey?: Record<string, AttributeValue>,
): Promise<{ items: Array<Record<string, AttributeValue>>; lastKey?: Record<string, AttributeValue> }> {
  const items: Array<Record<string, AttributeValue>> = [];
  let start = startKey;
  do {
    const out: QueryCommandOutput = await client.send(
      new QueryCommand({ ...input, Limit: limit - items.length, ExclusiveStartKey: start }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start && items.length < limit);
  return { items, ...(start ? { lastKey: start } : {}) };
}
