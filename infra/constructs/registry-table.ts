/**
 * The registry's one DynamoDB table, derived from shared/platform/dynamodb/table.ts (key schema, indexes with their
 * projections, TTL attribute), so the cloud table and the local/test tables cannot drift apart.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  ProjectionType,
  TableEncryptionV2,
  TableV2,
  type GlobalSecondaryIndexPropsV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { tableDefinition } from '../../shared/platform/dynamodb/table.js';

const str = (name: string) => ({ name, type: AttributeType.STRING });

export function globalIndexesFromDefinition(): GlobalSecondaryIndexPropsV2[] {
  return tableDefinition.globalIndexes.map((i) => ({
    indexName: i.indexName,
    partitionKey: str(i.partitionKey),
    sortKey: str(i.sortKey),
    ...(i.projection
      ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...i.projection] }
      : { projectionType: ProjectionType.ALL }),
  }));
}

export class RegistryTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new TableV2(this, 'Table', {
      partitionKey: str(tableDefinition.partitionKey),
      sortKey: str(tableDefinition.sortKey),
      globalSecondaryIndexes: globalIndexesFromDefinition(),
      timeToLiveAttribute: tableDefinition.ttlAttribute,
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // Published versions must stay retrievable forever: the table outlives any stack deletion.
      removalPolicy: RemovalPolicy.RETAIN,
      // AWS-managed key: encrypted at rest with no monthly key cost; published content is public anyway.
      encryption: TableEncryptionV2.awsManagedKey(),
    });
  }
}
