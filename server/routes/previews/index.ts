/**
 * Previews under /api/v1/preview: a composition kept for 7 days (no credits), read back,
 * deleted, converted into a task, or converted and rendered. The body of `POST /preview` is the
 * composition itself (no `{ config }` wrapper).
 */
import type { FastifyInstance } from 'fastify';
import { ApiError, notFound } from '../../errors.js';
import { ownerOf } from '../../plugins/app/auth.js';
import {
  AUTH_ERRORS, apiKeySecurity, compositionBody, errors, freeObject, renderBodyProperties, renderResultProperties,
} from '../../schemas.js';
import type { PreviewRecord } from '../../store/files-store.js';
import { renderResult } from '../../tasks/task-service.js';
import type { TaskRecord } from '../../store/tasks-store.js';

interface Params { tempId: string }
interface ConvertBody { category?: string; metadata?: Record<string, unknown> }
interface RenderBody extends ConvertBody { webhook_url?: string; num_workers?: number }

export const previewResultProperties = {
  success: { type: 'boolean' },
  tempId: { type: 'string' },
  url: { type: 'string', description: 'Player page' },
  previewUrl: { type: 'string', description: 'Same as url' },
  playerUrl: { type: 'string', description: 'Same as url' },
  viewerUrl: { type: 'string', description: 'Preview page variant' },
  expiresIn: { type: 'string' },
  expiresAt: { type: 'string' },
} as const;

/** The answer of a preview creation (absolute URLs; the ids are unguessable UUIDs). */
export function previewResult(app: FastifyInstance, p: PreviewRecord): Record<string, unknown> {
  const url = app.storage.url(`/t/${p.id}`);
  const seconds = Math.round((p.expiresAt - Date.parse(p.createdAt)) / 1000);
  const days = Math.round(seconds / 86400);
  return {
    success: true, tempId: p.id, url, previewUrl: url, playerUrl: url, viewerUrl: app.storage.url(`/preview/${p.id}`),
    expiresIn: `${seconds} seconds${days >= 1 ? ` (${days} day${days === 1 ? '' : 's'})` : ''}`,
    expiresAt: new Date(p.expiresAt).toISOString(),
  };
}

const params = { type: 'object', required: ['tempId'], properties: { tempId: { type: 'string', maxLength: 64 } } } as const;
const convertProperties = {
  category: { type: 'string', minLength: 1, maxLength: 64 },
  metadata: freeObject,
} as const;
const convertResult = {
  type: 'object',
  properties: {
    success: { type: 'boolean' }, tempId: { type: 'string' }, converted: { type: 'boolean' }, taskId: { type: 'string' },
    previewUrl: { type: 'string' }, viewerUrl: { type: 'string' }, configUrl: { type: 'string' }, message: { type: 'string' },
  },
} as const;

export default async function previewRoutes(app: FastifyInstance): Promise<void> {
  const previewOf = (ownerId: string, id: string): PreviewRecord => {
    const p = app.store.files.preview(ownerId, id);
    if (!p) throw notFound('preview', id);
    return p;
  };

  /** The task made from a preview: the one made before if it still exists, else a new one. */
  const convert = (ownerId: string, p: PreviewRecord, body: ConvertBody): { task: TaskRecord; created: boolean } => {
    const existing = p.taskId ? app.store.tasks.get(ownerId, p.taskId) : undefined;
    if (existing) return { task: existing, created: false };
    const task = app.tasks.create(ownerId, {
      config: JSON.parse(p.config), category: body.category, metadata: body.metadata, previewId: p.id,
    });
    app.store.files.setPreviewTask(p.id, task.id);
    return { task, created: true };
  };

  app.post<{ Body: Record<string, unknown> }>('', {
    config: { invalidBodyCode: 'INVALID_CONFIG', invalidBodyPointer: '' },
    schema: {
      tags: ['preview'], security: apiKeySecurity, summary: 'Create a preview from a composition (the body is the composition itself)',
      body: compositionBody,
      response: { 201: { type: 'object', properties: previewResultProperties }, ...errors(400, 413, ...AUTH_ERRORS) },
    },
  }, async (request, reply) => {
    const owner = ownerOf(request);
    if ('config' in request.body && !('meta' in request.body)) {
      throw new ApiError('INVALID_CONFIG', 'the preview body is the composition itself, not { config: … }', { pointer: '/config' });
    }
    app.tasks.prepare(owner, request.body);
    const p = app.store.files.createPreview(owner, JSON.stringify(request.body), app.config.previewTtlSeconds);
    return reply.code(201).send(previewResult(app, p));
  });

  app.get<{ Params: Params }>('/:tempId', {
    schema: {
      tags: ['preview'], security: apiKeySecurity, summary: 'A preview\'s composition', params,
      response: {
        200: { type: 'object', properties: { success: { type: 'boolean' }, tempId: { type: 'string' }, config: freeObject, expiresAt: { type: 'string' } } },
        ...errors(404, ...AUTH_ERRORS),
      },
    },
  }, async (request) => {
    const p = previewOf(ownerOf(request), request.params.tempId);
    return { success: true, tempId: p.id, config: JSON.parse(p.config) as unknown, expiresAt: new Date(p.expiresAt).toISOString() };
  });

  app.delete<{ Params: Params }>('/:tempId', {
    schema: {
      tags: ['preview'], security: apiKeySecurity, summary: 'Delete a preview', params,
      response: {
        200: { type: 'object', properties: { success: { type: 'boolean' }, tempId: { type: 'string' }, deleted: { type: 'boolean' }, message: { type: 'string' } } },
        ...errors(404, ...AUTH_ERRORS),
      },
    },
  }, async (request) => {
    const p = previewOf(ownerOf(request), request.params.tempId);
    app.store.files.deletePreview(p.id);
    return { success: true, tempId: p.id, deleted: true, message: 'preview deleted' };
  });

  app.post<{ Params: Params; Body: ConvertBody | undefined }>('/:tempId/convert', {
    schema: {
      tags: ['preview'], security: apiKeySecurity, summary: 'Turn a preview into a task (no render); converting again returns the same task', params,
      body: { type: 'object', nullable: true, additionalProperties: false, properties: convertProperties },
      response: { 200: convertResult, 201: convertResult, ...errors(400, 404, ...AUTH_ERRORS) },
    },
  }, async (request, reply) => {
    const owner = ownerOf(request);
    const { task, created } = convert(owner, previewOf(owner, request.params.tempId), request.body ?? {});
    const urls = app.tasks.urls(task);
    return reply.code(created ? 201 : 200).send({
      success: true, tempId: request.params.tempId, converted: true, taskId: task.id,
      previewUrl: urls.previewUrl, viewerUrl: urls.viewerUrl, configUrl: urls.configUrl,
      message: created ? 'preview converted to a task' : 'preview was already converted; this is its task',
    });
  });

  app.post<{ Params: Params; Body: RenderBody | undefined }>('/:tempId/render', {
    schema: {
      tags: ['preview'], security: apiKeySecurity, summary: 'Convert a preview (if needed) and render it', params,
      body: { type: 'object', nullable: true, additionalProperties: false, properties: { ...convertProperties, ...renderBodyProperties } },
      response: {
        200: { type: 'object', properties: { ...renderResultProperties, tempId: { type: 'string' }, converted: { type: 'boolean' }, convertMessage: { type: 'string' } } },
        202: { type: 'object', properties: { ...renderResultProperties, tempId: { type: 'string' }, converted: { type: 'boolean' }, convertMessage: { type: 'string' } } },
        ...errors(400, 402, 404, 409, ...AUTH_ERRORS),
      },
    },
  }, async (request, reply) => {
    const owner = ownerOf(request);
    const body = request.body ?? {};
    const { task, created } = convert(owner, previewOf(owner, request.params.tempId), body);
    const outcome = await app.tasks.render(task, { webhookUrl: body.webhook_url, numWorkers: body.num_workers });
    return reply.code(outcome.started ? 202 : 200).send({
      ...renderResult(app.tasks, outcome), tempId: request.params.tempId, converted: true,
      convertMessage: created ? 'preview converted to a task' : 'preview was already converted; its task was used',
    });
  });
}
