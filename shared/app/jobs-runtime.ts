/**
 * What the scheduled-jobs function builds (functions/scheduled-jobs.ts): the core, the feature services the jobs
 * run (./services.ts) and, for the verifier job, the public app assembled on demand (./lazy-public-app.ts). No write
 * routes, no workbench, no workflow: a job never serves an authenticated request, so its bundle carries none of them.
 */
import type { StoreConfig } from '../platform/dynamodb/client.js';
import { createCore } from './core.js';
import { createLazyPublicApp } from './lazy-public-app.js';
import { renderQrSvg } from './qr.js';
import type { JobsRuntime } from './scheduled-jobs.js';
import { createFeatureServices, type FeatureServiceOptions } from './services.js';

export function createJobsRuntime(
  config: StoreConfig,
  options: Pick<FeatureServiceOptions, 'certificateSigner' | 'beacon'> = {},
): JobsRuntime {
  const { store, registry, regions } = createCore(config);
  const services = createFeatureServices(registry, options);
  const { app } = createLazyPublicApp({ registry, regions, renderQr: renderQrSvg });
  return { store, registry, ...services, app };
}
