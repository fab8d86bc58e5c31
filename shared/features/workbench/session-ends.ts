/**
 * Sessions ended by signing out. The session cookie is signed and holds everything (./session.ts), so clearing it
 * in the browser alone would leave a copy of it valid until its idle or absolute expiry. Signing out therefore
 * stores the session's id here until the session's absolute expiry (the table's TTL attribute removes it on AWS;
 * the expiry is also checked on read, since dynalite has no TTL), and every workbench request looks it up: one
 * consistent GetItem, so a signed-out cookie is refused everywhere at once.
 */
import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { tableDefinition } from '../../platform/dynamodb/table.js';
import { workbenchKeys } from './keys.js';

export function endSessionInput(tableName: string, sessionId: string, until: Date) {
  return {
    TableName: tableName,
    Item: {
      pk: { S: workbenchKeys.endedSession(sessionId) },
      sk: { S: workbenchKeys.endedSessionSk },
      [tableDefinition.ttlAttribute]: { N: String(Math.ceil(until.getTime() / 1000)) },
    },
  };
}

export class SessionEnds {
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  /** Records that the session ended; it stays refused until `until` (its absolute expiry), then needs no record. */
  async end(sessionId: string, until: Date): Promise<void> {
    await this.client.send(new PutItemCommand(endSessionInput(this.tableName, sessionId, until)));
  }

  /** Whether the session was signed out (its record still before its expiry at `now`). */
  async ended(sessionId: string, now: Date): Promise<boolean> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: workbenchKeys.endedSession(sessionId) }, sk: { S: workbenchKeys.endedSessionSk } },
        ConsistentRead: true,
      }),
    );
    const expires = Number(out.Item?.[tableDefinition.ttlAttribute]?.N ?? 0);
    return expires * 1000 > now.getTime();
  }
}
