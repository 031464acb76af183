/**
 * Rate limits (@fastify/rate-limit): `RATE_LIMIT_MAX` requests per `RATE_LIMIT_WINDOW_MS`, counted
 * per API key (per client address without one), in memory. Every response carries
 * `x-ratelimit-limit`, `x-ratelimit-remaining` and `x-ratelimit-reset`; a 429 adds `retry-after`
 * and the body `{ success: false, code: "RATE_LIMITED" }`.
 */
import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../errors.js';
import { rateLimitKey } from '../app/auth.js';

async function rateLimitPlugin(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: app.config.rateLimitMax,
    timeWindow: app.config.rateLimitWindowMs,
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (_request, context) => new ApiError(
      'RATE_LIMITED',
      `rate limit exceeded (${context.max} requests per window); retry in ${context.after}`,
      { limit: context.max, retryAfterSeconds: Math.ceil(context.ttl / 1000) },
    ),
  });
}

export default fp(rateLimitPlugin, { name: 'rate-limit-config', dependencies: ['config'] });
