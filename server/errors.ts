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

/**
 * Error codes of the Framelane API (`/v1`, digest §7.2). Every `/v1` error is
 * `{ error: { code, message, details? } }`; the table (HTTP status, meaning) lives in
 * docs/framelane-api.md; keep the two in step.
 */
export type FramelaneErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid_request'
  | 'unsupported_feature'
  | 'invalid_source'
  | 'source_not_found'
  | 'source_too_large'
  | 'codec_unsupported'
  | 'unsupported_content_type'
  | 'quota_exceeded'
  | 'rate_limited'
  | 'internal';

/** The usual HTTP status of each Framelane code (a few answers use another, e.g. 413 for a body too large). */
export const FRAMELANE_ERROR_STATUS: Readonly<Record<FramelaneErrorCode, number>> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_request: 422,
  unsupported_feature: 422,
  invalid_source: 422,
  source_not_found: 422,
  source_too_large: 422,
  codec_unsupported: 422,
  unsupported_content_type: 422,
  // §9.8: 402, as the REST API's INSUFFICIENT_CREDITS and Framelane's llms.txt (docs/framelane-api.md).
  quota_exceeded: 402,
  rate_limited: 429,
  internal: 500,
};

/** An error answered as `{ error: { code, message, details } }` (the `/v1` routes). */
export class FramelaneApiError extends Error {
  override name = 'FramelaneApiError';
  readonly code: FramelaneErrorCode;
  readonly statusCode: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: FramelaneErrorCode, message: string, details?: Record<string, unknown>, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.statusCode = options.status ?? FRAMELANE_ERROR_STATUS[code];
    this.details = details;
  }
}

/** The Framelane error of a REST API error (auth, rate limits, framework errors under `/v1`). */
const FRAMELANE_CODE_OF: Readonly<Record<ApiErrorCode, FramelaneErrorCode>> = {
  INVALID_REQUEST: 'invalid_request',
  INVALID_CONFIG: 'invalid_request',
  NO_FILES: 'invalid_request',
  UNSUPPORTED_FILE_TYPE: 'unsupported_content_type',
  MISSING_API_KEY: 'unauthorized',
  INVALID_API_KEY: 'unauthorized',
  INVALID_API_KEY_FORMAT: 'unauthorized',
  API_KEY_INACTIVE: 'unauthorized',
  INSUFFICIENT_CREDITS: 'quota_exceeded',
  INVALID_SIGNATURE: 'forbidden',
  URL_EXPIRED: 'forbidden',
  NOT_FOUND: 'not_found',
  ALREADY_RENDERING: 'conflict',
  FILE_TOO_LARGE: 'source_too_large',
  PAYLOAD_TOO_LARGE: 'invalid_request',
  STORAGE_LIMIT_EXCEEDED: 'quota_exceeded',
  UNSUPPORTED_MEDIA_TYPE: 'invalid_request',
  PRECONDITION_FAILED: 'invalid_request',
  RANGE_NOT_SATISFIABLE: 'invalid_request',
  RATE_LIMITED: 'rate_limited',
  UPLOAD_FAILED: 'internal',
  RENDER_TRIGGER_FAILED: 'internal',
  INTERNAL_ERROR: 'internal',
};

/**
 * `err` in the Framelane shape. Validation errors keep their 4xx meaning as 422 (or 413/415/416
 * where HTTP has a precise status); their `details.issues` become `details.errors` entries
 * `{ path, message, type }` (`pathOf` turns a JSON pointer into the digest's dotted path).
 */
export function toFramelaneError(err: ApiError, pathOf: (pointer: string) => string): FramelaneApiError {
  const code = FRAMELANE_CODE_OF[err.code];
  const keepStatus = [413, 415, 416].includes(err.statusCode) && code === 'invalid_request';
  const issues = Array.isArray(err.details.issues) ? err.details.issues as Array<{ pointer?: unknown; message?: unknown }> : undefined;
  let details: Record<string, unknown> | undefined;
  let message = err.message;
  if (issues) {
    const errors = issues.map((i) => ({
      path: pathOf(typeof i.pointer === 'string' ? i.pointer : ''),
      message: String(i.message ?? ''),
      type: i.message === 'is required' ? 'missing' : 'value_error',
    }));
    details = { errors, ...(typeof err.details.location === 'string' ? { location: err.details.location } : {}) };
    // Name the field the way the digest's paths do (`limit: must be integer`, not `query parameter /limit: …`).
    if (errors[0] && errors[0].path !== '') message = `${errors[0].path}: ${errors[0].message}`;
  } else if (code !== 'unauthorized' && code !== 'internal') {
    const { issues: _drop, ...rest } = err.details;
    details = Object.keys(rest).length > 0 ? rest : undefined;
  } else if (code === 'internal' && typeof err.details.requestId === 'string') {
    details = { request_id: err.details.requestId };
  }
  return new FramelaneApiError(code, message, details, keepStatus ? { status: err.statusCode } : {});
}

/** True when `err` looks like a {@link FramelaneApiError} (works across module copies). */
export function isFramelaneApiError(err: unknown): err is FramelaneApiError {
  return err instanceof FramelaneApiError
    || (typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'FramelaneApiError'
      && typeof (err as { code?: unknown }).code === 'string' && typeof (err as { statusCode?: unknown }).statusCode === 'number');
}
