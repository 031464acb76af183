/**
 * The OpenAPI document (@fastify/swagger), generated from the route schemas, at `/docs/json`
 * (and `/openapi.json`), and the human docs page (@fastify/swagger-ui, assets served from its
 * npm package, no CDN) at `/docs`.
 */
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

async function swaggerPlugin(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    // Shared schemas keep their $id as their name (ErrorBody) in components.schemas.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'framesmith REST API',
        description: 'RenderingVideo-compatible video rendering API: JSON compositions in, MP4 out. '
          + 'Authenticate with an API key (`sk-…`) as a Bearer token, `Token`, `X-API-Key` or `?api_key`. '
          + 'Errors are `{ success: false, error, code, details }`. See docs/api.md in the repository.',
        version: '1.0.0',
      },
      servers: [{ url: app.config.publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer sk-…' },
          apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
          apiKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key' },
        },
      },
      tags: [
        { name: 'video', description: 'Video tasks and renders' },
        { name: 'files', description: 'Uploads' },
        { name: 'preview', description: 'Temporary previews (7 days)' },
        { name: 'account', description: 'Credits, capabilities, webhook secret' },
        { name: 'public', description: 'No API key: public preview service, signed downloads, pages' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

export default fp(swaggerPlugin, { name: 'swagger-config', dependencies: ['config'] });
