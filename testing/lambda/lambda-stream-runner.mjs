// Runs one response-streaming Lambda bundle in this (fresh) Node process. The Lambda runtime provides the
// `awslambda` global that `streamifyResponse` handlers need; it is stubbed here before the bundle loads:
// streamifyResponse returns the handler itself, HttpResponseStream.from records the status and headers the
// runtime would send as the response's prelude. The body is collected from a Writable and sent back over IPC.
import { lambdaContext } from './lambda-context.mjs';
import { Writable } from 'node:stream';

let meta;
globalThis.awslambda = {
  streamifyResponse: (fn) => fn,
  HttpResponseStream: {
    from: (stream, metadata) => {
      meta = metadata;
      return stream;
    },
  },
};

const bundle = process.argv[2];
let requestCount = 0;
const mod = await import(bundle).catch((error) => {
  process.send({ type: 'init-error', error: String(error?.stack ?? error) });
  process.exit(1);
});
process.on('message', async ({ id, event }) => {
  requestCount += 1;
  meta = undefined;
  const chunks = [];
  let writes = 0;
  const responseStream = new Writable({
    write(chunk, _encoding, done) {
      writes += 1;
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  const finished = new Promise((resolve) => responseStream.on('finish', resolve));
  const context = lambdaContext({ requestCount, memoryMb: '1769', remainingMs: 300_000 });
  try {
    await mod.handler(event, responseStream, context);
    await finished;
    process.send({ type: 'result', id, result: { meta, writes, body: Buffer.concat(chunks).toString('base64') } });
  } catch (error) {
    process.send({ type: 'result', id, error: String(error?.stack ?? error) });
  }
});
process.send({ type: 'ready' });
