/**
 * Lambda entry point for the authenticated API (HTTP API, payload 2.0): drafts, review, publication,
 * entity registration, audit reads. Every route reaching it has passed the JWT authorizer; the app reads
 * the verified claims from the request context (GONGSHI_AUTH=apigateway).
 */
import { handle } from 'hono/aws-lambda';
import { asHttpApiEvent, withRequestLog, type HttpApiHandler } from '../shared/aws/log.js';
import { sequencerNudgeFromEnv } from '../shared/aws/sequencer-nudge.js';
import { createRuntime } from '../shared/runtime.js';

const { app } = createRuntime(undefined, { routes: 'write' });
const serve = withRequestLog(handle(app));
const nudgeSequencer = sequencerNudgeFromEnv();

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A successful change may have published a version: start the sequencer now rather than at its next run. */
const mayHavePublished = (method: string | undefined, status: number) => status >= 200 && status < 300 && !READ_METHODS.has(method ?? 'GET');

export const handler: HttpApiHandler = async (event, context) => {
  const response = await serve(event, context);
  if (nudgeSequencer && mayHavePublished(asHttpApiEvent(event).requestContext?.http?.method, response.statusCode)) await nudgeSequencer();
  return response;
};
