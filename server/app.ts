/**
 * The REST API as a Fastify application, without listening (server/server.ts listens).
 * Order: configuration and error handling, ecosystem plugins (OpenAPI, rate limits, multipart,
 * static files), our plugins (store, webhook sender, render driver, auth), then the routes.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { parseJsonDocument } from '../schema/validate.js';
import type { ServerConfig } from './config.js';
import { ApiError } from './errors.js';
import framelaneApi from './framelane/index.js';
import authPlugin, { requireApiKey } from './plugins/app/auth.js';
import configPlugin from './plugins/app/config.js';
import errorHandlerPlugin, { sendError } from './plugins/app/error-handler.js';
import renderDriverPlugin from './plugins/app/render-driver.js';
import storePlugin from './plugins/app/store.js';
import webhookSenderPlugin from './plugins/app/webhook-sender.js';
import multipartPlugin from './plugins/external/multipart.js';
import rateLimitPlugin from './plugins/external/rate-limit.js';
import staticPlugin from './plugins/external/static.js';
import swaggerPlugin from './plugins/external/swagger.js';
import accountRoutes from './routes/account/index.js';
import filesRoutes from './routes/files/index.js';
import previewRoutes from './routes/previews/index.js';
import publicRoutes from './routes/public/index.js';
import videoRoutes from './routes/video/index.js';
import { errorBody } from './schemas.js';
import './types.js';

/** JSON bodies: empty is allowed (clients send `Content-Type: application/json` on DELETE), `__proto__` keys are dropped. */
function parseJsonBody(_request: unknown, body: string | Buffer, done: (err: Error | null, value?: unknown) => void): void {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.trim() === '') {
    done(null, undefined);
    return;
  }
  try {
    done(null, JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value)));
  } catch {
    const parsed = parseJsonDocument(text);
    const issues = parsed.ok ? [] : parsed.errors;
    done(new ApiError('INVALID_REQUEST', `the request body is not valid JSON: ${issues[0]?.message ?? 'cannot parse'}`, { location: 'body', issues }));
  }
}

/** `url` with the value of an `api_key` query parameter replaced. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]api_key=)[^&#]*/gi, '$1[redacted]');
}

/** Registers every plugin and route on `app` (the application as a plugin). */
export async function app(instance: FastifyInstance, opts: { config: ServerConfig }): Promise<void> {
  // JSON and multipart only: a text/plain body is 415, not a string that fails the schema.
  instance.removeContentTypeParser(['application/json', 'text/plain']);
  instance.addContentTypeParser('application/json', { parseAs: 'string' }, parseJsonBody);
  instance.addSchema(errorBody);

  await instance.register(configPlugin, { config: opts.config });
  await instance.register(errorHandlerPlugin);
  await instance.register(swaggerPlugin);
  await instance.register(rateLimitPlugin);
  await instance.register(multipartPlugin);
  await instance.register(staticPlugin);
  await instance.register(storePlugin);
  await instance.register(webhookSenderPlugin);
  await instance.register(renderDriverPlugin);
  await instance.register(authPlugin);

  await instance.register(async (api) => {
    api.addHook('onRequest', requireApiKey);
    await api.register(videoRoutes, { prefix: '/video' });
    await api.register(previewRoutes, { prefix: '/preview' });
    await api.register(filesRoutes);
    await api.register(accountRoutes);
  }, { prefix: '/api/v1' });
  // The Framelane API: its own auth hooks and error envelope (server/framelane/).
  await instance.register(framelaneApi, { prefix: '/v1' });
  await instance.register(publicRoutes);
}

/** A ready-to-use application for `config` (call `listen` or `inject` on it; `close` stops renders and webhooks). */
export async function buildApp(config: ServerConfig): Promise<FastifyInstance> {
  const instance = Fastify({
    logger: config.logLevel === false ? false : {
      level: config.logLevel,
      // A key sent as ?api_key= must not end up in the log.
      serializers: {
        req: (req: { method: string; url: string; ip?: string; id?: string }) => ({
          method: req.method, url: redactUrl(req.url), remoteAddress: req.ip, reqId: req.id,
        }),
      },
    },
    bodyLimit: config.bodyLimitBytes,
    // `/api/v1/video` and `/api/v1/video/` are the same route (the OpenAPI document shows the first).
    routerOptions: { ignoreTrailingSlash: true },
    // A request (an upload included) must arrive within 10 minutes: a stalled client cannot hold a socket for ever.
    requestTimeout: 600_000,
    // removeAdditional: false: a property a schema does not allow (`additionalProperties: false`,
    // the /v1 upload and import bodies) is a validation error, never silently dropped.
    ajv: { customOptions: { allErrors: false, removeAdditional: false } },
    // Errors raised before routing (a badly encoded URL) get the same error body.
    frameworkErrors: (err, _request, reply) => {
      void sendError(reply, new ApiError('INVALID_REQUEST', err.message, { fastifyCode: err.code }));
    },
  });
  // fastify-plugin: the decorators (store, tasks, …) stay visible on the returned instance.
  await instance.register(fp(app, { name: 'framesmith-api' }), { config });
  return instance;
}
