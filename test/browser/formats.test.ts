/**
 * Every output format opens in a real browser (Debian's Chromium): videos decode to their
 * size and duration, GIF and stills to their size, audio to its duration.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCompositionFile } from '../../engine/load-composition.js';
import { renderComposition } from '../../engine/render/render-video.js';
import type { Composition } from '../../engine/model/composition.js';
import { FIXTURES_DIR } from '../setup/fixture-media.js';
import { launchChromium } from './chromium.js';

const TYPES: Record<string, string> = {
  '.mp4': 'video/mp4', '.mov': 'video/quicktime', '.webm': 'video/webm', '.gif': 'image/gif', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.m4a': 'audio/mp4', '.mp3': 'audio/mpeg', '.html': 'text/html',
};

let dir: string;
let server: http.Server;
let base: string;
let browser: Browser;
let motion: Composition;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'framesmith-browser-'));
  // Loopback only; serves the rendered files with their content types and byte ranges.
  server = http.createServer(async (req, res) => {
    if (req.url === '/blank.html') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>media</title><body></body>');
      return;
    }
    const file = path.join(dir, path.basename(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    const info = await stat(file).catch(() => undefined);
    if (!info) {
      res.writeHead(404).end();
      return;
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const range = /bytes=(\d*)-(\d*)/.exec(req.headers.range ?? '');
    if (range) {
      const start = range[1] ? Number(range[1]) : 0;
      const end = range[2] ? Number(range[2]) : info.size - 1;
      res.writeHead(206, { 'Content-Type': type, 'Content-Range': `bytes ${start}-${end}/${info.size}`, 'Content-Length': end - start + 1, 'Accept-Ranges': 'bytes' });
      createReadStream(file, { start, end }).pipe(res);
      return;
    }
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': info.size, 'Accept-Ranges': 'bytes' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  motion = (await loadCompositionFile(path.join(FIXTURES_DIR, 'e2e', 'motion.json'))).composition;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

interface Loaded { ok: boolean; error?: string; width?: number; height?: number; duration?: number }

/** Loads a media URL in a page as `<video>`, `<audio>` or `<img>` and reports what the browser decoded. */
async function loadInBrowser(kind: 'video' | 'audio' | 'img', url: string): Promise<Loaded> {
  const page = await browser.newPage();
  try {
    await page.goto(`${base}/blank.html`);
    return await page.evaluate(async ({ kind, url }) => {
      const el = document.createElement(kind);
      const result = new Promise<Loaded>((resolve) => {
        el.addEventListener('error', () => resolve({ ok: false, error: String((el as HTMLMediaElement).error?.message ?? 'error') }));
        if (kind === 'img') {
          el.addEventListener('load', () => resolve({ ok: true, width: (el as HTMLImageElement).naturalWidth, height: (el as HTMLImageElement).naturalHeight }));
        } else {
          el.addEventListener('loadeddata', () => {
            const m = el as HTMLVideoElement;
            resolve({ ok: true, width: m.videoWidth, height: m.videoHeight, duration: m.duration });
          });
        }
        setTimeout(() => resolve({ ok: false, error: 'timeout' }), 10_000);
      });
      (el as HTMLMediaElement).src = url;
      if (kind !== 'img') (el as HTMLMediaElement).preload = 'auto';
      document.body.append(el);
      return result;
    }, { kind, url });
  } finally {
    await page.close();
  }
}

describe('outputs open in Chromium', () => {
  it.each([
    ['mp4', 'video'],
    ['mov', 'video'],
    ['webm', 'video'],
    ['gif', 'img'],
  ] as const)('%s', async (format, kind) => {
    await renderComposition(motion, { output: path.join(dir, `motion.${format}`), frameRange: [0, 50] });
    const loaded = await loadInBrowser(kind, `${base}/motion.${format}`);
    expect(loaded).toMatchObject({ ok: true, width: 320, height: 240 });
    if (kind === 'video') expect(loaded.duration).toBeCloseTo(2, 1);
  });

  it('transparent webm', async () => {
    await renderComposition(motion, { output: path.join(dir, 'alpha.webm'), transparent: true, frameRange: [0, 25] });
    expect(await loadInBrowser('video', `${base}/alpha.webm`)).toMatchObject({ ok: true, width: 320, height: 240 });
  });

  it.each([['png'], ['jpg']])('%s still', async (format) => {
    await renderComposition(motion, { output: path.join(dir, `still.${format}`), timeSeconds: 1 });
    expect(await loadInBrowser('img', `${base}/still.${format}`)).toMatchObject({ ok: true, width: 320, height: 240 });
  });

  it.each([['m4a'], ['mp3']])('%s audio', async (format) => {
    await renderComposition(motion, { output: path.join(dir, `sound.${format}`), frameRange: [0, 50] });
    const loaded = await loadInBrowser('audio', `${base}/sound.${format}`);
    expect(loaded.ok).toBe(true);
    expect(loaded.duration).toBeGreaterThan(1.9);
  });
});
