/**
 * Coded errors of the REST API. Every error response has the body
 * `{ success: false, error, code, details }`; clients recognise errors by `code`.
 *
 * The table of codes (HTTP status, meaning, how to solve) lives in docs/api.md; keep the two in step.
 */

/** Stable API error codes (RenderingVideo's, plus the few marked as framesmith's own in docs/api.md). */
export type ApiErrorCode =
  | 'INVALID_REQUEST'
  | 'INVALID_CONFIG'
  | 'NO_FILES'
  | 'UNSUPPORTED_FILE_TYPE'
  | 'MISSING_API_KEY'
  | 'INVALID_API_KEY'
  | 'INVALID_API_KEY_FORMAT'
  | 'API_KEY_INACTIVE'
  | 'INSUFFICIENT_CREDITS'
  | 'INVALID_SIGNATURE'
  | 'URL_EXPIRED'
  | 'NOT_FOUND'
  | 'ALREADY_RENDERING'
  | 'FILE_TOO_LARGE'
  | 'PAYLOAD_TOO_LARGE'
  | 'STORAGE_LIMIT_EXCEEDED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PRECONDITION_FAILED'
  | 'RANGE_NOT_SATISFIABLE'
  | 'RATE_LIMITED'
  | 'UPLOAD_FAILED'
  | 'RENDER_TRIGGER_FAILED'
  | 'INTERNAL_ERROR';

/** The HTTP status of each code. */
export const API_ERROR_STATUS: Readonly<Record<ApiErrorCode, number>> = {
  INVALID_REQUEST: 400,
  INVALID_CONFIG: 400,
  NO_FILES: 400,
  UNSUPPORTED_FILE_TYPE: 400,
  MISSING_API_KEY: 401,
  INVALID_API_KEY: 401,
  INVALID_API_KEY_FORMAT: 401,
  API_KEY_INACTIVE: 401,
  INSUFFICIENT_CREDITS: 402,
  INVALID_SIGNATURE: 403,
  URL_EXPIRED: 403,
  NOT_FOUND: 404,
  ALREADY_RENDERING: 409,
  FILE_TOO_LARGE: 413,
  PAYLOAD_TOO_LARGE: 413,
  STORAGE_LIMIT_EXCEEDED: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PRECONDITION_FAILED: 412,
  RANGE_NOT_SATISFIABLE: 416,
  RATE_LIMITED: 429,
  UPLOAD_FAILED: 500,
  RENDER_TRIGGER_FAILED: 503,
  INTERNAL_ERROR: 500,
};

/** An error answered as `{ success: false, error, code, details }` with the code's status. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: ApiErrorCode;
  readonly statusCode: number;
  readonly details: Record<string, unknown>;

  constructor(code: ApiErrorCode, message: string, details: Record<string, unknown> = {}, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.statusCode = API_ERROR_STATUS[code];
    this.details = details;
  }
}

/** The error body sent to clients. */
export interface ErrorBody {
  success: false;
  error: string;
  code: ApiErrorCode;
  details: Record<string, unknown>;
}

/** 404 for anything missing or owned by another key: the two are indistinguishable on purpose. */
export function notFound(what: string, id: string): ApiError {
  return new ApiError('NOT_FOUND', `${what} ${id} not found`, { [`${what}Id`]: id });
}

/** True when `err` looks like an {@link ApiError} (works across module copies). */
export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError
    || (typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'ApiError'
      && typeof (err as { code?: unknown }).code === 'string' && typeof (err as { statusCode?: unknown }).statusCode === 'number');
}
