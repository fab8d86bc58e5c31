// The Lambda context object both test runners hand to a bundle's handler, as the runtime would.
export function lambdaContext({ requestCount, memoryMb, remainingMs }) {
  const name = process.env.AWS_LAMBDA_FUNCTION_NAME;
  const deadline = Date.now() + remainingMs;
  return {
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws-cn:lambda:cn-north-1:123456789012:function:${name}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? memoryMb,
    awsRequestId: `test-${process.pid}-${requestCount}`,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'test',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}
