/**
 * API-key authentication. A key is read from `Authorization: Bearer sk-…` (or `Token sk-…`),
 * then `X-API-Key`, then the `api_key` query parameter, and must start with `sk-`.
 * {@link requireApiKey} is the onRequest hook of every /api/v1 route; it sets `request.apiKey`.
 */
import fp from 'fastify-plugin';
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../../errors.js';
import { API_KEY_PREFIX } from '../../store/keys-store.js';

/** The key presented by a request, undefined when none; throws when the Authorization scheme is not Bearer/Token. */
export function presentedApiKey(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (typeof auth === 'string' && auth.trim() !== '') {
    const match = /^(?:Bearer|Token)\s+(\S+)\s*$/i.exec(auth.trim());
    if (!match) {
      throw new ApiError('INVALID_API_KEY_FORMAT', 'the Authorization header must be "Bearer sk-…" or "Token sk-…"');
    }
    return match[1];
  }
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.trim() !== '') return header.trim();
  const query = (request.query as Record<string, unknown> | undefined)?.api_key;
  if (typeof query === 'string' && query !== '') return query;
  return undefined;
}

/** A rate-limit bucket name: the hash of the presented key, or the client address without one. */
export function rateLimitKey(request: FastifyRequest): string {
  let key: string | undefined;
  try {
    key = presentedApiKey(request);
  } catch {
    key = undefined;
  }
  return key ? `key:${createHash('sha256').update(key).digest('hex').slice(0, 32)}` : `ip:${request.ip}`;
}

/** onRequest hook: resolves the presented key into `request.apiKey`, or answers 401. */
export async function requireApiKey(this: FastifyInstance, request: FastifyRequest): Promise<void> {
  const key = presentedApiKey(request);
  if (!key) {
    throw new ApiError('MISSING_API_KEY', 'an API key is required: send "Authorization: Bearer sk-…", "X-API-Key: sk-…" or ?api_key=sk-…');
  }
  if (!key.startsWith(API_KEY_PREFIX) || key.length < API_KEY_PREFIX.length + 16) {
    throw new ApiError('INVALID_API_KEY_FORMAT', `not an API key: keys start with "${API_KEY_PREFIX}" followed by at least 16 characters`);
  }
  const record = this.store.keys.findByKey(key);
  if (!record) throw new ApiError('INVALID_API_KEY', 'unknown API key');
  if (record.revokedAt) throw new ApiError('API_KEY_INACTIVE', 'this API key was revoked', { revokedAt: record.revokedAt });
  request.apiKey = record;
}

/** The owner id of an authenticated request (routes behind {@link requireApiKey}). */
export function ownerOf(request: FastifyRequest): string {
  if (!request.apiKey) throw new Error('route is missing the requireApiKey hook');
  return request.apiKey.id;
}

async function authPlugin(app: FastifyInstance): Promise<void> {
  app.decorateRequest('apiKey', null);
}

export default fp(authPlugin, { name: 'auth', dependencies: ['store'] });
