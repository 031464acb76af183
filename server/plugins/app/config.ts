/** Decorates `config`: the server configuration every other plugin reads. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../../config.js';

async function configPlugin(app: FastifyInstance, opts: { config: ServerConfig }): Promise<void> {
  app.decorate('config', opts.config);
}

export default fp(configPlugin, { name: 'config' });
