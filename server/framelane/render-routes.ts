/**
 * `/v1/renders`: submit (202, or 200 for an idempotent replay), list with cursors, get, cancel,
 * the download redirect and the render's webhook deliveries. Every render belongs to the API key
 * that submitted it; another key gets 404 `not_found`.
 */
import type { FastifyInstance } from 'fastify';
import { FramelaneApiError } from '../errors.js';
import { ownerOf } from '../plugins/app/auth.js';
import type { FlRenderStatus } from '../store/framelane-store.js';
import type { AttemptRecord, DeliveryRecord } from '../store/webhooks-store.js';
import { bearerSecurity, downloadPath, flErrors, jobSchema } from './job-view.js';
import type { RenderService } from './render-service.js';

interface ListQuery { limit: number; cursor?: string; status?: FlRenderStatus | 'ingesting' }
interface IdParams { id: string }

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;
const AUTH = [401, 429] as const;
const STATUSES = ['ingesting', 'queued', 'processing', 'completed', 'failed', 'cancelled'] as const;

const nullableString = { type: 'string', nullable: true } as const;
const deliverySchema = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'The delivery (whd_…), as sent in X-Framesmith-Delivery' },
    event_id: { type: 'string', description: 'The event\'s id (evt_…), the same in every attempt' },
    type: { type: 'string' },
    url: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'delivered', 'failed', 'skipped'] },
    attempts: { type: 'integer' },
    last_status_code: { type: 'integer', nullable: true },
    last_error: nullableString,
    next_attempt_at: nullableString,
    created_at: { type: 'string' },
    delivered_at: nullableString,
    log: {
      type: 'array',
      items: {
        type: 'object',
        properties: { attempt: { type: 'integer' }, at: { type: 'string' }, status_code: { type: 'integer', nullable: true }, error: nullableString, duration_ms: { type: 'integer' } },
      },
    },
  },
} as const;

/** An opaque cursor: the position after which the next page starts. */
export function encodeCursor(seq: number): string {
  return Buffer.from(JSON.stringify({ v: 1, s: seq })).toString('base64url');
}

/** The position a cursor names; 422 naming `cursor` for anything not made by {@link encodeCursor}. */
export function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v?: unknown; s?: unknown };
    if (parsed.v === 1 && typeof parsed.s === 'number' && Number.isSafeInteger(parsed.s) && parsed.s > 0) return parsed.s;
  } catch {
    // falls through to the 422
  }
  throw new FramelaneApiError('invalid_request', 'cursor: not a cursor of this API (use next_cursor of the previous page)', {
    errors: [{ path: 'cursor', message: 'not a cursor of this API', type: 'value_error' }],
  });
}

export default async function renderRoutes(app: FastifyInstance, opts: { renders: RenderService }): Promise<void> {
  const { renders } = opts;

  app.post<{ Body: unknown; Headers: { 'idempotency-key'?: string } }>('/renders', {
    schema: {
      tags: ['framelane'], security: bearerSecurity,
      summary: 'Submit a render (Framelane body); 202 new job, 200 replay of an Idempotency-Key',
      description: 'The body is a Framelane v1 render composition (schema/framelane-v1.schema.json, docs/framelane.md). '
        + 'Send `Idempotency-Key` to make retries safe: the same key and body within 24 h answer 200 with the same job.',
      headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', description: 'Optional, 1–255 visible ASCII characters' } } },
      body: { type: 'object', additionalProperties: true, description: 'Framelane v1 render body (validated by the dialect: unknown fields are 422)' },
      response: { 200: jobSchema, 202: jobSchema, ...flErrors(402, 409, 413, 422, ...AUTH) },
    },
  }, async (request, reply) => {
    const length = Number(request.headers['content-length']);
    const { status, render } = await renders.submit({
      ownerId: ownerOf(request),
      body: request.body,
      bodyBytes: Number.isFinite(length) ? length : undefined,
      idempotencyKey: request.headers['idempotency-key'],
    });
    return reply.code(status).send(renders.view(render));
  });

  app.get<{ Querystring: ListQuery }>('/renders', {
    schema: {
      tags: ['framelane'], security: bearerSecurity, summary: 'List renders, newest first (cursor-paginated)',
      querystring: {
        type: 'object',
        properties: {
          limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          cursor: { type: 'string', maxLength: 200, description: 'next_cursor of the previous page' },
          status: { type: 'string', enum: [...STATUSES] },
        },
      },
      response: {
        200: {
          type: 'object',
          properties: { data: { type: 'array', items: jobSchema }, next_cursor: { type: 'string', nullable: true }, has_more: { type: 'boolean' } },
        },
        ...flErrors(422, ...AUTH),
      },
    },
  }, async (request) => {
    const { limit, cursor, status } = request.query;
    const beforeSeq = cursor === undefined || cursor === '' ? undefined : decodeCursor(cursor);
    // `ingesting` is a valid filter that matches nothing: external media is fetched by the renderer itself.
    const page = app.store.framelane.list(ownerOf(request), { limit, beforeSeq, status: status as FlRenderStatus | undefined });
    const last = page.renders[page.renders.length - 1];
    return {
      data: page.renders.map((r) => renders.view(r)),
      next_cursor: page.hasMore && last ? encodeCursor(last.seq) : null,
      has_more: page.hasMore,
    };
  });

  app.get<{ Params: IdParams }>('/renders/:id', {
    schema: {
      tags: ['framelane'], security: bearerSecurity, summary: 'Get a render: status, progress, output (signed URL) or error',
      params: idParams, response: { 200: jobSchema, ...flErrors(404, ...AUTH) },
    },
  }, async (request) => renders.view(renders.get(ownerOf(request), request.params.id)));

  app.delete<{ Params: IdParams }>('/renders/:id', {
    schema: {
      tags: ['framelane'], security: bearerSecurity,
      summary: 'Cancel a queued or processing render (200 with the job; 409 once completed or failed)',
      params: idParams, response: { 200: jobSchema, ...flErrors(404, 409, ...AUTH) },
    },
  }, async (request) => renders.view(await renders.cancel(ownerOf(request), request.params.id)));

  app.get<{ Params: IdParams }>('/renders/:id/webhooks', {
    schema: {
      tags: ['framelane'], security: bearerSecurity, summary: 'The render\'s webhook deliveries, oldest first, with every attempt',
      params: idParams,
      response: { 200: { type: 'object', properties: { data: { type: 'array', items: deliverySchema } } }, ...flErrors(404, ...AUTH) },
    },
  }, async (request) => {
    const render = renders.get(ownerOf(request), request.params.id);
    const view = (d: DeliveryRecord & { log: AttemptRecord[] }) => ({
      id: d.id, event_id: (JSON.parse(d.body) as { id?: unknown }).id, type: d.event, url: d.url, status: d.status, attempts: d.attempts,
      last_status_code: d.lastStatusCode, last_error: d.lastError,
      next_attempt_at: d.nextAttemptAt === null ? null : new Date(d.nextAttemptAt).toISOString(),
      created_at: d.createdAt, delivered_at: d.deliveredAt,
      log: d.log.map((a) => ({ attempt: a.attempt, at: a.at, status_code: a.statusCode, error: a.error, duration_ms: a.durationMs })),
    });
    // Framelane deliveries carry the render's id as their task id.
    return { data: app.store.webhooks.forTaskWithAttempts(render.id).filter((d) => d.ownerId === render.ownerId && d.scheme === 'framelane').map(view) };
  });

  app.get<{ Params: IdParams }>('/renders/:id/download', {
    schema: {
      tags: ['framelane'], security: bearerSecurity,
      summary: 'Redirect (302) to a fresh signed URL of the artifact (valid SIGNED_URL_TTL_SECONDS); 409 until completed',
      params: idParams, response: flErrors(404, 409, ...AUTH),
    },
  }, async (request, reply) => {
    const render = renders.get(ownerOf(request), request.params.id);
    if (render.status !== 'completed' || !render.outputPath) {
      throw new FramelaneApiError('conflict', `render ${render.id} is ${render.status}: there is nothing to download until it is completed`, { status: render.status });
    }
    reply.header('cache-control', 'no-store');
    return reply.redirect(app.storage.signedUrl(downloadPath(render), app.config.signedUrlTtlSeconds), 302);
  });
}
