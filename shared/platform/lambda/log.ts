/**
 * Structured JSON logs for every Lambda function (Powertools Logger; service name from
 * POWERTOOLS_SERVICE_NAME, level from the function's log-level setting), and the wrapper that gives
 * the HTTP functions one line per request.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyResult, LambdaContext, LambdaEvent } from 'hono/aws-lambda';
import { sourceMappedStack } from './source-mapped-stack.js';

export const logger = new Logger();

/** The part of an API Gateway HTTP API (payload 2.0) event the request log reads. */
export interface HttpApiEvent {
  routeKey?: string;
  rawPath?: string;
  requestContext?: {
    requestId?: string;
    http?: { method?: string; sourceIp?: string };
    authorizer?: { jwt?: { claims?: Record<string, unknown> } };
  };
}

/** A Lambda handler for HTTP API events, as hono/aws-lambda's `handle(app)` returns. */
export type HttpApiHandler = (event: LambdaEvent, context?: LambdaContext) => Promise<APIGatewayProxyResult>;

export const asHttpApiEvent = (event: LambdaEvent) => event as HttpApiEvent;

/**
 * Adds the Lambda context (request id, cold start, function) to every log line of the invocation, and
 * logs one line per request: route, method, path, status, duration and the caller's subject (never the
 * token). Faults the app did not catch are logged with their stack and rethrown for Lambda to count.
 */
export function withRequestLog(handler: HttpApiHandler): HttpApiHandler {
  return async (lambdaEvent, context) => {
    const event = asHttpApiEvent(lambdaEvent);
    if (context) logger.addContext(context as unknown as Parameters<Logger['addContext']>[0]);
    const started = performance.now();
    const request = {
      route: event.routeKey,
      method: event.requestContext?.http?.method,
      path: event.rawPath,
      apiRequestId: event.requestContext?.requestId,
      sub: event.requestContext?.authorizer?.jwt?.claims?.sub,
    };
    try {
      const response = await handler(lambdaEvent, context);
      const level = response.statusCode >= 500 ? 'error' : 'info';
      logger[level]('request', {
        ...request,
        status: response.statusCode,
        ms: Math.round(performance.now() - started),
      });
      return response;
    } catch (error) {
      if (error instanceof Error) error.stack = sourceMappedStack(error.stack);
      logger.error('unhandled fault', {
        ...request,
        ms: Math.round(performance.now() - started),
        error: error as Error,
      });
      throw error;
    }
  };
}
