/** Opens a composition file in the preview player (framesmith preview's app) in Chromium. */
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { expect } from 'vitest';
import { buildPreviewApp } from '../../server/player/preview-server.js';
import type { FrameImage } from '../golden/compare-frames.js';

export interface OpenedPreview {
  app: FastifyInstance;
  base: string;
  page: Page;
  close(): Promise<void>;
}

export async function openPreview(browser: Browser, file: string, query = '?paused=1', watchFile = false, initScript?: string): Promise<OpenedPreview> {
  const app = await buildPreviewApp({ file, watch: watchFile, debounceMs: 50 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const page = await browser.newPage();
  const errors = collectPageErrors(page);
  if (initScript) await page.addInitScript(initScript);
  await page.goto(`${base}/${query}`);
  return {
    app, base, page,
    async close() {
      await page.close();
      await app.close();
      expect(errors, 'uncaught errors in the page').toEqual([]);
    },
  };
}

/** Uncaught exceptions and unhandled rejections of the page, as they happen (assert it stays empty). */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Seeks the player and reads its canvas back as RGBA. */
export async function frameAt(page: Page, seconds: number): Promise<FrameImage> {
  const dataUrl = await page.evaluate(async (t) => {
    const player = (window as unknown as { framesmithPlayer: { seek(s: number): Promise<void> } }).framesmithPlayer;
    await player.seek(t);
    return (document.getElementById('fs-canvas') as HTMLCanvasElement).toDataURL('image/png');
  }, seconds);
  const png = PNG.sync.read(Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
  return { width: png.width, height: png.height, data: png.data };
}

/** Waits for the player; resolves to its error message, or undefined when it is ready. */
export async function playerReady(page: Page): Promise<string | undefined> {
  return page.evaluate(async () => {
    const player = (window as unknown as { framesmithPlayer?: { ready: Promise<void> } }).framesmithPlayer;
    if (!player) return 'no window.framesmithPlayer';
    try {
      await player.ready;
      return undefined;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  });
}

/** Mirrored in docs/preview.md. */
export const PREVIEW_TOLERANCE = {
  /** Mean absolute difference over every RGBA channel value (0..255). */
  meanAbsDiff: 2.5,
  /** Share of pixels with a channel more than 64 apart (glyph edges, video scaling). */
  farPixels: 0.02,
  /** Share of pixels pixelmatch (YIQ threshold 0.1, anti-aliasing ignored) calls different. */
  mismatch: 0.03,
} as const;

export interface Difference {
  meanAbsDiff: number;
  farPixels: number;
  mismatch: number;
  diff: Buffer;
}

export function difference(a: FrameImage, b: FrameImage): Difference {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let sum = 0;
  let far = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    let worst = 0;
    for (let c = 0; c < 4; c++) {
      const d = Math.abs(a.data[i + c]! - b.data[i + c]!);
      sum += d;
      if (d > worst) worst = d;
    }
    if (worst > 64) far++;
  }
  const pixels = a.width * a.height;
  const diff = new PNG({ width: a.width, height: a.height });
  const mismatched = pixelmatch(a.data, b.data, diff.data, a.width, a.height, { threshold: 0.1, includeAA: false });
  return { meanAbsDiff: sum / a.data.length, farPixels: far / pixels, mismatch: mismatched / pixels, diff: PNG.sync.write(diff) };
}

export function withinTolerance(d: Difference): boolean {
  return d.meanAbsDiff <= PREVIEW_TOLERANCE.meanAbsDiff && d.farPixels <= PREVIEW_TOLERANCE.farPixels && d.mismatch <= PREVIEW_TOLERANCE.mismatch;
}

