/**
 * After a publication the write function starts the ledger sequencer at once (an asynchronous Invoke),
 * so a new version reaches the transparency log in seconds rather than at the next scheduled run. Best
 * effort: if the nudge fails the schedule still picks the version up within a minute.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { logger } from '../../platform/lambda/log.js';

export type Nudge = () => Promise<void>;

/** A nudge for the sequencer function (LEDGER_SEQUENCER_FUNCTION), or undefined when none is deployed. */
export function sequencerNudge(functionName: string | undefined): Nudge | undefined {
  if (!functionName) return undefined;
  const lambda = new LambdaClient({ maxAttempts: 2 });
  return async () => {
    try {
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
