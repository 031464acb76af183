/**
 * Webhooks of `/v1` renders against a receiver on 127.0.0.1: the `{ id, type, created_at, data }`
 * envelope, `Framelane-Signature` verified the way a receiver does (HMAC over "<t>.<raw body>"
 * with the key's webhook secret, timestamp tolerance), completed / failed / cancelled / throttled
 * progress events, retries that re-sign with a fresh timestamp, the delivery log
 * (`GET /v1/renders/{id}/webhooks`), and no progress event after a render's terminal event.
 */
import http from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { createFramelaneEvents } from '../../../server/framelane/events.js';
import type { FlRenderRecord } from '../../../server/store/framelane-store.js';
import { bearer, buildTestApp, json, type TestApp } from '../helpers.js';
import { body, receiver, submit, titleBody, verifyFramelaneSignature, waitForRender } from './v1-helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(config: Parameters<typeof buildTestApp>[0] = {}) {
  const t = await buildTestApp(config);
  cleanups.push(() => t.close());
  const key = t.key('hooks', 5000);
  const secret = json(await t.app.inject({ method: 'GET', url: '/api/v1/webhooks/secret', headers: bearer(key) })).secret as string;
  return { t, key, secret };
}

async function hook(status: Parameters<typeof receiver>[0] = 200) {
  const rx = await receiver(status);
  cleanups.push(() => rx.close());
  return rx;
}

const parsed = (raw: string) => JSON.parse(raw) as { id: string; type: string; created_at: string; data: Record<string, any> };

describe('/v1 webhooks', () => {
  test('render.completed: the envelope with the job (output, metadata), signed with Framelane-Signature', async () => {
    const { t, key, secret } = await setup();
    const rx = await hook();
    const res = await submit(t.app, key, titleBody(1, { webhook_url: rx.url, metadata: { order: 'A-17' } }));
    expect(res.statusCode).toBe(202);
    const id = body(res).id as string;
    const call = await rx.waitFor((r) => parsed(r.body).type === 'render.completed');
    const event = parsed(call.body);
    expect(Object.keys(event).sort()).toEqual(['created_at', 'data', 'id', 'type']);
    expect(event.id).toMatch(/^evt_[0-9A-Z]{26}$/);
    expect(new Date(event.created_at).toISOString()).toBe(event.created_at);
    expect(event.data).toMatchObject({ id, kind: 'render', status: 'completed', progress_percent: 100, metadata: { order: 'A-17' } });
    expect(event.data.output).toMatchObject({ width: 160, height: 90, duration: 1 });
    // The job was saved before the event was sent.
    expect(t.app.store.framelane.byId(id)?.status).toBe('completed');

    expect(call.headers['content-type']).toBe('application/json');
    expect(call.headers['framelane-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(call.headers['x-framesmith-signature']).toBeUndefined();
    expect(verifyFramelaneSignature(call.headers['framelane-signature'] as string, call.body, secret)).toBe(true);
    // A receiver rejects a changed body, another secret and a stale timestamp.
    expect(verifyFramelaneSignature(call.headers['framelane-signature'] as string, call.body.replace('A-17', 'A-18'), secret)).toBe(false);
    expect(verifyFramelaneSignature(call.headers['framelane-signature'] as string, call.body, `${secret}x`)).toBe(false);
    expect(verifyFramelaneSignature(call.headers['framelane-signature'] as string, call.body, secret, -1)).toBe(false);
    // The output URL in the event downloads the artifact and outlives the retries (24 h).
    const expires = Number(new URL(event.data.output.url as string).searchParams.get('expires'));
    expect(expires - Date.now() / 1000).toBeGreaterThan(23 * 3600);
    const file = await t.app.inject({ method: 'GET', url: new URL(event.data.output.url as string).pathname + new URL(event.data.output.url as string).search });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.length).toBe(event.data.output.size_bytes);
  });

  test('render.failed carries the error; render.cancelled is sent for a cancelled job', async () => {
    const { t, key, secret } = await setup();
    const rx = await hook(204);
    const failing = body(await submit(t.app, key, titleBody(1, {
      webhook_url: rx.url, elements: [{ type: 'image', id: 'x', source_url: 'http://127.0.0.1:9/x.png', time: 0, duration: 1 }],
    })));
    const failed = parsed((await rx.waitFor((r) => parsed(r.body).type === 'render.failed')).body);
    expect(failed.data).toMatchObject({ id: failing.id, status: 'failed', error: { code: 'invalid_source' } });

    const blocker = body(await submit(t.app, key, titleBody(600))).id as string;
    const queued = body(await submit(t.app, key, titleBody(1, { webhook_url: rx.url }))).id as string;
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/renders/${queued}`, headers: bearer(key) })).statusCode).toBe(200);
    const cancelled = await rx.waitFor((r) => parsed(r.body).type === 'render.cancelled');
    expect(parsed(cancelled.body).data).toMatchObject({ id: queued, status: 'cancelled' });
    expect(verifyFramelaneSignature(cancelled.headers['framelane-signature'] as string, cancelled.body, secret)).toBe(true);
    await t.app.inject({ method: 'DELETE', url: `/v1/renders/${blocker}`, headers: bearer(key) });
  });

  test('render.progress: while processing, at most one per 10 % step and per 2 s, never retried', async () => {
    const { t, key } = await setup();
    const rx = await hook(500); // progress events are not retried even when refused
    const id = body(await submit(t.app, key, titleBody(600, { webhook_url: rx.url }))).id as string;
    const first = await rx.waitFor((r) => parsed(r.body).type === 'render.progress', 30_000);
    const event = parsed(first.body);
    expect(event.data).toMatchObject({ id, status: 'processing' });
    expect(event.data.progress_percent).toBeGreaterThanOrEqual(10);
    expect(event.data.progress_percent).toBeLessThan(100);
    expect(['compositing', 'encoding']).toContain(event.data.progress_stage);
    // Let a second step pass, then stop the render.
    await new Promise((r) => setTimeout(r, 2500));
    await t.app.inject({ method: 'DELETE', url: `/v1/renders/${id}`, headers: bearer(key) });
    const progressDeliveries = () => t.app.store.webhooks.forTask(id).filter((d) => d.event === 'render.progress');
    // An attempt is recorded once its answer is in: wait for the last one.
    for (let i = 0; i < 100 && progressDeliveries().some((d) => d.status === 'pending'); i++) await new Promise((r) => setTimeout(r, 20));
    const deliveries = progressDeliveries();
    const progress = rx.received.map((r) => parsed(r.body)).filter((e) => e.type === 'render.progress');
    const times = progress.map((e) => new Date(e.created_at).getTime());
    const steps = progress.map((e) => Math.floor((e.data.progress_percent as number) / 10));
    for (let i = 1; i < progress.length; i++) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(2000);
      expect(steps[i]!).toBeGreaterThan(steps[i - 1]!);
    }
    // A progress event queued while the cancel was stopping the render, not yet attempted when
    // render.cancelled was queued, is skipped (never sent after the terminal event).
    const attempted = deliveries.filter((d) => d.status !== 'skipped');
    expect(attempted.length).toBe(progress.length);
    for (const d of attempted) expect(d).toMatchObject({ retry: false, scheme: 'framelane', attempts: 1, status: 'failed' });
    for (const d of deliveries.filter((x) => x.status === 'skipped')) expect(d.attempts).toBe(0);
  });

  test('a refused delivery is retried with the same body and event id, re-signed with a fresh timestamp', async () => {
    const { t, key, secret } = await setup({ config: { webhookRetryDelaysMs: [1100] } });
    let completions = 0;
    const rx = await hook((call) => (parsed(call.body).type === 'render.completed' && ++completions === 1 ? 503 : 200));
    const id = body(await submit(t.app, key, titleBody(1, { webhook_url: rx.url }))).id as string;
    await waitForRender(t.app, key, id);
    await rx.waitFor(() => rx.received.filter((r) => parsed(r.body).type === 'render.completed').length >= 2, 20_000);
    const [a, b] = rx.received.filter((r) => parsed(r.body).type === 'render.completed');
    expect(b!.body).toBe(a!.body);
    expect(parsed(b!.body).id).toBe(parsed(a!.body).id);
    const ts = [a!, b!].map((r) => Number(/t=(\d+)/.exec(r.headers['framelane-signature'] as string)![1]));
    expect(ts[1]).toBeGreaterThan(ts[0]!);
    for (const r of [a!, b!]) expect(verifyFramelaneSignature(r.headers['framelane-signature'] as string, r.body, secret)).toBe(true);
    const delivery = t.app.store.webhooks.forTask(id).find((d) => d.event === 'render.completed');
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2, scheme: 'framelane' });
    // The delivery log through the API: both attempts, the first refused.
    const log = await t.app.inject({ method: 'GET', url: `/v1/renders/${id}/webhooks`, headers: bearer(key) });
    expect(log.statusCode).toBe(200);
    const completed = (body(log).data as Array<Record<string, any>>).find((d) => d.type === 'render.completed');
    expect(completed).toMatchObject({ id: delivery!.id, event_id: parsed(a!.body).id, status: 'delivered', attempts: 2, last_status_code: 200, last_error: null });
    expect(completed!.log.map((x: { status_code: number }) => x.status_code)).toEqual([503, 200]);
  });

  test('GET /v1/renders/{id}/webhooks lists the render\'s deliveries to its owner only', async () => {
    const { t, key } = await setup();
    const rx = await hook(201);
    const id = body(await submit(t.app, key, titleBody(1, { webhook_url: rx.url }))).id as string;
    const call = await rx.waitFor((r) => parsed(r.body).type === 'render.completed');
    let list: Array<Record<string, any>> = [];
    for (let i = 0; i < 100; i++) {
      list = body(await t.app.inject({ method: 'GET', url: `/v1/renders/${id}/webhooks`, headers: bearer(key) })).data;
      if (list.some((d) => d.type === 'render.completed' && d.status === 'delivered')) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const completed = list.find((d) => d.type === 'render.completed')!;
    expect(Object.keys(completed).sort()).toEqual([
      'attempts', 'created_at', 'delivered_at', 'event_id', 'id', 'last_error', 'last_status_code', 'log', 'next_attempt_at', 'status', 'type', 'url',
    ]);
    expect(completed).toMatchObject({
      id: expect.stringMatching(/^whd_/), event_id: parsed(call.body).id, url: rx.url, status: 'delivered', attempts: 1,
      last_status_code: 201, last_error: null, next_attempt_at: null,
    });
    expect(completed.log).toEqual([{ attempt: 1, at: expect.any(String), status_code: 201, error: null, duration_ms: expect.any(Number) }]);
    expect(call.headers['x-framesmith-delivery']).toBe(completed.id);
    // Another key's render, an unknown id: 404; a render without webhook_url: an empty list.
    const stranger = await t.app.inject({ method: 'GET', url: `/v1/renders/${id}/webhooks`, headers: bearer(t.key('stranger', 1)) });
    expect(stranger.statusCode).toBe(404);
    expect(body(stranger).error.code).toBe('not_found');
    expect((await t.app.inject({ method: 'GET', url: '/v1/renders/render_nope/webhooks', headers: bearer(key) })).statusCode).toBe(404);
    const quiet = body(await submit(t.app, key, titleBody(1, { output_format: 'png' }))).id as string;
    expect(body(await t.app.inject({ method: 'GET', url: `/v1/renders/${quiet}/webhooks`, headers: bearer(key) }))).toEqual({ data: [] });
    expect((await t.app.inject({ method: 'GET', url: `/v1/renders/${id}/webhooks` })).statusCode).toBe(401);
  });
});

describe('progress never after the terminal event', () => {
  /** Events of a render that exists only for the sender (the ordering is the sender's and events.ts's). */
  function eventsFor(t: TestApp, key: string, url: string) {
    const events = createFramelaneEvents({ webhooks: t.app.webhooks, view: (r) => ({ id: r.id, status: r.status, progress_percent: r.progressPercent }) });
    const render = { id: `render_${Math.random().toString(36).slice(2, 12).toUpperCase()}`, ownerId: t.app.store.keys.findByKey(key)!.id, webhookUrl: url, status: 'processing', progressPercent: 40 } as FlRenderRecord;
    return { events, render };
  }

  test('queuing render.completed skips progress not attempted yet, and no progress is queued after it', async () => {
    const { t, key } = await setup();
    const rx = await hook();
    const { events, render } = eventsFor(t, key, rx.url);
    events.send(render, 'render.progress'); // queued; its attempt has not started
    events.send({ ...render, status: 'completed', progressPercent: 100 }, 'render.completed');
    events.send({ ...render, progressPercent: 90 }, 'render.progress'); // too late: not queued
    await rx.waitFor((r) => parsed(r.body).type === 'render.completed');
    await new Promise((r) => setTimeout(r, 300));
    expect(rx.received.map((r) => parsed(r.body).type)).toEqual(['render.completed']);
    const deliveries = t.app.store.webhooks.forTask(render.id);
    expect(deliveries.map((d) => [d.event, d.status])).toEqual([['render.progress', 'skipped'], ['render.completed', 'delivered']]);
    expect(deliveries[0]).toMatchObject({ attempts: 0, lastError: 'not sent: render.completed was queued first', nextAttemptAt: null });
  });

  test('a progress attempt in flight ends before the terminal event is sent', async () => {
    const { t, key } = await setup();
    // A receiver that takes 800 ms to answer progress events; it notes when each request arrives and is answered.
    const log: Array<{ type: string; arrived: number; answered?: number }> = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const entry: { type: string; arrived: number; answered?: number } = { type: parsed(Buffer.concat(chunks).toString('utf8')).type, arrived: Date.now() };
        log.push(entry);
        setTimeout(() => { entry.answered = Date.now(); res.writeHead(200).end('ok'); }, entry.type === 'render.progress' ? 800 : 0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
    const { events, render } = eventsFor(t, key, `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`);
    events.send(render, 'render.progress');
    for (let i = 0; i < 200 && log.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(log.map((e) => e.type)).toEqual(['render.progress']); // in flight now
    events.send({ ...render, status: 'failed' }, 'render.failed');
    for (let i = 0; i < 300 && !log.some((e) => e.type === 'render.failed'); i++) await new Promise((r) => setTimeout(r, 10));
    const [progress, failed] = log;
    expect(failed?.type).toBe('render.failed');
    expect(failed!.arrived).toBeGreaterThanOrEqual(progress!.answered!);
    // The receiver has answered; the sender records the answer a moment later.
    const statuses = () => t.app.store.webhooks.forTask(render.id).map((d) => d.status);
    for (let i = 0; i < 300 && statuses().includes('pending'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(statuses()).toEqual(['delivered', 'delivered']);
  });
});
