/**
 * Errors the domain raises for client mistakes and conflicts. Adapters map them
 * to transport (the HTTP status in shared/platform/http/errors.ts, CLI exit codes); the `code` is stable English, the
 * `message` is Chinese for the people who read it.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'UNKNOWN_KIND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNPROCESSABLE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'INTERNAL';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (message: string, details?: unknown) => new AppError('NOT_FOUND', message, details);
export const badRequest = (message: string, details?: unknown) => new AppError('BAD_REQUEST', message, details);
export const conflict = (message: string, details?: unknown) => new AppError('CONFLICT', message, details);
