/**
 * Lambda entry point of the transparency-log sequencer and checkpoint signer:
 * runs the sequencer once per invocation. The signer comes from
 * shared/ledger-sequencer/signer-from-env.ts (KMS on AWS, a key file locally).
 */
import { createSequencerHandler } from '../shared/ledger-sequencer/handler.js';
import { signerFromEnv } from '../shared/ledger-sequencer/signer-from-env.js';

export const handler = createSequencerHandler((origin) => signerFromEnv(origin));
