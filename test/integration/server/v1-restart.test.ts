/**
 * Restart safety of `/v1`: renders queued or processing when the server stops are not lost (a
 * graceful close puts them back in the queue; one left `processing` by a crash is retried until
 * RENDER_MAX_ATTEMPTS, then failed and refunded), and imports left fetching are fetched again.
 */
import http from 'node:http';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { createStore } from '../../../server/store/store.js';
import { bearer, buildTestApp, json, pngBytes, tempDataDir, type TestApp } from '../helpers.js';
import { body, submit, titleBody, waitForRender } from './v1-helpers.js';

const open: TestApp[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
  for (const c of cleanups.splice(0)) await c();
});

test('a graceful close puts processing and queued renders back in the queue; the next start finishes them, charged once', async () => {
  const dataDir = await tempDataDir();
  const first = await buildTestApp({ dataDir, keepData: true });
  const key = first.key('durable', 1000);
  const long = body(await submit(first.app, key, titleBody(300))).id as string;
  const short = body(await submit(first.app, key, titleBody(1, { output_format: 'png' }))).id as string;
  await waitForRender(first.app, key, long, (j) => j.status === 'processing');
  await first.close();
  // The rows as the stopped process left them: both back in the queue, no interruption counted.
  const db = createStore(path.join(dataDir, 'framesmith.db'));
  expect([long, short].map((id) => db.framelane.byId(id))).toEqual([
    expect.objectContaining({ status: 'queued', interruptions: 0, progressPercent: 0 }),
    expect.objectContaining({ status: 'queued', interruptions: 0 }),
  ]);
  db.close();

  const second = await buildTestApp({ dataDir });
  open.push(second);
  for (const id of [long, short]) expect((await waitForRender(second.app, key, id)).status).toBe('completed');
  expect(second.app.store.framelane.byId(long)?.interruptions).toBe(0);
  expect(json(await second.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(key) })).credits).toBe(1000 - 300 - 1);
});

test('a render left processing by a crash is retried, and failed (refunded) after too many crashes', async () => {
  const dataDir = await tempDataDir();
  const first = await buildTestApp({ dataDir, keepData: true, config: { renderMaxAttempts: 2 } });
  const key = first.key('crash', 10);
  const ownerId = first.app.store.keys.list()[0]!.id;
  // Two renders that were processing when the process died: charged, rows left `processing`.
  const crashed = (n: number) => {
    const made = first.app.store.framelane.create({
      ownerId, body: JSON.stringify(titleBody(1, { output_format: 'png' })), outputFormat: 'png', outputName: undefined, metadata: {}, webhookUrl: null, cost: 1, warnings: [],
    });
    if (made.outcome !== 'created') throw new Error(made.outcome);
    first.app.store.framelane.markProcessing(made.render.id);
    first.app.store.db.prepare('UPDATE framelane_renders SET interruptions = ? WHERE id = ?').run(n, made.render.id);
    return made.render.id;
  };
  const retried = crashed(0);
  const doomed = crashed(1);
  await first.close();

  const second = await buildTestApp({ dataDir, config: { renderMaxAttempts: 2 } });
  open.push(second);
  const failed = body(await second.app.inject({ method: 'GET', url: `/v1/renders/${doomed}`, headers: bearer(key) }));
  expect(failed).toMatchObject({ status: 'failed', error: { code: 'internal' } });
  expect(failed.error.message).toMatch(/server stopped during this render 2 times/);
  const done = await waitForRender(second.app, key, retried);
  expect(done.status).toBe('completed');
  expect(second.app.store.framelane.byId(retried)?.interruptions).toBe(1);
  // 10 − 1 − 1 + 1 (the failed one refunded)
  expect(json(await second.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(key) })).credits).toBe(9);
  expect(body(await second.app.inject({ method: 'GET', url: '/v1/renders?status=processing', headers: bearer(key) })).data).toEqual([]);
});

test('an import left processing is fetched again at the next start', async () => {
  const png = await pngBytes(8, 8);
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-length': String(png.length) }).end(png));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  const dataDir = await tempDataDir();
  const first = await buildTestApp({ dataDir, keepData: true });
  const key = first.key('imports', 10);
  // Recorded, never started: as if the process stopped while fetching.
  const record = first.app.store.framelaneMedia.createImport(first.app.store.keys.list()[0]!.id, `http://127.0.0.1:${(server.address() as { port: number }).port}/a.png`, null);
  await first.close();

  const second = await buildTestApp({ dataDir, config: { mediaAllowPrivate: true } });
  open.push(second);
  let state: Record<string, any> = {};
  for (let i = 0; i < 200; i++) {
    state = body(await second.app.inject({ method: 'GET', url: `/v1/imports/${record.id}`, headers: bearer(key) }));
    if (state.status !== 'processing') break;
    await new Promise((r) => setTimeout(r, 25));
  }
  expect(state).toMatchObject({ status: 'ready', error: null });
  expect(state.source_url).toMatch(/\.png$/);
});
