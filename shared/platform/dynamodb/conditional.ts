/**
 * Conditional writes: DynamoDB refuses a write whose ConditionExpression is false by throwing
 * ConditionalCheckFailedException. Every optimistic write in the registry (the publish protocol, leases, the audit
 * chain, idempotency keys) treats that refusal as an answer, not a fault; this is the one place that tells the two
 * apart, so callers read as "if the condition held … else …".
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/**
 * Awaits a conditional write. Resolves to the command's output when DynamoDB applied it, or to `undefined` when it
 * refused it because the condition was false; every other error propagates unchanged.
 */
export async function conditionalWrite<Output extends object>(write: Promise<Output>): Promise<Output | undefined> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}
