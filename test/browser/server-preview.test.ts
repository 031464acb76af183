/**
 * The API server's preview links in Chromium: a task's signed previewUrl (with an uploaded
 * video and its sound) and a public /t/:id preview draw the composition live, matching the
 * engine's frame; a missing preview says so.
 */
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStillRenderer } from '../../engine/render/render-still.js';
import type { Composition } from '../../engine/model/composition.js';
import { bearer, json, listenTestApp, multipart, pngBytes, type TestApp } from '../integration/helpers.js';
import { MEDIA_FIXTURES } from '../setup/media-fixtures.js';
import { launchChromium } from './chromium.js';
import { collectPageErrors, difference, frameAt, playerReady, withinTolerance } from './player-harness.js';

let t: TestApp & { baseUrl: string };
let key: string;
let browser: Browser;

beforeAll(async () => {
  t = await listenTestApp();
  key = t.key('preview-browser', 100);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function engineFrame(composition: Composition, n: number) {
  const still = await createStillRenderer(composition);
  return { width: composition.width, height: composition.height, data: Buffer.from(await still.rgba(n)) };
}

describe('API preview pages in Chromium', () => {
  it('a task previewUrl plays the composition with its uploaded video and sound, matching the engine', async () => {
    const upload = multipart([{ field: 'file', filename: 'numbered.mp4', type: 'video/mp4', data: await readFile(MEDIA_FIXTURES.numberedWithAudio) }]);
    const uploaded = json(await t.app.inject({ method: 'POST', url: '/api/v1/upload', headers: { ...upload.headers, ...bearer(key) }, payload: upload.payload }));
    const url = uploaded.assets?.[0]?.url as string;
    expect(url).toBeTruthy();
    const config = {
      meta: { version: '2.0.0', title: 'Uploaded video', width: 320, height: 180, fps: 25, background: '#102030' },
      tracks: [{ clips: [
        { type: 'video', start: 0, duration: 2, src: url, transform: { x: 160, y: 90, width: 240, height: 144 } },
        { type: 'text', start: 0, duration: 2, text: 'Live preview', transform: { x: 160, y: 20 }, style: { fontSize: 18, fill: '#ffffff' } },
      ] }],
    };
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/video', headers: bearer(key), payload: { config } });
    expect(res.statusCode, res.body).toBe(201);
    const created = json(res);
    expect(created.previewUrl).toMatch(/\/v\//);
    const page = await browser.newPage();
    const errors = collectPageErrors(page);
    try {
      await page.goto(`${created.previewUrl}&t=1&paused=1`);
      expect(await playerReady(page)).toBeUndefined();
      expect(await page.evaluate(() => (window as unknown as { framesmithPlayer: { frame: number; duration: number } }).framesmithPlayer.frame)).toBe(25);
      const shown = await frameAt(page, 1);
      const composition = t.app.tasks.prepare(t.app.store.keys.findByKey(key)!.id, config).composition;
      const d = difference(shown, await engineFrame(composition, 25));
      expect(withinTolerance(d), JSON.stringify({ mean: d.meanAbsDiff, far: d.farPixels, mismatch: d.mismatch })).toBe(true);
      // The video's sound is part of the preview's mix.
      const sounds = await page.evaluate(() => (window as unknown as { framesmithPlayer: { sound(): { sounds: Array<{ id: string }> } } }).framesmithPlayer.sound().sounds.length);
      expect(sounds).toBe(1);
      // The viewer page plays the same composition and shows its JSON.
      await page.goto(`${created.viewerUrl}&paused=1`);
      expect(await playerReady(page)).toBeUndefined();
      expect(await page.textContent('pre')).toContain('Live preview');
    } finally {
      await page.close();
    }
    expect(errors).toEqual([]);
  });

  it('a public /t/:id preview draws its composition; a missing one says so', async () => {
    const png = await pngBytes(16, 16);
    const config = {
      meta: { version: '2.0.0', title: 'Public', width: 160, height: 90, fps: 10, background: '#000000' },
      tracks: [{ clips: [
        { type: 'image', start: 0, duration: 1, src: `data:image/png;base64,${png.toString('base64')}`, transform: { x: 80, y: 45, width: 64, height: 64 } },
        { type: 'rect', start: 0, duration: 1, transform: { x: 20, y: 20, width: 20, height: 20 }, style: { fill: '#ff0000' }, animations: [{ type: 'fadeIn', duration: 1 }] },
      ] }],
    };
    const created = json(await t.app.inject({ method: 'POST', url: '/api/preview', payload: config }));
    const page = await browser.newPage();
    const errors = collectPageErrors(page);
    try {
      await page.goto(`${created.url}?t=0.5&paused=1`);
      expect(await playerReady(page)).toBeUndefined();
      const composition = t.app.tasks.prepare('_public', config).composition;
      const d = difference(await frameAt(page, 0.5), await engineFrame(composition, 5));
      expect(withinTolerance(d)).toBe(true);
      await page.goto(`${t.baseUrl}/t/00000000-0000-4000-8000-000000000000`);
      expect(await page.textContent('h1')).toBe('Preview not available');
      // The viewer page of the same preview plays it too, with its facts and JSON.
      await page.goto(`${created.viewerUrl}?paused=1`);
      expect(await playerReady(page)).toBeUndefined();
      expect(await page.textContent('dl')).toContain('160 × 90');
    } finally {
      await page.close();
    }
    expect(errors).toEqual([]);
  });
});
