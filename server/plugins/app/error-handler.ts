/**
 * The one error handler: every error becomes `{ success: false, error, code, details }`.
 * Route-schema (ajv) failures are 400 INVALID_REQUEST, or INVALID_CONFIG where the route says
 * the body is a composition, with the JSON pointer of the bad value; engine validation errors
 * are 400 INVALID_CONFIG with `details.issues`; anything unexpected is logged with the request
 * and answered 500 INTERNAL_ERROR without its message.
 */
import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasErrorCode, type FramesmithError } from '../../../engine/errors.js';
import { ApiError, isApiError, type ApiErrorCode, type ErrorBody } from '../../errors.js';
import { invalidConfig } from '../../render/composition.js';

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function pointerOf(e: AjvError): string {
  const missing = e.keyword === 'required' && typeof e.params.missingProperty === 'string' ? `/${e.params.missingProperty}` : '';
  const extra = e.keyword === 'additionalProperties' && typeof e.params.additionalProperty === 'string' ? `/${e.params.additionalProperty}` : '';
  return `${e.instancePath}${missing}${extra}`;
}

function messageOf(e: AjvError): string {
  if (e.keyword === 'required') return 'is required';
  if (e.keyword === 'enum' && Array.isArray(e.params.allowedValues)) return `must be one of ${(e.params.allowedValues as unknown[]).join(', ')}`;
  return e.message ?? e.keyword;
}

/** A route-schema failure as an ApiError. */
function validationError(err: FastifyError, request: FastifyRequest): ApiError {
  const location = err.validationContext ?? 'body';
  const issues = (err.validation as AjvError[] | undefined ?? []).map((e) => ({ pointer: pointerOf(e), message: messageOf(e) }));
  const first = issues[0] ?? { pointer: '', message: err.message };
  const cfg = request.routeOptions.config;
  const under = cfg.invalidBodyPointer ?? '';
  const code: ApiErrorCode = location === 'body' && cfg.invalidBodyCode === 'INVALID_CONFIG'
    && (first.pointer === under || first.pointer.startsWith(`${under}/`)) ? 'INVALID_CONFIG' : 'INVALID_REQUEST';
  const where = location === 'querystring' ? 'query parameter' : location === 'params' ? 'path parameter' : location;
  const name = first.pointer === '' ? where : `${where} ${first.pointer}`;
  return new ApiError(code, `${name}: ${first.message}`, { location, pointer: first.pointer, issues });
}

/** Fastify's and plugins' own coded errors, and anything carrying a 4xx status. */
function frameworkError(err: FastifyError): ApiError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('PAYLOAD_TOO_LARGE', 'the request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('UNSUPPORTED_MEDIA_TYPE', `unsupported Content-Type: send application/json (or multipart/form-data to /api/v1/upload)`);
    case 'FST_REQ_FILE_TOO_LARGE':
      return new ApiError('FILE_TOO_LARGE', 'a file is larger than the upload limit');
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new ApiError('INVALID_REQUEST', err.message);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new ApiError('NO_FILES', 'send the files as multipart/form-data in the field "file" or "files"');
    default:
      break;
  }
  const status = err.statusCode ?? 500;
  if (status === 429) return new ApiError('RATE_LIMITED', err.message || 'too many requests');
  if (status === 404) return new ApiError('NOT_FOUND', err.message);
  if (status === 413) return new ApiError('PAYLOAD_TOO_LARGE', err.message);
  if (status === 415) return new ApiError('UNSUPPORTED_MEDIA_TYPE', err.message);
  if (status === 412) return new ApiError('PRECONDITION_FAILED', 'the file changed since the validator you sent (If-Match / If-Unmodified-Since)');
  if (status === 416) return new ApiError('RANGE_NOT_SATISFIABLE', 'the requested byte range is outside the file');
  if (status >= 400 && status < 500) return new ApiError('INVALID_REQUEST', err.message);
  return undefined;
}

/** Converts any error into the ApiError to answer with (undefined: an internal error). */
export function toApiError(err: unknown, request: FastifyRequest): ApiError | undefined {
  if (isApiError(err)) return err;
  const fe = err as FastifyError;
  if (fe && Array.isArray(fe.validation)) return validationError(fe, request);
  if (hasErrorCode(err, 'ERR_TIMELINE_INVALID') || hasErrorCode(err, 'ERR_JSON_PARSE')) {
    const e = err as FramesmithError;
    return invalidConfig(e.issues, e.message);
  }
  if (fe && typeof fe.code === 'string' && fe.code.startsWith('FST_')) return frameworkError(fe);
  if (fe && typeof fe.statusCode === 'number' && fe.statusCode < 500) return frameworkError(fe);
  return undefined;
}

export function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  const body: ErrorBody = { success: false, error: error.message, code: error.code, details: error.details };
  return reply.code(error.statusCode).type('application/json; charset=utf-8').send(body);
}

// A 416 answer keeps the `Content-Range: bytes */<size>` of send's error, which tells the client
// the size (RFC 9110 §15.5.17). Used by both APIs' error handlers (REST and /v1).
export function copyRangeNotSatisfiable(err: unknown, statusCode: number, reply: FastifyReply): void {
  const headers = (err as { headers?: Record<string, unknown> } | null)?.headers;
  if (statusCode === 416 && typeof headers?.['Content-Range'] === 'string') reply.header('content-range', headers['Content-Range']);
}

async function errorHandlerPlugin(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((err, request, reply) => {
    const known = toApiError(err, request);
    if (known) {
      copyRangeNotSatisfiable(err, known.statusCode, reply);
      if (known.statusCode >= 500) request.log.error({ err }, known.message);
      else request.log.info({ code: known.code }, known.message);
      return sendError(reply, known);
    }
    request.log.error({ err }, 'unexpected error');
    return sendError(reply, new ApiError('INTERNAL_ERROR', 'internal error; the server log has the details', { requestId: request.id }));
  });
  app.setNotFoundHandler((request, reply) => {
    sendError(reply, new ApiError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}

export default fp(errorHandlerPlugin, { name: 'error-handler' });
