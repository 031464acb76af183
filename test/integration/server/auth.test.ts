/** The four ways to present a key, the 401 codes, isolation between keys, and rate limits. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bearer, buildTestApp, createAndRender, json, multipart, pngBytes, tinyComposition, waitForTask, type TestApp } from '../helpers.js';

let t: TestApp;
beforeAll(async () => { t = await buildTestApp(); });
afterAll(async () => { await t.close(); });

describe('API key forms', () => {
  test('Bearer, Token, X-API-Key and ?api_key all authenticate', async () => {
    const key = t.key('forms', 7);
    const forms = [
      { headers: { authorization: `Bearer ${key}` }, url: '/api/v1/credits' },
      { headers: { authorization: `Token ${key}` }, url: '/api/v1/credits' },
      { headers: { 'x-api-key': key }, url: '/api/v1/credits' },
      { headers: {}, url: `/api/v1/credits?api_key=${encodeURIComponent(key)}` },
      { headers: { authorization: `bearer ${key}` }, url: '/api/v1/credits' },
    ];
    for (const form of forms) {
      const res = await t.app.inject({ method: 'GET', ...form });
      expect(res.statusCode, JSON.stringify(form.headers)).toBe(200);
      expect(json(res).credits).toBe(7);
    }
  });

  test('the api_key query parameter works alongside a route\'s own query', async () => {
    const key = t.key('query');
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/video?page=1&limit=5&api_key=${key}` });
    expect(res.statusCode).toBe(200);
    expect(json(res).pagination).toEqual({ page: 1, limit: 5, total: 0 });
  });

  test.each([
    ['no key', {}, '/api/v1/credits', 'MISSING_API_KEY'],
    ['empty bearer', { authorization: 'Bearer ' }, '/api/v1/credits', 'INVALID_API_KEY_FORMAT'],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }, '/api/v1/credits', 'INVALID_API_KEY_FORMAT'],
    ['no sk- prefix', { 'x-api-key': 'pk-0123456789abcdef0123456789' }, '/api/v1/credits', 'INVALID_API_KEY_FORMAT'],
    ['unknown key', { authorization: 'Bearer sk-0123456789abcdef0123456789abcdef' }, '/api/v1/credits', 'INVALID_API_KEY'],
  ])('%s → 401 %s', async (_name, headers, url, code) => {
    const res = await t.app.inject({ method: 'GET', url, headers });
    expect(res.statusCode).toBe(401);
    expect(json(res)).toMatchObject({ success: false, code });
    expect(typeof json(res).error).toBe('string');
  });

  test('a revoked key → 401 API_KEY_INACTIVE', async () => {
    const created = t.app.store.keys.create('revoked', 1);
    expect(t.app.store.keys.revoke(created.record.id)).toBe(true);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(created.key) });
    expect(res.statusCode).toBe(401);
    expect(json(res).code).toBe('API_KEY_INACTIVE');
  });

  test('keys are stored hashed, never in clear', () => {
    const { key } = t.app.store.keys.create('hashed', 1);
    const rows = t.app.store.db.prepare('SELECT * FROM api_keys').all() as Array<Record<string, unknown>>;
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(String(r.key_hash)))).toBe(true);
  });
});

describe('isolation', () => {
  test('tasks, files and previews of one key are 404 for another', async () => {
    const alice = t.key('alice', 10);
    const bob = t.key('bob', 10);
    const task = json(await t.app.inject({ method: 'POST', url: '/api/v1/video', headers: bearer(alice), payload: { config: tinyComposition() } }));
    const { payload, headers } = multipart([{ field: 'file', filename: 'a.png', type: 'image/png', data: await pngBytes() }]);
    const upload = json(await t.app.inject({ method: 'POST', url: '/api/v1/upload', headers: { ...headers, ...bearer(alice) }, payload }));
    const fileId = upload.assets[0].id as string;
    const preview = json(await t.app.inject({ method: 'POST', url: '/api/v1/preview', headers: bearer(alice), payload: tinyComposition() }));

    const probes: Array<[string, string, unknown?]> = [
      ['GET', `/api/v1/video/${task.taskId}`],
      ['DELETE', `/api/v1/video/${task.taskId}`],
      ['POST', `/api/v1/video/${task.taskId}/render`, {}],
      ['GET', `/api/v1/video/${task.taskId}/webhooks`],
      ['DELETE', `/api/v1/files/${fileId}`],
      ['GET', `/api/v1/files/${fileId}/content`],
      ['GET', `/api/v1/preview/${preview.tempId}`],
      ['DELETE', `/api/v1/preview/${preview.tempId}`],
      ['POST', `/api/v1/preview/${preview.tempId}/convert`, {}],
      ['POST', `/api/v1/preview/${preview.tempId}/render`, {}],
    ];
    for (const [method, url, body] of probes) {
      const res = await t.app.inject({ method: method as 'GET', url, headers: bearer(bob), ...(body ? { payload: body } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(json(res).code).toBe('NOT_FOUND');
    }
    const lists = await Promise.all(['/api/v1/video?category=all', '/api/v1/files'].map((url) => t.app.inject({ method: 'GET', url, headers: bearer(bob) })));
    expect(json(lists[0]!).tasks).toEqual([]);
    expect(json(lists[1]!).files).toEqual([]);
    // Bob's attempts changed nothing: Alice still has all three.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/video/${task.taskId}`, headers: bearer(alice) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/files/${fileId}/content`, headers: bearer(alice) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/preview/${preview.tempId}`, headers: bearer(alice) })).statusCode).toBe(200);
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(bob) })).credits).toBe(10);
  });

  test('another key\'s upload url cannot be used as media in a composition', async () => {
    const alice = t.key('alice2', 10);
    const bob = t.key('bob2', 10);
    const { payload, headers } = multipart([{ field: 'file', filename: 'a.png', type: 'image/png', data: await pngBytes() }]);
    const url = json(await t.app.inject({ method: 'POST', url: '/api/v1/upload', headers: { ...headers, ...bearer(alice) }, payload })).assets[0].url as string;
    const config = tinyComposition();
    (config.tracks as Array<{ clips: unknown[] }>)[0]!.clips.push({ type: 'image', src: url, start: 0, duration: 1 });
    const mine = await t.app.inject({ method: 'POST', url: '/api/v1/video', headers: bearer(alice), payload: { config } });
    expect(mine.statusCode).toBe(201);
    // For Bob it is just a remote URL: never mapped to Alice's file, and the engine's address
    // guard refuses loopback when the render fetches it.
    const bobId = t.app.store.keys.findByKey(bob)!.id;
    expect(t.app.uploadUrls.pathOf(bobId, url)).toBeUndefined();
    const { taskId } = await createAndRender(t.app, bob, config);
    const done = await waitForTask(t.app, bob, taskId);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/refused|loopback/);
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(bob) })).credits).toBe(10);
  });
});

describe('rate limits', () => {
  test('429 RATE_LIMITED with the standard headers, counted per key', async () => {
    const limited = await buildTestApp({ config: { rateLimitMax: 3, rateLimitWindowMs: 60_000 } });
    try {
      const a = limited.key('a');
      const b = limited.key('b');
      for (let i = 0; i < 3; i++) {
        const res = await limited.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(a) });
        expect(res.statusCode).toBe(200);
        expect(res.headers['x-ratelimit-limit']).toBe('3');
        expect(res.headers['x-ratelimit-remaining']).toBe(String(2 - i));
        expect(res.headers['x-ratelimit-reset']).toBeDefined();
      }
      const over = await limited.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(a) });
      expect(over.statusCode).toBe(429);
      expect(json(over)).toMatchObject({ success: false, code: 'RATE_LIMITED', details: { limit: 3 } });
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      // The same key through another form shares the bucket; another key has its own.
      expect((await limited.app.inject({ method: 'GET', url: `/api/v1/credits?api_key=${a}` })).statusCode).toBe(429);
      expect((await limited.app.inject({ method: 'GET', url: '/api/v1/credits', headers: { 'x-api-key': b } })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
