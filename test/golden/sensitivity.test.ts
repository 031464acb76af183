/** The golden comparison must catch small drawing changes, or it guards nothing. */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { compileDocument } from '../../engine/load-composition.js';
import { createStillRenderer } from '../../engine/render/render-still.js';
import { FIXTURES_DIR } from '../setup/fixture-media.js';
import { compareFrames } from './compare-frames.js';

async function renderShapes(mutate: (doc: any) => void) {
  const doc = JSON.parse(await readFile(path.join(FIXTURES_DIR, 'timelines', 'shapes.json'), 'utf8'));
  mutate(doc);
  const { composition } = compileDocument(doc, { baseDir: path.join(FIXTURES_DIR, 'timelines') });
  const still = await createStillRenderer(composition);
  return { width: composition.width, height: composition.height, data: Buffer.from(await still.rgba(0)) };
}

describe('golden comparison sensitivity', () => {
  it('passes an identical render', async () => {
    const a = await renderShapes(() => undefined);
    const b = await renderShapes(() => undefined);
    expect(compareFrames(a, b)).toMatchObject({ diffPixels: 0, pass: true });
  });

  it('fails when a shape moves by two pixels', async () => {
    const a = await renderShapes(() => undefined);
    const b = await renderShapes((doc) => { doc.tracks[0].clips[2].transform.x += 2; });
    expect(compareFrames(a, b).pass).toBe(false);
  });

  it('fails when a circle grows by two pixels', async () => {
    const a = await renderShapes(() => undefined);
    const b = await renderShapes((doc) => { doc.tracks[0].clips[2].size = 72; });
    expect(compareFrames(a, b).pass).toBe(false);
  });
});
