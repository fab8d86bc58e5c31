// Runs one Lambda bundle in this (fresh) Node process, as the Lambda runtime would: import the module
// once, then invoke its `handler` for each event the parent sends over IPC. Results go back over IPC,
// so the bundle's own stdout (its JSON log lines) stays separate.
import { lambdaContext } from './lambda-context.mjs';

const bundle = process.argv[2];
let requestCount = 0;
const mod = await import(bundle).catch((error) => {
  process.send({ type: 'init-error', error: String(error?.stack ?? error) });
  process.exit(1);
});
process.on('message', async ({ id, event }) => {
  requestCount += 1;
  const context = lambdaContext({ requestCount, memoryMb: '1024', remainingMs: 30_000 });
  try {
    const result = await mod.handler(event, context);
    process.send({ type: 'result', id, result });
  } catch (error) {
    process.send({ type: 'result', id, error: String(error?.stack ?? error) });
  }
});
process.send({ type: 'ready' });
