/** Lambda entry point for the public, read-only API (HTTP API, payload 2.0): anonymous GET routes only. */
import { handle } from 'hono/aws-lambda';
import { createCore } from '../shared/app/core.js';
import { createLazyPublicApp } from '../shared/app/lazy-public-app.js';
import { loadConfig } from '../shared/app/config.js';
import { withDerivedKeys } from '../shared/app/derived-keys.js';
import { withRequestLog } from '../shared/app/lambda-log.js';
import { renderQrSvg } from '../shared/app/qr.js';

// The cursor key is derived from KMS once, at cold start, before any request (../shared/app/derived-keys.ts).
const config = await withDerivedKeys(loadConfig());
const { registry, regions } = createCore(config.store);
// EXPORT_URL (set by the stack): region exports go to the streaming export function, past the 6 MB buffered-response
// cap. Card faces draw their QR here from the credentials the write function signed and stored. Routes load by path
// on first use (../shared/app/lazy-public-app.ts), so a cold start evaluates only what its first request needs.
const { app } = createLazyPublicApp({ registry, regions, renderQr: renderQrSvg }, config.http);

export const handler = withRequestLog(handle(app));
