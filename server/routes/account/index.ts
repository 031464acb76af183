/** Credits (balance and ledger), capabilities, and the key's webhook signing secret. */
import type { FastifyInstance } from 'fastify';
import { capabilities } from '../../capabilities.js';
import { ownerOf } from '../../plugins/app/auth.js';
import { AUTH_ERRORS, apiKeySecurity, errors, freeObject, pageQuery, pagination } from '../../schemas.js';

export default async function accountRoutes(app: FastifyInstance): Promise<void> {
  app.get('/credits', {
    schema: {
      tags: ['account'], security: apiKeySecurity, summary: 'Credit balance',
      response: {
        200: { type: 'object', properties: { success: { type: 'boolean' }, credits: { type: 'integer' }, currency: { type: 'string' } } },
        ...errors(...AUTH_ERRORS),
      },
    },
  }, async (request) => ({ success: true, credits: app.store.keys.balance(ownerOf(request)), currency: 'credits' }));

  app.get<{ Querystring: { page: number; limit: number } }>('/credits/ledger', {
    schema: {
      tags: ['account'], security: apiKeySecurity, summary: 'Credit ledger: grants, render charges and refunds, newest first',
      querystring: { type: 'object', properties: pageQuery },
      response: {
        200: {
          type: 'object',
          properties: {
            success: { type: 'boolean' },
            credits: { type: 'integer' },
            entries: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'integer' }, delta: { type: 'integer' }, reason: { type: 'string', enum: ['grant', 'render', 'refund'] },
                  taskId: { type: 'string', nullable: true }, renderTaskId: { type: 'string', nullable: true }, createdAt: { type: 'string' },
                },
              },
            },
            pagination,
          },
        },
        ...errors(400, ...AUTH_ERRORS),
      },
    },
  }, async (request) => {
    const owner = ownerOf(request);
    const { page, limit } = request.query;
    const { entries, total } = app.store.keys.ledger(owner, limit, (page - 1) * limit);
    return { success: true, credits: app.store.keys.balance(owner), entries, pagination: { page, limit, total } };
  });

  app.get('/capabilities', {
    schema: {
      tags: ['account'], security: apiKeySecurity, summary: 'What this server renders (clip types found in the engine at run time)',
      response: {
        200: {
          type: 'object',
          properties: {
            success: { type: 'boolean' }, apiVersion: { type: 'string' },
            schema: {
              type: 'object',
              properties: {
                version: { type: 'string' },
                clipTypes: { type: 'array', items: { type: 'string' } },
                animationTypes: { type: 'array', items: { type: 'string' } },
                easingFunctions: { type: 'array', items: { type: 'string' } },
                transitionTypes: { type: 'array', items: { type: 'string' } },
                keyframeProperties: { type: 'array', items: { type: 'string' } },
              },
            },
            render: freeObject, features: freeObject, docs: freeObject,
          },
        },
        ...errors(...AUTH_ERRORS),
      },
    },
  }, async () => ({
    success: true,
    ...capabilities({ openapi: app.storage.url('/docs/json'), docs: app.storage.url('/docs'), api: app.storage.url('/api/v1') }),
  }));

  app.get('/webhooks/secret', {
    schema: {
      tags: ['account'], security: apiKeySecurity,
      summary: 'The secret that signs this key\'s webhooks (X-Framesmith-Signature: sha256=HMAC-SHA256(secret, raw body))',
      response: {
        200: { type: 'object', properties: { success: { type: 'boolean' }, secret: { type: 'string' }, header: { type: 'string' }, algorithm: { type: 'string' } } },
        ...errors(...AUTH_ERRORS),
      },
    },
  }, async (request) => ({
    success: true, secret: request.apiKey!.webhookSecret, header: 'X-Framesmith-Signature', algorithm: 'sha256=<hex HMAC-SHA256 of the raw body>',
  }));
}
