/**
 * `framesmith preview`'s server (buildPreviewApp) in process: its media route answers a file the
 * composition names but that is missing with a 4xx `{ error: { code, message } }` (it was a 500),
 * resolves each media file once per prepared document (a playing video's Range requests do
 * not resolve and sniff it again), and forgets its documents when the file is edited.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildPreviewApp } from '../../../server/player/preview-server.js';
import { pngBytes, tinyComposition } from '../helpers.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'framesmith-preview-server-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/** A composition file with one image clip of `src`, and its preview app (not watching). */
async function previewOf(name: string, src: string): Promise<FastifyInstance> {
  const config = tinyComposition();
  (config.tracks as Array<{ clips: unknown[] }>)[0]!.clips.push({ type: 'image', src, start: 0, duration: 1, transform: { x: 8, y: 8, width: 8, height: 8 } });
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(config));
  const app = await buildPreviewApp({ file, watch: false });
  await app.ready();
  return app;
}

describe('framesmith preview: media', () => {
  test('a media file that is missing answers 404 with the engine code and the field, not 500', async () => {
    const app = await previewOf('missing.json', path.join(dir, 'nowhere.png'));
    try {
      const doc = await app.inject({ method: 'GET', url: '/document.json' });
      expect(doc.statusCode, doc.body).toBe(200);
      const res = await app.inject({ method: 'GET', url: '/media/0' });
      expect(res.statusCode, res.body).toBe(404);
      const body = res.json() as { error: { code: string; message: string } };
      expect(body.error.code).toBe('ERR_FILE_NOT_FOUND');
      expect(body.error.message).toMatch(/\/tracks\/0\/clips\/2/);
      expect((await app.inject({ method: 'GET', url: '/media/7' })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });

  test('a media file is resolved and sniffed once per prepared document', async () => {
    const pic = path.join(dir, 'pic.png');
    await writeFile(pic, await pngBytes());
    const app = await previewOf('once.json', pic);
    try {
      const first = await app.inject({ method: 'GET', url: '/media/0' });
      expect(first.statusCode).toBe(200);
      expect(first.headers['content-type']).toMatch(/^image\/png/);
      // The file's head is not read again: with the file now text (which is never served, 415 when
      // sniffed), a later Range request still streams it with the type found first.
      await writeFile(pic, 'plain text, not media');
      const again = await app.inject({ method: 'GET', url: '/media/0', headers: { range: 'bytes=0-4' } });
      expect(again.statusCode, again.body).toBe(206);
      expect(again.headers['content-type']).toMatch(/^image\/png/);
      expect(again.body).toBe('plain');
      // A new document (the composition file changed) resolves and sniffs again.
      const fresh = await previewOf('once-again.json', pic);
      try {
        expect((await fresh.inject({ method: 'GET', url: '/media/0' })).statusCode).toBe(415);
      } finally {
        await fresh.close();
      }
    } finally {
      await app.close();
    }
  });
});

describe('framesmith preview: reload', () => {
  test('an edit of the file clears the prepared documents: the next document is the new composition', async () => {
    const file = path.join(dir, 'edited.json');
    await writeFile(file, JSON.stringify(tinyComposition(1)));
    const app = await buildPreviewApp({ file, debounceMs: 20 });
    await app.ready();
    const seconds = async () => {
      const doc = (await app.inject({ method: 'GET', url: '/document.json' })).json() as { composition: { durationInFrames: number; fps: number } };
      return doc.composition.durationInFrames / doc.composition.fps;
    };
    try {
      expect(await seconds()).toBe(1);
      await writeFile(file, JSON.stringify(tinyComposition(2)));
      for (let i = 0; (await seconds()) !== 2; i++) {
        if (i > 100) throw new Error('the edit was not picked up');
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await app.close();
    }
  });
});
