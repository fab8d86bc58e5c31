import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { AppError } from '../../core/errors.js';
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
export function handleError(err: Error, c: Context): Response {
  const requestId = c.get('requestId' as never) as string | undefined;
  if (err instanceof AppError) {
    return c.json(errorBody(err.code, err.message, err.details, requestId), err.status as ContentfulStatusCode);
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
  if (err instanceof SyntaxError) {
    return c.json(errorBody('BAD_REQUEST', '请求体不是有效的 JSON', undefined, requestId), 400);
  }
  console.error(
    JSON.stringify({
      level: 'ERROR',
      message: 'unhandled error',
      requestId,
      error: String(err),
      stack: sourceMappedStack(err.stack),
    }),
  );
  return c.json(errorBody('INTERNAL', '服务器内部错误，请稍后重试', undefined, requestId), 500);
}
