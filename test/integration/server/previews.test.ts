/** Previews: the keyed /api/v1/preview endpoints, the public preview service, pages and expiry. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bearer, buildTestApp, json, tinyComposition, waitForTask, type TestApp } from '../helpers.js';

let t: TestApp;
let key: string;
beforeAll(async () => {
  t = await buildTestApp();
  key = t.key('previews', 20);
});
afterAll(async () => { await t.close(); });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('/api/v1/preview', () => {
  test('create from the bare composition, get, convert (idempotent), render, delete', async () => {
    const config = { ...tinyComposition(), meta: { ...(tinyComposition().meta as object), title: 'Preview me' } };
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/preview', headers: bearer(key), payload: config });
    expect(res.statusCode).toBe(201);
    const p = json(res);
    expect(p.tempId).toMatch(UUID);
    expect(p).toMatchObject({
      success: true, expiresIn: '604800 seconds (7 days)',
      url: `${t.config.publicUrl}/t/${p.tempId}`, previewUrl: `${t.config.publicUrl}/t/${p.tempId}`,
      playerUrl: `${t.config.publicUrl}/t/${p.tempId}`, viewerUrl: `${t.config.publicUrl}/preview/${p.tempId}`,
    });
    expect(Date.parse(p.expiresAt) - Date.now()).toBeGreaterThan(7 * 86400_000 - 60_000);
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(key) })).credits).toBe(20); // free

    const got = json(await t.app.inject({ method: 'GET', url: `/api/v1/preview/${p.tempId}`, headers: bearer(key) }));
    expect(got).toMatchObject({ success: true, tempId: p.tempId, config });

    const conv = await t.app.inject({ method: 'POST', url: `/api/v1/preview/${p.tempId}/convert`, headers: bearer(key), payload: { category: 'marketing', metadata: { from: 'preview' } } });
    expect(conv.statusCode).toBe(201);
    const converted = json(conv);
    expect(converted).toMatchObject({ success: true, tempId: p.tempId, converted: true });
    const task = json(await t.app.inject({ method: 'GET', url: `/api/v1/video/${converted.taskId}`, headers: bearer(key) }));
    expect(task).toMatchObject({ status: 'created', category: 'marketing', metadata: { from: 'preview' }, title: 'Preview me' });
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/preview/${p.tempId}/convert`, headers: bearer(key) });
    expect(again.statusCode).toBe(200);
    expect(json(again).taskId).toBe(converted.taskId);

    const rendered = await t.app.inject({ method: 'POST', url: `/api/v1/preview/${p.tempId}/render`, headers: bearer(key), payload: { num_workers: 1 } });
    expect(rendered.statusCode).toBe(202);
    expect(json(rendered)).toMatchObject({ success: true, tempId: p.tempId, converted: true, taskId: converted.taskId, status: 'rendering', cost: 1, remainingCredits: 19 });
    expect((await waitForTask(t.app, key, converted.taskId)).status).toBe('completed');
    const twice = json(await t.app.inject({ method: 'POST', url: `/api/v1/preview/${p.tempId}/render`, headers: bearer(key), payload: {} }));
    expect(twice).toMatchObject({ alreadyRendered: true, cost: 0, status: 'completed' });
    expect(twice.videoUrl).toMatch(/\/dl\/videos\//);

    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/preview/${p.tempId}`, headers: bearer(key) });
    expect(json(del)).toEqual({ success: true, tempId: p.tempId, deleted: true, message: 'preview deleted' });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/preview/${p.tempId}`, headers: bearer(key) })).statusCode).toBe(404);
    // The task made from it stays.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/video/${converted.taskId}`, headers: bearer(key) })).statusCode).toBe(200);
  });

  test('render straight from a preview converts it first', async () => {
    const p = json(await t.app.inject({ method: 'POST', url: '/api/v1/preview', headers: bearer(key), payload: tinyComposition() }));
    const res = json(await t.app.inject({ method: 'POST', url: `/api/v1/preview/${p.tempId}/render`, headers: bearer(key), payload: { category: 'direct' } }));
    expect(res).toMatchObject({ converted: true, convertMessage: 'preview converted to a task', status: 'rendering' });
    const task = await waitForTask(t.app, key, res.taskId);
    expect(task).toMatchObject({ status: 'completed', category: 'direct' });
  });
});

describe('public preview service', () => {
  test('POST /api/preview needs no key; GET /api/temp/:id returns the composition; pages render', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/preview', payload: tinyComposition(1, '<b>x</b>') });
    expect(res.statusCode).toBe(201);
    const p = json(res);
    expect(p.tempId).toMatch(UUID);
    expect(p.url).toBe(`${t.config.publicUrl}/t/${p.tempId}`);
    const temp = await t.app.inject({ method: 'GET', url: `/api/temp/${p.tempId}` });
    expect(json(temp)).toMatchObject({ success: true, config: tinyComposition(1, '<b>x</b>') });
    const player = await t.app.inject({ method: 'GET', url: `/t/${p.tempId}` });
    expect(player.statusCode).toBe(200);
    expect(player.headers['content-type']).toMatch(/text\/html/);
    expect(player.body).toContain('<canvas id="fs-canvas"');
    expect(player.body).toContain('/player/framesmith-player.js');
    expect(player.headers['content-security-policy']).toMatch(/script-src 'self'/);
    // The document the page's player draws: the compiled composition, no server paths.
    const doc = await t.app.inject({ method: 'GET', url: `/api/temp/${p.tempId}/player.json` });
    expect(doc.statusCode).toBe(200);
    expect(json(doc)).toMatchObject({ format: 'framesmith-player/1', composition: { width: 64, height: 48 } });
    expect((await t.app.inject({ method: 'GET', url: '/player/framesmith-player.js' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/temp/${p.tempId}/media/0` })).statusCode).toBe(404);
    const viewer = await t.app.inject({ method: 'GET', url: `/preview/${p.tempId}` });
    expect(viewer.body).toContain('&lt;b&gt;x&lt;/b&gt;'); // escaped, never raw HTML
    expect(viewer.body).not.toContain('<b>x</b>');
    expect(viewer.body).toContain('64 × 48');
    // A public preview belongs to no key.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/preview/${p.tempId}`, headers: bearer(key) })).statusCode).toBe(404);
  });

  test('player media is sniffed and sandboxed; an unreadable source is a 400 naming the field', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><script>alert(1)</script><rect width="8" height="8"/></svg>';
    const clip = (src: string) => ({ type: 'image', src, start: 0, duration: 1, transform: { x: 8, y: 8, width: 8, height: 8 } });
    const withClip = (src: string) => {
      const config = tinyComposition();
      (config.tracks as Array<{ clips: unknown[] }>)[0]!.clips.push(clip(src));
      return config;
    };
    const post = async (config: unknown) => json(await t.app.inject({ method: 'POST', url: '/api/preview', payload: config })).tempId as string;
    // SVG is served as SVG, but can never run script on this origin, even opened directly.
    const svgId = await post(withClip(`data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`));
    const media = await t.app.inject({ method: 'GET', url: `/api/temp/${svgId}/media/0` });
    expect(media.statusCode).toBe(200);
    expect(media.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(media.headers['content-security-policy']).toMatch(/sandbox/);
    expect(media.headers['x-content-type-options']).toBe('nosniff');
    // HTML dressed up as a PNG is not served at all.
    const htmlId = await post(withClip(`data:image/png;base64,${Buffer.from('<!doctype html><script>alert(1)</script>').toString('base64')}`));
    expect((await t.app.inject({ method: 'GET', url: `/api/temp/${htmlId}/media/0` })).statusCode).toBe(415);
    // An SVG layer whose source cannot be read: the document says which field, not "internal error".
    const svgClip = { type: 'svg', src: 'http://127.0.0.1:9/missing.svg', start: 0, duration: 1, transform: { x: 8, y: 8, width: 8, height: 8 } };
    const config = tinyComposition();
    (config.tracks as Array<{ clips: unknown[] }>)[0]!.clips.push(svgClip);
    const badId = await post(config);
    const doc = await t.app.inject({ method: 'GET', url: `/api/temp/${badId}/player.json` });
    expect(doc.statusCode).toBe(400);
    expect(json(doc)).toMatchObject({ code: 'INVALID_CONFIG' });
    expect(json(doc).error).toMatch(/^this composition cannot be played: \/tracks\/0\/clips\/\d/);
    expect(json(doc).error).not.toMatch(/internal/);
  });

  test('a preview expires after its lifetime: API 404, page shows the expired state', async () => {
    const short = await buildTestApp({ config: { previewTtlSeconds: 1 } });
    try {
      const k = short.key();
      const mine = json(await short.app.inject({ method: 'POST', url: '/api/v1/preview', headers: bearer(k), payload: tinyComposition() }));
      const pub = json(await short.app.inject({ method: 'POST', url: '/api/preview', payload: tinyComposition() }));
      expect(mine.expiresIn).toBe('1 seconds');
      await new Promise((r) => setTimeout(r, 1100));
      expect((await short.app.inject({ method: 'GET', url: `/api/v1/preview/${mine.tempId}`, headers: bearer(k) })).statusCode).toBe(404);
      expect((await short.app.inject({ method: 'POST', url: `/api/v1/preview/${mine.tempId}/render`, headers: bearer(k), payload: {} })).statusCode).toBe(404);
      expect(json(await short.app.inject({ method: 'GET', url: `/api/temp/${pub.tempId}` })).code).toBe('NOT_FOUND');
      const page = await short.app.inject({ method: 'GET', url: `/t/${pub.tempId}` });
      expect(page.statusCode).toBe(404);
      expect(page.body).toContain('expired');
      expect(short.app.store.files.sweepPreviews()).toBe(2);
    } finally {
      await short.close();
    }
  });
});
