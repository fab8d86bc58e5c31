/**
 * Lambda entry point of the scheduled jobs: EventBridge invokes it with `{ "job": "<id>" }`, one rule per job
 * (shared/app/job-schedules.ts), and it runs that job once (shared/app/scheduled-jobs.ts). Certificates are signed
 * with the KMS key the configuration names. Its runtime holds no write routes (shared/app/jobs-runtime.ts).
 */
import { beaconFromConfig } from '../shared/app/beacon.js';
import { loadConfig } from '../shared/app/config.js';
import { certificateSignerFromConfig } from '../shared/app/configured.js';
import { logger } from '../shared/app/lambda-log.js';
import { createJobsRuntime } from '../shared/app/jobs-runtime.js';
import { createScheduledJobHandler } from '../shared/app/scheduled-jobs.js';

const config = loadConfig();
// The status-list job signs with the certificate KMS key (CERTIFICATE_SIGNING_KEY_ID, set by the stack); due draws
// fetch their rounds from the configured beacon (drand on AWS).
const beacon = beaconFromConfig(config.beacon, () => new Date());
export const handler = createScheduledJobHandler(
  () => createJobsRuntime(config.store, { beacon, ...certificateSignerFromConfig(config) }),
  logger,
);
