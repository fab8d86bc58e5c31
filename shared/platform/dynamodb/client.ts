/** The DynamoDB client and its configuration (table name, endpoint, region). */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

export interface StoreConfig {
  tableName: string;
  /** Local engines (dynalite, DynamoDB Local) take any credentials; real AWS uses the default chain. */
  endpoint?: string;
  region?: string;
  /** How long a region's heads are trusted by search and statistics before they are read again (ms). */
  searchRefreshMs?: number;
}

export function createClient(config: Pick<StoreConfig, 'endpoint' | 'region'>): DynamoDBClient {
  const options: DynamoDBClientConfig = { region: config.region ?? 'cn-north-1', maxAttempts: 5 };
  if (config.endpoint) {
    options.endpoint = config.endpoint;
    // Local engines accept any key; never read a developer's real credentials for them.
    options.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  return new DynamoDBClient(options);
}
