/**
 * JSON Schemas shared by the routes. They validate requests (ajv), shape responses
 * (fast-json-stringify: a property missing here is dropped from the answer) and generate the
 * OpenAPI document.
 */

export const freeObject = { type: 'object', additionalProperties: true } as const;
const nullableString = { type: 'string', nullable: true } as const;

/** `{ success: false, error, code, details }`. */
export const errorBody = {
  $id: 'ErrorBody',
  type: 'object',
  description: 'Every error answer',
  required: ['success', 'error', 'code'],
  properties: {
    success: { type: 'boolean', enum: [false] },
    error: { type: 'string', description: 'What went wrong, readable' },
    code: { type: 'string', description: 'Stable error code (docs/api.md)' },
    details: { ...freeObject, description: 'pointer / issues for invalid input; required / available for credits; …' },
  },
} as const;

/** Error answers of the given statuses, for a route's `response`. */
export function errors(...statuses: number[]): Record<string, unknown> {
  return Object.fromEntries(statuses.map((s) => [s, { $ref: 'ErrorBody#' }]));
}

/** Statuses any authenticated route can answer. */
export const AUTH_ERRORS = [401, 429] as const;

/** Highest `page`: beyond it the OFFSET no longer fits SQLite's integer (a 500 "datatype mismatch"). */
export const MAX_PAGE = 1_000_000;

export const pageQuery = {
  page: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 },
  limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
} as const;

export const pagination = {
  type: 'object',
  properties: { page: { type: 'integer' }, limit: { type: 'integer' }, total: { type: 'integer' } },
} as const;

export const taskStatus = { type: 'string', enum: ['created', 'rendering', 'completed', 'failed'] } as const;

/** A task as every task route returns it. */
export const taskProperties = {
  taskId: { type: 'string' },
  title: nullableString,
  category: { type: 'string' },
  status: taskStatus,
  progress: { type: 'number', description: '0..1 while rendering, 1 when completed' },
  queuePosition: { type: 'integer', description: 'while rendering: 0 running, n ≥ 1 waiting' },
  renderTaskId: { type: 'string', description: 'The current (or last) render' },
  previewUrl: { type: 'string', description: 'Signed player page (short-lived)' },
  viewerUrl: { type: 'string', description: 'Signed viewer page (short-lived)' },
  configUrl: { type: 'string', description: 'Signed URL of the composition JSON (short-lived)' },
  videoUrl: { type: 'string', description: 'Signed MP4 URL (short-lived, Range supported) once completed' },
  quality: { type: 'string' },
  width: { type: 'integer' },
  height: { type: 'integer' },
  duration: { type: 'number', description: 'seconds' },
  costCredits: { type: 'integer' },
  videoSize: { type: 'integer', description: 'bytes' },
  error: { type: 'string' },
  errorCode: { type: 'string' },
  metadata: freeObject,
  createdAt: { type: 'string' },
  updatedAt: { type: 'string' },
  completedAt: { type: 'string' },
} as const;

export const fileProperties = {
  id: { type: 'string' },
  name: { type: 'string' },
  url: { type: 'string', description: 'Stable URL: GET it with the API key, or name it in a composition' },
  downloadUrl: { type: 'string', description: 'Signed URL, no key needed (short-lived)' },
  type: { type: 'string', enum: ['image', 'video', 'audio'] },
  mimeType: { type: 'string' },
  size: { type: 'integer' },
  createdAt: { type: 'string' },
} as const;

/** Body of the render endpoints. */
export const renderBodyProperties = {
  webhook_url: { type: 'string', maxLength: 2048, description: 'http(s) URL that receives the completion webhook' },
  num_workers: { type: 'integer', minimum: 1, maximum: 64, description: 'Segment workers (capped by RENDER_MAX_WORKERS)' },
} as const;

export const renderResultProperties = {
  success: { type: 'boolean' },
  taskId: { type: 'string' },
  renderTaskId: { type: 'string' },
  status: taskStatus,
  alreadyRendered: { type: 'boolean' },
  videoUrl: { type: 'string' },
  quality: { type: 'string' },
  width: { type: 'integer' },
  height: { type: 'integer' },
  duration: { type: 'number' },
  cost: { type: 'integer' },
  remainingCredits: { type: 'integer' },
  previewUrl: { type: 'string' },
  viewerUrl: { type: 'string' },
  configUrl: { type: 'string' },
  message: { type: 'string' },
} as const;

export const compositionBody = {
  type: 'object',
  description: 'A RenderingVideo v2 composition ({ meta, tracks, assets? }); validated by the engine',
  additionalProperties: true,
} as const;

/** OpenAPI security of the /api/v1 routes: any one of the three forms. */
export const apiKeySecurity: Array<Record<string, string[]>> = [{ bearer: [] }, { apiKeyHeader: [] }, { apiKeyQuery: [] }];
