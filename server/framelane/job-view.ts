/**
 * The job object of the Framelane API (digest §1.7) from a render record, its JSON Schema (the
 * response schema of every route that returns it, and the OpenAPI document), and the error
 * envelope's schema.
 */
import type { RenderDriver } from '../render/render-driver.js';
import type { Storage } from '../storage/storage.js';
import type { FlRenderRecord } from '../store/framelane-store.js';

/** The workspace of an owner: there are no workspaces here, so each API key is one (`ws_` + the key id's hex). */
export function workspaceIdOf(ownerId: string): string {
  return `ws_${ownerId.replace(/^key_/, '')}`;
}

/** Path of a render's artifact behind a signed URL (no key needed while it is valid). */
export function downloadPath(render: FlRenderRecord): string {
  return `/v1/downloads/${render.id}/${encodeURIComponent(render.outputFilename)}`;
}

export interface JobViewDeps {
  storage: Storage;
  driver: RenderDriver;
}

/** The job as `/v1` answers it; `output.url` is signed for `urlTtlSeconds`. */
export function jobView(deps: JobViewDeps, render: FlRenderRecord, urlTtlSeconds: number): Record<string, unknown> {
  const active = render.status === 'queued' || render.status === 'processing';
  const position = active ? deps.driver.position(render.id) : undefined;
  const terminal = !active;
  return {
    id: render.id,
    kind: 'render',
    workspace_id: workspaceIdOf(render.ownerId),
    status: render.status,
    created_at: render.createdAt,
    updated_at: render.updatedAt,
    task_type: null,
    progress_percent: Math.round(render.progressPercent * 10) / 10,
    progress_stage: render.status === 'processing' ? render.progressStage : null,
    ...(position !== undefined ? { queue_position: position } : {}),
    output_format: render.outputFormat,
    ...(render.status === 'completed' && render.outputPath ? {
      output: {
        url: deps.storage.signedUrl(downloadPath(render), urlTtlSeconds),
        width: render.outputWidth,
        height: render.outputHeight,
        duration: render.outputDuration,
        size_bytes: render.outputBytes,
      },
    } : {}),
    ...(render.status === 'failed' ? { error: { code: render.errorCode ?? 'internal', message: render.errorMessage ?? 'the render failed' } } : {}),
    metadata: render.metadata,
    completed_at: terminal ? render.completedAt : null,
  };
}

const nullableString = { type: 'string', nullable: true } as const;
const isoTime = { type: 'string', description: 'ISO 8601, UTC' } as const;

/** JSON Schema of the job object (§1.7). */
export const jobSchema = {
  type: 'object',
  description: 'A render job (digest §1.7)',
  properties: {
    id: { type: 'string', description: '`render_` + 26 characters' },
    kind: { type: 'string', enum: ['render', 'task'] },
    workspace_id: { type: 'string', description: '`ws_…`: one workspace per API key' },
    status: { type: 'string', enum: ['ingesting', 'queued', 'processing', 'completed', 'failed', 'cancelled'] },
    created_at: isoTime,
    updated_at: { ...isoTime, description: 'Last status change' },
    task_type: nullableString,
    progress_percent: { type: 'number', minimum: 0, maximum: 100 },
    progress_stage: { type: 'string', nullable: true, enum: ['downloading', 'compositing', 'encoding', 'uploading', null] },
    queue_position: { type: 'integer', description: 'While queued or processing: 0 processing, n ≥ 1 waiting (framesmith)' },
    output_format: { type: 'string', description: 'The artifact\'s format (framesmith)' },
    output: {
      type: 'object',
      description: 'Once completed: the produced file',
      properties: {
        url: { type: 'string', description: 'Signed URL (short-lived; GET /v1/renders/{id}/download for a fresh one)' },
        width: { type: 'integer' },
        height: { type: 'integer' },
        duration: { type: 'number', description: 'seconds (0 for png/jpg)' },
        size_bytes: { type: 'integer' },
      },
    },
    error: { type: 'object', description: 'Once failed', properties: { code: { type: 'string' }, message: { type: 'string' } } },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    completed_at: { ...nullableString, description: 'When a terminal state was reached' },
  },
} as const;

/** `{ error: { code, message, details } }` (digest §7.2). */
export const errorEnvelopeSchema = {
  type: 'object',
  description: 'Every /v1 error (docs/framelane-api.md)',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: {
          type: 'object',
          additionalProperties: true,
          properties: {
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  path: { type: 'string' }, pointer: { type: 'string' }, message: { type: 'string' },
                  type: { type: 'string', enum: ['value_error', 'unknown_field', 'missing', 'unsupported'] },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

/** Error answers of the given statuses, for a route's `response`. */
export function flErrors(...statuses: number[]): Record<string, unknown> {
  return Object.fromEntries(statuses.map((s) => [s, errorEnvelopeSchema]));
}

/** OpenAPI security of the authenticated /v1 routes. */
export const bearerSecurity: Array<Record<string, string[]>> = [{ bearer: [] }];
