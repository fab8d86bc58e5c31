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
  /** Busy for now (too many uploads being parsed): try again after `details.retryAfterSeconds`. */
  | 'UNAVAILABLE'
  | 'INTERNAL';

/**
 * The stable `details.reason` of an error: a finer English word under the `code` that clients, the workbench and the
 * auditor's verifier branch on (e.g. a 404 NOT_FOUND with reason REPEALED is a list that existed and was repealed).
 * Listed once so that a raiser and a reader cannot spell one differently; the OpenAPI document publishes the list.
 */
export const ERROR_REASONS = [
  'ALREADY_ASSIGNED',
  'ALREADY_DRAWN',
  'ALREADY_REPEALED',
  'ALREADY_REPLACED',
  'ARCHIVE_TOO_LARGE',
  'BAD_CLAIMS',
  'BAD_COLUMN_MAP',
  'BAD_CURSOR',
  'BAD_IDEMPOTENCY_KEY',
  'BAD_JSON',
  'BAD_MULTIPART',
  'BAD_ORIGIN',
  'BAD_RANDOMNESS',
  'BAD_SIGNATURE',
  'BASE_VERSION_MOVED',
  'BEACON_INVALID',
  'BELOW_MINIMUM_RATIO',
  'BODY_TOO_LARGE',
  'BROKEN_LINK',
  'COMMITMENT_LOGGED_AFTER_ROUND',
  'COMMITMENT_NOT_LOGGED',
  'COUNT_ABOVE_ELIGIBLE',
  'CREDENTIAL_NOT_SIGNED',
  'CSRF_TOKEN',
  'DIRECTORY_CHANGED',
  'DOCUMENT_EXISTS',
  'DRAW_CHANGED',
  'DRAW_ID_TAKEN',
  'DUPLICATE_NUMBER',
  'EMPTY_LOG',
  'EMPTY_QUERY',
  'ENGINE_VALIDATION',
  'EXCLUDED_WITHIN_PERIOD',
  'EXEMPT',
  'EXPIRED',
  'FILE_REQUIRED',
  'FORM_INCOMPLETE',
  'GAP',
  'GROUNDS_REQUIRED',
  'HASH_MISMATCH',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENT_REQUEST_IN_PROGRESS',
  'INVALID',
  'INVALID_DECISIONS',
  'INVALID_FILE',
  'INVALID_ROWS',
  'INVALID_SCOPE',
  'INVALID_USER',
  'LOGIN_STATE',
  'MALFORMED',
  'MALFORMED_HEADER',
  'MISSING',
  'MONTH_NOT_ENDED',
  'NOT_ASSIGNED',
  'NOT_DRAWN',
  'NOT_PUBLISHED',
  'NOT_RECORDED',
  'NOT_REJECTED',
  'NOT_YET_IN_CHECKPOINT',
  'NOT_YET_IN_FORCE',
  'NOT_YET_LOGGED',
  'NO_ACCESS_TOKEN',
  'NO_CHANGES',
  'NO_DECISION',
  'NO_FILE',
  'NO_TOKEN',
  'NO_VERIFIED_CLAIMS',
  'ONE_REGION_PER_USER',
  'OWN_ASSIGNMENT',
  'OWN_DRAFT',
  'PARSE_QUEUE_FULL',
  'PAST_DATE_REASON_REQUIRED',
  'PAYLOAD_TOO_LARGE',
  'QR_UNAVAILABLE',
  'REASON_REQUIRED',
  'REGION_SCOPE',
  'REGION_SET_IN_POOL',
  'REMOVAL_NOT_CONFIRMED',
  'REPEALED',
  'REPEATED_FIELD',
  'REVIEW_IN_PROGRESS',
  'ROLE',
  'ROUND_ALREADY_PUBLISHED',
  'ROUND_MISMATCH',
  'ROUND_NOT_YET_AVAILABLE',
  'SAMPLING_UNREADABLE',
  'SIGNING_KEY_NOT_PUBLISHED',
  'SIGNING_UNAVAILABLE',
  'STALE_ETAG',
  'STATUS_LIST_NOT_PUBLISHED',
  'TOKEN_EXCHANGE_FAILED',
  'TOKEN_EXPIRED',
  'TOKEN_INVALID',
  'TOO_FEW_ELIGIBLE',
  'TOO_FEW_INSPECTORS',
  'TOO_FEW_INSPECTORS_PER_TARGET',
  'TOO_MANY_COLUMNS',
  'TOO_MANY_ROWS',
  'TOO_MANY_SHEETS',
  'TOO_MANY_UNITS',
  'UNIT_NOT_REGISTERED',
  'UNIT_REQUIRED',
  'UNIT_REVOKED',
  'UNIT_SCOPE',
  'UNKNOWN_CHAIN',
  'UNKNOWN_FILE_FIELD',
  'UNKNOWN_GROUNDS',
  'UNKNOWN_USER',
  'UNSUPPORTED_FORMAT',
  'USCC_MISMATCH',
  'WRONG_CLIENT',
  'WRONG_STATUS',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

/** What an error carries besides its code and message: its reason, and whatever names the failing input. */
export interface ErrorDetails {
  reason?: ErrorReason;
  [key: string]: unknown;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails | readonly unknown[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (message: string, details?: ErrorDetails) => new AppError('NOT_FOUND', message, details);
export const badRequest = (message: string, details?: ErrorDetails) => new AppError('BAD_REQUEST', message, details);
export const conflict = (message: string, details?: ErrorDetails) => new AppError('CONFLICT', message, details);

/** The reason an error carries, when it is one of ours with one. */
export function reasonOf(error: unknown): ErrorReason | undefined {
  if (!(error instanceof AppError) || !error.details || Array.isArray(error.details)) return undefined;
  return (error.details as ErrorDetails).reason;
}
