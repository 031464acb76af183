/**
 * `framesmith preview file.json`: the preview player for a local composition file (either
 * dialect), reloaded in the browser whenever the file changes. Loopback by default; it serves
 * the files the composition names, so it is an authoring tool, not a public server.
 *
 *   GET /               the player page
 *   GET /document.json  the player document (422 `{ error: { code, message } }` while the file is invalid)
 *   GET /media/:n       the media the document names (Range; 404/422 `{ error: { code, message } }` for a
 *                       file that is missing or unreadable)
 *   GET /events         server-sent events: `change` after every edit of the file
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { loadCompositionFile } from '../../engine/load-composition.js';
import { FramesmithError } from '../../engine/errors.js';
import { escapeHtml } from '../pages/pages.js';
import { PLAYER_PAGE_CSP, playerPage } from '../pages/player-page.js';
import { pagePreloads, PlayerCache, playerAssetRoutes, playerErrorReason, sendPlayerDocument, sendPlayerMedia } from './player-service.js';

export interface PreviewAppOptions {
  /** The composition file. */
  file: string;
  /** Watch the file and tell open pages to reload (default true). */
  watch?: boolean;
  /** Milliseconds to wait for an editor to finish writing (default 100). */
  debounceMs?: number;
  /**
   * Answer requests whatever their Host header (default false: only localhost, 127.0.0.1 and
   * [::1], so a web page cannot reach this server through DNS rebinding). Set it when listening
   * on another interface on purpose.
   */
  anyHost?: boolean;
  logger?: boolean;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The preview application for one file (call `listen`; `close` stops watching). */
export async function buildPreviewApp(o: PreviewAppOptions): Promise<FastifyInstance> {
  const file = path.resolve(o.file);
  // forceCloseConnections: Ctrl-C stops at once, even with a browser holding connections open.
  const app = Fastify({ logger: o.logger ?? false, forceCloseConnections: true });
  if (!o.anyHost) {
    app.addHook('onRequest', async (request, reply) => {
      const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
      if (!LOOPBACK_HOSTS.has(host)) await reply.code(403).type('text/plain').send('framesmith preview answers on localhost only (see --host)');
    });
  }
  await app.register(fastifyStatic, { root: path.dirname(file), serve: false, index: false });
  await app.register(playerAssetRoutes);
  const cache = new PlayerCache(4);
  let version = 0;
  const clients = new Set<ServerResponse>();

  const prepared = () => {
    const v = version;
    return cache.get(`v${v}`, async () => (await loadCompositionFile(file)).composition);
  };

  app.get('/', async (_request, reply) => {
    const below = `<p class="muted">${escapeHtml(file)} · reloads when the file changes · space: play/pause, ←/→: one frame, l: loop, f: fullscreen</p>`;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('content-security-policy', PLAYER_PAGE_CSP)
      .send(playerPage({ title: `${path.basename(file)} · framesmith preview`, documentUrl: '/document.json', eventsUrl: '/events', below, preload: await pagePreloads(prepared(), (i) => `/media/${i}?v=${version}`) }));
  });

  app.get('/document.json', async (_request, reply) => {
    try {
      const p = await prepared();
      const v = version;
      return sendPlayerDocument(reply, p, (i) => `/media/${i}?v=${v}`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const code = err instanceof FramesmithError ? err.code : 'ERR_INTERNAL';
      return reply.code(422).send({ error: { code, message } });
    }
  });

  app.get<{ Params: { n: string } }>('/media/:n', async (request, reply) => {
    const p = await prepared().catch(() => undefined);
    if (!p) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'the composition does not load' } });
    try {
      return await sendPlayerMedia(reply, p, Number(request.params.n));
    } catch (err) {
      // A media file that is missing or unreadable: the author's problem, said like /document.json says it.
      const reason = playerErrorReason(err);
      if (!reason) throw err;
      return reply.code(reason.code === 'ERR_FILE_NOT_FOUND' ? 404 : 422).send({ error: reason });
    }
  });

  app.get('/events', (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`retry: 1000\nevent: hello\ndata: ${version}\n\n`);
    clients.add(res);
    request.raw.on('close', () => clients.delete(res));
  });
  const keepAlive = setInterval(() => {
    for (const res of clients) res.write(': keep-alive\n\n');
  }, 15_000);
  keepAlive.unref();

  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (o.watch ?? true) {
    // The folder, not the file: editors often save by writing a new file and renaming it.
    watcher = watch(path.dirname(file), (_event, name) => {
      if (name !== null && name !== path.basename(file)) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        version++;
        cache.clear();
        for (const res of clients) res.write(`event: change\ndata: ${version}\n\n`);
      }, o.debounceMs ?? 100);
    });
  }
  app.addHook('onClose', async () => {
    clearInterval(keepAlive);
    clearTimeout(timer);
    watcher?.close();
    for (const res of clients) res.end();
    clients.clear();
  });
  return app;
}
