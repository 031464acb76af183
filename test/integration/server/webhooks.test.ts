/**
 * Webhooks against a receiver on 127.0.0.1: the documented payload, the HMAC signature, sent
 * after the task's state is saved, retries on non-2xx and on no answer, the delivery log, and
 * pending retries surviving a restart.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { bearer, buildTestApp, createAndRender, json, listenTestApp, tempDataDir, tinyComposition, waitForTask } from '../helpers.js';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A webhook receiver: `respond` decides each answer (a status, or 'hang' to never answer). */
async function receiver(respond: (n: number, req: Received) => number | 'hang' | Promise<number>) {
  const received: Received[] = [];
  const waiters: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      received.push(r);
      waiters.splice(0).forEach((w) => w());
      const answer = await respond(received.length, r);
      if (answer === 'hang') return;
      res.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  return {
    url,
    received,
    async waitFor(count: number, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > until) throw new Error(`only ${received.length} of ${count} webhook calls arrived`);
        await new Promise<void>((resolve) => { waiters.push(resolve); setTimeout(resolve, 100); });
      }
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function deliveries(app: Awaited<ReturnType<typeof buildTestApp>>['app'], key: string, taskId: string) {
  return json(await app.inject({ method: 'GET', url: `/api/v1/video/${taskId}/webhooks`, headers: bearer(key) })).deliveries as Array<Record<string, any>>;
}

async function waitForDelivery(app: Awaited<ReturnType<typeof buildTestApp>>['app'], key: string, taskId: string, status: string, attempts = 1) {
  for (let i = 0; i < 400; i++) {
    const list = await deliveries(app, key, taskId);
    if (list[0]?.status === status && list[0].attempts >= attempts) return list[0];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ${status} delivery for ${taskId}`);
}

describe('webhooks', () => {
  test('completed: the documented payload, signed, sent once the task is saved as completed', async () => {
    const t = await listenTestApp({ config: { webhookRetryDelaysMs: [50, 100, 150] } });
    cleanups.push(() => t.close());
    const key = t.key('hooks', 10);
    let statusSeenByReceiver: string | undefined;
    const rx = await receiver(async (_n, req) => {
      const { taskId } = JSON.parse(req.body) as { taskId: string };
      const res = await fetch(`${t.baseUrl}/api/v1/video/${taskId}`, { headers: bearer(key) });
      statusSeenByReceiver = ((await res.json()) as { status: string }).status;
      return 200;
    });
    cleanups.push(() => rx.close());
    const { taskId, renderTaskId } = await createAndRender(t.app, key, tinyComposition(), { webhook_url: rx.url });
    await rx.waitFor(1);
    const log = await waitForDelivery(t.app, key, taskId, 'delivered');
    const call = rx.received[0]!;
    const payload = JSON.parse(call.body) as Record<string, unknown>;
    expect(Object.keys(payload).sort()).toEqual(['renderTaskId', 'status', 'taskId', 'timestamp', 'videoUrl']);
    expect(payload).toMatchObject({ taskId, renderTaskId, status: 'completed' });
    expect(new Date(payload.timestamp as string).toISOString()).toBe(payload.timestamp);
    expect(statusSeenByReceiver).toBe('completed');
    // The signature: HMAC-SHA256 of the raw body with the key's webhook secret.
    const secret = json(await t.app.inject({ method: 'GET', url: '/api/v1/webhooks/secret', headers: bearer(key) })).secret as string;
    expect(secret).toMatch(/^whsec_/);
    expect(call.headers['x-framesmith-signature']).toBe(`sha256=${createHmac('sha256', secret).update(call.body).digest('hex')}`);
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.headers['x-framesmith-event']).toBe('render.completed');
    expect(call.headers['x-framesmith-delivery']).toMatch(/^whd_/);
    // Another key signs with another secret.
    const other = json(await t.app.inject({ method: 'GET', url: '/api/v1/webhooks/secret', headers: bearer(t.key('other')) })).secret;
    expect(other).not.toBe(secret);
    // The videoUrl in the webhook downloads the MP4.
    const video = await fetch(payload.videoUrl as string);
    expect(video.status).toBe(200);
    expect(video.headers.get('content-type')).toBe('video/mp4');
    expect(log).toMatchObject({ url: rx.url, event: 'render.completed', attempts: 1, lastStatusCode: 200, renderTaskId, payload });
    expect(log.log).toHaveLength(1);
  });

  test('failed: status failed with the error, no videoUrl', async () => {
    const t = await buildTestApp({ config: { webhookRetryDelaysMs: [] } });
    cleanups.push(() => t.close());
    const rx = await receiver(() => 204);
    cleanups.push(() => rx.close());
    const key = t.key('fail', 10);
    const config = tinyComposition();
    (config.tracks as Array<{ clips: unknown[] }>)[0]!.clips.push({ type: 'image', src: 'data:image/png;base64,AAAA', start: 0, duration: 1 });
    const { taskId } = await createAndRender(t.app, key, config, { webhook_url: rx.url });
    await rx.waitFor(1);
    const payload = JSON.parse(rx.received[0]!.body) as Record<string, unknown>;
    expect(payload).toMatchObject({ taskId, status: 'failed' });
    expect(payload.videoUrl).toBeUndefined();
    expect(payload.error).toMatch(/clips\/2/);
    expect(rx.received[0]!.headers['x-framesmith-event']).toBe('render.failed');
    expect((await waitForTask(t.app, key, taskId)).status).toBe('failed');
  });

  test('non-2xx answers are retried on the schedule until one succeeds; the log shows every attempt', async () => {
    const t = await buildTestApp({ config: { webhookRetryDelaysMs: [100, 200, 300] } });
    cleanups.push(() => t.close());
    const rx = await receiver((n) => (n < 3 ? 500 : 200));
    cleanups.push(() => rx.close());
    const key = t.key('retry', 10);
    const { taskId } = await createAndRender(t.app, key, tinyComposition(), { webhook_url: rx.url });
    await rx.waitFor(3);
    const [a, b, c] = rx.received;
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(90);
    expect(c!.at - b!.at).toBeGreaterThanOrEqual(190);
    expect(a!.body).toBe(c!.body); // the same bytes, the same signature
    expect(a!.headers['x-framesmith-signature']).toBe(c!.headers['x-framesmith-signature']);
    expect(c!.headers['x-framesmith-attempt']).toBe('3');
    const log = await waitForDelivery(t.app, key, taskId, 'delivered');
    expect(log.attempts).toBe(3);
    expect(log.log.map((x: { statusCode: number }) => x.statusCode)).toEqual([500, 500, 200]);
    expect(log.log[0].error).toBe('HTTP 500');
    expect(log.nextAttemptAt).toBeNull();
    await new Promise((r) => setTimeout(r, 400));
    expect(rx.received).toHaveLength(3);
  });

  test('no answer counts as a failure; after the last retry the delivery is failed', async () => {
    const t = await buildTestApp({ config: { webhookRetryDelaysMs: [50, 50], webhookTimeoutMs: 200 } });
    cleanups.push(() => t.close());
    const rx = await receiver(() => 'hang');
    cleanups.push(() => rx.close());
    const key = t.key('hang', 10);
    const { taskId } = await createAndRender(t.app, key, tinyComposition(), { webhook_url: rx.url });
    const log = await waitForDelivery(t.app, key, taskId, 'failed');
    expect(log.attempts).toBe(3);
    expect(log.log.every((x: { statusCode: number | null; error: string }) => x.statusCode === null && /no answer/.test(x.error))).toBe(true);
    expect(rx.received).toHaveLength(3);
  });

  test('a pending retry survives a restart', async () => {
    const dataDir = await tempDataDir();
    let answer = 503;
    const rx = await receiver(() => answer);
    cleanups.push(() => rx.close());
    const first = await buildTestApp({ dataDir, keepData: true, config: { webhookRetryDelaysMs: [1500] } });
    const key = first.key('restart', 10);
    const { taskId } = await createAndRender(first.app, key, tinyComposition(), { webhook_url: rx.url });
    await rx.waitFor(1);
    const pending = await waitForDelivery(first.app, key, taskId, 'pending');
    expect(pending.attempts).toBe(1);
    await first.close();
    answer = 200;
    const second = await buildTestApp({ dataDir, config: { webhookRetryDelaysMs: [1500] } });
    cleanups.push(() => second.close());
    await rx.waitFor(2);
    const log = await waitForDelivery(second.app, key, taskId, 'delivered');
    expect(log.log.map((x: { statusCode: number }) => x.statusCode)).toEqual([503, 200]);
    expect(rx.received[1]!.at - rx.received[0]!.at).toBeGreaterThanOrEqual(1400);
  });
});
