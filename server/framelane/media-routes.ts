/**
 * Media in (digest §1.6): `POST /v1/uploads` hands out a signed upload URL; the client PUTs the
 * bytes there; `POST /v1/imports` fetches a URL in the background; `GET /v1/imports/{id}` tells
 * how it went. Every file ends as one of the owner's files, named in render bodies by its
 * `source_url` (`GET /v1/files/<id>.<ext>` with the key serves it back).
 */
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FramelaneApiError } from '../errors.js';
import { ownerOf, requireApiKey } from '../plugins/app/auth.js';
import { sendStored } from '../storage/send-stored.js';
import { checkSignedUrl as checkStorageSignedUrl } from '../storage/storage.js';
import { newFileId } from '../store/files-store.js';
import { cleanFileName } from '../uploads/stage-upload.js';
import type { ImportRecord } from '../store/framelane-media-store.js';
import { outboundUrlProblem } from '../webhooks/webhook-sender.js';
import { UPLOAD_URL_TTL_SECONDS } from './capabilities.js';
import { MAX_CONCURRENT_IMPORTS_PER_KEY, type ImportRunner } from './imports.js';
import { bearerSecurity, flErrors } from './job-view.js';
import { storageRoom, storeUpload, uploadTypeOf } from './media.js';
import type { SourceUrls } from './prepare.js';

interface SignedQuery { expires?: string; sig?: string }

const AUTH = [401, 429] as const;
const signedQuery = { type: 'object', properties: { expires: { type: 'string' }, sig: { type: 'string' } } } as const;
const filename = { type: 'string', minLength: 1, maxLength: 255, nullable: true, description: 'Only its extension is used' } as const;
const importSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['processing', 'ready', 'failed'] },
    source_url: { type: 'string', nullable: true },
    error: { type: 'object', nullable: true, properties: { code: { type: 'string' }, message: { type: 'string' } } },
    created_at: { type: 'string' },
  },
} as const;

/**
 * Checks a signed URL of this server (HMAC over the path, expiry); returns the seconds it has left.
 * @throws FramelaneApiError 403 `forbidden` when changed or expired.
 */
export function checkSignedUrl(app: FastifyInstance, request: FastifyRequest<{ Querystring: SignedQuery }>): number {
  const { verdict, secondsLeft } = checkStorageSignedUrl(app.storage, request.url, request.query);
  if (verdict === 'invalid') throw new FramelaneApiError('forbidden', 'this signed URL is not valid: use it exactly as the API gave it');
  if (verdict === 'expired') throw new FramelaneApiError('forbidden', 'this signed URL has expired: ask the API for a fresh one');
  return secondsLeft;
}

/**
 * The Content-Type declared for the upload a request PUTs to, when it is `PUT /v1/uploads/:fileId`
 * with a valid signed URL of an upload still open; undefined otherwise. For the 415 of a body
 * whose Content-Type no parser takes (an empty one): the answer says which type to send.
 */
export function declaredUploadType(app: FastifyInstance, request: FastifyRequest): string | undefined {
  const fileId = (request.params as { fileId?: unknown } | undefined)?.fileId;
  if (request.method !== 'PUT' || typeof fileId !== 'string') return undefined;
  const query = request.query as SignedQuery;
  if (checkStorageSignedUrl(app.storage, request.url, query).verdict !== 'ok') return undefined;
  const slot = app.store.framelaneMedia.slot(fileId);
  return slot && !slot.completedAt ? slot.contentType : undefined;
}

export default async function mediaRoutes(app: FastifyInstance, opts: { sources: SourceUrls; imports: ImportRunner }): Promise<void> {
  const { store, storage } = app;
  const { sources, imports } = opts;
  // Unknown body fields: 422 naming them (§9.1), or ignored with FRAMELANE_ALLOW_UNKNOWN_FIELDS.
  const unknownFields = app.config.framelaneAllowUnknownFields;
  const importView = (r: ImportRecord) => {
    const file = r.fileId ? store.files.get(r.ownerId, r.fileId) : undefined;
    return {
      id: r.id, status: r.status, source_url: file ? sources.urlOf(file) : null,
      error: r.status === 'failed' ? { code: r.errorCode ?? 'internal', message: r.errorMessage ?? 'the import failed' } : null,
      created_at: r.createdAt,
    };
  };

  await app.register(async (authed) => {
    authed.addHook('onRequest', requireApiKey);

    authed.post<{ Body: { content_type: string; filename?: string | null } }>('/uploads', {
      schema: {
        tags: ['framelane'], security: bearerSecurity, summary: 'Request an upload URL (then PUT the file there, same Content-Type, within 1 hour)',
        body: {
          type: 'object', required: ['content_type'], additionalProperties: unknownFields,
          properties: { content_type: { type: 'string', minLength: 1, maxLength: 200 }, filename },
        },
        response: {
          201: {
            type: 'object',
            properties: { upload_url: { type: 'string' }, source_url: { type: 'string' }, expires_at: { type: 'string' }, id: { type: 'string' } },
          },
          ...flErrors(422, ...AUTH),
        },
      },
    }, async (request, reply) => {
      const type = uploadTypeOf(request.body.content_type);
      const fileId = newFileId();
      const expiresAt = Date.now() + UPLOAD_URL_TTL_SECONDS * 1000;
      store.framelaneMedia.createSlot({
        fileId, ownerId: ownerOf(request), contentType: type.mime, ext: type.ext, expiresAt,
        name: cleanFileName(request.body.filename, `upload.${type.ext}`),
      });
      return reply.code(201).send({
        id: fileId,
        upload_url: storage.signedUrl(`/v1/uploads/${fileId}`, UPLOAD_URL_TTL_SECONDS),
        source_url: storage.url(`/v1/files/${fileId}.${type.ext}`),
        expires_at: new Date(expiresAt).toISOString(),
      });
    });

    authed.post<{ Body: { url: string; filename?: string | null } }>('/imports', {
      schema: {
        tags: ['framelane'], security: bearerSecurity, summary: 'Import a file from a URL (fetched in the background; poll GET /v1/imports/{id})',
        body: {
          type: 'object', required: ['url'], additionalProperties: unknownFields,
          properties: { url: { type: 'string', minLength: 1, maxLength: 2083 }, filename },
        },
        response: { 202: importSchema, ...flErrors(402, 422, ...AUTH) },
      },
    }, async (request, reply) => {
      const ownerId = ownerOf(request);
      // Refused addresses are told at once (IP literals and names that resolve now); the fetch checks again.
      const problem = await outboundUrlProblem(request.body.url, app.config.mediaAllowPrivate, 'url');
      if (problem) throw new FramelaneApiError('invalid_source', problem, { errors: [{ path: 'url', message: problem, type: 'value_error' }] });
      storageRoom({ config: app.config, store, storage }, ownerId); // 402 now when the key's storage is full
      const record = store.framelaneMedia.createImport(ownerId, request.body.url, request.body.filename ?? null, MAX_CONCURRENT_IMPORTS_PER_KEY);
      if (!record) {
        throw new FramelaneApiError('rate_limited', `this key already has ${MAX_CONCURRENT_IMPORTS_PER_KEY} imports in progress, the most it may have at once: `
          + 'wait until one is ready or failed (GET /v1/imports/{id}), then send this import again', { max_concurrent_imports: MAX_CONCURRENT_IMPORTS_PER_KEY });
      }
      imports.start(record);
      return reply.code(202).send(importView(record));
    });

    authed.get<{ Params: { id: string } }>('/imports/:id', {
      schema: {
        tags: ['framelane'], security: bearerSecurity, summary: 'An import: processing, ready (with source_url) or failed (with error)',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } },
        response: { 200: importSchema, ...flErrors(404, ...AUTH) },
      },
    }, async (request) => {
      const record = store.framelaneMedia.getImport(ownerOf(request), request.params.id);
      if (!record) throw new FramelaneApiError('not_found', `import ${request.params.id} not found`);
      return importView(record);
    });

    authed.get<{ Params: { name: string } }>('/files/:name', {
      schema: {
        tags: ['framelane'], security: bearerSecurity, summary: 'An uploaded or imported file (its source_url; Range supported)',
        params: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 64 } } },
        response: flErrors(404, ...AUTH),
      },
    }, async (request, reply) => {
      // The source_url of one of the owner's files (its id and extension), nothing else.
      const id = /^(file_[0-9a-f]{16})\./.exec(request.params.name)?.[1];
      const owned = id !== undefined && sources.pathOf(ownerOf(request), storage.url(`/v1/files/${request.params.name}`)) !== undefined;
      const file = owned ? store.files.get(ownerOf(request), id) : undefined;
      if (!file) throw new FramelaneApiError('not_found', `file ${request.params.name} not found`);
      return sendStored(reply, file.path, { filename: file.name, maxAgeSeconds: 0 });
    });
  });

  // The PUT of an upload: no key, the signed URL is the capability; the body is the raw file.
  const uploading = new Set<string>();
  await app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    raw.put<{ Params: { fileId: string }; Querystring: SignedQuery; Body: Readable | undefined }>('/uploads/:fileId', {
      schema: {
        tags: ['framelane'], summary: 'Upload the file of an upload URL (raw bytes, the declared Content-Type; signed URL, no key)',
        params: { type: 'object', required: ['fileId'], properties: { fileId: { type: 'string', maxLength: 64 } } },
        querystring: signedQuery,
        response: {
          200: {
            type: 'object',
            properties: { id: { type: 'string' }, source_url: { type: 'string' }, content_type: { type: 'string' }, size_bytes: { type: 'integer' } },
          },
          ...flErrors(402, 403, 404, 409, 422, 429),
        },
      },
    }, async (request) => {
      checkSignedUrl(app, request);
      const slot = store.framelaneMedia.slot(request.params.fileId);
      if (!slot) throw new FramelaneApiError('not_found', 'no such upload');
      if (slot.completedAt || uploading.has(slot.fileId)) throw new FramelaneApiError('conflict', 'this upload URL was already used: request another one');
      const sent = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (sent !== slot.contentType) {
        throw new FramelaneApiError('unsupported_content_type', `send the file with Content-Type: ${slot.contentType} (the type declared for this upload), not ${sent || 'none'}`, {
          declared: slot.contentType,
        });
      }
      if (!request.body) throw new FramelaneApiError('invalid_request', 'the request has no body: PUT the file\'s bytes');
      uploading.add(slot.fileId);
      try {
        const file = await storeUpload({ config: app.config, store, storage }, slot, request.body);
        store.framelaneMedia.completeSlot(slot.fileId);
        return { id: file.id, source_url: sources.urlOf(file), content_type: file.mimeType, size_bytes: file.size };
      } finally {
        uploading.delete(slot.fileId);
      }
    });
  });
}
