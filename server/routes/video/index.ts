/**
 * Video tasks: create (no render), list, get, delete, render, and the webhook delivery log.
 * Every task belongs to the key that created it; other keys get 404.
 */
import type { FastifyInstance } from 'fastify';
import { ownerOf } from '../../plugins/app/auth.js';
import { notFound } from '../../errors.js';
import {
  AUTH_ERRORS, apiKeySecurity, errors, freeObject, pageQuery, pagination, renderBodyProperties, renderResultProperties, taskProperties, taskStatus,
} from '../../schemas.js';
import { renderResult } from '../../tasks/task-service.js';
import type { TaskStatus } from '../../store/tasks-store.js';

interface CreateBody { config: Record<string, unknown>; metadata?: Record<string, unknown>; title?: string; category?: string }
interface ListQuery { page: number; limit: number; status?: TaskStatus; category?: string }
interface TaskParams { taskId: string }
interface RenderBody { webhook_url?: string; num_workers?: number }

const taskParams = { type: 'object', required: ['taskId'], properties: { taskId: { type: 'string', maxLength: 64 } } } as const;
const security = apiKeySecurity;

export default async function videoRoutes(app: FastifyInstance): Promise<void> {
  const taskOf = (ownerId: string, taskId: string) => {
    const task = app.store.tasks.get(ownerId, taskId);
    if (!task) throw notFound('task', taskId);
    return task;
  };

  app.post<{ Body: CreateBody }>('', {
    config: { invalidBodyCode: 'INVALID_CONFIG', invalidBodyPointer: '/config' },
    schema: {
      tags: ['video'], security, summary: 'Create a task (does not render)',
      body: {
        type: 'object', required: ['config'], additionalProperties: false,
        properties: {
          config: { ...freeObject, description: 'The composition (RenderingVideo v2 JSON)' },
          metadata: { ...freeObject, description: 'Kept with the task and returned as is' },
          title: { type: 'string', maxLength: 500 },
          category: { type: 'string', minLength: 1, maxLength: 64, description: 'Default "api"' },
        },
      },
      response: { 201: { type: 'object', properties: { success: { type: 'boolean' }, ...taskProperties } }, ...errors(400, 413, ...AUTH_ERRORS) },
    },
  }, async (request, reply) => {
    const task = app.tasks.create(ownerOf(request), request.body);
    return reply.code(201).send({ success: true, ...app.tasks.view(task) });
  });

  app.get<{ Querystring: ListQuery }>('', {
    schema: {
      tags: ['video'], security, summary: 'List tasks, newest first',
      querystring: {
        type: 'object',
        properties: { ...pageQuery, status: taskStatus, category: { type: 'string', description: 'Default "api"; "all" for every category' } },
      },
      response: {
        200: {
          type: 'object',
          properties: { success: { type: 'boolean' }, tasks: { type: 'array', items: { type: 'object', properties: taskProperties } }, pagination },
        },
        ...errors(400, ...AUTH_ERRORS),
      },
    },
  }, async (request) => {
    const { page, limit, status } = request.query;
    const { tasks, total } = app.store.tasks.list(ownerOf(request), { page, limit, status, category: request.query.category ?? 'api' });
    return { success: true, tasks: tasks.map((t) => app.tasks.view(t)), pagination: { page, limit, total } };
  });

  app.get<{ Params: TaskParams }>('/:taskId', {
    schema: {
      tags: ['video'], security, summary: 'Get a task (status, progress, signed videoUrl once completed)', params: taskParams,
      response: { 200: { type: 'object', properties: { success: { type: 'boolean' }, ...taskProperties } }, ...errors(404, ...AUTH_ERRORS) },
    },
  }, async (request) => ({ success: true, ...app.tasks.view(taskOf(ownerOf(request), request.params.taskId)) }));

  app.delete<{ Params: TaskParams }>('/:taskId', {
    schema: {
      tags: ['video'], security, summary: 'Delete a task and its files (a running render is cancelled and refunded)', params: taskParams,
      response: {
        200: {
          type: 'object',
          properties: {
            success: { type: 'boolean' }, taskId: { type: 'string' }, deleted: { type: 'boolean' },
            remoteDeleted: { type: 'boolean', description: 'true when rendered files were removed' }, message: { type: 'string' },
          },
        },
        ...errors(404, ...AUTH_ERRORS),
      },
    },
  }, async (request) => {
    const task = taskOf(ownerOf(request), request.params.taskId);
    const remoteDeleted = await app.tasks.delete(task);
    return { success: true, taskId: task.id, deleted: true, remoteDeleted, message: 'task deleted' };
  });

  app.post<{ Params: TaskParams; Body: RenderBody | undefined }>('/:taskId/render', {
    schema: {
      tags: ['video'], security, summary: 'Render a task to MP4 (charges credits; refunded on failure)', params: taskParams,
      body: { type: 'object', nullable: true, additionalProperties: false, properties: renderBodyProperties },
      response: {
        200: { type: 'object', description: 'Already rendered', properties: renderResultProperties },
        202: { type: 'object', description: 'Render queued', properties: renderResultProperties },
        ...errors(400, 402, 404, 409, ...AUTH_ERRORS),
      },
    },
  }, async (request, reply) => {
    const task = taskOf(ownerOf(request), request.params.taskId);
    const body = request.body ?? {};
    const outcome = await app.tasks.render(task, { webhookUrl: body.webhook_url, numWorkers: body.num_workers });
    return reply.code(outcome.started ? 202 : 200).send(renderResult(app.tasks, outcome));
  });

  app.get<{ Params: TaskParams }>('/:taskId/webhooks', {
    schema: {
      tags: ['video'], security, summary: 'Webhook deliveries of a task, with every attempt', params: taskParams,
      response: {
        200: {
          type: 'object',
          properties: {
            success: { type: 'boolean' },
            taskId: { type: 'string' },
            deliveries: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'string' }, renderTaskId: { type: 'string' }, url: { type: 'string' }, event: { type: 'string' },
                  status: { type: 'string', enum: ['pending', 'delivered', 'failed'] }, attempts: { type: 'integer' },
                  nextAttemptAt: { type: 'string', nullable: true }, lastStatusCode: { type: 'integer', nullable: true },
                  lastError: { type: 'string', nullable: true }, createdAt: { type: 'string' }, deliveredAt: { type: 'string', nullable: true },
                  payload: freeObject,
                  log: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        attempt: { type: 'integer' }, at: { type: 'string' }, statusCode: { type: 'integer', nullable: true },
                        error: { type: 'string', nullable: true }, durationMs: { type: 'integer' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        ...errors(404, ...AUTH_ERRORS),
      },
    },
  }, async (request) => {
    const task = taskOf(ownerOf(request), request.params.taskId);
    const deliveries = app.store.webhooks.forTaskWithAttempts(task.id).map((d) => ({
      id: d.id, renderTaskId: d.renderId, url: d.url, event: d.event, status: d.status, attempts: d.attempts,
      nextAttemptAt: d.nextAttemptAt === null ? null : new Date(d.nextAttemptAt).toISOString(),
      lastStatusCode: d.lastStatusCode, lastError: d.lastError, createdAt: d.createdAt, deliveredAt: d.deliveredAt,
      payload: JSON.parse(d.body) as Record<string, unknown>,
      log: d.log,
    }));
    return { success: true, taskId: task.id, deliveries };
  });
}
