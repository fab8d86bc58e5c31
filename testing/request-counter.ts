/**
 * Counts the requests a DynamoDB client sends, by command: tests assert request costs with it, the benchmark reports
 * them.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

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
 * Counts every request the client sends. The middleware sits at the initialize step, before retries are decided,
 * so a logical request counts once however many attempts it takes.
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
