/**
 * Golden frames: every fixture timeline in fixtures/golden/manifest.json, sampled at
 * the listed frames, compared as raw RGBA with the committed PNGs.
 * Regenerate on purpose with `npm run golden:update` and look at every PNG before committing.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCompositionFile } from '../../engine/load-composition.js';
import { createStillRenderer } from '../../engine/render/render-still.js';
import { FIXTURES_DIR } from '../setup/fixture-media.js';
import { compareFrames, encodePng, readPng, writeDiffImages, type FrameImage } from './compare-frames.js';

const manifest = JSON.parse(await readFile(path.join(FIXTURES_DIR, 'golden', 'manifest.json'), 'utf8')) as Record<string, unknown>;
const entries = Object.entries(manifest).filter((e): e is [string, number[]] => Array.isArray(e[1]));
const update = process.env.UPDATE_GOLDEN === '1';

const goldenFile = (name: string, frame: number) =>
  path.join(FIXTURES_DIR, 'golden', name, `f${String(frame).padStart(4, '0')}.png`);

async function renderFrames(name: string, frames: number[]): Promise<FrameImage[]> {
  const { composition } = await loadCompositionFile(path.join(FIXTURES_DIR, 'timelines', `${name}.json`));
  const still = await createStillRenderer(composition);
  expect(still.warnings).toEqual([]);
  const images: FrameImage[] = [];
  for (const n of frames) images.push({ width: composition.width, height: composition.height, data: Buffer.from(await still.rgba(n)) });
  return images;
}

describe('golden frames', () => {
  it('covers every fixture timeline', async () => {
    const { readdir } = await import('node:fs/promises');
    const timelines = (await readdir(path.join(FIXTURES_DIR, 'timelines'))).map((f) => f.replace(/\.json$/, ''));
    expect(entries.map(([name]) => name).sort()).toEqual(timelines.sort());
  });

  it.each(entries)('%s', async (name, frames) => {
    const actual = await renderFrames(name, frames);
    for (const [i, frame] of frames.entries()) {
      const file = goldenFile(name, frame);
      const image = actual[i]!;
      if (update) {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, encodePng(image));
        continue;
      }
      const expected = await readPng(file).catch(() => undefined);
      const result = expected ? compareFrames(image, expected) : undefined;
      if (!result?.pass) {
        const where = await writeDiffImages(`${name}/f${String(frame).padStart(4, '0')}`, image, expected, result?.diff);
        expect.fail(
          expected
            ? `${name} frame ${frame}: ${result?.diffPixels} pixels differ; see ${where}-{actual,expected,diff}.png`
            : `${name} frame ${frame}: no golden PNG at ${file}; run npm run golden:update and review it`,
        );
      }
    }
  });
});
