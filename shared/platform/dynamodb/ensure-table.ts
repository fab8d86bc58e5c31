import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, tableDefinition } from './table.js';

/** Creates the table from the one definition if it does not exist, and waits until it is active. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  try {
    const d = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (d.Table?.TableStatus === 'ACTIVE') return 'exists';
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    await waitActive(client, tableName);
    try {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
        }),
      );
    } catch {
      // dynalite has no TTL; expiry is also checked on read wherever it matters.
    }
    return 'created';
  }
  await waitActive(client, tableName);
  return 'exists';
}

async function waitActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const d = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (
      d.Table?.TableStatus === 'ACTIVE' &&
      (d.Table.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE')
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`table ${tableName} did not become active`);
}
