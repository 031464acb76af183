/**
 * @fastify/static over the data folder, serving nothing by itself (`serve: false`): it gives
 * `reply.sendFile`, which answers Range requests (206, `Accept-Ranges`, `Content-Range`),
 * conditional requests (ETag, Last-Modified) and HEAD, so videos are seekable in a browser.
 * Only the signed-URL and file routes call it.
 */
import { mkdirSync } from 'node:fs';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

async function staticPlugin(app: FastifyInstance): Promise<void> {
  mkdirSync(app.config.dataDir, { recursive: true }); // @fastify/static wants its root to exist
  await app.register(fastifyStatic, { root: app.config.dataDir, serve: false, dotfiles: 'deny', index: false });
}

export default fp(staticPlugin, { name: 'static-config', dependencies: ['config'] });
