/**
 * Every documented error code with its status and body `{ success: false, error, code, details }`,
 * and bad requests never answered 500.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../../server/app.js';
import { testConfig } from '../../../server/config.js';
import { bearer, buildTestApp, json, multipart, pngBytes, tempDataDir, tinyComposition, type TestApp } from '../helpers.js';

let t: TestApp;
let key: string;
beforeAll(async () => {
  t = await buildTestApp({ config: { uploadMaxFileBytes: 4096, storageLimitBytes: 6000, bodyLimitBytes: 20_000, webhookAllowPrivate: false } });
  key = t.key('errors', 50);
});
afterAll(async () => { await t.close(); });

function expectError(res: { statusCode: number; json: () => unknown }, status: number, code: string): Record<string, any> {
  const body = res.json() as Record<string, any>;
  expect(res.statusCode, JSON.stringify(body)).toBe(status);
  expect(body.success).toBe(false);
  expect(body.code).toBe(code);
  expect(typeof body.error).toBe('string');
  expect(typeof body.details).toBe('object');
  return body;
}

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, headers: { ...bearer(key), ...headers }, payload: payload as string });

describe('400 INVALID_REQUEST', () => {
  test('a body that is not JSON names the line and column', async () => {
    const res = await post('/api/v1/video', '{\n  "config": {,\n}', { 'content-type': 'application/json' });
    const body = expectError(res, 400, 'INVALID_REQUEST');
    expect(body.error).toMatch(/line 2, column/);
    expect(body.details.issues[0].message).toMatch(/line 2/);
  });

  test('query parameters out of range name the parameter', async () => {
    const body = expectError(await t.app.inject({ method: 'GET', url: '/api/v1/video?limit=101', headers: bearer(key) }), 400, 'INVALID_REQUEST');
    expect(body.details).toMatchObject({ location: 'querystring', pointer: '/limit' });
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/video?page=0', headers: bearer(key) }), 400, 'INVALID_REQUEST');
    // A page whose OFFSET does not fit SQLite's integer was a 500 "datatype mismatch".
    for (const url of ['/api/v1/video?page=99999999999999999999', '/api/v1/credits/ledger?page=1e300', '/api/v1/files?page=1000001']) {
      const huge = expectError(await t.app.inject({ method: 'GET', url, headers: bearer(key) }), 400, 'INVALID_REQUEST');
      expect(huge.error, url).toMatch(/^query parameter \/page: /);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/video?page=1000000', headers: bearer(key) })).statusCode).toBe(200);
    const status = expectError(await t.app.inject({ method: 'GET', url: '/api/v1/video?status=done', headers: bearer(key) }), 400, 'INVALID_REQUEST');
    expect(status.error).toMatch(/created, rendering, completed, failed/);
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/files?type=document', headers: bearer(key) }), 400, 'INVALID_REQUEST');
  });

  test('render options: num_workers and webhook_url', async () => {
    const task = json(await post('/api/v1/video', { config: tinyComposition() }));
    const workers = expectError(await post(`/api/v1/video/${task.taskId}/render`, { num_workers: 0 }), 400, 'INVALID_REQUEST');
    expect(workers.details.pointer).toBe('/num_workers');
    expectError(await post(`/api/v1/video/${task.taskId}/render`, { num_workers: 'many' }), 400, 'INVALID_REQUEST');
    const scheme = expectError(await post(`/api/v1/video/${task.taskId}/render`, { webhook_url: 'ftp://example.com/hook' }), 400, 'INVALID_REQUEST');
    expect(scheme.details.pointer).toBe('/webhook_url');
    expectError(await post(`/api/v1/video/${task.taskId}/render`, { webhook_url: 'not a url' }), 400, 'INVALID_REQUEST');
    for (const target of ['http://127.0.0.1:9/hook', 'http://10.1.2.3/hook', 'http://[::1]/hook', 'http://169.254.169.254/latest', 'http://localhost:9/hook']) {
      const res = expectError(await post(`/api/v1/video/${task.taskId}/render`, { webhook_url: target }), 400, 'INVALID_REQUEST');
      expect(res.error, target).toMatch(/refused/);
    }
    // Nothing was charged and the task did not start.
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(key) })).credits).toBe(50);
    expect(json(await t.app.inject({ method: 'GET', url: `/api/v1/video/${task.taskId}`, headers: bearer(key) })).status).toBe('created');
  });

  test('unknown body fields are refused, named, and nothing is charged (a camelCase webhookUrl was silently ignored)', async () => {
    const created = expectError(await post('/api/v1/video', { config: tinyComposition(), webhookUrl: 'http://example.com/hook' }), 400, 'INVALID_REQUEST');
    expect(created.details.pointer).toBe('/webhookUrl');
    expect(created.error).toBe('body /webhookUrl: must NOT have additional properties');
    const task = json(await post('/api/v1/video', { config: tinyComposition() }));
    const render = expectError(await post(`/api/v1/video/${task.taskId}/render`, { webhookUrl: 'http://example.com/hook', numWorkers: 'lots' }), 400, 'INVALID_REQUEST');
    expect(render.details.pointer).toBe('/webhookUrl');
    const preview = json(await post('/api/v1/preview', tinyComposition()));
    const convert = expectError(await post(`/api/v1/preview/${preview.tempId}/convert`, { categroy: 'x' }), 400, 'INVALID_REQUEST');
    expect(convert.details.pointer).toBe('/categroy');
    const previewRender = expectError(await post(`/api/v1/preview/${preview.tempId}/render`, { numWorkers: 2 }), 400, 'INVALID_REQUEST');
    expect(previewRender.details.pointer).toBe('/numWorkers');
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(key) })).credits).toBe(50);
    expect(json(await t.app.inject({ method: 'GET', url: `/api/v1/video/${task.taskId}`, headers: bearer(key) })).status).toBe('created');
  });

  test('the public temp endpoint wants a UUID', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/api/temp/not-a-uuid' }), 400, 'INVALID_REQUEST');
  });
});

describe('400 INVALID_CONFIG', () => {
  test('missing or non-object config names /config', async () => {
    expect(expectError(await post('/api/v1/video', {}), 400, 'INVALID_CONFIG').details.pointer).toBe('/config');
    expect(expectError(await post('/api/v1/video', { config: 'x' }), 400, 'INVALID_CONFIG').details.pointer).toBe('/config');
    expect(expectError(await post('/api/v1/video', { config: [] }), 400, 'INVALID_CONFIG').details.pointer).toBe('/config');
  });

  test('a composition the engine rejects lists every issue with its pointer', async () => {
    const config = tinyComposition();
    (config.meta as Record<string, unknown>).width = -5;
    (config.tracks as Array<{ clips: Array<Record<string, unknown>> }>)[0]!.clips[0]!.duration = 0;
    const body = expectError(await post('/api/v1/video', { config }), 400, 'INVALID_CONFIG');
    const pointers = (body.details.issues as Array<{ pointer: string }>).map((i) => i.pointer);
    expect(pointers).toContain('/meta/width');
    expect(pointers).toContain('/tracks/0/clips/0/duration');
    expect(body.details.pointer).toBe(pointers[0]);
  });

  test('local file paths are refused as media', async () => {
    for (const src of ['/etc/passwd', '../../secret.png', 'file:///etc/hosts']) {
      const config = tinyComposition();
      (config.tracks as Array<{ clips: unknown[] }>)[0]!.clips.push({ type: 'image', src, start: 0, duration: 1 });
      const body = expectError(await post('/api/v1/video', { config }), 400, 'INVALID_CONFIG');
      expect(body.details.issues[0].pointer, src).toBe('/tracks/0/clips/2/src');
      expect(body.error).toMatch(/local file paths are not accepted/);
    }
  });

  test('previews: the body is the composition itself', async () => {
    expectError(await post('/api/v1/preview', { config: tinyComposition() }), 400, 'INVALID_CONFIG');
    expectError(await post('/api/v1/preview', { meta: { version: '2.0.0' }, tracks: [] }), 400, 'INVALID_CONFIG');
    expectError(await post('/api/v1/preview', [1, 2]), 400, 'INVALID_CONFIG');
    expectError(await t.app.inject({ method: 'POST', url: '/api/preview', payload: { tracks: 'no' } }), 400, 'INVALID_CONFIG');
  });
});

describe('uploads', () => {
  test('400 NO_FILES without multipart or without a file', async () => {
    expectError(await post('/api/v1/upload', { file: 'x' }), 400, 'NO_FILES');
    const noFile = multipart([{ field: 'note', data: 'hello' }]);
    expectError(await post('/api/v1/upload', noFile.payload, noFile.headers), 400, 'NO_FILES');
  });

  test('400 UNSUPPORTED_FILE_TYPE by content, whatever the declared type', async () => {
    const text = multipart([{ field: 'file', filename: 'fake.png', type: 'image/png', data: 'just some text, not a PNG' }]);
    expectError(await post('/api/v1/upload', text.payload, text.headers), 400, 'UNSUPPORTED_FILE_TYPE');
    const html = multipart([{ field: 'file', filename: 'x.mp4', type: 'video/mp4', data: '<html><script>alert(1)</script></html>' }]);
    expectError(await post('/api/v1/upload', html.payload, html.headers), 400, 'UNSUPPORTED_FILE_TYPE');
    const clash = multipart([{ field: 'file', filename: 'x.mp3', type: 'audio/mpeg', data: await pngBytes() }]);
    const body = expectError(await post('/api/v1/upload', clash.payload, clash.headers), 400, 'UNSUPPORTED_FILE_TYPE');
    expect(body.details).toMatchObject({ declaredType: 'audio/mpeg', detectedType: 'image/png' });
    const field = multipart([{ field: 'image', filename: 'x.png', type: 'image/png', data: await pngBytes() }]);
    expectError(await post('/api/v1/upload', field.payload, field.headers), 400, 'INVALID_REQUEST');
  });

  test('413 FILE_TOO_LARGE and STORAGE_LIMIT_EXCEEDED; nothing is kept from a refused upload', async () => {
    const big = multipart([{ field: 'file', filename: 'big.png', type: 'image/png', data: Buffer.concat([await pngBytes(), Buffer.alloc(5000)]) }]);
    expectError(await post('/api/v1/upload', big.payload, big.headers), 413, 'FILE_TOO_LARGE');
    const png = await pngBytes(24, 24, true); // under the 4096-byte file limit; four exceed the 6000-byte storage limit
    expect(png.length).toBeLessThan(4096);
    expect(png.length * 4).toBeGreaterThan(6000);
    const one = multipart([{ field: 'file', filename: 'a.png', type: 'image/png', data: png }]);
    expect((await post('/api/v1/upload', one.payload, one.headers)).statusCode).toBe(201);
    const three = multipart([1, 2, 3].map((i) => ({ field: 'files', filename: `${i}.png`, type: 'image/png', data: png })));
    const body = expectError(await post('/api/v1/upload', three.payload, three.headers), 413, 'STORAGE_LIMIT_EXCEEDED');
    expect(body.details.limit).toBe(6000);
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/files', headers: bearer(key) })).pagination.total).toBe(1);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(`${t.dataDir}/tmp`)).toEqual([]);
  });

  test('two uploads at once cannot pass the storage limit together', async () => {
    const other = t.key('concurrent', 10);
    const png = await pngBytes(24, 24, true);
    expect(png.length * 2).toBeLessThanOrEqual(6000); // each upload fits alone…
    expect(png.length * 4).toBeGreaterThan(6000); // …both do not
    const two = () => multipart([1, 2].map((i) => ({ field: 'files', filename: `${i}.png`, type: 'image/png', data: png })));
    const send = () => {
      const m = two();
      return t.app.inject({ method: 'POST', url: '/api/v1/upload', headers: { ...m.headers, ...bearer(other) }, payload: m.payload });
    };
    const statuses = (await Promise.all([send(), send()])).map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 413]);
    expect(t.app.store.files.usedBytes(t.app.store.keys.findByKey(other)!.id)).toBe(png.length * 2);
  });
});

describe('other statuses', () => {
  test('413 PAYLOAD_TOO_LARGE for a JSON body over the limit', async () => {
    expectError(await post('/api/v1/video', { config: tinyComposition(), metadata: { pad: 'x'.repeat(30_000) } }), 413, 'PAYLOAD_TOO_LARGE');
  });

  test('415 UNSUPPORTED_MEDIA_TYPE for a body that is neither JSON nor multipart', async () => {
    expectError(await post('/api/v1/video', 'config=1', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('404 NOT_FOUND for unknown routes and ids', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/nothing', headers: bearer(key) }), 404, 'NOT_FOUND');
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/video/0123456789abcdef', headers: bearer(key) }), 404, 'NOT_FOUND');
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/preview/00000000-0000-4000-8000-000000000000', headers: bearer(key) }), 404, 'NOT_FOUND');
    expectError(await t.app.inject({ method: 'GET', url: '/api/temp/00000000-0000-4000-8000-000000000000' }), 404, 'NOT_FOUND');
  });

  test('503 RENDER_TRIGGER_FAILED when the queue refuses, and the charge is refunded', async () => {
    const task = json(await post('/api/v1/video', { config: tinyComposition() }));
    const enqueue = t.app.renderDriver.enqueue;
    t.app.renderDriver.enqueue = () => { throw new Error('queue down'); };
    try {
      expectError(await post(`/api/v1/video/${task.taskId}/render`, {}), 503, 'RENDER_TRIGGER_FAILED');
    } finally {
      t.app.renderDriver.enqueue = enqueue;
    }
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(key) })).credits).toBe(50);
    expect(json(await t.app.inject({ method: 'GET', url: `/api/v1/video/${task.taskId}`, headers: bearer(key) })).status).toBe('failed');
  });

  test('a render asked for while the queue is closed (shutting down) fails and is refunded on both APIs, not left queued', async () => {
    const closing = await buildTestApp();
    try {
      const k = closing.key('closing', 10);
      const task = json(await closing.app.inject({ method: 'POST', url: '/api/v1/video', headers: bearer(k), payload: { config: tinyComposition() } }));
      await closing.app.renderDriver.close();
      expectError(await closing.app.inject({ method: 'POST', url: `/api/v1/video/${task.taskId}/render`, headers: bearer(k), payload: {} }), 503, 'RENDER_TRIGGER_FAILED');
      expect(json(await closing.app.inject({ method: 'GET', url: `/api/v1/video/${task.taskId}`, headers: bearer(k) })).status).toBe('failed');
      const v1 = await closing.app.inject({
        method: 'POST', url: '/v1/renders', headers: bearer(k),
        payload: { width: 160, height: 90, frame_rate: 10, duration: 1, elements: [{ type: 'text', id: 't', text: 'Hi', time: 0, duration: 1 }] },
      });
      expect(v1.statusCode, v1.body).toBe(500);
      expect(json(v1).error).toMatchObject({ code: 'internal', message: 'the render could not be queued; the credits were refunded' });
      const renders = json(await closing.app.inject({ method: 'GET', url: '/v1/renders', headers: bearer(k) }));
      expect(JSON.stringify(renders)).toMatch(/"status":"failed"/);
      expect(json(await closing.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(k) })).credits).toBe(10);
    } finally {
      await closing.close();
    }
  });

  test('500 INTERNAL_ERROR hides the message of an unexpected error', async () => {
    const app = await buildApp(testConfig({ dataDir: await tempDataDir() }));
    app.get('/boom', async () => { throw new Error('secret database detail'); });
    try {
      const res = await app.inject({ method: 'GET', url: '/boom' });
      const body = expectError(res, 500, 'INTERNAL_ERROR');
      expect(JSON.stringify(body)).not.toContain('secret');
      expect(body.details.requestId).toBeTruthy();
    } finally {
      await app.close();
    }
  });
});

test('malformed requests never answer 500', async () => {
  const task = json(await post('/api/v1/video', { config: tinyComposition() }));
  const cases: Array<{ method: 'GET' | 'POST' | 'DELETE'; url: string; payload?: string; headers?: Record<string, string> }> = [
    { method: 'POST', url: '/api/v1/video', payload: 'null', headers: { 'content-type': 'application/json' } },
    { method: 'POST', url: '/api/v1/video', payload: '"text"', headers: { 'content-type': 'application/json' } },
    { method: 'POST', url: '/api/v1/video', payload: '{"config":{"meta":null,"tracks":null}}', headers: { 'content-type': 'application/json' } },
    { method: 'POST', url: '/api/v1/video', payload: '{"config":{"__proto__":{"x":1},"meta":{},"tracks":[]}}', headers: { 'content-type': 'application/json' } },
    { method: 'POST', url: '/api/v1/video', payload: '{"config":{"meta":{"version":"2.0.0","width":64,"height":48,"fps":10},"tracks":[{"clips":[{"type":"nope","start":0,"duration":1}]}]}}', headers: { 'content-type': 'application/json' } },
    { method: 'POST', url: `/api/v1/video/${task.taskId}/render`, payload: '[]', headers: { 'content-type': 'application/json' } },
    { method: 'POST', url: `/api/v1/video/${task.taskId}/render`, payload: '{"webhook_url": 5}', headers: { 'content-type': 'application/json' } },
    { method: 'POST', url: '/api/v1/preview', payload: '', headers: { 'content-type': 'application/json' } },
    { method: 'POST', url: '/api/v1/preview/zzz/convert', payload: '{}', headers: { 'content-type': 'application/json' } },
    { method: 'POST', url: '/api/v1/upload', payload: '--x\r\n', headers: { 'content-type': 'multipart/form-data; boundary=x' } },
    { method: 'POST', url: '/api/v1/upload', payload: 'abc', headers: { 'content-type': 'multipart/form-data' } },
    { method: 'GET', url: '/api/v1/video?page=abc' },
    { method: 'GET', url: '/api/v1/video/%E0%A4%A' },
    { method: 'GET', url: '/dl/videos/x/y.mp4' },
    { method: 'GET', url: '/dl/videos/x/y.mp4?expires=abc&sig=zz' },
    { method: 'GET', url: '/v/abc?expires=1&sig=00' },
    { method: 'DELETE', url: '/api/v1/files/..%2F..%2Fsecret' },
  ];
  for (const c of cases) {
    const res = await t.app.inject({ method: c.method, url: c.url, payload: c.payload, headers: { ...bearer(key), ...c.headers } });
    expect(res.statusCode, `${c.method} ${c.url} ${c.payload ?? ''}: ${res.body}`).toBeLessThan(500);
    // Pages a person opens (/v/…) answer HTML that says why; everything else the error body.
    if (String(res.headers['content-type']).startsWith('text/html')) expect(res.body, c.url).toMatch(/<h1>Link (not valid|expired)<\/h1>/);
    else expect(json(res).success, c.url).toBe(false);
  }
});
