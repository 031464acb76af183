/**
 * What the `/v1/renders` routes do: submit (idempotency, webhook target, credits, queue), cancel,
 * and the job as the API shows it.
 *
 * Idempotency (digest §1.1, §9.17): the `Idempotency-Key` header is scoped to the API key (the
 * workspace here); the body is compared in canonical form (parsed JSON, object keys sorted, so
 * whitespace and key order do not matter); the window is 24 hours from the key's first use. Only
 * accepted submissions hold a key: a 422 leaves it free for the corrected body.
 */
import { encoderSupport, encodersOf } from './capabilities-encoders.js';
import { createHash } from 'node:crypto';
import type { ServerConfig } from '../config.js';
import { FramelaneApiError } from '../errors.js';
import type { RenderDriver } from '../render/render-driver.js';
import type { Storage } from '../storage/storage.js';
import type { FlRenderRecord, FramelaneStore, IdempotencyClaim } from '../store/framelane-store.js';
import { webhookUrlProblem } from '../webhooks/webhook-sender.js';
import type { FramelaneEvents } from './events.js';
import { jobView } from './job-view.js';
import type { PreparedRender } from './prepare.js';

/** How long an idempotency key holds its job (§1.1). */
export const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;
/** Longest accepted `Idempotency-Key`. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** JSON text of `value` with every object's keys sorted (the body compared for idempotency). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface SubmitInput {
  ownerId: string;
  body: unknown;
  bodyBytes?: number;
  /** The `Idempotency-Key` header, when sent. */
  idempotencyKey?: string;
}

export interface RenderServiceDeps {
  config: ServerConfig;
  store: FramelaneStore;
  storage: Storage;
  driver: RenderDriver;
  events: FramelaneEvents;
  prepare: (ownerId: string, body: unknown, bodyBytes?: number) => PreparedRender;
}

export interface RenderService {
  /** 202 with a new job, or 200 with the job an idempotency key already holds. */
  submit(input: SubmitInput): Promise<{ status: 200 | 202; render: FlRenderRecord }>;
  /** Cancels a queued or processing render (see docs/framelane-api.md for every case). */
  cancel(ownerId: string, id: string): Promise<FlRenderRecord>;
  /** A render of `ownerId`, or 404 `not_found`. */
  get(ownerId: string, id: string): FlRenderRecord;
  view(render: FlRenderRecord, urlTtlSeconds?: number): Record<string, unknown>;
}

function claimOf(key: string | undefined, body: unknown): IdempotencyClaim | undefined {
  if (key === undefined) return undefined;
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw new FramelaneApiError('invalid_request', `Idempotency-Key must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters`, {
      errors: [{ path: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters', type: 'value_error' }],
    });
  }
  return { key, bodyHash: createHash('sha256').update(canonicalJson(body)).digest('hex'), windowMs: IDEMPOTENCY_WINDOW_MS };
}

function conflict(renderId: string): FramelaneApiError {
  return new FramelaneApiError('conflict', 'this Idempotency-Key was used in the last 24 hours with another body', { render_id: renderId });
}

export function createRenderService(deps: RenderServiceDeps): RenderService {
  const { config, store, storage, driver, events } = deps;
  const view: RenderService['view'] = (render, ttl = config.signedUrlTtlSeconds) => jobView({ storage, driver }, render, ttl);
  const get: RenderService['get'] = (ownerId, id) => {
    const render = store.get(ownerId, id);
    if (!render) throw new FramelaneApiError('not_found', `render ${id} not found`);
    return render;
  };

  return {
    view,
    get,
    async submit(input) {
      const claim = claimOf(input.idempotencyKey, input.body);
      // A replay answers the job as it is now, even if the body would no longer validate (an upload deleted since).
      const held = claim ? store.claimed(input.ownerId, claim) : undefined;
      if (held?.outcome === 'replayed') return { status: 200, render: held.render };
      if (held?.outcome === 'conflict') throw conflict(held.renderId);
      const prepared = deps.prepare(input.ownerId, input.body, input.bodyBytes);
      const { job } = prepared;
      if (job.webhookUrl !== undefined) {
        const problem = await webhookUrlProblem(job.webhookUrl, config.webhookAllowPrivate);
        if (problem) {
          throw new FramelaneApiError('invalid_request', problem, { errors: [{ path: 'webhook_url', message: problem, type: 'value_error' }] });
        }
      }
      // Refused now, not failed later: a format this server's ffmpeg cannot encode (capabilities say the same).
      const encoding = (await encoderSupport()).problem(encodersOf(job.spec));
      if (encoding) {
        const alpha = 'transparent' in job.spec && job.spec.transparent;
        const what = `output_format "${job.output.format}"${alpha ? ' with alpha' : ''}`;
        throw new FramelaneApiError('codec_unsupported', `${what} cannot be rendered here: ${encoding}`, {
          errors: [{ path: alpha ? 'alpha' : 'output_format', message: encoding, type: 'value_error' }],
        });
      }
      const result = store.create({
        ownerId: input.ownerId,
        body: JSON.stringify(input.body),
        outputFormat: job.output.format,
        outputName: job.outputFilename?.replace(/\.[a-z0-9]+$/, ''),
        metadata: job.metadata,
        webhookUrl: job.webhookUrl ?? null,
        cost: prepared.cost,
        warnings: job.warnings.map((w) => (w.path ? `${w.path}: ${w.message}` : w.message)),
      }, claim);
      switch (result.outcome) {
        case 'replayed':
          return { status: 200, render: result.render };
        case 'conflict':
          throw conflict(result.renderId);
        case 'insufficient-credits':
          throw new FramelaneApiError('quota_exceeded', `this render costs ${prepared.cost} credits; ${result.available} available`, {
            required: prepared.cost, available: result.available,
          });
        default:
          break;
      }
      try {
        driver.enqueue({ renderId: result.render.id, taskId: result.render.id, kind: 'framelane' });
      } catch (cause) {
        store.finish(result.render.id, 'failed', { code: 'internal', message: 'the render queue refused the job' });
        throw new FramelaneApiError('internal', 'the render could not be queued; the credits were refunded', undefined, { cause });
      }
      return { status: 202, render: result.render };
    },
    async cancel(ownerId, id) {
      const render = get(ownerId, id);
      if (render.status === 'cancelled') return render;
      if (render.status === 'completed' || render.status === 'failed') {
        throw new FramelaneApiError('conflict', `render ${id} is already ${render.status}; only queued or processing renders can be cancelled`, { status: render.status });
      }
      // Drops it from the queue, or aborts it and waits until the engine has stopped.
      await driver.cancel(id, 'cancelled');
      const ended = store.finish(id, 'cancelled');
      if (ended) {
        events.send(ended, 'render.cancelled');
        return ended;
      }
      const now = get(ownerId, id);
      if (now.status !== 'cancelled') {
        throw new FramelaneApiError('conflict', `render ${id} ended as ${now.status} before it could be cancelled`, { status: now.status });
      }
      return now;
    },
  };
}
