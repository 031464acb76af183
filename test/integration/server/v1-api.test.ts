/**
 * The `/v1/renders` contract around the render: idempotent submissions (replay, conflict, scope,
 * surviving a restart), 422 answers that name the field, cursor pagination, isolation between
 * keys, cancel in both states, and the Framelane error envelope for everything under /v1
 * (unknown routes, bad JSON, auth, schema validation, rate limits).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { bearer, buildTestApp, json, tempDataDir, type TestApp } from '../helpers.js';
import { body, submit, titleBody, waitForRender } from './v1-helpers.js';

let t: TestApp;
let key: string;
const extra: TestApp[] = [];

beforeAll(async () => {
  t = await buildTestApp({ config: { webhookAllowPrivate: false } });
  key = t.key('api', 5000);
});
afterAll(async () => t.close());
afterEach(async () => {
  for (const x of extra.splice(0)) await x.close();
});

const credits = async (k: string): Promise<number> => json(await t.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(k) })).credits as number;
const list = async (k: string, query = ''): Promise<Record<string, any>> => {
  const res = await t.app.inject({ method: 'GET', url: `/v1/renders${query}`, headers: bearer(k) });
  expect(res.statusCode).toBe(200);
  return body(res);
};

describe('Idempotency-Key', () => {
  test('same key and body: 200 with the same job, one job, one charge; whitespace and key order do not matter', async () => {
    const k = t.key('idem', 100);
    const first = await submit(t.app, k, titleBody(2, { metadata: { a: '1', b: '2' } }), { 'idempotency-key': 'order-42' });
    expect(first.statusCode).toBe(202);
    // The same body with its keys in another order, sent as text with other whitespace.
    const reordered = { metadata: { b: '2', a: '1' }, ...titleBody(2) };
    const replay = await t.app.inject({
      method: 'POST', url: '/v1/renders', headers: { ...bearer(k), 'idempotency-key': 'order-42', 'content-type': 'application/json' },
      payload: JSON.stringify(reordered, null, 4),
    });
    expect(replay.statusCode).toBe(200);
    expect(body(replay).id).toBe(body(first).id);
    const page = await list(k);
    expect(page.data.map((j: { id: string }) => j.id)).toEqual([body(first).id]);
    expect(await credits(k)).toBe(98); // 2 s × 1.0, once
  });

  test('same key, another body: 409 conflict; another key of the same owner or another owner: a new job', async () => {
    const k = t.key('idem2', 100);
    const first = await submit(t.app, k, titleBody(1), { 'idempotency-key': 'k1' });
    expect(first.statusCode).toBe(202);
    const clash = await submit(t.app, k, titleBody(1, { output_format: 'png' }), { 'idempotency-key': 'k1' });
    expect(clash.statusCode).toBe(409);
    expect(body(clash).error).toMatchObject({ code: 'conflict', details: { render_id: body(first).id } });
    const otherKeyHeader = await submit(t.app, k, titleBody(1, { output_format: 'png' }), { 'idempotency-key': 'k2' });
    expect(otherKeyHeader.statusCode).toBe(202);
    // Scoped per owner: another API key may use the same Idempotency-Key.
    const stranger = t.key('stranger', 100);
    const theirs = await submit(t.app, stranger, titleBody(1, { output_format: 'png' }), { 'idempotency-key': 'k1' });
    expect(theirs.statusCode).toBe(202);
    expect(body(theirs).id).not.toBe(body(first).id);
    expect((await list(k)).data).toHaveLength(2);
  });

  test('a 422 does not hold the key; a bad key is a 422 naming Idempotency-Key', async () => {
    const k = t.key('idem3', 100);
    const bad = await submit(t.app, k, titleBody(1, { frame_rate: 0 }), { 'idempotency-key': 'retry-me' });
    expect(bad.statusCode).toBe(422);
    expect((await submit(t.app, k, titleBody(1), { 'idempotency-key': 'retry-me' })).statusCode).toBe(202);
    const weird = await submit(t.app, k, titleBody(1), { 'idempotency-key': 'x'.repeat(256) });
    expect(weird.statusCode).toBe(422);
    expect(body(weird).error.details.errors[0].path).toBe('Idempotency-Key');
  });

  test('keys are kept in SQLite: a replay after a restart answers the same job', async () => {
    const dataDir = await tempDataDir();
    const first = await buildTestApp({ dataDir, keepData: true });
    const k = first.key('durable', 100);
    const created = body(await submit(first.app, k, titleBody(1), { 'idempotency-key': 'restart-safe' }));
    await first.close();
    const second = await buildTestApp({ dataDir });
    extra.push(second);
    const replay = await submit(second.app, k, titleBody(1), { 'idempotency-key': 'restart-safe' });
    expect(replay.statusCode).toBe(200);
    expect(body(replay).id).toBe(created.id);
  });
});

describe('422 with field names', () => {
  test('a misspelt field (`color` on a text element) names its path and the right field', async () => {
    const doc = titleBody(1);
    (doc.elements as Array<Record<string, unknown>>)[0]!.color = '#ff0000';
    const res = await submit(t.app, key, doc);
    expect(res.statusCode).toBe(422);
    const { error } = body(res);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('elements[0].color');
    expect(error.details.errors).toContainEqual(expect.objectContaining({ path: 'elements[0].color', type: 'unknown_field' }));
    expect(JSON.stringify(error.details.errors)).toContain('text_color');
  });

  test('an unsupported element (`composition`) is 422 unsupported_feature at its type', async () => {
    const doc = titleBody(1);
    (doc.elements as unknown[]).push({ type: 'composition', id: 'nested', time: 0, duration: 1 });
    const res = await submit(t.app, key, doc);
    expect(res.statusCode).toBe(422);
    expect(body(res).error).toMatchObject({
      code: 'unsupported_feature',
      details: { errors: [expect.objectContaining({ path: 'elements[1].type', type: 'unsupported' })] },
    });
  });

  test('with FRAMELANE_ALLOW_UNKNOWN_FIELDS, unknown fields are ignored as Framelane\'s own server does', async () => {
    const lenient = await buildTestApp({ config: { framelaneAllowUnknownFields: true } });
    extra.push(lenient);
    const doc = titleBody(1, { output_format: 'png' });
    (doc.elements as Array<Record<string, unknown>>)[0]!.color = '#ff0000';
    const res = await submit(lenient.app, lenient.key('lenient', 10), doc);
    expect(res.statusCode).toBe(202);
    const caps = json(await lenient.app.inject({ method: 'GET', url: '/v1/capabilities' }));
    expect(caps.validation.unknown_fields).toBe('ignored');
  });

  test('a render the key cannot pay for is 402 quota_exceeded and starts nothing', async () => {
    const poor = t.key('poor', 1);
    const res = await submit(t.app, poor, titleBody(5));
    expect(res.statusCode).toBe(402);
    expect(body(res).error).toMatchObject({ code: 'quota_exceeded', details: { required: 5, available: 1 } });
    expect((await list(poor)).data).toEqual([]);
    expect(await credits(poor)).toBe(1);
  });

  test('a webhook_url on a private address is 422 naming webhook_url; so is a body that is not an object', async () => {
    const res = await submit(t.app, key, titleBody(1, { webhook_url: 'http://127.0.0.1:9/hook' }));
    expect(res.statusCode).toBe(422);
    expect(body(res).error).toMatchObject({ code: 'invalid_request', details: { errors: [expect.objectContaining({ path: 'webhook_url' })] } });
    const array = await t.app.inject({ method: 'POST', url: '/v1/renders', headers: bearer(key), payload: [1, 2] as unknown as Record<string, unknown> });
    expect(array.statusCode).toBe(422);
    expect(body(array).error.code).toBe('invalid_request');
  });
});

describe('GET /v1/renders', () => {
  test('cursor pages, newest first, with a status filter; bad cursor or limit name the parameter', async () => {
    const k = t.key('pages', 100);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(body(await submit(t.app, k, titleBody(1, { output_format: 'png', metadata: { n: String(i) } }))).id);
    for (const id of ids) await waitForRender(t.app, k, id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(k, `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      pages++;
      expect(page.data.length).toBeLessThanOrEqual(2);
      expect(page.has_more).toBe(page.next_cursor !== null);
      seen.push(...page.data.map((j: { id: string }) => j.id));
      cursor = page.next_cursor as string | null;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
    // Items are whole jobs, output included.
    const first = await list(k, '?limit=1');
    expect(first.data[0]).toMatchObject({ id: ids[4], status: 'completed', metadata: { n: '4' }, output: { width: 160, height: 90 } });
    expect((await list(k)).data).toHaveLength(5); // default limit 20
    expect((await list(k, '?status=completed')).data).toHaveLength(5);
    expect(await list(k, '?status=queued')).toEqual({ data: [], next_cursor: null, has_more: false });
    for (const [query, param] of [['?cursor=nonsense', 'cursor'], ['?limit=0', 'limit'], ['?limit=101', 'limit'], ['?limit=abc', 'limit'], ['?status=done', 'status']]) {
      const res = await t.app.inject({ method: 'GET', url: `/v1/renders${query}`, headers: bearer(k) });
      expect(res.statusCode, query).toBe(422);
      expect(body(res).error.code).toBe('invalid_request');
      expect(body(res).error.details.errors[0].path, query).toBe(param);
    }
  });
});

describe('isolation between keys', () => {
  test('another key gets 404 for every route of a render and never sees it in a list', async () => {
    const owner = t.key('owner', 100);
    const other = t.key('other', 100);
    const id = body(await submit(t.app, owner, titleBody(1, { output_format: 'png' }))).id as string;
    await waitForRender(t.app, owner, id);
    for (const [method, url] of [['GET', `/v1/renders/${id}`], ['DELETE', `/v1/renders/${id}`], ['GET', `/v1/renders/${id}/download`]] as const) {
      const res = await t.app.inject({ method, url, headers: bearer(other) });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(body(res).error.code).toBe('not_found');
    }
    expect((await list(other)).data).toEqual([]);
    expect((await list(owner)).data.map((j: { id: string }) => j.id)).toEqual([id]);
    // The owner still has it, untouched.
    expect(body(await t.app.inject({ method: 'GET', url: `/v1/renders/${id}`, headers: bearer(owner) })).status).toBe('completed');
  });
});

describe('DELETE /v1/renders/{id}', () => {
  test('cancels a queued render, and stops a processing one within seconds, leaving no file; refunded; 409 once completed', async () => {
    const k = t.key('cancel', 2000);
    const long = body(await submit(t.app, k, titleBody(600))).id as string; // 6000 frames: still running when stopped
    const queued = body(await submit(t.app, k, titleBody(1))).id as string;
    const running = await waitForRender(t.app, k, long, (j) => j.status === 'processing' && j.progress_percent > 0);
    expect(running.progress_stage).toBe('compositing');
    expect(running.queue_position).toBe(0);
    expect(body(await t.app.inject({ method: 'GET', url: `/v1/renders/${queued}`, headers: bearer(k) }))).toMatchObject({ status: 'queued', queue_position: 1 });
    expect(await credits(k)).toBe(2000 - 600 - 1);

    const q = await t.app.inject({ method: 'DELETE', url: `/v1/renders/${queued}`, headers: bearer(k) });
    expect(q.statusCode).toBe(200);
    expect(body(q)).toMatchObject({ id: queued, status: 'cancelled' });
    expect(body(q).completed_at).not.toBeNull();
    // Cancelling again is idempotent.
    const again = await t.app.inject({ method: 'DELETE', url: `/v1/renders/${queued}`, headers: bearer(k) });
    expect(again.statusCode).toBe(200);
    expect(body(again).status).toBe('cancelled');

    const started = Date.now();
    const p = await t.app.inject({ method: 'DELETE', url: `/v1/renders/${long}`, headers: bearer(k) });
    const tookMs = Date.now() - started;
    expect(p.statusCode).toBe(200);
    expect(body(p)).toMatchObject({ id: long, status: 'cancelled' });
    expect(tookMs).toBeLessThan(5000);
    // The engine has stopped: nothing runs, nothing was written.
    expect(t.app.renderDriver.stats()).toMatchObject({ running: 0, queued: 0 });
    await expect(readdir(path.join(t.dataDir, 'renders', long))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await credits(k)).toBe(2000);
    // Still cancelled a moment later (the stopped render did not record anything else).
    await new Promise((r) => setTimeout(r, 300));
    for (const id of [long, queued]) {
      const job = body(await t.app.inject({ method: 'GET', url: `/v1/renders/${id}`, headers: bearer(k) }));
      expect(job.status).toBe('cancelled');
      expect(job.output).toBeUndefined();
    }

    const done = body(await submit(t.app, k, titleBody(1, { output_format: 'png' }))).id as string;
    await waitForRender(t.app, k, done);
    const late = await t.app.inject({ method: 'DELETE', url: `/v1/renders/${done}`, headers: bearer(k) });
    expect(late.statusCode).toBe(409);
    expect(body(late).error).toMatchObject({ code: 'conflict', details: { status: 'completed' } });
  });
});

describe('errors under /v1 use the Framelane envelope', () => {
  test('unknown route, no key, a bad key, bad JSON, a too-large body', async () => {
    const shape = (res: { statusCode: number; body: string }, status: number, code: string) => {
      expect(res.statusCode).toBe(status);
      const parsed = JSON.parse(res.body) as { error: { code: string; message: string }; success?: unknown };
      expect(parsed.error.code).toBe(code);
      expect(typeof parsed.error.message).toBe('string');
      expect(parsed.success).toBeUndefined();
    };
    shape(await t.app.inject({ method: 'GET', url: '/v1/nothing-here', headers: bearer(key) }), 404, 'not_found');
    shape(await t.app.inject({ method: 'GET', url: '/v1/renders' }), 401, 'unauthorized');
    shape(await t.app.inject({ method: 'GET', url: '/v1/renders', headers: bearer('sk-not-a-real-key-0000000000000000') }), 401, 'unauthorized');
    shape(await t.app.inject({ method: 'GET', url: '/v1/renders', headers: { authorization: 'Basic abc' } }), 401, 'unauthorized');
    const badJson = await t.app.inject({ method: 'POST', url: '/v1/renders', headers: { ...bearer(key), 'content-type': 'application/json' }, payload: '{"width": 160,' });
    shape(badJson, 422, 'invalid_request');
    const big = await t.app.inject({
      method: 'POST', url: '/v1/renders', headers: { ...bearer(key), 'content-type': 'application/json' },
      payload: JSON.stringify({ ...titleBody(1), metadata: { pad: 'x'.repeat(t.config.bodyLimitBytes) } }),
    });
    shape(big, 413, 'invalid_request');
    // The REST API keeps its own envelope.
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/video' }))).toMatchObject({ success: false, code: 'MISSING_API_KEY' });
  });

  test('429 rate_limited with Retry-After', async () => {
    const limited = await buildTestApp({ config: { rateLimitMax: 2 } });
    extra.push(limited);
    const k = limited.key('busy', 10);
    for (let i = 0; i < 2; i++) expect((await limited.app.inject({ method: 'GET', url: '/v1/renders', headers: bearer(k) })).statusCode).toBe(200);
    const res = await limited.app.inject({ method: 'GET', url: '/v1/renders', headers: bearer(k) });
    expect(res.statusCode).toBe(429);
    expect(body(res).error.code).toBe('rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});
