/** Uploads: kinds detected by content, list with a type filter, download, delete, use in a render. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { detectFileType } from '../../../server/uploads/detect-file-type.js';
import { bearer, createAndRender, json, listenTestApp, multipart, pngBytes, tinyComposition, waitForTask, wavBytes, type TestApp } from '../helpers.js';

let t: TestApp & { baseUrl: string };
let key: string;
beforeAll(async () => {
  t = await listenTestApp();
  key = t.key('uploads', 20);
});
afterAll(async () => { await t.close(); });

describe('upload and files', () => {
  let png: Record<string, any>;
  let wav: Record<string, any>;

  test('several files in "files"; type and MIME come from the content', async () => {
    const pngData = await pngBytes(16, 16);
    const { payload, headers } = multipart([
      { field: 'files', filename: 'dir/../logo.png', type: 'application/octet-stream', data: pngData },
      { field: 'files', filename: 'beep.wav', type: 'audio/wav', data: wavBytes() },
      { field: 'title', data: 'ignored text field' },
    ]);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/upload', headers: { ...headers, ...bearer(key) }, payload });
    expect(res.statusCode).toBe(201);
    const body = json(res);
    expect(body).toMatchObject({ success: true, count: 2 });
    [png, wav] = body.assets;
    expect(png).toMatchObject({ name: 'logo.png', type: 'image', mimeType: 'image/png', size: pngData.length });
    expect(wav).toMatchObject({ name: 'beep.wav', type: 'audio', mimeType: 'audio/wav' });
    expect(png.id).toMatch(/^file_[0-9a-f]{16}$/);
    expect(png.url).toBe(`${t.baseUrl}/api/v1/files/${png.id}/content`);
    expect(png.downloadUrl).toMatch(/\/dl\/files\/.+\?expires=\d+&sig=/);
  });

  test('one file in "file"; a rendered MP4 is a video', async () => {
    const render = await createAndRender(t.app, key, tinyComposition());
    const done = await waitForTask(t.app, key, render.taskId);
    const mp4 = Buffer.from(await (await fetch(done.videoUrl as string)).arrayBuffer());
    const { payload, headers } = multipart([{ field: 'file', filename: 'clip.mp4', type: 'video/mp4', data: mp4 }]);
    const body = json(await t.app.inject({ method: 'POST', url: '/api/v1/upload', headers: { ...headers, ...bearer(key) }, payload }));
    expect(body.assets[0]).toMatchObject({ type: 'video', mimeType: 'video/mp4', size: mp4.length });
  });

  test('list filters by type and pages', async () => {
    const images = json(await t.app.inject({ method: 'GET', url: '/api/v1/files?type=image', headers: bearer(key) }));
    expect(images.files.map((f: { id: string }) => f.id)).toEqual([png.id]);
    const all = json(await t.app.inject({ method: 'GET', url: '/api/v1/files?limit=2', headers: bearer(key) }));
    expect(all.pagination).toEqual({ page: 1, limit: 2, total: 3 });
    expect(all.files).toHaveLength(2);
  });

  test('the stable url serves the file with the key; the signed downloadUrl without; both take Range', async () => {
    const withKey = await fetch(png.url as string, { headers: bearer(key) });
    expect(withKey.status).toBe(200);
    expect(withKey.headers.get('content-type')).toBe('image/png');
    expect(withKey.headers.get('x-content-type-options')).toBe('nosniff');
    expect(withKey.headers.get('content-security-policy')).toMatch(/sandbox/);
    const bytes = Buffer.from(await withKey.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect((await fetch(png.url as string)).status).toBe(401);
    const signed = await fetch(png.downloadUrl as string, { headers: { range: 'bytes=0-7' } });
    expect(signed.status).toBe(206);
    expect(Buffer.from(await signed.arrayBuffer()).equals(bytes.subarray(0, 8))).toBe(true);
  });

  test('an upload\'s url works as media in the owner\'s composition (read locally, never fetched)', async () => {
    const config = tinyComposition();
    (config.tracks as Array<{ clips: unknown[] }>)[0]!.clips.push({ type: 'image', src: png.url, start: 0, duration: 1, transform: { x: 8, y: 8, width: 16, height: 16 } });
    const { taskId } = await createAndRender(t.app, key, config);
    const done = await waitForTask(t.app, key, taskId);
    expect(done.status).toBe('completed');
  });

  test('delete removes the stored object', async () => {
    const stored = t.app.store.files.get(t.app.store.keys.findByKey(key)!.id, wav.id as string)!;
    const file = path.join(t.dataDir, stored.path);
    expect(existsSync(file)).toBe(true);
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/files/${wav.id}`, headers: bearer(key) });
    expect(json(res)).toEqual({ success: true, fileId: wav.id, deleted: true, message: 'file deleted' });
    expect(existsSync(file)).toBe(false);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/files/${wav.id}`, headers: bearer(key) })).statusCode).toBe(404);
    expect((await fetch(wav.downloadUrl as string)).status).toBe(404);
  });
});

describe('detectFileType', () => {
  const b = (...bytes: number[]) => Buffer.from(bytes);
  const ftyp = (brand: string) => Buffer.concat([b(0, 0, 0, 24), Buffer.from(`ftyp${brand}`), Buffer.alloc(12)]);
  test.each([
    ['png', b(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0), 'image/png'],
    ['jpeg', b(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'image/jpeg'],
    ['gif', Buffer.from('GIF89a\x01\x00'), 'image/gif'],
    ['webp', Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 '), 'image/webp'],
    ['svg', Buffer.from('<?xml version="1.0"?>\n<!-- c -->\n<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml'],
    ['mp4', ftyp('isom'), 'video/mp4'],
    ['mov', ftyp('qt  '), 'video/quicktime'],
    ['m4a', ftyp('M4A '), 'audio/mp4'],
    ['webm', Buffer.concat([b(0x1a, 0x45, 0xdf, 0xa3), Buffer.from('\x9fB\x82\x84webm')]), 'video/webm'],
    ['mkv', Buffer.concat([b(0x1a, 0x45, 0xdf, 0xa3), Buffer.from('\x9fB\x82\x88matroska')]), 'video/x-matroska'],
    ['wav', Buffer.from('RIFF\x00\x00\x00\x00WAVEfmt '), 'audio/wav'],
    ['mp3 with ID3', Buffer.from('ID3\x04\x00\x00'), 'audio/mpeg'],
    ['mp3 frame', b(0xff, 0xfb, 0x90, 0x64), 'audio/mpeg'],
    ['aac adts', b(0xff, 0xf1, 0x50, 0x80), 'audio/aac'],
    ['ogg', Buffer.from('OggS\x00\x02'), 'audio/ogg'],
    ['flac', Buffer.from('fLaC\x00\x00'), 'audio/flac'],
  ])('%s', (_name, head, mime) => {
    expect(detectFileType(head)?.mimeType).toBe(mime);
  });
  test.each([
    ['text', Buffer.from('hello world')],
    ['html', Buffer.from('<html><svg></svg></html>')],
    ['pdf', Buffer.from('%PDF-1.7')],
    ['zip', b(0x50, 0x4b, 0x03, 0x04)],
    ['empty', Buffer.alloc(0)],
    ['heic', ftyp('heic')],
    ['riff other', Buffer.from('RIFF\x00\x00\x00\x00CDXA')],
  ])('refuses %s', (_name, head) => {
    expect(detectFileType(head)).toBeUndefined();
  });
});
