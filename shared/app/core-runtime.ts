/**
 * The registry without the publication workflow: what the public function and the ledger
 * sequencer need. Kept apart from ./runtime.ts so their bundles carry no upload, workflow or
 * audit code (smaller, faster cold starts).
 */
import { createApp } from './http-app.js';
import type { StoreConfig } from '../platform/dynamodb/client.js';
import { officersReader, type QrRenderer } from '../features/officers/index.js';
import { createCore, type CoreOptions, type CoreRuntime } from './core.js';

export { createCore, type CoreOptions, type CoreRuntime } from './core.js';

/**
 * The anonymous read API alone. `exportUrl`: where region exports are redirected (the streaming export
 * function on AWS; see features/exports/export-redirect.ts); absent, they are served by this app. `renderQr`:
 * draws the QR of card faces (./qr.ts), which serve the credentials the write side signed and stored; absent, card
 * faces answer 422 (the export function serves none).
 */
export function createPublicRuntime(
  config: StoreConfig,
  options: CoreOptions & { exportUrl?: string; cursorKey?: string | Uint8Array; renderQr?: QrRenderer } = {},
): CoreRuntime & { app: ReturnType<typeof createApp> } {
  const { exportUrl, cursorKey, renderQr, ...coreOptions } = options;
  const core = createCore(config, coreOptions);
  return {
    ...core,
    app: createApp(
      { registry: core.registry, regions: core.regions, officers: officersReader(core.registry, undefined, renderQr) },
      { routes: 'public', ...(exportUrl ? { exportUrl } : {}), ...(cursorKey ? { cursorKey } : {}) },
    ),
  };
}
export { EXPORT_PATHS } from '../features/exports/export-redirect.js';
