/**
 * Remote media against a local HTTP server on 127.0.0.1 (loopback only): refused by default,
 * fetched and cached when loopback is allowed, size limit, timeout, redirects (a redirect to a
 * refused address is refused), HTTP errors, data URIs and local files.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readMediaBytes, resolveMediaFile, resolveMediaSettings, type ReadMediaOptions } from '../../../engine/assets/read-media.js';
import { sha256Hex } from '../../../engine/assets/media-cache.js';
import { FramesmithError, hasErrorCode } from '../../../engine/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'framesmith-fetch-e2e-'));
const BODY = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
let server: Server;
let base = '';
const hits = new Map<string, number>();
const sockets = new Set<import('node:net').Socket>();

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
  switch (url.pathname) {
    case '/clip.mp4':
    case '/other.mp4':
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': BODY.length });
      res.end(BODY);
      return;
    case '/chunked.bin': // no Content-Length: the limit is enforced while streaming
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(BODY.subarray(0, 1500));
      setTimeout(() => res.end(BODY.subarray(1500)), 20);
      return;
    case '/slow.mp4': // headers, then silence
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': BODY.length });
      res.write(BODY.subarray(0, 100));
      return;
    case '/missing.mp4':
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not here');
      return;
    case '/redirect':
      res.writeHead(302, { location: '/clip.mp4' });
      res.end();
      return;
    case '/to-private':
      res.writeHead(302, { location: 'http://10.0.0.5/secret' });
      res.end();
      return;
    case '/to-ipv6-loopback':
      res.writeHead(301, { location: `http://[::1]:${(server.address() as AddressInfo).port}/clip.mp4` });
      res.end();
      return;
    case '/to-ftp':
      res.writeHead(302, { location: 'ftp://example.com/x' });
      res.end();
      return;
    case '/loop': {
      const n = Number(url.searchParams.get('n') ?? '0');
      res.writeHead(302, { location: `/loop?n=${n + 1}` });
      res.end();
      return;
    }
    default:
      res.writeHead(500);
      res.end();
  }
}

beforeAll(async () => {
  server = createServer(handle);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.requestTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

let cacheDir = '';
let n = 0;
beforeEach(() => {
  cacheDir = join(dir, `cache-${n++}`);
});

/** Options with a fresh cache, loopback allowed, and no environment. */
function opts(extra: ReadMediaOptions = {}): ReadMediaOptions {
  return { cacheDir, env: {}, allowPrivateAddresses: ['127.0.0.0/8'], ...extra };
}

const src = (uri: string) => ({ uri, pointer: '/tracks/0/clips/1/src' });

async function failure(p: Promise<unknown>): Promise<FramesmithError> {
  try {
    await p;
  } catch (err) {
    return err as FramesmithError;
  }
  throw new Error('expected a rejection');
}

function tmpLeftovers(): string[] {
  const tmp = join(cacheDir, 'tmp');
  return existsSync(tmp) ? readdirSync(tmp) : [];
}

describe('remote media', () => {
  it('refuses 127.0.0.1 by default, naming the pointer, the URL and the reason, without a request', async () => {
    const before = hits.get('/clip.mp4') ?? 0;
    const err = await failure(resolveMediaFile(src(`${base}/clip.mp4`), { cacheDir, env: {} }));
    expect(hasErrorCode(err, 'ERR_ASSET_UNREADABLE')).toBe(true);
    expect(err.message).toBe(`/tracks/0/clips/1/src: "${base}/clip.mp4": refused: 127.0.0.1 is a loopback address`);
    expect(err.stage).toBe('fetch');
    expect(hits.get('/clip.mp4') ?? 0).toBe(before);
  });

  it('refuses a name that resolves to a private address (checked at connect time)', async () => {
    const err = await failure(resolveMediaFile(src('http://media.test/a.mp4'), {
      cacheDir, env: {}, resolver: async () => [{ address: '10.0.0.5', family: 4 }],
    }));
    expect(err.message).toContain('"http://media.test/a.mp4": refused: 10.0.0.5 is a private address');
  });

  it('connects to the address the resolver gave (the pinned one), not a fresh DNS answer', async () => {
    const port = (server.address() as AddressInfo).port;
    const file = await resolveMediaFile(src(`http://pinned.test:${port}/clip.mp4`), opts({
      resolver: async () => [{ address: '127.0.0.1', family: 4 }],
    }));
    expect(readFileSync(file).equals(BODY)).toBe(true);
  });

  it('with loopback allowed: fetches, stores by content hash, and the second read does not hit the server', async () => {
    const url = `${base}/clip.mp4`;
    const before = hits.get('/clip.mp4') ?? 0;
    const file = await resolveMediaFile(src(url), opts());
    expect(file).toBe(join(cacheDir, 'objects', `${sha256Hex(BODY)}.mp4`));
    expect(readFileSync(file).equals(BODY)).toBe(true);
    expect(hits.get('/clip.mp4')).toBe(before + 1);
    const index = JSON.parse(readFileSync(join(cacheDir, 'urls', `${sha256Hex(url)}.json`), 'utf8'));
    expect(index).toMatchObject({ url, bytes: BODY.length, sha256: sha256Hex(BODY), contentType: 'video/mp4' });

    expect(await resolveMediaFile(src(url), opts())).toBe(file);
    expect((await readMediaBytes(src(url), opts())).equals(BODY)).toBe(true);
    expect(hits.get('/clip.mp4')).toBe(before + 1);
    expect(tmpLeftovers()).toEqual([]);
  });

  it('two URLs with the same bytes share one object; concurrent reads share one download', async () => {
    const a = resolveMediaFile(src(`${base}/other.mp4`), opts());
    const b = resolveMediaFile(src(`${base}/other.mp4`), opts());
    const before = hits.get('/other.mp4') ?? 0;
    const [fa, fb] = await Promise.all([a, b]);
    expect(fa).toBe(fb);
    expect(hits.get('/other.mp4')).toBe(before + 1);
    expect(await resolveMediaFile(src(`${base}/clip.mp4`), opts())).toBe(fa);
    expect(readdirSync(join(cacheDir, 'objects'))).toHaveLength(1);
  });

  it('enforces the size limit from Content-Length and while streaming; nothing partial stays in the cache', async () => {
    const declared = await failure(resolveMediaFile(src(`${base}/clip.mp4`), opts({ maxBytes: 1000 })));
    expect(declared.message).toContain('over the 1000-byte limit');
    const streamed = await failure(resolveMediaFile(src(`${base}/chunked.bin`), opts({ maxBytes: 2000 })));
    expect(streamed.message).toContain(`"${base}/chunked.bin": over the 2000-byte limit`);
    expect(tmpLeftovers()).toEqual([]);
    expect(existsSync(join(cacheDir, 'objects')) ? readdirSync(join(cacheDir, 'objects')) : []).toEqual([]);
    expect(existsSync(join(cacheDir, 'urls')) ? readdirSync(join(cacheDir, 'urls')) : []).toEqual([]);
    // The same limit from the environment.
    const env = await failure(resolveMediaFile(src(`${base}/clip.mp4`), { ...opts(), env: { FRAMESMITH_MAX_MEDIA_BYTES: '1000' } }));
    expect(env.message).toContain('over the 1000-byte limit');
    // Streaming without Content-Length works under the limit.
    expect(readFileSync(await resolveMediaFile(src(`${base}/chunked.bin`), opts())).equals(BODY)).toBe(true);
  });

  it('times out (option and env), leaving no partial file', async () => {
    const started = Date.now();
    const err = await failure(resolveMediaFile(src(`${base}/slow.mp4`), opts({ timeoutMs: 300 })));
    expect(err.message).toBe(`/tracks/0/clips/1/src: "${base}/slow.mp4": timed out after 0.3 s`);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(tmpLeftovers()).toEqual([]);
    const env = await failure(resolveMediaFile(src(`${base}/slow.mp4`), { ...opts(), env: { FRAMESMITH_FETCH_TIMEOUT_MS: '200' } }));
    expect(env.message).toContain('timed out after 0.2 s');
  });

  it('follows redirects, refusing one to a private or loopback address and more than 5', async () => {
    expect(readFileSync(await resolveMediaFile(src(`${base}/redirect`), opts())).equals(BODY)).toBe(true);
    const priv = await failure(resolveMediaFile(src(`${base}/to-private`), opts()));
    expect(priv.message).toBe(`/tracks/0/clips/1/src: "${base}/to-private": refused: 10.0.0.5 is a private address`);
    const v6 = await failure(resolveMediaFile(src(`${base}/to-ipv6-loopback`), opts()));
    expect(v6.message).toContain('refused: ::1 is a loopback address');
    const ftp = await failure(resolveMediaFile(src(`${base}/to-ftp`), opts()));
    expect(ftp.message).toContain('refused: ftp: URLs are not fetched');
    const before = hits.get('/loop') ?? 0;
    const loop = await failure(resolveMediaFile(src(`${base}/loop?n=0`), opts()));
    expect(loop.message).toContain('more than 5 redirects');
    expect((hits.get('/loop') ?? 0) - before).toBe(6);
  });

  it('reports HTTP errors with their status', async () => {
    const err = await failure(readMediaBytes(src(`${base}/missing.mp4`), opts()));
    expect(err.message).toBe(`/tracks/0/clips/1/src: "${base}/missing.mp4": HTTP 404 Not Found`);
    expect(err.details).toMatchObject({ pointer: '/tracks/0/clips/1/src', uri: `${base}/missing.mp4` });
  });

  it('FRAMESMITH_ALLOW_PRIVATE_MEDIA=1 lifts the guard; an invalid env value is an error', async () => {
    const file = await resolveMediaFile(src(`${base}/clip.mp4`), { cacheDir, env: { FRAMESMITH_ALLOW_PRIVATE_MEDIA: '1' } });
    expect(readFileSync(file).equals(BODY)).toBe(true);
    expect(() => resolveMediaSettings({ env: { FRAMESMITH_MAX_MEDIA_BYTES: '12MB' } })).toThrow('FRAMESMITH_MAX_MEDIA_BYTES must be a positive integer, got "12MB"');
    expect(resolveMediaSettings({ env: { FRAMESMITH_CACHE_DIR: '/tmp/x' } }).cacheDir).toBe('/tmp/x');
  });

  it('an aborted signal cancels the download', async () => {
    const ac = new AbortController();
    const p = failure(resolveMediaFile(src(`${base}/slow.mp4`), opts({ signal: ac.signal })));
    setTimeout(() => ac.abort(), 50);
    const err = await p;
    expect(hasErrorCode(err, 'ERR_RENDER_CANCELLED')).toBe(true);
    expect(tmpLeftovers()).toEqual([]);
  });
});

describe('data URIs and local files', () => {
  it('decodes base64 and percent-encoded data URIs; resolveMediaFile stores them by content hash', async () => {
    const b64 = `data:audio/wav;base64,${BODY.toString('base64')}`;
    expect((await readMediaBytes(src(b64), opts())).equals(BODY)).toBe(true);
    const file = await resolveMediaFile(src(b64), opts());
    expect(file).toBe(join(cacheDir, 'objects', `${sha256Hex(BODY)}.wav`));
    expect(readFileSync(file).equals(BODY)).toBe(true);
    expect(await resolveMediaFile(src(b64), opts())).toBe(file);
    expect((await readMediaBytes(src('data:text/plain,hello%20world'), opts())).toString()).toBe('hello world');
    const big = await failure(readMediaBytes(src(b64), opts({ maxBytes: 100 })));
    expect(big.message).toContain('data is 3000 bytes, over the 100-byte limit');
    expect(hasErrorCode(await failure(readMediaBytes(src('data:nonsense'), opts())), 'ERR_ASSET_UNREADABLE')).toBe(true);
  });

  it('local paths and file: URLs resolve to themselves; missing files and odd schemes are errors', async () => {
    const local = join(dir, 'local.bin');
    writeFileSync(local, BODY);
    expect(await resolveMediaFile(src(local), opts())).toBe(local);
    expect(await resolveMediaFile(src(`file://${local}`), opts())).toBe(local);
    expect((await readMediaBytes(src(local), 5000)).equals(BODY)).toBe(true);
    expect((await failure(readMediaBytes(src(local), 10))).message).toContain('over the 10-byte limit');
    const missing = await failure(resolveMediaFile(src(join(dir, 'nope.mp4')), opts()));
    expect(hasErrorCode(missing, 'ERR_FILE_NOT_FOUND')).toBe(true);
    expect(missing.message).toContain('/tracks/0/clips/1/src');
    const ftp = await failure(resolveMediaFile(src('ftp://example.com/a.mp4'), opts()));
    expect(ftp.message).toContain('ftp: URLs are not supported');
  });
});
