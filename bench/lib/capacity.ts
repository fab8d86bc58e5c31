/**
 * Consumed capacity, where the engine reports it: asks for it on every request
 * that accepts ReturnConsumedCapacity and sums what comes back. Request counts
 * come from the store's own RequestCounter (countRequests); this adds units.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const ACCEPTS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
  'TransactGetItemsCommand',
]);

export class CapacityMeter {
  read = 0;
  write = 0;
  /** Responses that carried no ConsumedCapacity although asked (engine does not report it). */
  unreported = 0;
  reset(): void {
    this.read = 0;
    this.write = 0;
    this.unreported = 0;
  }
  snapshot() {
    return { read: this.read, write: this.write, unreported: this.unreported };
  }
}

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

export function meterCapacity(client: DynamoDBClient, meter = new CapacityMeter()): CapacityMeter {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '';
      if (!ACCEPTS.has(name)) return next(args);
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity ??= 'TOTAL';
      const result = await next(args);
      const out = result.output as { ConsumedCapacity?: Consumed | Consumed[] };
      const list =
        out.ConsumedCapacity === undefined
          ? []
          : Array.isArray(out.ConsumedCapacity)
            ? out.ConsumedCapacity
            : [out.ConsumedCapacity];
      if (list.length === 0) meter.unreported++;
      for (const c of list) {
        const units = c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0);
        if (WRITES.has(name)) meter.write += units;
        else meter.read += units;
      }
      return result;
    },
    { step: 'initialize', name: 'benchCapacityMeter', override: true },
  );
  return meter;
}
