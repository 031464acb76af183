/**
 * `/v1/renders` end to end: the seed example of the issue (a video element and a title) with a
 * local video uploaded through `/v1/uploads`, rendered to a real MP4 checked with ffprobe and
 * downloaded through the 302; still and GIF outputs; a failing source reported in Framelane's
 * codes and refunded.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveFfmpegPaths } from '../../../engine/encode/ffmpeg-path.js';
import { probeMedia } from '../../../engine/media/ffprobe.js';
import { MEDIA_FIXTURES, NUMBERED, decodeFrameNumber } from '../../setup/media-fixtures.js';
import { runFfmpeg } from '../../../engine/encode/ffmpeg-process.js';
import { bearer, buildTestApp, json, type TestApp } from '../helpers.js';
import { body, pathOf, submit, titleBody, upload, waitForRender } from './v1-helpers.js';

const { ffmpeg, ffprobe } = resolveFfmpegPaths();
let t: TestApp;
let key: string;

beforeAll(async () => {
  t = await buildTestApp();
  key = t.key('renders', 100);
});
afterAll(async () => t.close());

/** Follows GET /v1/renders/{id}/download: the 302, then the signed URL; returns the artifact. */
async function download(id: string): Promise<{ bytes: Buffer; contentType: string | undefined; location: string }> {
  const redirect = await t.app.inject({ method: 'GET', url: `/v1/renders/${id}/download`, headers: bearer(key) });
  expect(redirect.statusCode).toBe(302);
  const location = redirect.headers.location as string;
  expect(location).toMatch(new RegExp(`^${t.config.publicUrl}/v1/downloads/${id}/[^?]+\\?expires=\\d+&sig=[0-9a-f]{64}$`));
  // Signed: no key needed, and valid for about 15 minutes.
  const expires = Number(new URL(location).searchParams.get('expires'));
  expect(expires - Date.now() / 1000).toBeGreaterThan(14 * 60);
  expect(expires - Date.now() / 1000).toBeLessThanOrEqual(15 * 60 + 1);
  const file = await t.app.inject({ method: 'GET', url: pathOf(location) });
  expect(file.statusCode).toBe(200);
  return { bytes: file.rawPayload, contentType: file.headers['content-type'] as string | undefined, location };
}

describe('the seed example (a video element and a title)', () => {
  test('renders through /v1/renders to an MP4 that ffprobe confirms, downloaded through the 302', async () => {
    const video = await upload(t.app, key, 'video/mp4', await readFile(MEDIA_FIXTURES.numberedWithAudio), 'numbered.mp4');
    expect(video.put.statusCode).toBe(200);
    expect(video.sourceUrl).toMatch(/\/v1\/files\/file_[0-9a-f]{16}\.mp4$/);
    const seed = {
      width: NUMBERED.width, height: 120, frame_rate: 25, output_format: 'mp4', output_filename: 'seed',
      metadata: { project_id: 'seed-1' },
      elements: [
        {
          type: 'video', id: 'clip', source_url: video.sourceUrl, time: 0, in_point: 0, out_point: 2,
          x: 0, y: 0, x_anchor: '0%', y_anchor: '0%', width: NUMBERED.width, height: NUMBERED.height, volume: 80,
        },
        { type: 'text', id: 'title', text: 'Seed example', time: 0, duration: 2, y: 108, font_size: 14, font_weight: 700, text_color: '#ffffff' },
      ],
    };
    const res = await submit(t.app, key, seed);
    expect(res.statusCode).toBe(202);
    const queued = body(res);
    expect(queued).toMatchObject({ kind: 'render', status: 'queued', progress_percent: 0, metadata: { project_id: 'seed-1' }, completed_at: null });
    expect(queued.id).toMatch(/^render_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(queued.workspace_id).toMatch(/^ws_[0-9a-f]+$/);
    expect(queued.output).toBeUndefined();

    const done = await waitForRender(t.app, key, queued.id);
    expect(done).toMatchObject({ status: 'completed', progress_percent: 100, metadata: { project_id: 'seed-1' } });
    expect(done.error).toBeUndefined();
    expect(new Date(done.completed_at).getTime()).toBeGreaterThanOrEqual(new Date(done.created_at).getTime());
    expect(done.output).toMatchObject({ width: 160, height: 120, duration: 2 });

    const { bytes, contentType, location } = await download(queued.id);
    expect(contentType).toBe('video/mp4');
    expect(decodeURIComponent(new URL(location).pathname)).toMatch(/\/seed\.mp4$/);
    expect(bytes.length).toBe(done.output.size_bytes);
    const file = path.join(t.dataDir, 'downloaded-seed.mp4');
    await writeFile(file, bytes);
    const probe = await probeMedia(ffprobe, file, { countFrames: true });
    expect(probe.format.formatName).toContain('mp4');
    expect(probe.format.durationSeconds).toBeGreaterThan(1.95);
    expect(probe.format.durationSeconds).toBeLessThan(2.1);
    expect(probe.streams.find((s) => s.type === 'video')).toMatchObject({ codec: 'h264', width: 160, height: 120, frameCount: 50 });
    expect(probe.streams.find((s) => s.type === 'audio')).toMatchObject({ codec: 'aac' });
    // The uploaded video really is in it: output frame k shows source frame k.
    const { stdout } = await runFfmpeg(ffmpeg, ['-v', 'error', '-i', file, '-frames:v', '1', '-ss', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1']);
    const top = stdout.subarray(0, NUMBERED.width * NUMBERED.height * 4);
    expect(decodeFrameNumber(top, NUMBERED.width, NUMBERED.height)).toBe(25);
    // Stored with the format's extension; the data folder holds exactly that artifact for the render.
    expect(await readdir(path.join(t.dataDir, 'renders', queued.id))).toEqual([`${queued.id}.mp4`]);
  });
});

describe('other output formats', () => {
  test('png: a still of the frame at 0 s, width × height, duration 0', async () => {
    const res = await submit(t.app, key, titleBody(1, { output_format: 'png', background_color: '#ff0000ff' }));
    expect(res.statusCode).toBe(202);
    const done = await waitForRender(t.app, key, body(res).id);
    expect(done).toMatchObject({ status: 'completed', output_format: 'png', output: { width: 160, height: 90, duration: 0 } });
    const { bytes, contentType } = await download(done.id);
    expect(contentType).toBe('image/png');
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(bytes.length).toBe(done.output.size_bytes);
    // Width and height from the PNG header; the corner is the background colour.
    expect(bytes.readUInt32BE(16)).toBe(160);
    expect(bytes.readUInt32BE(20)).toBe(90);
    const file = path.join(t.dataDir, 'still.png');
    await writeFile(file, bytes);
    const { stdout } = await runFfmpeg(ffmpeg, ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']);
    expect([...stdout.subarray(0, 3)]).toEqual([255, 0, 0]);
  });

  test('gif: an animated GIF at the body\'s frame rate', async () => {
    const res = await submit(t.app, key, titleBody(1, { output_format: 'gif' }));
    const done = await waitForRender(t.app, key, body(res).id);
    expect(done).toMatchObject({ status: 'completed', output_format: 'gif', output: { width: 160, height: 90, duration: 1 } });
    const { bytes, contentType } = await download(done.id);
    expect(contentType).toBe('image/gif');
    expect(bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    const file = path.join(t.dataDir, 'anim.gif');
    await writeFile(file, bytes);
    const probe = await probeMedia(ffprobe, file, { countFrames: true });
    expect(probe.streams[0]).toMatchObject({ codec: 'gif', width: 160, height: 90, frameCount: 10 });
  });

  test('alpha: true needs webm or mov (422 naming alpha)', async () => {
    const res = await submit(t.app, key, titleBody(1, { alpha: true }));
    expect(res.statusCode).toBe(422);
    expect(body(res).error.details.errors.map((e: { path: string }) => e.path)).toContain('alpha');
  });
});

describe('failures', () => {
  test('a source the engine refuses fails the job with a Framelane code, refunded, no artifact', async () => {
    const before = json(await t.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(key) })).credits as number;
    // 127.0.0.1 is refused by the media address guard (FRAMESMITH_ALLOW_PRIVATE_MEDIA is not set).
    const res = await submit(t.app, key, titleBody(1, {
      elements: [{ type: 'image', id: 'logo', source_url: 'http://127.0.0.1:9/logo.png', time: 0, duration: 1 }],
    }));
    expect(res.statusCode).toBe(202);
    const done = await waitForRender(t.app, key, body(res).id);
    expect(done.status).toBe('failed');
    expect(done.error.code).toBe('invalid_source');
    expect(done.error.message).toContain('/elements/0/source_url');
    expect(done.output).toBeUndefined();
    const after = json(await t.app.inject({ method: 'GET', url: '/api/v1/credits', headers: bearer(key) })).credits as number;
    expect(after).toBe(before);
    const dl = await t.app.inject({ method: 'GET', url: `/v1/renders/${done.id}/download`, headers: bearer(key) });
    expect(dl.statusCode).toBe(409);
    expect(body(dl).error).toMatchObject({ code: 'conflict', details: { status: 'failed' } });
  });
});

describe('progress', () => {
  test('without a webhook, progress is written but the render row is not read back after each write (it was, every 500 ms)', async () => {
    const store = t.app.store.framelane;
    const { byId, setProgress } = store;
    let writes = 0;
    let readsAfterWrite = 0;
    let justWrote = false;
    store.setProgress = function (this: typeof store, ...args: Parameters<typeof setProgress>) {
      writes++;
      // Only a read in the same tick as the write (the processor's), not a later poll.
      justWrote = true;
      queueMicrotask(() => { justWrote = false; });
      return setProgress.apply(this, args);
    };
    store.byId = function (this: typeof store, ...args: Parameters<typeof byId>) {
      if (justWrote) readsAfterWrite++;
      justWrote = false;
      return byId.apply(this, args);
    };
    try {
      const created = await submit(t.app, key, titleBody(2));
      expect(created.statusCode).toBe(202);
      const job = await waitForRender(t.app, key, body(created).id as string);
      expect(job.status).toBe('completed');
      expect(writes).toBeGreaterThan(0);
      expect(readsAfterWrite).toBe(0);
    } finally {
      store.setProgress = setProgress;
      store.byId = byId;
    }
  });
});
