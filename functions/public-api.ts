/** Lambda entry point for the public, read-only API (HTTP API, payload 2.0): anonymous GET routes only. */
import { handle } from 'hono/aws-lambda';
import { createPublicRuntime } from '../shared/app/core-runtime.js';
import { loadConfig } from '../shared/app/config.js';
import { withRequestLog } from '../shared/app/lambda-log.js';
import { renderQrSvg } from '../shared/app/qr.js';

const config = loadConfig();
// EXPORT_URL (set by the stack): region exports go to the streaming export function, past the 6 MB buffered-response
// cap. Card faces draw their QR here from the credentials the write function signed and stored.
const { app } = createPublicRuntime(config.store, { ...config.http, renderQr: renderQrSvg });

export const handler = withRequestLog(handle(app));
