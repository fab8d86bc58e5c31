import { GetItemCommand, PutItemCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { conditionalWrite } from '../shared/platform/dynamodb/conditional.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';

describe('conditionalWrite: a refused condition is an answer, every other error a fault', () => {
  let rt: TestRuntime;
  const put = (tableName: string, value: string) =>
    new PutItemCommand({
      TableName: tableName,
      Item: marshall({ pk: 'TEST#conditional', sk: 'ONCE', value }),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  beforeAll(async () => {
    rt = await createTestRuntime();
  });

  it('resolves to the output when the condition holds', async () => {
    const out = await conditionalWrite(rt.client.send(put(rt.tableName, 'first')));
    expect(out).toBeDefined();
    expect(out?.$metadata.httpStatusCode).toBe(200);
  });

  it('resolves to undefined when the engine refuses the condition, and leaves the item unchanged', async () => {
    const out = await conditionalWrite(rt.client.send(put(rt.tableName, 'second')));
    expect(out).toBeUndefined();
    const stored = await rt.client.send(
      new GetItemCommand({ TableName: rt.tableName, Key: marshall({ pk: 'TEST#conditional', sk: 'ONCE' }) }),
    );
    expect(stored.Item?.value?.S).toBe('first');
  });

  it('rethrows errors that are not a refused condition', async () => {
    await expect(conditionalWrite(rt.client.send(put(`${rt.tableName}_missing`, 'x')))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });
});
