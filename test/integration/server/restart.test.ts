/**
 * Durability: closing the app and opening it again on the same data folder loses nothing.
 * A render stopped by a graceful close is re-queued; one whose process died (left `running`)
 * is re-queued until it has been interrupted RENDER_MAX_ATTEMPTS times, then failed with the
 * reason and refunded. Never left `rendering`.
 */
import { afterEach, expect, test } from 'vitest';
import { bearer, buildTestApp, createAndRender, json, tempDataDir, tinyComposition, waitForTask, type TestApp } from '../helpers.js';

const open: TestApp[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

const slow = () => ({ ...tinyComposition(20), meta: { version: '2.0.0', width: 320, height: 240, fps: 30 } });

test('tasks, keys, files and credits survive a restart; a render cut by a graceful close finishes after it', async () => {
  const dataDir = await tempDataDir();
  const first = await buildTestApp({ dataDir, keepData: true });
  const key = first.key('durable', 50);
  const kept = json(await first.app.inject({ method: 'POST', url: '/api/v1/video', headers: bearer(key), payload: { config: tinyComposition(), title: 'kept' } }));
  const { taskId, renderTaskId } = await createAndRender(first.app, key, slow());
  for (let i = 0; i < 200 && first.app.renderDriver.stats().running === 0; i++) await new Promise((r) => setTimeout(r, 25));
  expect(first.app.renderDriver.stats().running).toBe(1);
  await first.close(); // aborts the render; it goes back to the queue

  const second = await buildTestApp({ dataDir });
  open.push(second);
  expect(json(await second.app.inject({ method: 'GET', url: `/api/v1/video/${kept.taskId}`, headers: bearer(key) }))).toMatchObject({ title: 'kept', status: 'created' });
  const done = await waitForTask(second.app, key, taskId);
  expect(done).toMatchObject({ status: 'completed', renderTaskId });
  // Charged once: 20 s × 1.0.
  expect(json(await second.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(key) })).credits).toBe(30);
  const render = second.app.store.tasks.render(renderTaskId)!;
  expect(render.interruptions).toBe(0);
});

test('a render left running by a crash is re-queued, and failed with the reason after too many crashes', async () => {
  const dataDir = await tempDataDir();
  const first = await buildTestApp({ dataDir, keepData: true, config: { renderMaxAttempts: 2 } });
  const key = first.key('crash', 10);
  const ok = json(await first.app.inject({ method: 'POST', url: '/api/v1/video', headers: bearer(key), payload: { config: tinyComposition() } }));
  const doomed = json(await first.app.inject({ method: 'POST', url: '/api/v1/video', headers: bearer(key), payload: { config: tinyComposition() } }));
  // Simulate two renders that were running when the process died: charged, rows left `running`.
  const start = (taskId: string) => {
    const r = first.app.store.tasks.startRender(first.app.store.tasks.byId(taskId)!, { cost: 1, workers: null, webhookUrl: null });
    if (!r.ok) throw new Error('not started');
    first.app.store.tasks.markRunning(r.render.id);
    return r.render.id;
  };
  const okRender = start(ok.taskId);
  const doomedRender = start(doomed.taskId);
  // The doomed one already crashed once before.
  first.app.store.db.prepare('UPDATE renders SET interruptions = 1 WHERE id = ?').run(doomedRender);
  await first.close();

  const second = await buildTestApp({ dataDir, config: { renderMaxAttempts: 2 } });
  open.push(second);
  const failed = json(await second.app.inject({ method: 'GET', url: `/api/v1/video/${doomed.taskId}`, headers: bearer(key) }));
  expect(failed.status).toBe('failed');
  expect(failed.error).toMatch(/server stopped during this render 2 times/);
  expect(failed.errorCode).toBe('ERR_RENDER_INTERRUPTED');
  const done = await waitForTask(second.app, key, ok.taskId);
  expect(done).toMatchObject({ status: 'completed', renderTaskId: okRender });
  expect(second.app.store.tasks.render(okRender)!.interruptions).toBe(1);
  // 10 − 1 (ok) − 1 (doomed) + 1 (doomed refunded)
  expect(json(await second.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(key) })).credits).toBe(9);
  const rendering = json(await second.app.inject({ method: 'GET', url: '/api/v1/video?status=rendering', headers: bearer(key) }));
  expect(rendering.tasks).toEqual([]);
});
