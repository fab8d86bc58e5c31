/**
 * Remembered column maps: the item `CMAP#<uscc>` / `<kind>#<headingKey>` holds the map a clerk confirmed for files
 * with that heading row. Written only here (a plain put: the latest confirmation wins), read by GetItem on upload and
 * by one Query for a unit's kind.
 */
import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ColumnMap } from '../../core/headers.js';
import { queryAll } from '../../platform/dynamodb/query.js';
import { spreadsheetKeys } from './keys.js';

export interface RememberedColumnMap {
  unit: string;
  kind: string;
  /** The heading row it was confirmed for (see headingKey). */
  headingKey: string;
  /** The headings as published, in order, to show what the map is for. */
  headings: string[];
  map: ColumnMap;
  confirmedBy: string;
  confirmedAt: string;
  /** The file it was confirmed with. */
  source: string;
}

/** Pure: the PutItem input for a remembered map. */
export function putColumnMapInput(tableName: string, record: RememberedColumnMap) {
  return {
    TableName: tableName,
    Item: marshall(
      {
        pk: spreadsheetKeys.columnMaps(record.unit),
        sk: spreadsheetKeys.columnMap(record.kind, record.headingKey),
        ...record,
      },
      { removeUndefinedValues: true },
    ),
  };
}

function decode(item: Record<string, unknown>): RememberedColumnMap {
  const { pk: _pk, sk: _sk, ...record } = item;
  return record as unknown as RememberedColumnMap;
}

export class ColumnMapStore {
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  async get(unit: string, kind: string, headingKey: string): Promise<RememberedColumnMap | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: spreadsheetKeys.columnMaps(unit), sk: spreadsheetKeys.columnMap(kind, headingKey) }),
      }),
    );
    return out.Item ? decode(unmarshall(out.Item)) : undefined;
  }

  async put(record: RememberedColumnMap): Promise<void> {
    await this.client.send(new PutItemCommand(putColumnMapInput(this.tableName, record)));
  }

  /** Every map remembered for a unit's kind, one per heading row, most recently confirmed first. */
  async list(unit: string, kind: string): Promise<RememberedColumnMap[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: marshall({
        ':pk': spreadsheetKeys.columnMaps(unit),
        ':prefix': spreadsheetKeys.columnMapsOfKind(kind),
      }),
    });
    return items
      .map((i) => decode(unmarshall(i)))
      .sort((a, b) => (a.confirmedAt < b.confirmedAt ? 1 : a.confirmedAt > b.confirmedAt ? -1 : 0));
  }
}
