/** Multipart uploads (@fastify/multipart): files are streamed, never buffered whole. */
import fp from 'fastify-plugin';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';

/** Most files one upload request may carry. */
export const MAX_FILES_PER_UPLOAD = 20;

async function multipartPlugin(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    limits: {
      fileSize: app.config.uploadMaxFileBytes,
      files: MAX_FILES_PER_UPLOAD,
      fields: 20,
      parts: MAX_FILES_PER_UPLOAD + 20,
      fieldSize: 64 * 1024,
    },
  });
}

export default fp(multipartPlugin, { name: 'multipart-config', dependencies: ['config'] });
