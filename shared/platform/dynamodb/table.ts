/**
 * The table: one source of truth for its key schema and indexes. The CDK stack,
 * the local engine and the tests all create it from this definition.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export interface IndexDefinition {
  indexName: string;
  partitionKey: string;
  sortKey: string;
  /** Attributes projected besides the keys; all when absent. */
  projection?: readonly string[];
}

export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Every attribute used in a key is a string. */
  globalIndexes: [
    /** Entities by region: gsi1pk = UNIT, gsi1sk = <regionCode>#<uscc>; region filters are prefix queries. */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Every stream head (entity and lists) by region: gsi2pk = HEAD, gsi2sk = <regionCode>#<uscc>#<stream>. Keys, versions and timelines (search and statistics resolve `at` from it). */
    {
      indexName: 'gsi2',
      partitionKey: 'gsi2pk',
      sortKey: 'gsi2sk',
      projection: ['uscc', 'stream', 'version', 'contentHash', 'updatedAt', 'regionCode', 'timeline'],
    },
    /**
     * Heads with versions not yet in the transparency log (sparse): ledgerPk = LEDGER,
     * ledgerSk = <publishedAt of the first unlogged version>#<uscc>#<stream>. The sequencer removes both once logged.
     */
    {
      indexName: 'ledger-pending',
      partitionKey: 'ledgerPk',
      sortKey: 'ledgerSk',
      projection: ['uscc', 'stream', 'version', 'timeline', 'loggedVersion'],
    },
  ] as IndexDefinition[],
  /** Attribute that expires items (DynamoDB TTL), for short-lived records such as idempotency keys. */
  ttlAttribute: 'expiresAt',
} as const;

export function createTableInput(tableName: string): CreateTableCommandInput {
  const keyAttributes = new Set<string>([tableDefinition.partitionKey, tableDefinition.sortKey]);
  for (const i of tableDefinition.globalIndexes) {
    keyAttributes.add(i.partitionKey);
    keyAttributes.add(i.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...keyAttributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: tableDefinition.globalIndexes.map((i) => ({
      IndexName: i.indexName,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' },
        { AttributeName: i.sortKey, KeyType: 'RANGE' },
      ],
      Projection: i.projection
        ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...i.projection] }
        : { ProjectionType: 'ALL' },
    })),
  };
}

/** Zero-padded number for sort keys, so that string order is numeric order. */
export const padKey = (n: number, width: number) => String(n).padStart(width, '0');
