/**
 * Lambda entry point for region exports (GET /v1/export, GET /v1/export/history), invoked through a function
 * URL in RESPONSE_STREAM mode: the file streams out as it is read, with no 6 MB buffered-response cap. The
 * public function redirects those paths here (307). Only the export routes are served, so the URL, which has
 * no API Gateway throttling in front of it, cannot stand in for the rest of the API; reserved concurrency
 * bounds it instead. `streamHandle` needs the `awslambda` global that only the Lambda runtime provides.
 */
import { Hono } from 'hono';
import { streamHandle } from 'hono/aws-lambda';
import { createPublicRuntime } from '../shared/app/core-runtime.js';
import { logger } from '../shared/app/lambda-log.js';
import { EXPORT_PATHS } from '../shared/app/core-runtime.js';
import { loadConfig } from '../shared/app/config.js';

const config = loadConfig();
const { app: publicApp } = createPublicRuntime(config.store, { cursorKey: config.http.cursorKey });

const app = new Hono<{ Bindings: { context?: object } }>();
// One log line per request, when the status is known (the body streams on after it, so `ms` is time to first byte).
app.use('*', async (c, next) => {
  if (c.env?.context) logger.addContext(c.env.context as Parameters<typeof logger.addContext>[0]);
  const started = performance.now();
  await next();
  logger[c.res.status >= 500 ? 'error' : 'info']('request', {
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    msToFirstByte: Math.round(performance.now() - started),
  });
});
// Same request, same app (validation, ETag/304, errors): only the paths are narrowed.
for (const path of EXPORT_PATHS) app.get(path, (c) => publicApp.fetch(c.req.raw, c.env));

export const handler = streamHandle(app);
