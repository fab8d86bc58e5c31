/**
 * Lambda entry point for the authenticated API (HTTP API, payload 2.0): drafts, review, publication,
 * entity registration, audit reads. Every route reaching it has passed the JWT authorizer; the app reads
 * the verified claims from the request context (GONGSHI_AUTH=apigateway).
 */
import { handle } from 'hono/aws-lambda';
import { watchPublications } from '../shared/app/publications.js';
import { createWriteRuntime } from '../shared/app/write-runtime.js';
import { withRequestLog, type HttpApiHandler } from '../shared/app/lambda-log.js';
import { sequencerNudge } from '../shared/app/publications.js';
import { loadConfig } from '../shared/app/config.js';
import { withDerivedKeys } from '../shared/app/derived-keys.js';
import { runtimeOptionsFromConfig } from '../shared/app/configured.js';

// The cursor key and the workbench session secret are derived from KMS once, at cold start, before any request.
const config = await withDerivedKeys(loadConfig());
// Routes load by path on first use (../shared/app/lazy-write-app.ts), so a cold start evaluates no route module.
const { app, registry, officers } = createWriteRuntime(config.store, runtimeOptionsFromConfig(config));
const serve = withRequestLog(handle(app));
const takePublished = watchPublications(registry);
const nudgeSequencer = sequencerNudge(config.ledger.sequencerFunction);

export const handler: HttpApiHandler = async (event, context) => {
  takePublished();
  const response = await serve(event, context);
  // The certificate index is derived after an officers list commits; finish it before Lambda freezes.
  await officers.settled();
  // A version was published: start the sequencer now rather than at its next scheduled run.
  if (takePublished() && nudgeSequencer) await nudgeSequencer();
  return response;
};
