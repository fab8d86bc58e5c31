/** Lambda entry point for the public, read-only API (HTTP API, payload 2.0): anonymous GET routes only. */
import { handle } from 'hono/aws-lambda';
import { withRequestLog } from '../shared/aws/log.js';
import { createPublicRuntime } from '../shared/core-runtime.js';

const { app } = createPublicRuntime();

export const handler = withRequestLog(handle(app));
