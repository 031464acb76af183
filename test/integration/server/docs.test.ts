/** The OpenAPI document, the docs page (no CDN), capabilities from the engine, and /healthz. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DRAWN_ELEMENT_KINDS } from '../../../engine/elements/index.js';
import { clipTypeSupport, engineRendersClipType } from '../../../server/capabilities.js';
import { qualityOf, renderCost } from '../../../server/render/composition.js';
import { bearer, buildTestApp, json, type TestApp } from '../helpers.js';

let t: TestApp;
beforeAll(async () => { t = await buildTestApp(); });
afterAll(async () => { await t.close(); });

test('the OpenAPI document lists every route with its schemas', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
  expect(res.statusCode).toBe(200);
  const doc = json(res);
  expect(doc.openapi).toMatch(/^3\./);
  const paths = Object.keys(doc.paths);
  for (const p of [
    '/api/v1/video', '/api/v1/video/{taskId}', '/api/v1/video/{taskId}/render', '/api/v1/video/{taskId}/webhooks',
    '/api/v1/upload', '/api/v1/files', '/api/v1/files/{fileId}', '/api/v1/files/{fileId}/content',
    '/api/v1/credits', '/api/v1/credits/ledger', '/api/v1/capabilities', '/api/v1/webhooks/secret',
    '/api/v1/preview', '/api/v1/preview/{tempId}', '/api/v1/preview/{tempId}/convert', '/api/v1/preview/{tempId}/render',
    '/api/preview', '/api/temp/{id}', '/t/{id}', '/preview/{id}', '/dl/videos/{taskId}/{file}', '/dl/files/{fileId}/{name}',
    '/dl/configs/{file}', '/v/{taskId}', '/v/{taskId}/viewer', '/watch/{taskId}', '/v/{taskId}/player.json', '/v/{taskId}/media/{n}',
    '/api/temp/{id}/player.json', '/api/temp/{id}/media/{n}', '/healthz',
  ]) expect(paths, p).toContain(p);
  const create = doc.paths['/api/v1/video'].post;
  expect(create.requestBody.content['application/json'].schema.required).toEqual(['config']);
  expect(create.security).toEqual([{ bearer: [] }, { apiKeyHeader: [] }, { apiKeyQuery: [] }]);
  expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '429']));
  expect(doc.paths['/api/v1/video/{taskId}/render'].post.responses['402']).toBeDefined();
  expect(doc.paths['/api/v1/video'].get.parameters.find((p: { name: string }) => p.name === 'limit').schema.maximum).toBe(100);
  expect(doc.components.schemas.ErrorBody.required).toEqual(['success', 'error', 'code']);
  expect((await t.app.inject({ method: 'GET', url: '/openapi.json' })).json().openapi).toBe(doc.openapi);
});

test('the docs page and its assets come from this server, with no CDN', async () => {
  const page = await t.app.inject({ method: 'GET', url: '/docs/' });
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-type']).toMatch(/text\/html/);
  const srcs = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  expect(srcs.length).toBeGreaterThan(0);
  for (const src of srcs) expect(src, src).not.toMatch(/^(https?:)?\/\//);
  const bundle = await t.app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
  expect(bundle.statusCode).toBe(200);
  expect(bundle.body.length).toBeGreaterThan(100_000);
});

test('capabilities list the clip types the engine renders, found at run time', async () => {
  const key = t.key();
  const res = json(await t.app.inject({ method: 'GET', url: '/api/v1/capabilities', headers: bearer(key) }));
  expect(res).toMatchObject({ success: true, apiVersion: 'v1', schema: { version: '2.0.0' } });
  const types: string[] = res.schema.clipTypes;
  // What renders today; others join as the engine learns them.
  for (const type of ['text', 'image', 'rect', 'circle', 'polygon', 'code', 'svg', 'icon', 'line', 'path']) expect(types).toContain(type);
  expect(types).toEqual(clipTypeSupport().rendered);
  expect([...types, ...res.features.validatedButNotRenderedClipTypes].sort()).toHaveLength(16);
  // Consistent with the engine's registry: a type listed maps to a drawn kind.
  const kinds = new Set<string>(DRAWN_ELEMENT_KINDS);
  if (types.includes('circle')) expect(kinds.has('ellipse')).toBe(true);
  for (const type of res.features.validatedButNotRenderedClipTypes as string[]) expect(engineRendersClipType(type as never)).toBe(false);
  expect(res.schema.easingFunctions).toHaveLength(22);
  expect(res.schema.transitionTypes).toContain('lightSweep');
  expect(res.render.qualities).toEqual([
    { quality: '720p', label: 'HD 720p (and smaller)', shortEdge: 720, creditMultiplier: 1 },
    { quality: '1080p', label: 'Full HD 1080p', shortEdge: 1080, creditMultiplier: 1.5 },
    { quality: '2K', label: '2K', shortEdge: 1440, creditMultiplier: 2 },
  ]);
  expect(res.docs.openapi).toBe(`${t.config.publicUrl}/docs/json`);
});

test('credit cost: duration × the multiplier of the short edge, rounded up', () => {
  expect(qualityOf(64, 48).quality).toBe('720p');
  expect(qualityOf(1920, 1080).quality).toBe('1080p');
  expect(qualityOf(1080, 1920).quality).toBe('1080p');
  expect(qualityOf(2560, 1440).quality).toBe('2K');
  expect(qualityOf(3840, 2160).quality).toBe('2K');
  expect(renderCost(1, qualityOf(64, 48))).toBe(1);
  expect(renderCost(0.1, qualityOf(64, 48))).toBe(1);
  expect(renderCost(2, qualityOf(1920, 1080))).toBe(3);
  expect(renderCost(3, qualityOf(1920, 1080))).toBe(5);
  expect(renderCost(10, qualityOf(2560, 1440))).toBe(20);
  expect(renderCost(2.2, qualityOf(1920, 1080))).toBe(4);
});

test('/healthz reports the queue', async () => {
  const res = json(await t.app.inject({ method: 'GET', url: '/healthz' }));
  expect(res).toMatchObject({ success: true, status: 'ok', queue: { driver: 'in-process', queued: 0, running: 0, concurrency: 1 } });
});
