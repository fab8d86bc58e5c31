import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { AppError, type ErrorCode } from '../../core/errors.js';
import { sourceMappedStack } from '../lambda/source-mapped-stack.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; requestId?: string };
}

export function errorBody(code: string, message: string, details?: unknown, requestId?: string): ErrorBody {
  return {
    error: { code, message, ...(details === undefined ? {} : { details }), ...(requestId ? { requestId } : {}) },
  };
}

/** zod issues as details a client can act on: where, what, why. */
export function zodDetails(error: ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message }));
}

/** Every error leaves as JSON `{ error: { code, message, details } }`; only real faults are 500. */
/** The HTTP status of each domain error code: the one place codes meet transport. */
const statusByCode: Record<ErrorCode, ContentfulStatusCode> = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  UNKNOWN_KIND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE: 422,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export const statusOf = (error: AppError): ContentfulStatusCode => statusByCode[error.code];

/** Seconds a busy answer (503) asks the client to wait, sent as Retry-After. */
export function retryAfterOf(error: AppError): number | undefined {
  const seconds = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return error.code === 'UNAVAILABLE' && typeof seconds === 'number' ? seconds : undefined;
}

/**
 * The engine refusing a request's shape (an over-long key, a start key of another index, …): every path
 * validates first, so what slips through is still the caller's input reaching the engine, a client mistake.
 */
export const isEngineValidation = (err: unknown): boolean => (err as Error | undefined)?.name === 'ValidationException';

/** Where unexpected faults are reported: one structured line each (the app injects its logger). */
export type FaultLog = (message: string, fields: Record<string, unknown>) => void;

const jsonLine: FaultLog = (message, fields) => console.error(JSON.stringify({ level: 'ERROR', message, ...fields }));

/** The app's error handler: client mistakes become 4xx JSON; anything else is logged and answered 500. */
export function errorHandler(logFault: FaultLog = jsonLine) {
  return (err: Error, c: Context): Response => handleError(err, c, logFault);
}

function handleError(err: Error, c: Context, logFault: FaultLog): Response {
  const requestId = c.get('requestId') as string | undefined;
  if (err instanceof AppError) {
    const retryAfter = retryAfterOf(err);
    if (retryAfter !== undefined) c.header('Retry-After', String(retryAfter));
    return c.json(errorBody(err.code, err.message, err.details, requestId), statusOf(err));
  }
  if (err instanceof ZodError) {
    return c.json(errorBody('VALIDATION_FAILED', '请求参数不符合要求', zodDetails(err), requestId), 400);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code =
      status === 413
        ? 'PAYLOAD_TOO_LARGE'
        : status === 401
          ? 'UNAUTHENTICATED'
          : status === 403
            ? 'FORBIDDEN'
            : 'BAD_REQUEST';
    const message =
      status === 413
        ? '请求体过大'
        : status === 401
          ? '未登录或令牌无效'
          : status === 403
            ? '无权执行此操作'
            : '请求无效';
    return c.json(errorBody(code, message, err.message || undefined, requestId), status as ContentfulStatusCode);
  }
  if (isEngineValidation(err)) {
    console.warn(JSON.stringify({ level: 'WARN', message: 'engine refused input', requestId, error: err.message }));
    return c.json(errorBody('BAD_REQUEST', '请求参数无效', { reason: 'ENGINE_VALIDATION' }, requestId), 400);
  }
  if (err instanceof SyntaxError) {
    return c.json(errorBody('BAD_REQUEST', '请求体不是有效的 JSON', undefined, requestId), 400);
  }
  logFault('unhandled error', { requestId, error: String(err), stack: sourceMappedStack(err.stack) });
  return c.json(errorBody('INTERNAL', '服务器内部错误，请稍后重试', undefined, requestId), 500);
}
