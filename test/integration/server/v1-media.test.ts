/**
 * Media in through `/v1`: an upload URL, the signed PUT (declared type, magic bytes, size and
 * single use), the `source_url` rendered from and served back; imports from a local HTTP server
 * (allowed by configuration here), their type (video or audio by the streams in the file), their
 * failures, and the address guard refusing private addresses by default; the storage limit and
 * the cap on imports in progress; unknown body fields; 416 with Content-Range.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MEDIA_FIXTURES } from '../../setup/media-fixtures.js';
import { bearer, buildTestApp, pngBytes, wavBytes, type TestApp } from '../helpers.js';
import { body, pathOf, submit, upload, waitForRender } from './v1-helpers.js';

let t: TestApp;
let key: string;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  t = await buildTestApp({ config: { mediaAllowPrivate: true, uploadMaxFileBytes: 64 * 1024 } });
  key = t.key('media', 100);
});
afterAll(async () => t.close());
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A body that shows the image at `url` filling a 160×90 still. */
const imageStill = (url: string) => ({
  width: 160, height: 90, output_format: 'png', background_color: '#000000ff',
  elements: [{ type: 'image', id: 'pic', source_url: url, time: 0, duration: 1 }],
});

/** The first pixel of a completed PNG render, through its download. */
async function firstPixel(app: TestApp['app'], k: string, id: string): Promise<number[]> {
  const redirect = await app.inject({ method: 'GET', url: `/v1/renders/${id}/download`, headers: bearer(k) });
  const file = await app.inject({ method: 'GET', url: pathOf(redirect.headers.location as string) });
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  const img = await loadImage(file.rawPayload);
  const ctx = createCanvas(img.width, img.height).getContext('2d');
  ctx.drawImage(img, 0, 0);
  return [...ctx.getImageData(0, 0, 1, 1).data];
}

/** An HTTP server on 127.0.0.1 serving `routes` (path → bytes); anything else is 404. */
async function mediaServer(routes: Record<string, Buffer>) {
  const server = http.createServer((req, res) => {
    const bytes = routes[req.url ?? ''];
    if (!bytes) return void res.writeHead(404).end('missing');
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) }).end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

async function waitForImport(app: TestApp['app'], k: string, id: string): Promise<Record<string, any>> {
  for (let i = 0; i < 400; i++) {
    const res = body(await app.inject({ method: 'GET', url: `/v1/imports/${id}`, headers: bearer(k) }));
    if (res.status !== 'processing') return res;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`import ${id} still processing`);
}

describe('uploads', () => {
  test('POST /v1/uploads, PUT the bytes, then render with source_url; the source_url serves the file to its owner only', async () => {
    const png = await pngBytes(16, 16);
    const { slot, put, sourceUrl, uploadUrl } = await upload(t.app, key, 'image/png', png, 'green.png');
    expect(Object.keys(slot).sort()).toEqual(['expires_at', 'id', 'source_url', 'upload_url']);
    // The upload URL is signed for one hour.
    const expires = Number(new URL(uploadUrl).searchParams.get('expires'));
    expect(expires - Date.now() / 1000).toBeGreaterThan(3590);
    expect(Math.abs(new Date(slot.expires_at as string).getTime() / 1000 - expires)).toBeLessThan(2);
    expect(put.statusCode).toBe(200);
    expect(body(put)).toMatchObject({ source_url: sourceUrl, content_type: 'image/png', size_bytes: png.length });
    expect(sourceUrl).toMatch(new RegExp(`^${t.config.publicUrl}/v1/files/file_[0-9a-f]{16}\\.png$`));

    const res = await submit(t.app, key, imageStill(sourceUrl));
    expect(res.statusCode).toBe(202);
    const done = await waitForRender(t.app, key, body(res).id);
    expect(done.status).toBe('completed');
    // The uploaded green picture fills the frame.
    const [r, g, b] = await firstPixel(t.app, key, done.id);
    expect([r, g, b]).toEqual([0, 255, 0]);

    const served = await t.app.inject({ method: 'GET', url: pathOf(sourceUrl), headers: bearer(key) });
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(png)).toBe(true);
    const stranger = t.key('stranger', 10);
    expect((await t.app.inject({ method: 'GET', url: pathOf(sourceUrl), headers: bearer(stranger) })).statusCode).toBe(404);
    // Another key cannot render from it either.
    const theirs = await submit(t.app, stranger, imageStill(sourceUrl));
    expect(theirs.statusCode).toBe(422);
    expect(body(theirs).error).toMatchObject({ code: 'invalid_source', details: { errors: [expect.objectContaining({ path: 'elements[0].source_url' })] } });
    // The same upload is one of the key's files for the REST API too.
    const files = (await t.app.inject({ method: 'GET', url: '/api/v1/files', headers: bearer(key) })).json() as { files: Array<{ name: string }> };
    expect(files.files.map((f) => f.name)).toContain('green.png');
  });

  test('415 answers give this API\'s advice: the declared type for an upload PUT, JSON for a POST (not the REST upload route)', async () => {
    const slot = body(await t.app.inject({ method: 'POST', url: '/v1/uploads', headers: bearer(key), payload: { content_type: 'audio/wav' } }));
    const url = pathOf(slot.upload_url as string);
    const empty = await t.app.inject({ method: 'PUT', url, headers: { 'content-type': '' }, payload: wavBytes() });
    expect(empty.statusCode).toBe(415);
    expect(body(empty).error).toMatchObject({ code: 'invalid_request', details: { declared: 'audio/wav' } });
    expect(body(empty).error.message).toBe('send the file with Content-Type: audio/wav (the type declared for this upload), not none');
    // A tampered URL learns nothing about the upload.
    const flipped = url.replace(/sig=(.)/, (_m, c: string) => `sig=${c === '0' ? '1' : '0'}`);
    const tampered = await t.app.inject({ method: 'PUT', url: flipped, headers: { 'content-type': '' }, payload: wavBytes() });
    expect(tampered.statusCode).toBe(415);
    expect(body(tampered).error.message).not.toMatch(/audio\/wav/);
    const post = await t.app.inject({ method: 'POST', url: '/v1/renders', headers: { ...bearer(key), 'content-type': 'text/plain' }, payload: 'x' });
    expect(post.statusCode).toBe(415);
    expect(body(post).error).toMatchObject({ code: 'invalid_request', message: 'unsupported Content-Type text/plain: send the body as application/json' });
    for (const res of [empty, tampered, post]) expect(body(res).error.message).not.toMatch(/api\/v1|multipart/);
    // The upload is still open: the right type goes through.
    expect((await t.app.inject({ method: 'PUT', url, headers: { 'content-type': 'audio/wav' }, payload: wavBytes() })).statusCode).toBe(200);
  });

  test('refusals: unsupported types, content that is not the declared type, wrong Content-Type, tampered or reused URLs, too large', async () => {
    for (const type of ['application/pdf', 'font/ttf', 'image/tiff']) {
      const res = await t.app.inject({ method: 'POST', url: '/v1/uploads', headers: bearer(key), payload: { content_type: type } });
      expect(res.statusCode, type).toBe(422);
      expect(body(res).error.code, type).toBe('unsupported_content_type');
    }
    const missing = await t.app.inject({ method: 'POST', url: '/v1/uploads', headers: bearer(key), payload: { filename: 'x.png' } });
    expect(missing.statusCode).toBe(422);
    expect(body(missing).error.details.errors[0]).toMatchObject({ path: 'content_type', type: 'missing' });

    // A WAV declared as a PNG.
    const lie = await upload(t.app, key, 'image/png', wavBytes());
    expect(lie.put.statusCode).toBe(422);
    expect(body(lie.put).error).toMatchObject({ code: 'unsupported_content_type', details: { declared: 'image/png', detected: 'audio/wav' } });
    // Nothing was kept: rendering from it is refused.
    expect(body(await submit(t.app, key, imageStill(lie.sourceUrl))).error.code).toBe('invalid_source');

    const slot = body(await t.app.inject({ method: 'POST', url: '/v1/uploads', headers: bearer(key), payload: { content_type: 'audio/wav' } }));
    const url = pathOf(slot.upload_url as string);
    const wrongType = await t.app.inject({ method: 'PUT', url, headers: { 'content-type': 'audio/mpeg' }, payload: wavBytes() });
    expect(wrongType.statusCode).toBe(422);
    expect(body(wrongType).error.code).toBe('unsupported_content_type');
    const flipped = url.replace(/sig=(.)/, (_m, c: string) => `sig=${c === '0' ? '1' : '0'}`);
    const tampered = await t.app.inject({ method: 'PUT', url: flipped, headers: { 'content-type': 'audio/wav' }, payload: wavBytes() });
    expect(tampered.statusCode).toBe(403);
    expect(body(tampered).error.code).toBe('forbidden');
    expect((await t.app.inject({ method: 'PUT', url, headers: { 'content-type': 'audio/wav' }, payload: wavBytes() })).statusCode).toBe(200);
    const reused = await t.app.inject({ method: 'PUT', url, headers: { 'content-type': 'audio/wav' }, payload: wavBytes() });
    expect(reused.statusCode).toBe(409);
    expect(body(reused).error.code).toBe('conflict');

    const big = await upload(t.app, key, 'image/png', await pngBytes(256, 256, true));
    expect(big.put.statusCode).toBe(422);
    expect(body(big.put).error.code).toBe('source_too_large');

    // mp4, mov and m4a share one container: the streams decide between video and sound.
    const videoAsSound = await upload(t.app, key, 'audio/mp4', await readFile(MEDIA_FIXTURES.numberedVideo));
    expect(videoAsSound.put.statusCode).toBe(422);
    expect(body(videoAsSound.put).error).toMatchObject({ code: 'unsupported_content_type', details: { declared: 'audio/mp4', detected: 'video' } });
    const soundAsVideo = await upload(t.app, key, 'video/mp4', await readFile(MEDIA_FIXTURES.clickM4a));
    expect(body(soundAsVideo.put).error).toMatchObject({ code: 'unsupported_content_type', details: { declared: 'video/mp4', detected: 'audio' } });
    expect((await upload(t.app, key, 'audio/mp4', await readFile(MEDIA_FIXTURES.clickM4a))).put.statusCode).toBe(200);
    expect((await upload(t.app, key, 'video/mp4', await readFile(MEDIA_FIXTURES.numberedWithAudio))).put.statusCode).toBe(200);
  });
});

/** An HTTP server on 127.0.0.1 that holds every request until `release()`, then answers `bytes`; counts requests. */
async function holdingServer(bytes: Buffer) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    void released.then(() => res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) }).end(bytes));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => { release(); server.closeAllConnections(); server.close(() => resolve()); }));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, release, hits: () => hits };
}

const ownerIdOf = (app: TestApp['app'], k: string) => app.store.keys.findByKey(k)!.id;
const importFrom = (app: TestApp['app'], k: string, url: string) => app.inject({ method: 'POST', url: '/v1/imports', headers: bearer(k), payload: { url } });

describe('storage limit and concurrent imports', () => {
  test('a key has at most 4 imports in progress: the 5th is 429 rate_limited; other keys are not affected', async () => {
    const png = await pngBytes(16, 16);
    const held = await holdingServer(png);
    const k = t.key('busy', 10);
    const started = [];
    for (let i = 0; i < 4; i++) {
      const res = await importFrom(t.app, k, `${held.url}/${i}.png`);
      expect(res.statusCode).toBe(202);
      started.push(body(res).id as string);
    }
    const fifth = await importFrom(t.app, k, `${held.url}/4.png`);
    expect(fifth.statusCode).toBe(429);
    expect(body(fifth).error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('4 imports in progress'), details: { max_concurrent_imports: 4 } });
    expect(t.app.store.framelaneMedia.processingCount(ownerIdOf(t.app, k))).toBe(4);
    const other = t.key('other', 10);
    const theirs = await importFrom(t.app, other, `${held.url}/other.png`);
    expect(theirs.statusCode).toBe(202);
    held.release();
    for (const id of [...started]) expect((await waitForImport(t.app, k, id)).status).toBe('ready');
    expect((await waitForImport(t.app, other, body(theirs).id)).status).toBe('ready');
    expect((await importFrom(t.app, k, `${held.url}/5.png`)).statusCode).toBe(202);
  });

  test('a full key is 402 before anything is fetched; an import or PUT is never fetched or stored past the limit', async () => {
    const png = await pngBytes(16, 16);
    const filler = wavBytes(3); // 50 bytes
    const small = await buildTestApp({ config: { mediaAllowPrivate: true, storageLimitBytes: png.length + filler.length } });
    cleanups.push(() => small.close());
    const k = small.key('small', 10);
    expect((await upload(small.app, k, 'image/png', png)).put.statusCode).toBe(200);
    // 50 bytes left: a larger import stops at them and fails as quota_exceeded (not source_too_large).
    const bigger = await mediaServer({ '/noise.png': await pngBytes(32, 32, true) });
    const over = await waitForImport(small.app, k, body(await importFrom(small.app, k, `${bigger}/noise.png`)).id);
    expect(over).toMatchObject({ status: 'failed', error: { code: 'quota_exceeded' } });
    const tooBig = await upload(small.app, k, 'image/png', await pngBytes(32, 32, true));
    expect(tooBig.put.statusCode).toBe(402);
    expect(body(tooBig.put).error).toMatchObject({ code: 'quota_exceeded', details: { limit_bytes: png.length + filler.length } });
    // Fill it exactly: now an import is refused at once and its URL is never requested.
    expect((await upload(small.app, k, 'audio/wav', filler)).put.statusCode).toBe(200);
    const held = await holdingServer(png);
    const full = await importFrom(small.app, k, `${held.url}/x.png`);
    expect(full.statusCode).toBe(402);
    expect(body(full).error.code).toBe('quota_exceeded');
    await new Promise((r) => setTimeout(r, 100));
    expect(held.hits()).toBe(0);
    expect(small.app.store.files.usedBytes(ownerIdOf(small.app, k))).toBe(png.length + filler.length);
  });

  test('concurrent PUTs that fit one at a time but not together: one is stored, the other is 402', async () => {
    const png = await pngBytes(16, 16);
    const tight = await buildTestApp({ config: { storageLimitBytes: 2 * png.length - 1 } });
    cleanups.push(() => tight.close());
    const k = tight.key('tight', 10);
    const slots = await Promise.all([0, 1].map(async () => body(await tight.app.inject({ method: 'POST', url: '/v1/uploads', headers: bearer(k), payload: { content_type: 'image/png' } }))));
    const puts = await Promise.all(slots.map((s) => tight.app.inject({ method: 'PUT', url: pathOf(s.upload_url as string), headers: { 'content-type': 'image/png' }, payload: png })));
    expect(puts.map((p) => p.statusCode).sort()).toEqual([200, 402]);
    expect(tight.app.store.files.usedBytes(ownerIdOf(tight.app, k))).toBe(png.length);
  });
});

describe('unknown body fields', () => {
  test('POST /v1/uploads and /v1/imports refuse an unknown field with 422 naming it (not dropped)', async () => {
    const extra = await t.app.inject({ method: 'POST', url: '/v1/uploads', headers: bearer(key), payload: { content_type: 'image/png', bogus: 1 } });
    expect(extra.statusCode).toBe(422);
    expect(body(extra).error).toMatchObject({
      code: 'invalid_request', message: expect.stringContaining('bogus'),
      details: { errors: [{ path: 'bogus', type: 'unknown_field', message: 'unknown field "bogus"' }] },
    });
    const misspelt = await t.app.inject({ method: 'POST', url: '/v1/uploads', headers: bearer(key), payload: { content_type: 'image/png', file_name: 'a.png' } });
    expect(misspelt.statusCode).toBe(422);
    expect(body(misspelt).error.details.errors[0]).toMatchObject({ path: 'file_name', type: 'unknown_field', message: expect.stringContaining('"filename"') });
    const imported = await t.app.inject({ method: 'POST', url: '/v1/imports', headers: bearer(key), payload: { url: 'http://127.0.0.1:9/x.png', webhook_url: 'http://127.0.0.1:9/hook' } });
    expect(imported.statusCode).toBe(422);
    expect(body(imported).error.details.errors[0]).toMatchObject({ path: 'webhook_url', type: 'unknown_field' });
    // Nothing was started.
    expect(t.app.store.framelaneMedia.processingImports().filter((i) => i.url === 'http://127.0.0.1:9/x.png')).toEqual([]);
  });

  test('with FRAMELANE_ALLOW_UNKNOWN_FIELDS they are ignored', async () => {
    const lenient = await buildTestApp({ config: { framelaneAllowUnknownFields: true } });
    cleanups.push(() => lenient.close());
    const res = await lenient.app.inject({ method: 'POST', url: '/v1/uploads', headers: bearer(lenient.key('lenient', 1)), payload: { content_type: 'image/png', bogus: 1 } });
    expect(res.statusCode).toBe(201);
  });
});

describe('byte ranges', () => {
  test('a range outside the file is 416 in the /v1 envelope and keeps Content-Range: bytes */<size>', async () => {
    const png = await pngBytes(16, 16);
    const { sourceUrl } = await upload(t.app, key, 'image/png', png);
    const part = await t.app.inject({ method: 'GET', url: pathOf(sourceUrl), headers: { ...bearer(key), range: 'bytes=0-3' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-3/${png.length}`);
    const outside = await t.app.inject({ method: 'GET', url: pathOf(sourceUrl), headers: { ...bearer(key), range: `bytes=${png.length + 10}-` } });
    expect(outside.statusCode).toBe(416);
    expect(outside.headers['content-range']).toBe(`bytes */${png.length}`);
    expect(body(outside).error.code).toBe('invalid_request');
  });
});

describe('imports', () => {
  test('from a URL (private addresses allowed by configuration): processing, then ready with a source_url that renders', async () => {
    const png = await pngBytes(16, 16);
    const base = await mediaServer({ '/pics/green': png });
    const res = await t.app.inject({ method: 'POST', url: '/v1/imports', headers: bearer(key), payload: { url: `${base}/pics/green`, filename: 'green.png' } });
    expect(res.statusCode).toBe(202);
    const created = body(res);
    expect(created).toMatchObject({ status: 'processing', source_url: null });
    expect(created.id).toMatch(/^import_[0-9a-f]{24}$/);
    expect(new Date(created.created_at as string).toISOString()).toBe(created.created_at);
    const ready = await waitForImport(t.app, key, created.id);
    expect(ready).toMatchObject({ id: created.id, status: 'ready', error: null });
    expect(ready.source_url).toMatch(/\/v1\/files\/file_[0-9a-f]{16}\.png$/);
    const done = await waitForRender(t.app, key, body(await submit(t.app, key, imageStill(ready.source_url))).id);
    expect(done.status).toBe('completed');
    expect((await firstPixel(t.app, key, done.id)).slice(0, 3)).toEqual([0, 255, 0]);
    // Another key does not see the import.
    expect((await t.app.inject({ method: 'GET', url: `/v1/imports/${created.id}`, headers: bearer(t.key('x', 1)) })).statusCode).toBe(404);
  });

  test('an import\'s file name is cleaned like an upload\'s: no folders, no control characters, a fallback when nothing is left', async () => {
    const png = await pngBytes(8, 8);
    const base = await mediaServer({ '/': png, '/pics/': png });
    const cases: Array<[string, string | undefined, string]> = [
      [`${base}/pics/`, '../../etc/evil\u0007name.png', 'evilname.png'],
      [`${base}/pics/`, 'a\\b\\..', 'import.png'],
      [`${base}/`, undefined, 'import.png'],
    ];
    for (const [url, filename, expected] of cases) {
      const created = body(await t.app.inject({ method: 'POST', url: '/v1/imports', headers: bearer(key), payload: { url, ...(filename === undefined ? {} : { filename }) } }));
      const ready = await waitForImport(t.app, key, created.id);
      expect(ready.status, String(filename)).toBe('ready');
      const id = /(file_[0-9a-f]{16})/.exec(ready.source_url as string)![1]!;
      expect(t.app.store.files.byId(id)!.name, String(filename)).toBe(expected);
    }
  });

  test('ISO-BMFF: video or audio is decided by the streams in the file; the name only picks the type within that group', async () => {
    const base = await mediaServer({
      '/video': await readFile(MEDIA_FIXTURES.numberedVideo),
      '/video-with-sound': await readFile(MEDIA_FIXTURES.numberedWithAudio),
      '/sound': await readFile(MEDIA_FIXTURES.clickM4a),
    });
    const cases: Array<[string, string, string, string]> = [
      ['/video', 'clip.m4a', 'mp4', 'video/mp4'],
      ['/video-with-sound', 'clip.m4a', 'mp4', 'video/mp4'],
      ['/video', 'clip.mov', 'mov', 'video/quicktime'],
      ['/sound', 'song.mp4', 'm4a', 'audio/mp4'],
      ['/sound', 'song.mov', 'm4a', 'audio/mp4'],
    ];
    for (const [route, filename, ext, mime] of cases) {
      const created = body(await t.app.inject({ method: 'POST', url: '/v1/imports', headers: bearer(key), payload: { url: `${base}${route}`, filename } }));
      const ready = await waitForImport(t.app, key, created.id);
      expect(ready.status, `${route} as ${filename}`).toBe('ready');
      expect(ready.source_url, `${route} as ${filename}`).toMatch(new RegExp(`\\.${ext}$`));
      const id = /(file_[0-9a-f]{16})/.exec(ready.source_url as string)![1]!;
      const file = t.app.store.files.byId(id)!;
      expect({ type: file.type, mime: file.mimeType }, `${route} as ${filename}`).toEqual({ type: mime.split('/')[0], mime });
    }
  });

  test('failures: 404 is source_not_found, something that is not media is invalid_source, too big is source_too_large', async () => {
    const base = await mediaServer({
      '/text': Buffer.from('hello, not a picture'), '/big.png': await pngBytes(256, 256, true), '/corrupt.mp4': await readFile(MEDIA_FIXTURES.corrupt),
    });
    const cases: Array<[string, string]> = [
      [`${base}/missing.mp4`, 'source_not_found'], [`${base}/text`, 'invalid_source'], [`${base}/big.png`, 'source_too_large'],
      // An MP4 header with no readable streams: refused by the stream check, not stored.
      [`${base}/corrupt.mp4`, 'invalid_source'],
    ];
    for (const [url, code] of cases) {
      const created = body(await t.app.inject({ method: 'POST', url: '/v1/imports', headers: bearer(key), payload: { url } }));
      const failed = await waitForImport(t.app, key, created.id);
      expect(failed.status, url).toBe('failed');
      expect(failed.source_url).toBeNull();
      expect(failed.error.code, url).toBe(code);
      expect(typeof failed.error.message).toBe('string');
    }
  });

  test('private addresses are refused by default (422 invalid_source naming url)', async () => {
    const strict = await buildTestApp();
    cleanups.push(() => strict.close());
    const k = strict.key('strict', 10);
    const base = await mediaServer({ '/pic.png': await pngBytes() });
    for (const url of [`${base}/pic.png`, 'http://10.1.2.3/pic.png', 'http://[::1]/pic.png']) {
      const res = await strict.app.inject({ method: 'POST', url: '/v1/imports', headers: bearer(k), payload: { url } });
      expect(res.statusCode, url).toBe(422);
      expect(body(res).error).toMatchObject({ code: 'invalid_source', details: { errors: [expect.objectContaining({ path: 'url' })] } });
    }
    const notHttp = await strict.app.inject({ method: 'POST', url: '/v1/imports', headers: bearer(k), payload: { url: 'file:///etc/passwd' } });
    expect(notHttp.statusCode).toBe(422);
  });
});
