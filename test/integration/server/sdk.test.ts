/**
 * The documented client (test/integration/sdk-client.ts), unchanged, against a real server:
 * from POST to a downloadable, seekable MP4 with a signed webhook, using only the API.
 */
import http from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ApiClientError, RenderingVideoClient, verifyWebhookSignature } from '../sdk-client.js';
import { listenTestApp, pngBytes, tinyComposition, type TestApp } from '../helpers.js';

let t: TestApp & { baseUrl: string };
let client: RenderingVideoClient;
let hook: { url: string; calls: Array<{ body: string; signature?: string }>; close: () => Promise<void> };

beforeAll(async () => {
  t = await listenTestApp();
  client = new RenderingVideoClient(t.key('sdk', 30), t.baseUrl);
  const calls: Array<{ body: string; signature?: string }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      calls.push({ body, signature: req.headers['x-framesmith-signature'] as string | undefined });
      res.writeHead(200).end('OK');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hook = { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/webhook`, calls, close: () => new Promise((r) => server.close(() => r())) };
});
afterAll(async () => {
  await hook.close();
  await t.close();
});

async function poll(taskId: string): Promise<Record<string, any>> {
  for (let i = 0; i < 600; i++) {
    const task = await client.video.get(taskId);
    if (task.status === 'completed' || task.status === 'failed') return task;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('render did not finish');
}

test('capabilities and credits', async () => {
  const caps = await client.getCapabilities();
  expect(caps.schema.clipTypes).toContain('text');
  expect(caps.render.qualities.map((q: { quality: string }) => q.quality)).toEqual(['720p', '1080p', '2K']);
  expect((await client.credits.get()).credits).toBe(30);
  expect(await client.credits.hasEnough(31)).toBe(false);
});

test('create → render with a webhook → poll → download (and seek) → signed webhook', async () => {
  const task = await client.video.create({ config: tinyComposition(1), metadata: { projectId: 'proj_123' } });
  expect(task.status).toBe('created');
  const rendering = await client.video.render(task.taskId as string, { webhook_url: hook.url, num_workers: 5 });
  expect(rendering).toMatchObject({ status: 'rendering', cost: 1, remainingCredits: 29 });
  const done = await poll(task.taskId as string);
  expect(done.status).toBe('completed');
  const video = await fetch(done.videoUrl as string);
  expect(video.headers.get('content-type')).toBe('video/mp4');
  const bytes = Buffer.from(await video.arrayBuffer());
  expect(bytes.subarray(4, 8).toString()).toBe('ftyp');
  const seek = await fetch(done.videoUrl as string, { headers: { range: `bytes=${bytes.length - 10}-` } });
  expect(seek.status).toBe(206);
  for (let i = 0; i < 100 && hook.calls.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  const call = hook.calls[0]!;
  const payload = JSON.parse(call.body);
  expect(payload).toMatchObject({ taskId: task.taskId, renderTaskId: rendering.renderTaskId, status: 'completed' });
  const secret = (await (await fetch(`${t.baseUrl}/api/v1/webhooks/secret`, { headers: { 'X-API-Key': (client as any).apiKey } })).json()).secret as string;
  expect(await verifyWebhookSignature(call.body, call.signature, secret)).toBe(true);
  expect(await verifyWebhookSignature(call.body.replace('completed', 'failed'), call.signature, secret)).toBe(false);

  const again = await client.video.render(task.taskId as string);
  expect(again.alreadyRendered).toBe(true);
  const { tasks, pagination } = await client.video.list({ page: 1, limit: 20, status: 'completed' });
  expect(tasks.map((x: { taskId: string }) => x.taskId)).toContain(task.taskId);
  expect(pagination.total).toBe(1);
  const del = await client.video.delete(task.taskId as string);
  expect(del).toMatchObject({ deleted: true, remoteDeleted: true });
  await expect(client.video.get(task.taskId as string)).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
});

test('createAndRender, files and previews', async () => {
  const started = await client.video.createAndRender({ config: tinyComposition(1), numWorkers: 1 });
  expect(started.status).toBe('rendering');
  expect((await poll(started.taskId as string)).status).toBe('completed');

  const { assets } = await client.files.uploadBuffer(await pngBytes(), 'image.png', 'image/png');
  expect(assets[0]).toMatchObject({ name: 'image.png', type: 'image', mimeType: 'image/png' });
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(await pngBytes(4, 4))], { type: 'image/png' }), 'a.png');
  form.append('files', new Blob([new Uint8Array(await pngBytes(6, 6))], { type: 'image/png' }), 'b.png');
  expect((await client.files.upload(form)).count).toBe(2);
  const { files } = await client.files.list({ type: 'image', limit: 50 });
  expect(files).toHaveLength(3);
  expect((await client.files.delete(assets[0].id as string)).deleted).toBe(true);

  const preview = await client.preview.create(tinyComposition(1));
  expect(preview.previewUrl).toMatch(/\/t\//);
  expect((await client.preview.get(preview.tempId as string)).config).toEqual(tinyComposition(1));
  const converted = await client.preview.convert(preview.tempId as string, { category: 'marketing' });
  expect(converted.converted).toBe(true);
  const rendered = await client.preview.render(preview.tempId as string, { webhookUrl: hook.url });
  expect(rendered.taskId).toBe(converted.taskId);
  expect((await poll(rendered.taskId as string)).status).toBe('completed');
  expect((await client.preview.delete(preview.tempId as string)).deleted).toBe(true);
});

test('errors arrive as coded errors', async () => {
  await expect(client.video.create({ config: { meta: {}, tracks: [] } })).rejects.toMatchObject({ code: 'INVALID_CONFIG', status: 400 });
  const big = await client.video.create({ config: { ...tinyComposition(60), meta: { version: '2.0.0', width: 2560, height: 1440, fps: 1 } } });
  const err = await client.video.render(big.taskId as string).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApiClientError);
  expect(err).toMatchObject({ code: 'INSUFFICIENT_CREDITS', status: 402, details: { required: 120 } });
  const stranger = new RenderingVideoClient('sk-not-a-real-key-000000000000000', t.baseUrl);
  await expect(stranger.credits.get()).rejects.toMatchObject({ code: 'INVALID_API_KEY', status: 401 });
});
