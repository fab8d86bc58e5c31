/** Lambda entry point for the public, read-only API (HTTP API, payload 2.0). */
import { handle } from 'hono/aws-lambda';
import { createRuntime } from '../shared/runtime.js';

const { app } = createRuntime();

export const handler = handle(app);
