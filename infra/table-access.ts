/**
 * Table permissions by name, on the table and its named indexes only: no `index/*` wildcard, and none
 * of the actions the registry never issues (no Scan, no transactions, no table management). Tighter than
 * TableV2.grantReadData / grantReadWriteData, which add Scan, streams and every index.
 * test/infra.test.ts checks these lists against the DynamoDB commands the shared code sends.
 */
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { tableDefinition } from '../shared/platform/dynamodb/table.js';

export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

const tableResources = (table: TableV2) => [
  table.tableArn,
  ...tableDefinition.globalIndexes.map((i) => `${table.tableArn}/index/${i.indexName}`),
];

export function grantTableRead(grantee: IGrantable, table: TableV2): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'ReadRegistryTable',
      actions: [...TABLE_READ_ACTIONS],
      resources: tableResources(table),
    }),
  );
}

export function grantTableReadWrite(grantee: IGrantable, table: TableV2): void {
  grantTableRead(grantee, table);
  // Writes address the base table only; DynamoDB maintains the indexes.
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ sid: 'WriteRegistryTable', actions: [...TABLE_WRITE_ACTIONS], resources: [table.tableArn] }),
  );
}
