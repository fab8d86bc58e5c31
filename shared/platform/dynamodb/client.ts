/** The DynamoDB client, configured from the environment, with request counting. */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

export interface StoreConfig {
  tableName: string;
  /** Local engines (dynalite, DynamoDB Local) take any credentials; real AWS uses the default chain. */
  endpoint?: string;
  region?: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  return {
    tableName: env.TABLE_NAME ?? 'gongshi',
    endpoint: env.DYNAMODB_ENDPOINT || undefined,
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'cn-north-1',
  };
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

/** Counts of requests sent, by command name (GetItemCommand, QueryCommand, …). */
export class RequestCounter {
  readonly counts = new Map<string, number>();
  get total(): number {
    let t = 0;
    for (const v of this.counts.values()) t += v;
    return t;
  }
  of(command: string): number {
    return this.counts.get(command) ?? 0;
  }
  reset(): void {
    this.counts.clear();
  }
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort());
  }
}

/**
 * Counts every request the client sends (after retries are decided, one per
 * attempt is not counted: a logical request counts once). Used by tests to
 * assert request costs and by the benchmark.
 */
export function countRequests(client: DynamoDBClient, counter = new RequestCounter()): RequestCounter {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      counter.counts.set(name, (counter.counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'gongshiRequestCounter', override: true },
  );
  return counter;
}
