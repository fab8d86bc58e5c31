/** Lambda entry point for the public, read-only API (HTTP API, payload 2.0): anonymous GET routes only. */
import { handle } from 'hono/aws-lambda';
import { createPublicRuntime } from '../shared/app/core-runtime.js';
import { withRequestLog } from '../shared/app/lambda-log.js';

// EXPORT_URL (set by the stack): region exports go to the streaming export function, past the 6 MB buffered-response
// cap.
const { app } = createPublicRuntime(undefined, { exportUrl: process.env.EXPORT_URL || undefined });

export const handler = withRequestLog(handle(app));
