/**
 * The cold-start floor: the least a Lambda behind HTTP API can be with this
 * stack — Hono, the Lambda adapter and the DynamoDB client, answering with one
 * GetItem and one Query. Built with the same esbuild options as the functions.
 */
import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

const client = new DynamoDBClient({
  region: process.env.AWS_REGION ?? 'cn-north-1',
  ...(process.env.DYNAMODB_ENDPOINT
    ? { endpoint: process.env.DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
    : {}),
});
const TableName = process.env.TABLE_NAME ?? 'gongshi';

const app = new Hono();
app.get('/v1/units/:uscc/lists/:kind', async (c) => {
  const head = await client.send(
    new GetItemCommand({
      TableName,
      Key: { pk: { S: `U#${c.req.param('uscc')}` }, sk: { S: `H#${c.req.param('kind')}` } },
    }),
  );
  const out = await client.send(
    new QueryCommand({
      TableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: `U#${c.req.param('uscc')}` } },
      Limit: 1,
    }),
  );
  return c.json({ head: head.Item ?? null, count: out.Count ?? 0 });
});

export const handler = handle(app);
