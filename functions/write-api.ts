/**
 * Lambda entry point for the authenticated API (HTTP API, payload 2.0): drafts, review, publication,
 * entity registration, audit reads. Every route reaching it has passed the JWT authorizer; the app reads
 * the verified claims from the request context (GONGSHI_AUTH=apigateway).
 */
import { handle } from 'hono/aws-lambda';
import { withRequestLog, type HttpApiHandler } from '../shared/aws/log.js';
import { sequencerNudgeFromEnv } from '../shared/aws/sequencer-nudge.js';
import { assembleWriteApp } from '../shared/aws/write-app.js';
import { createRuntime } from '../shared/runtime.js';

const write = assembleWriteApp(createRuntime(undefined, { routes: 'write' }));
const serve = withRequestLog(handle(write.app));
const nudgeSequencer = sequencerNudgeFromEnv();

export const handler: HttpApiHandler = async (event, context) => {
  write.takePublished();
  const response = await serve(event, context);
  // A version was published: start the sequencer now rather than at its next scheduled run.
  if (write.takePublished() && nudgeSequencer) await nudgeSequencer();
  return response;
};
