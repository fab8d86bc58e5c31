// Runs in a fresh Node process, as a Lambda cold start would: import a bundle,
// optionally answer one API Gateway HTTP API (payload 2.0) event, print timings as JSON.
// Plain JavaScript so nothing but Node itself loads before the bundle.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';

const [bundle, eventFile] = process.argv.slice(2);
// The Lambda runtime's streaming global, which response-streaming bundles (the export function) call at import.
globalThis.awslambda ??= { streamifyResponse: (handler) => handler, HttpResponseStream: { from: (stream) => stream } };
const t0 = performance.now();
const mod = await import(pathToFileURL(bundle).href);
const t1 = performance.now();
let status;
if (eventFile) {
  const event = JSON.parse(readFileSync(eventFile, 'utf8'));
  const context = {
    awsRequestId: 'bench',
    functionName: 'bench',
    getRemainingTimeInMillis: () => 30_000,
    callbackWaitsForEmptyEventLoop: true,
  };
  const res = await mod.handler(event, context);
  status = res?.statusCode;
}
const t2 = performance.now();
process.stdout.write(
  JSON.stringify({ bootMs: t0, importMs: t1 - t0, firstMs: t2 - t1, totalMs: t2 - t0, status }) + '\n',
);
// Lambda freezes the sandbox after the response; here the process ends so open sockets do not hold it.
process.exit(0);
