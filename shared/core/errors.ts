/**
 * Errors the domain raises for client mistakes and conflicts. Adapters map them
 * to transport (HTTP status, CLI exit code); the `code` is stable English, the
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

const statusByCode: Record<ErrorCode, number> = {
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
  INTERNAL: 500,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = statusByCode[code];
  }
}

export const notFound = (message: string, details?: unknown) => new AppError('NOT_FOUND', message, details);
export const badRequest = (message: string, details?: unknown) => new AppError('BAD_REQUEST', message, details);
export const conflict = (message: string, details?: unknown) => new AppError('CONFLICT', message, details);
