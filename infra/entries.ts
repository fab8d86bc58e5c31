/** Lambda entry points, by name. The stack deploys them and scripts/build-bundles.ts builds the same files. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export const lambdaEntries = {
  /** Anonymous reads: lists, search, stats, history, ledger reads, portal, OpenAPI. */
  publicApi: 'functions/public-api.ts',
  /** Region exports, streamed through a function URL (the public function redirects them there). */
  exportApi: 'functions/export-api.ts',
  /** Authenticated routes: drafts, review, publish, entity registration, audit reads. */
  writeApi: 'functions/write-api.ts',
  /** Cognito pre-token-generation trigger: copies units/region into access tokens. */
  cognitoPreToken: 'functions/cognito-pre-token.ts',
  /** Transparency-log sequencer and checkpoint signer ; deployed once the file exists. */
  ledgerSequencer: 'functions/ledger-sequencer.ts',
  /** The scheduled jobs (shared/app/job-schedules.ts), one EventBridge rule each. */
  scheduledJobs: 'functions/scheduled-jobs.ts',
} as const;

export type LambdaName = keyof typeof lambdaEntries;

export const entryPath = (name: LambdaName) => join(repoRoot, lambdaEntries[name]);

/** The entry's absolute path when the file is in the checkout, else undefined (the piece has not landed). */
export function presentEntry(name: LambdaName): string | undefined {
  const path = entryPath(name);
  return existsSync(path) ? path : undefined;
}
