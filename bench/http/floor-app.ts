/**
 * The floor for HTTP figures: a minimal Hono app on the same engine that does
 * the one raw DynamoDB request a route needs and returns it as JSON — no
 * validation, no domain logic, no caching. What is left is the cost of HTTP,
 * the SDK and the engine, which the registry cannot go below.
 */
import { GetItemCommand, QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { Hono } from 'hono';

export function floorApp(client: DynamoDBClient, tableName: string): Hono {
  const app = new Hono();
  /** One Query of a partition: a version's content (meta + chunks) or a unit's heads. */
  app.get('/query', async (c) => {
    const pk = c.req.query('pk')!;
    const prefix = c.req.query('prefix');
    const out = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :p)' : 'pk = :pk',
        ExpressionAttributeValues: prefix ? { ':pk': { S: pk }, ':p': { S: prefix } } : { ':pk': { S: pk } },
      }),
    );
    const rows = (out.Items ?? []).map((i) => unmarshall(i));
    // Content chunks hold JSON arrays of items; return the items as the route would.
    const items = rows.flatMap((r) => (typeof r.d === 'string' ? (JSON.parse(r.d) as unknown[]) : [r]));
    return c.json({ items });
  });
  /** One Query of a global index by key prefix (all heads of a region). */
  app.get('/index', async (c) => {
    const out = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: c.req.query('index')!,
        KeyConditionExpression: `${c.req.query('pkName')} = :pk AND begins_with(${c.req.query('skName')}, :p)`,
        ExpressionAttributeValues: { ':pk': { S: c.req.query('pk')! }, ':p': { S: c.req.query('prefix')! } },
      }),
    );
    return c.json({ items: (out.Items ?? []).map((i) => unmarshall(i)) });
  });
  /** One GetItem. */
  app.get('/get', async (c) => {
    const out = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { pk: { S: c.req.query('pk')! }, sk: { S: c.req.query('sk')! } },
      }),
    );
    return c.json({ item: out.Item ? unmarshall(out.Item) : null });
  });
  return app;
}
