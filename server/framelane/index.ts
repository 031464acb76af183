/**
 * The Framelane render API (`/v1`, digest /work/shared/spec/framelane-v1.md §1, §6–§8) on the
 * REST API's storage, queue, keys and webhook sender: renders, uploads and imports, capabilities,
 * signed downloads. Registered by server/app.ts with the prefix `/v1`.
 *
 * Everything under `/v1` answers errors in Framelane's envelope `{ error: { code, message,
 * details } }`: this plugin's own error and not-found handlers also catch the shared hooks' errors
 * (API key, rate limit), Fastify's schema validation and bad JSON. Decisions: docs/framelane-api.md.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pointerToPath } from '../../schema/framelane/issues.js';
import { unknownFieldMessage } from '../../schema/framelane/suggest.js';
import { FramelaneApiError, isFramelaneApiError, toFramelaneError } from '../errors.js';
import { requireApiKey } from '../plugins/app/auth.js';
import { copyRangeNotSatisfiable, toApiError } from '../plugins/app/error-handler.js';
import { sendStored } from '../storage/send-stored.js';
import { framelaneCapabilities } from './capabilities.js';
import { createFramelaneEvents } from './events.js';
import { createImportRunner } from './imports.js';
import { jobView } from './job-view.js';
import mediaRoutes, { checkSignedUrl, declaredUploadType } from './media-routes.js';
import { createSourceUrls, prepareFramelaneRender } from './prepare.js';
import { createFramelaneProcessor } from './render-processor.js';
import renderRoutes from './render-routes.js';
import { createRenderService, IDEMPOTENCY_WINDOW_MS } from './render-service.js';

/** How often expired idempotency keys and unused upload slots are deleted. */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

function sendFramelaneError(reply: FastifyReply, err: FramelaneApiError): FastifyReply {
  return reply.code(err.statusCode).type('application/json; charset=utf-8')
    .send({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
}

interface SchemaNode { properties?: Record<string, SchemaNode> }

/**
 * A route-schema failure for a property the schema does not list (`additionalProperties: false`;
 * Ajv keeps them, `removeAdditional: false` in server/app.ts) as the dialect's unknown-field 422
 * (§9.1): `invalid_request` naming the field, `type: unknown_field`, the closest known name when
 * there is one. Undefined for any other error.
 */
function unknownFieldError(err: unknown, request: FastifyRequest): FramelaneApiError | undefined {
  const e = err as { validation?: unknown; validationContext?: string };
  const first = Array.isArray(e.validation) ? e.validation[0] as { keyword?: string; instancePath?: string; params?: Record<string, unknown> } : undefined;
  const name = first?.params?.additionalProperty;
  if (first?.keyword !== 'additionalProperties' || typeof name !== 'string') return undefined;
  const at = (first.instancePath ?? '').split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const context = e.validationContext ?? 'body';
  let node = (request.routeOptions.schema as Record<string, SchemaNode | undefined> | undefined)?.[context];
  for (const segment of at) node = node?.properties?.[segment];
  const path = pointerToPath(`${first.instancePath ?? ''}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  const message = unknownFieldMessage(name, Object.keys(node?.properties ?? {}), undefined);
  return new FramelaneApiError('invalid_request', `${path}: ${message}`, { errors: [{ path, message, type: 'unknown_field' }], location: context });
}

export default async function framelaneApi(v1: FastifyInstance): Promise<void> {
  const { config, store, storage, renderDriver: driver } = v1;
  const log = v1.log.child({ component: 'framelane' });

  /**
   * A body whose Content-Type no parser takes: 415 with this API's advice (the REST handler's
   * names /api/v1/upload); for an upload PUT, the type declared for it.
   */
  const unsupportedMediaType = (err: unknown, request: FastifyRequest): FramelaneApiError | undefined => {
    if ((err as FastifyError | null)?.code !== 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return undefined;
    const sent = (request.headers['content-type'] ?? '').split(';')[0]!.trim() || 'none';
    const declared = declaredUploadType(v1, request);
    if (declared) {
      return new FramelaneApiError('invalid_request', `send the file with Content-Type: ${declared} (the type declared for this upload), not ${sent}`, { declared }, { status: 415 });
    }
    return new FramelaneApiError('invalid_request', `unsupported Content-Type ${sent}: send the body as application/json`, undefined, { status: 415 });
  };

  v1.setErrorHandler((err, request, reply) => {
    let known = isFramelaneApiError(err) ? err : unknownFieldError(err, request) ?? unsupportedMediaType(err, request);
    if (!known) {
      const api = toApiError(err, request);
      if (api) known = toFramelaneError(api, pointerToPath);
    }
    if (!known) {
      request.log.error({ err }, 'unexpected error');
      return sendFramelaneError(reply, new FramelaneApiError('internal', 'internal error; the server log has the details', { request_id: request.id }));
    }
    copyRangeNotSatisfiable(err, known.statusCode, reply);
    if (known.statusCode >= 500) request.log.error({ err }, known.message);
    else request.log.info({ code: known.code }, known.message);
    return sendFramelaneError(reply, known);
  });
  v1.setNotFoundHandler((request, reply) => {
    sendFramelaneError(reply, new FramelaneApiError('not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });

  const sources = createSourceUrls(store.files, storage, v1.uploadUrls);
  const prepare = (ownerId: string, body: unknown, bodyBytes?: number) => prepareFramelaneRender({ config, storage, sources }, ownerId, body, bodyBytes);
  const events = createFramelaneEvents({ webhooks: v1.webhooks, view: (r) => jobView({ storage, driver }, r, config.webhookVideoUrlTtlSeconds) });
  const renders = createRenderService({ config, store: store.framelane, storage, driver, events, prepare });
  const processor = createFramelaneProcessor({ store: store.framelane, storage, events, prepare, log });
  const imports = createImportRunner({ config, store, storage, log });
  v1.renderProcessor.route('framelane', processor.process);

  let timer: NodeJS.Timeout | undefined;
  const sweep = () => {
    store.framelane.sweepIdempotencyKeys(IDEMPOTENCY_WINDOW_MS);
    store.framelaneMedia.sweepSlots();
  };
  v1.addHook('onReady', async () => {
    processor.recover(config.renderMaxAttempts, (job) => driver.enqueue(job));
    imports.resume();
    sweep();
    timer = setInterval(sweep, SWEEP_INTERVAL_MS);
    timer.unref();
  });
  v1.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await imports.close();
  });

  await v1.register(async (authed) => {
    authed.addHook('onRequest', requireApiKey);
    await authed.register(renderRoutes, { renders });
  });
  await v1.register(mediaRoutes, { sources, imports });

  v1.get('/capabilities', {
    schema: {
      tags: ['framelane'], summary: 'What this renderer supports: every element type, effect, motion, transition and format, with limits (no key)',
      response: { 200: { type: 'object', additionalProperties: true } },
    },
  }, async () => framelaneCapabilities(config));

  v1.get<{ Params: { id: string; name: string }; Querystring: { expires?: string; sig?: string } }>('/downloads/:id/:name', {
    schema: {
      tags: ['framelane'], summary: 'A render\'s artifact (signed URL from GET /v1/renders/{id}/download; Range supported)',
      querystring: { type: 'object', properties: { expires: { type: 'string' }, sig: { type: 'string' } } },
    },
  }, async (request, reply) => {
    const left = checkSignedUrl(v1, request);
    const render = store.framelane.byId(request.params.id);
    if (!render || render.status !== 'completed' || !render.outputPath) throw new FramelaneApiError('not_found', 'no such artifact');
    return sendStored(reply, render.outputPath, { filename: render.outputFilename, maxAgeSeconds: left });
  });
}
