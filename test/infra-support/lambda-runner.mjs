// Runs one Lambda bundle in this (fresh) Node process, as the Lambda runtime would: import the module
// once, then invoke its `handler` for each event the parent sends over IPC. Results go back over IPC,
// so the bundle's own stdout (its JSON log lines) stays separate.
const bundle = process.argv[2];
let requestCount = 0;
const mod = await import(bundle).catch((error) => {
  process.send({ type: 'init-error', error: String(error?.stack ?? error) });
  process.exit(1);
});
process.on('message', async ({ id, event }) => {
  requestCount += 1;
  const deadline = Date.now() + 30_000;
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws-cn:lambda:cn-north-1:123456789012:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '1024',
    awsRequestId: `test-${process.pid}-${requestCount}`,
    logGroupName: `/aws/lambda/${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    logStreamName: 'test',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const result = await mod.handler(event, context);
    process.send({ type: 'result', id, result });
  } catch (error) {
    process.send({ type: 'result', id, error: String(error?.stack ?? error) });
  }
});
process.send({ type: 'ready' });
