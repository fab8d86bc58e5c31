/**
 * After a publication the write function starts the ledger sequencer at once (an asynchronous Invoke),
 * so a new version reaches the transparency log in seconds rather than at the next scheduled run. Best
 * effort: if the nudge fails the schedule still picks the version up within a minute.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { logger } from '../../platform/lambda/log.js';

export type Nudge = () => Promise<void>;

/** A nudge for the sequencer function (LEDGER_SEQUENCER_FUNCTION), or undefined when none is deployed. */
export function sequencerNudge(functionName: string | undefined): Nudge | undefined {
  if (!functionName) return undefined;
  // The Lambda client loads on the first nudge (after a publication), not at every cold start.
  let lambda: LambdaClient | undefined;
  return async () => {
    try {
      const { InvokeCommand, LambdaClient } = await import('@aws-sdk/client-lambda');
      lambda ??= new LambdaClient({ maxAttempts: 2 });
      await lambda.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'Event',
          Payload: JSON.stringify({ source: 'gongshi.publish' }),
        }),
      );
    } catch (error) {
      logger.warn('ledger sequencer nudge failed; the schedule will log the version', { error: error as Error });
    }
  };
}
