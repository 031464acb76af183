/**
 * Routes without an API key: the public preview service (`POST /api/preview`,
 * `GET /api/temp/:id`, the `/t/:id` and `/preview/:id` pages), signed downloads (`/dl/…`),
 * signed task pages (`/v/:taskId`), and `/healthz`. Signed routes check the HMAC over the
 * request path and the expiry: 403 INVALID_SIGNATURE or URL_EXPIRED otherwise.
 */
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, isApiError, notFound } from '../../errors.js';
import { compositionBody, errors, freeObject } from '../../schemas.js';
import { sendStored } from '../../storage/send-stored.js';
import { checkSignedUrl } from '../../storage/storage.js';
import { escapeHtml, facts, page, summarize } from '../../pages/pages.js';
import { PLAYER_PAGE_CSP, playerPage } from '../../pages/player-page.js';
import { pagePreloads, PlayerCache, playerAssetRoutes, playerError, sendPlayerDocument, sendPlayerMedia } from '../../player/player-service.js';
import type { TaskRecord } from '../../store/tasks-store.js';
import { previewResult, previewResultProperties } from '../previews/index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const signedQuery = {
  type: 'object',
  properties: { expires: { type: 'string' }, sig: { type: 'string' } },
} as const;

interface SignedQuery { expires?: string; sig?: string }

export default async function publicRoutes(app: FastifyInstance): Promise<void> {
  const { storage, store } = app;
  await app.register(playerAssetRoutes);

  /** Checks a signed URL; returns the seconds it has left. */
  const checkSignature = (request: FastifyRequest<{ Querystring: SignedQuery }>): number => {
    const { verdict, secondsLeft } = checkSignedUrl(storage, request.url, request.query);
    if (verdict === 'invalid') throw new ApiError('INVALID_SIGNATURE', 'this link is not valid: fetch a fresh URL from the API');
    if (verdict === 'expired') throw new ApiError('URL_EXPIRED', 'this link has expired: fetch a fresh URL from the API (GET /api/v1/video/:taskId)');
    return secondsLeft;
  };

  const publicPreview = (id: string) => {
    if (!UUID.test(id)) throw new ApiError('INVALID_REQUEST', 'preview ids are UUIDs', { pointer: '/id' });
    const p = store.files.previewById(id);
    if (!p) throw new ApiError('NOT_FOUND', 'preview not found or expired', { tempId: id });
    return p;
  };

  app.post<{ Body: Record<string, unknown> }>('/api/preview', {
    config: { invalidBodyCode: 'INVALID_CONFIG', invalidBodyPointer: '' },
    schema: {
      tags: ['public'], summary: 'Public preview service: keep a composition for 7 days (no key)', body: compositionBody,
      response: { 201: { type: 'object', properties: previewResultProperties }, ...errors(400, 413, 429) },
    },
  }, async (request, reply) => {
    if ('config' in request.body && !('meta' in request.body)) {
      throw new ApiError('INVALID_CONFIG', 'the preview body is the composition itself, not { config: … }', { pointer: '/config' });
    }
    // No owner: uploads cannot be named, local paths are refused as everywhere.
    app.tasks.prepare('_public', request.body);
    const p = store.files.createPreview(null, JSON.stringify(request.body), app.config.previewTtlSeconds);
    return reply.code(201).send(previewResult(app, p));
  });

  app.get<{ Params: { id: string } }>('/api/temp/:id', {
    schema: {
      tags: ['public'], summary: 'A preview\'s composition (no key; the UUID is the capability)',
      params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } } },
      response: {
        200: { type: 'object', properties: { success: { type: 'boolean' }, tempId: { type: 'string' }, config: freeObject, expiresAt: { type: 'string' } } },
        ...errors(400, 404, 429),
      },
    },
  }, async (request) => {
    const p = publicPreview(request.params.id);
    return { success: true, tempId: p.id, config: JSON.parse(p.config) as unknown, expiresAt: new Date(p.expiresAt).toISOString() };
  });

  const players = new PlayerCache();
  /** Server paths never appear in what a preview page shows. */
  const hidden = [app.config.dataDir, path.resolve(app.config.dataDir)];
  const html = (reply: FastifyReply, status: number, body: string, privateCache = false) => reply.code(status)
    .type('text/html; charset=utf-8').header('cache-control', privateCache ? 'private, no-store' : 'no-store')
    .header('content-security-policy', PLAYER_PAGE_CSP).send(body);

  /** The prepared player document of a preview (compiled as the public preview service compiles it). */
  const previewPlayer = (id: string) => {
    const p = publicPreview(id);
    return players.get(`preview:${p.id}`, () => app.tasks.prepare('_public', JSON.parse(p.config)).composition)
      .catch((err: unknown) => { throw playerError(err, hidden); });
  };

  const previewPage = (viewer: boolean) => async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const p = UUID.test(request.params.id) ? store.files.previewById(request.params.id) : undefined;
    if (!p) return html(reply, 404, page('Preview expired', '<h1>Preview not available</h1><p>This preview does not exist or has expired (previews last 7 days).</p>'));
    const config = JSON.parse(p.config) as unknown;
    const s = summarize(config);
    const below = viewer
      ? `<h1>${escapeHtml(s.title ?? 'Preview')}</h1>`
        + facts([['Size', s.width && s.height ? `${s.width} × ${s.height}` : undefined], ['Frame rate', s.fps ? `${s.fps} fps` : undefined],
          ['Tracks', s.tracks], ['Clips', s.clips], ['Expires', new Date(p.expiresAt).toISOString()]])
        + `<p class="muted">Drawn live in this page by the same code that renders the MP4. The composition: <a href="${escapeHtml(app.storage.url(`/api/temp/${p.id}`))}">/api/temp/${escapeHtml(p.id)}</a>.</p>`
        + `<pre>${escapeHtml(JSON.stringify(config, null, 2))}</pre>`
      : '';
    return html(reply, 200, playerPage({ title: s.title ?? 'Preview', documentUrl: `/api/temp/${p.id}/player.json`, below, preload: await pagePreloads(previewPlayer(p.id), (i) => `/api/temp/${p.id}/media/${i}`) }));
  };
  const pageSchema = { tags: ['public'], params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } } } };
  app.get('/t/:id', { schema: { ...pageSchema, summary: 'Preview player page (HTML): the composition drawn live' } }, previewPage(false));
  app.get('/preview/:id', { schema: { ...pageSchema, summary: 'Preview viewer page (HTML): the player, facts and the composition' } }, previewPage(true));

  app.get<{ Params: { id: string } }>('/api/temp/:id/player.json', {
    schema: { ...pageSchema, summary: 'A preview\'s player document (what the page\'s player draws)', response: errors(400, 404) },
  }, async (request, reply) => {
    const prepared = await previewPlayer(request.params.id);
    return sendPlayerDocument(reply, prepared, (i) => `/api/temp/${request.params.id}/media/${i}`);
  });
  app.get<{ Params: { id: string; n: string } }>('/api/temp/:id/media/:n', {
    schema: {
      ...pageSchema, summary: 'Media a preview plays (Range supported)',
      params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 }, n: { type: 'integer', minimum: 0 } } }, response: errors(400, 404),
    },
  }, async (request, reply) => sendMedia(reply, await previewPlayer(request.params.id), request.params.n));

  app.get<{ Params: { taskId: string; file: string }; Querystring: SignedQuery }>('/dl/videos/:taskId/:file', {
    schema: { tags: ['public'], summary: 'A rendered MP4 (signed URL; Range supported)', querystring: signedQuery, response: errors(403, 404) },
  }, async (request, reply) => {
    const left = checkSignature(request);
    const task = store.tasks.byId(request.params.taskId);
    if (!task || !task.videoPath || `${task.renderId}.mp4` !== request.params.file) throw notFound('video', request.params.file);
    return sendStored(reply, task.videoPath, { filename: `${task.title ?? task.id}.mp4`.replace(/\.mp4\.mp4$/, '.mp4'), maxAgeSeconds: left });
  });

  app.get<{ Params: { fileId: string; name: string }; Querystring: SignedQuery }>('/dl/files/:fileId/:name', {
    schema: { tags: ['public'], summary: 'An uploaded file (signed URL; Range supported)', querystring: signedQuery, response: errors(403, 404) },
  }, async (request, reply) => {
    const left = checkSignature(request);
    const file = store.files.byId(request.params.fileId);
    if (!file) throw notFound('file', request.params.fileId);
    return sendStored(reply, file.path, { filename: file.name, maxAgeSeconds: left });
  });

  app.get<{ Params: { file: string }; Querystring: SignedQuery }>('/dl/configs/:file', {
    schema: { tags: ['public'], summary: 'A task\'s composition JSON (signed URL)', querystring: signedQuery, response: { 200: freeObject, ...errors(403, 404) } },
  }, async (request, reply) => {
    checkSignature(request);
    const task = store.tasks.byId(request.params.file.replace(/\.json$/, ''));
    if (!task) throw notFound('task', request.params.file);
    return reply.type('application/json; charset=utf-8').header('cache-control', 'private, no-store').send(task.config);
  });

  /** The task of a signed task URL, its signature checked. */
  const signedTask = (request: FastifyRequest<{ Params: { taskId: string }; Querystring: SignedQuery }>) => {
    checkSignature(request);
    const task = store.tasks.byId(request.params.taskId);
    if (!task) throw notFound('task', request.params.taskId);
    return task;
  };
  const taskPlayer = (task: TaskRecord) => players.get(`task:${task.id}:${task.configHash}`,
    () => app.tasks.prepare(task.ownerId, JSON.parse(task.config)).composition)
    .catch((err: unknown) => { throw playerError(err, hidden); });
  /** Media of a prepared document; a source that cannot be read is the composition's problem. */
  const sendMedia = (reply: FastifyReply, prepared: Awaited<ReturnType<typeof taskPlayer>>, n: string) =>
    sendPlayerMedia(reply, prepared, Number(n), { allowPrivateAddresses: app.config.mediaAllowPrivate, hidePaths: hidden });
  /**
   * `pathname` signed afresh (the page's own signature has been checked): a player keeps fetching
   * video ranges and fonts long after the page loaded. Relative, so the page works under any host name.
   * The expiry is rounded up to the next 10 minutes, so the page's preloads and the document name
   * the same URLs (the browser fetches each once).
   */
  const signedForPlayer = (pathname: string) => {
    const now = Math.floor(Date.now() / 1000);
    const expires = Math.ceil((now + app.config.signedUrlTtlSeconds) / 600) * 600;
    const url = new URL(app.storage.signedUrl(pathname, expires - now, now * 1000));
    return `${url.pathname}${url.search}`;
  };

  const taskPage = (viewer: boolean) => async (request: FastifyRequest<{ Params: { taskId: string }; Querystring: SignedQuery }>, reply: FastifyReply) => {
    let task: TaskRecord;
    try {
      task = signedTask(request);
    } catch (err) {
      // A person opened this link: answer with a page that says why, not a JSON error.
      if (!isApiError(err)) throw err;
      const title = err.code === 'URL_EXPIRED' ? 'Link expired' : err.code === 'NOT_FOUND' ? 'Task not found' : 'Link not valid';
      return html(reply, err.statusCode, page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(err.message)}</p>`));
    }
    const urls = app.tasks.urls(task);
    const status = task.status === 'rendering' ? `rendering (${Math.round(task.progress * 100)} %)` : task.status;
    const below = `<h1>${escapeHtml(task.title ?? `Task ${task.id}`)}</h1>`
      + facts([['Status', status], ['Error', task.error], ['Size', `${task.width} × ${task.height}`], ['Duration', `${task.durationSeconds} s`],
        ['Quality', task.quality], ['Created', task.createdAt], ['Completed', task.status === 'completed' ? task.completedAt : undefined]])
      + (urls.videoUrl ? `<p><a href="${escapeHtml(urls.videoUrl)}">The rendered MP4</a></p>` : '')
      + `<p class="muted">The player draws the composition live, with the code that renders the MP4. Links on this page expire; the API (GET /api/v1/video/${escapeHtml(task.id)}) gives fresh ones.</p>`
      + (viewer ? `<pre>${escapeHtml(JSON.stringify(JSON.parse(task.config), null, 2))}</pre>` : '');
    return html(reply, 200, playerPage({
      title: task.title ?? `Task ${task.id}`, documentUrl: signedForPlayer(`/v/${task.id}/player.json`), below,
      preload: await pagePreloads(taskPlayer(task), (i) => signedForPlayer(`/v/${task.id}/media/${i}`)),
    }), true);
  };
  const signedPage = { tags: ['public'], querystring: signedQuery };
  app.get('/v/:taskId', { schema: { ...signedPage, summary: 'Task page with the live player (signed URL)' } }, taskPage(false));
  app.get('/watch/:taskId', { schema: { ...signedPage, summary: 'Task viewer page: the live player and the composition (signed URL)' } }, taskPage(true));
  app.get('/v/:taskId/viewer', { schema: { ...signedPage, summary: 'Same as /watch/:taskId (signed URL)' } }, taskPage(true));

  app.get<{ Params: { taskId: string }; Querystring: SignedQuery }>('/v/:taskId/player.json', {
    schema: { ...signedPage, summary: 'A task\'s player document (signed URL)', response: errors(400, 403, 404) },
  }, async (request, reply) => {
    const task = signedTask(request);
    const prepared = await taskPlayer(task);
    return sendPlayerDocument(reply, prepared, (i) => signedForPlayer(`/v/${task.id}/media/${i}`), task.title ?? undefined);
  });
  app.get<{ Params: { taskId: string; n: string }; Querystring: SignedQuery }>('/v/:taskId/media/:n', {
    schema: { ...signedPage, summary: 'Media a task\'s player plays (signed URL; Range supported)', response: errors(403, 404) },
  }, async (request, reply) => {
    const task = signedTask(request);
    return sendMedia(reply, await taskPlayer(task), request.params.n);
  });

  app.get('/healthz', {
    schema: {
      tags: ['public'], summary: 'Liveness and queue state',
      response: { 200: { type: 'object', properties: { success: { type: 'boolean' }, status: { type: 'string' }, queue: freeObject } } },
    },
  }, async () => ({ success: true, status: 'ok', queue: { driver: app.renderDriver.name, ...app.renderDriver.stats() } }));
}
