/**
 * The preview player draws what the renderer renders: for every golden fixture, the frame the
 * player shows in Chromium after `framesmithPlayer.seek(frame / fps)` is compared with the
 * committed golden PNG (the engine's frame) within {@link PREVIEW_TOLERANCE} (docs/preview.md).
 * A failure writes actual, expected and difference images under .golden-diff/browser/.
 *
 * Seeking is exact: where a fixture moves between frames, the player's frame n is nearer the
 * engine's frame n than its frames n − 1 and n + 1.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCompositionFile } from '../../engine/load-composition.js';
import { createStillRenderer } from '../../engine/render/render-still.js';
import { FIXTURES_DIR } from '../setup/fixture-media.js';
import { readPng, writeDiffImages, type FrameImage } from '../golden/compare-frames.js';
import { launchChromium } from './chromium.js';
import { difference, frameAt, openPreview, playerReady, PREVIEW_TOLERANCE, withinTolerance, type OpenedPreview } from './player-harness.js';

const manifest = JSON.parse(await readFile(path.join(FIXTURES_DIR, 'golden', 'manifest.json'), 'utf8')) as Record<string, unknown>;
const entries = Object.entries(manifest).filter((e): e is [string, number[]] => Array.isArray(e[1]));
const timeline = (name: string) => path.join(FIXTURES_DIR, 'timelines', `${name}.json`);
const golden = (name: string, frame: number) => path.join(FIXTURES_DIR, 'golden', name, `f${String(frame).padStart(4, '0')}.png`);

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function opened(name: string): Promise<{ preview: OpenedPreview; page: Page; fps: number }> {
  const preview = await openPreview(browser, timeline(name));
  const error = await playerReady(preview.page);
  expect(error, `${name}: the player reports an error`).toBeUndefined();
  const fps = await preview.page.evaluate(() => (window as unknown as { framesmithPlayer: { fps: number } }).framesmithPlayer.fps);
  return { preview, page: preview.page, fps };
}

describe('preview player fidelity (Chromium vs engine)', () => {
  it.each(entries)('%s matches its golden frames', async (name, frames) => {
    const { preview, page, fps } = await opened(name);
    try {
      for (const frame of frames) {
        const actual = await frameAt(page, frame / fps);
        const expected = await readPng(golden(name, frame));
        const d = difference(actual, expected);
        if (!withinTolerance(d)) {
          const where = await writeDiffImages(`browser/${name}/f${String(frame).padStart(4, '0')}`, actual, expected, d.diff);
          expect.fail(`${name} frame ${frame}: mean |Δ| ${d.meanAbsDiff.toFixed(2)}, far ${(d.farPixels * 100).toFixed(2)} %, `
            + `mismatch ${(d.mismatch * 100).toFixed(2)} % (tolerance ${JSON.stringify(PREVIEW_TOLERANCE)}); see ${where}-{actual,expected,diff}.png`);
        }
      }
    } finally {
      await preview.close();
    }
  });

  // Fixtures whose picture changes every frame: an off-by-one seek would show.
  it.each([['video', 12], ['video', 30], ['keyframes', 10], ['animations', 5], ['framelane-video-title', 6]] as const)(
    '%s frame %i is the exact frame, not a neighbour', async (name, frame) => {
      const { composition } = await loadCompositionFile(timeline(name));
      const still = await createStillRenderer(composition);
      const engine = async (n: number): Promise<FrameImage> => ({ width: composition.width, height: composition.height, data: Buffer.from(await still.rgba(n)) });
      const { preview, page, fps } = await opened(name);
      try {
        const shown = await frameAt(page, frame / fps);
        const [before, exact, after] = [difference(shown, await engine(frame - 1)), difference(shown, await engine(frame)), difference(shown, await engine(frame + 1))];
        expect(exact.meanAbsDiff).toBeLessThan(before.meanAbsDiff);
        expect(exact.meanAbsDiff).toBeLessThan(after.meanAbsDiff);
        expect(await page.evaluate(() => (window as unknown as { framesmithPlayer: { frame: number } }).framesmithPlayer.frame)).toBe(frame);
      } finally {
        await preview.close();
      }
    },
  );
});
