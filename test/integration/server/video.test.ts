/**
 * Tasks end to end: create → render → poll → download over real HTTP (full and Range) →
 * ffprobe; alreadyRendered; ALREADY_RENDERING; credits charged and refunded; delete removes
 * files and cancels a running render.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { probeMedia } from '../../../engine/media/ffprobe.js';
import { resolveFfmpegPaths } from '../../../engine/encode/ffmpeg-path.js';
import { bearer, createAndRender, json, listenTestApp, tinyComposition, waitForTask, type TestApp } from '../helpers.js';

let t: TestApp & { baseUrl: string };
let tmp: string;
beforeAll(async () => {
  t = await listenTestApp();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'framesmith-dl-'));
});
afterAll(async () => {
  await t.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('create → render → poll → download', () => {
  let key: string;
  let taskId: string;
  let done: Record<string, any>;

  test('creating a task does not render it', async () => {
    key = t.key('flow', 10);
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/video', headers: bearer(key),
      payload: { config: tinyComposition(1), title: 'Tiny', metadata: { projectId: 'p1' } },
    });
    expect(res.statusCode).toBe(201);
    const body = json(res);
    expect(body).toMatchObject({ success: true, status: 'created', title: 'Tiny', category: 'api', width: 64, height: 48, duration: 1, quality: '720p', metadata: { projectId: 'p1' } });
    for (const field of ['previewUrl', 'viewerUrl', 'configUrl']) expect(body[field]).toMatch(new RegExp(`^${t.baseUrl}/`));
    expect(body.videoUrl).toBeUndefined();
    taskId = body.taskId;
    const credits = json(await t.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(key) }));
    expect(credits).toEqual({ success: true, credits: 10, currency: 'credits' });
  });

  test('render charges duration × multiplier, then completes', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/video/${taskId}/render`, headers: bearer(key), payload: { num_workers: 2 } });
    expect(res.statusCode).toBe(202);
    const body = json(res);
    expect(body).toMatchObject({ success: true, taskId, status: 'rendering', cost: 1, remainingCredits: 9, quality: '720p' });
    expect(body.renderTaskId).toMatch(/^rnd_/);
    done = await waitForTask(t.app, key, taskId);
    expect(done).toMatchObject({ status: 'completed', progress: 1, renderTaskId: body.renderTaskId, costCredits: 1 });
    expect(done.videoUrl).toMatch(new RegExp(`^${t.baseUrl}/dl/videos/${taskId}/rnd_[0-9a-f]+\\.mp4\\?expires=\\d+&sig=[0-9a-f]{64}$`));
    expect(done.completedAt).toBeTruthy();
  });

  test('the signed videoUrl downloads a playable MP4 with the composition\'s size, rate and frame count', async () => {
    const res = await fetch(done.videoUrl as string);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(done.videoSize);
    const file = path.join(tmp, 'out.mp4');
    await writeFile(file, bytes);
    const probe = await probeMedia(resolveFfmpegPaths().ffprobe, file, { countFrames: true });
    const video = probe.streams.find((s) => s.type === 'video');
    expect(video).toMatchObject({ codec: 'h264', width: 64, height: 48, frameCount: 10 });
    expect(video!.frameRate!.num / video!.frameRate!.den).toBe(10);
    expect(probe.format.durationSeconds).toBeCloseTo(1, 1);
  });

  test('Range requests answer 206 with the asked bytes (seekable)', async () => {
    const full = Buffer.from(await (await fetch(done.videoUrl as string)).arrayBuffer());
    const res = await fetch(done.videoUrl as string, { headers: { range: 'bytes=100-299' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 100-299/${full.length}`);
    const part = Buffer.from(await res.arrayBuffer());
    expect(part.equals(full.subarray(100, 300))).toBe(true);
    const tail = await fetch(done.videoUrl as string, { headers: { range: 'bytes=-50' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(full.subarray(full.length - 50))).toBe(true);
    const head = await fetch(done.videoUrl as string, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(full.length));
    expect(head.headers.get('etag')).toBeTruthy();
    const bad = await fetch(done.videoUrl as string, { headers: { range: `bytes=${full.length + 10}-` } });
    expect(bad.status).toBe(416);
    expect(bad.headers.get('content-range')).toBe(`bytes */${full.length}`);
    expect(await bad.json()).toMatchObject({ success: false, code: 'RANGE_NOT_SATISFIABLE' });
  });

  test('a tampered or expired signature is refused', async () => {
    const url = new URL(done.videoUrl as string);
    const sig = url.searchParams.get('sig')!;
    url.searchParams.set('sig', `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`);
    const tampered = await fetch(url);
    expect(tampered.status).toBe(403);
    expect(await tampered.json()).toMatchObject({ success: false, code: 'INVALID_SIGNATURE' });
    const other = new URL(done.videoUrl as string);
    other.pathname = other.pathname.replace(/rnd_[0-9a-f]+/, 'rnd_0000000000000000');
    expect((await fetch(other)).status).toBe(403);
    const expired = t.app.storage.signedUrl(new URL(done.videoUrl as string).pathname, 60, Date.now() - 3600_000);
    const res = await fetch(expired);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'URL_EXPIRED' });
    // A task page is opened by a person: an expired link answers a page that says so.
    const page = await fetch(t.app.storage.signedUrl(new URL(done.previewUrl as string).pathname, 60, Date.now() - 3600_000));
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<h1>Link expired</h1>');
  });

  test('the signed pages and config URL work without a key', async () => {
    const cfg = await fetch(done.configUrl as string);
    expect(cfg.status).toBe(200);
    expect(await cfg.json()).toEqual(tinyComposition(1));
    const page = await fetch(done.previewUrl as string);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('<canvas id="fs-canvas"');
    expect(html).toContain('/dl/videos/');
    // The player's document URL is signed like the page; unsigned it is refused.
    const documentUrl = JSON.parse(/<script id="framesmith-player-config" type="application\/json">(.*?)<\/script>/.exec(html)![1]!).document as string;
    expect(documentUrl).toMatch(/\/v\/[^/]+\/player\.json\?expires=\d+&sig=/);
    const doc = await fetch(new URL(documentUrl, done.previewUrl as string));
    expect(doc.status).toBe(200);
    expect(await doc.json()).toMatchObject({ format: 'framesmith-player/1', composition: { width: 64, height: 48 } });
    expect((await fetch(new URL(documentUrl.split('?')[0]!, done.previewUrl as string))).status).toBe(403);
    expect(done.viewerUrl).toMatch(/\/watch\//);
    const viewer = await fetch(done.viewerUrl as string);
    expect(viewer.status).toBe(200);
    expect(await viewer.text()).toContain('<pre>');
  });

  test('rendering again with nothing changed answers alreadyRendered and charges nothing', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/video/${taskId}/render`, headers: bearer(key), payload: {} });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ success: true, alreadyRendered: true, status: 'completed', cost: 0, remainingCredits: 9, renderTaskId: done.renderTaskId });
    expect(json(res).videoUrl).toMatch(/\/dl\/videos\//);
  });

  test('list pages, filters by status and category', async () => {
    const other = json(await t.app.inject({ method: 'POST', url: '/api/v1/video', headers: bearer(key), payload: { config: tinyComposition(1), category: 'marketing' } }));
    const all = json(await t.app.inject({ method: 'GET', url: '/api/v1/video?category=all&limit=1', headers: bearer(key) }));
    expect(all.pagination).toEqual({ page: 1, limit: 1, total: 2 });
    expect(all.tasks).toHaveLength(1);
    expect(all.tasks[0].taskId).toBe(other.taskId); // newest first
    const api = json(await t.app.inject({ method: 'GET', url: '/api/v1/video', headers: bearer(key) }));
    expect(api.tasks.map((x: { taskId: string }) => x.taskId)).toEqual([taskId]);
    const completed = json(await t.app.inject({ method: 'GET', url: '/api/v1/video?status=completed&category=all', headers: bearer(key) }));
    expect(completed.tasks.map((x: { taskId: string }) => x.taskId)).toEqual([taskId]);
    const created = json(await t.app.inject({ method: 'GET', url: '/api/v1/video?status=created&category=marketing&page=1&limit=100', headers: bearer(key) }));
    expect(created.tasks.map((x: { taskId: string }) => x.taskId)).toEqual([other.taskId]);
    const page2 = json(await t.app.inject({ method: 'GET', url: '/api/v1/video?category=all&limit=1&page=2', headers: bearer(key) }));
    expect(page2.tasks[0].taskId).toBe(taskId);
  });

  test('delete removes the task and its files', async () => {
    const dir = path.join(t.dataDir, 'renders', taskId);
    expect((await readdir(dir)).length).toBe(1);
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/video/${taskId}`, headers: { ...bearer(key), 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ success: true, taskId, deleted: true, remoteDeleted: true, message: 'task deleted' });
    expect(existsSync(dir)).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/video/${taskId}`, headers: bearer(key) })).statusCode).toBe(404);
    expect((await fetch(done.videoUrl as string)).status).toBe(404);
  });
});

describe('credits', () => {
  test('402 INSUFFICIENT_CREDITS before any work starts', async () => {
    const key = t.key('poor', 2);
    // 3 s at a 1080 short edge: 3 × 1.5 = 4.5 → 5 credits.
    const config = { ...tinyComposition(3), meta: { version: '2.0.0', width: 1920, height: 1080, fps: 10 } };
    const created = json(await t.app.inject({ method: 'POST', url: '/api/v1/video', headers: bearer(key), payload: { config } }));
    expect(created.quality).toBe('1080p');
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/video/${created.taskId}/render`, headers: bearer(key), payload: {} });
    expect(res.statusCode).toBe(402);
    expect(json(res)).toMatchObject({ success: false, code: 'INSUFFICIENT_CREDITS', details: { required: 5, available: 2 } });
    const task = json(await t.app.inject({ method: 'GET', url: `/api/v1/video/${created.taskId}`, headers: bearer(key) }));
    expect(task.status).toBe('created');
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(key) })).credits).toBe(2);
  });

  test('a failed render is refunded, with the reason on the task', async () => {
    const key = t.key('refund', 5);
    const config = tinyComposition(1);
    (config.tracks as Array<{ clips: unknown[] }>)[0]!.clips.push({ type: 'image', src: 'data:image/png;base64,bm90IGFuIGltYWdl', start: 0, duration: 1 });
    const { taskId } = await createAndRender(t.app, key, config);
    const done = await waitForTask(t.app, key, taskId);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/tracks\/0\/clips\/2/);
    expect(done.errorCode).toBe('ERR_ASSET_UNREADABLE');
    expect(done.videoUrl).toBeUndefined();
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(key) })).credits).toBe(5);
    const ledger = json(await t.app.inject({ method: 'GET', url: '/api/v1/credits/ledger', headers: bearer(key) }));
    expect(ledger.entries.map((e: { reason: string; delta: number }) => [e.reason, e.delta])).toEqual([['refund', 1], ['render', -1], ['grant', 5]]);
    // A failed task can be rendered again (and is charged again).
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/video/${taskId}/render`, headers: bearer(key), payload: {} });
    expect(again.statusCode).toBe(202);
    await waitForTask(t.app, key, taskId);
  });
});

describe('while a render runs', () => {
  // 320×240 for 20 s at 30 fps: 600 frames, long enough to be caught running.
  const slow = () => ({ ...tinyComposition(20), meta: { version: '2.0.0', width: 320, height: 240, fps: 30 } });

  test('a second render request is 409 ALREADY_RENDERING; delete cancels, refunds and removes it', async () => {
    const key = t.key('busy', 100);
    const { taskId, renderTaskId } = await createAndRender(t.app, key, slow());
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/video/${taskId}/render`, headers: bearer(key), payload: {} });
    expect(again.statusCode).toBe(409);
    expect(json(again)).toMatchObject({ success: false, code: 'ALREADY_RENDERING', details: { taskId, renderTaskId } });
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(key) })).credits).toBe(80);
    // Wait until it really runs, then delete.
    for (let i = 0; i < 200; i++) {
      const task = json(await t.app.inject({ method: 'GET', url: `/api/v1/video/${taskId}`, headers: bearer(key) }));
      if (task.queuePosition === 0 && task.progress > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const started = Date.now();
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/video/${taskId}`, headers: bearer(key) });
    expect(del.statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(t.app.renderDriver.stats().running).toBe(0);
    expect(existsSync(path.join(t.dataDir, 'renders', taskId))).toBe(false);
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(key) })).credits).toBe(100);
  });
});

describe('num_workers', () => {
  test('is passed to the engine as segment workers, capped by RENDER_MAX_WORKERS', async () => {
    const w = await listenTestApp({ config: { maxWorkersPerRender: 2 } });
    try {
      const key = w.key('workers', 10);
      // 60 frames: two segments of 30 (the engine's minimum segment).
      const config = { ...tinyComposition(3), meta: { version: '2.0.0', width: 64, height: 48, fps: 20 } };
      const { taskId, renderTaskId } = await createAndRender(w.app, key, config, { num_workers: 64 });
      expect(w.app.store.tasks.render(renderTaskId)!.workers).toBe(2);
      const done = await waitForTask(w.app, key, taskId);
      expect(done.status).toBe('completed');
      const file = path.join(tmp, 'workers.mp4');
      await writeFile(file, Buffer.from(await (await fetch(done.videoUrl as string)).arrayBuffer()));
      const probe = await probeMedia(resolveFfmpegPaths().ffprobe, file, { countFrames: true });
      expect(probe.streams.find((s) => s.type === 'video')!.frameCount).toBe(60);
    } finally {
      await w.close();
    }
  });
});
