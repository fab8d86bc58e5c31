import { loadConfig } from '../shared/app/config.js';
import { createSequencerHandler, signerFromConfig } from '../shared/app/ledger-sequencer.js';
/**
 * Lambda entry point of the transparency-log sequencer and checkpoint signer:
 * runs the sequencer once per invocation. The signer comes from
 * shared/features/ledger/signer-from-config.ts (KMS on AWS, a key file locally).
 */

const config = loadConfig();
export const handler = createSequencerHandler(config, (origin) => signerFromConfig(origin, config.ledger));
