/** Segment-parallel renders must match the serial render frame for frame. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCompositionFile } from '../../engine/load-composition.js';
import { renderComposition } from '../../engine/render/render-video.js';
import { planSegments } from '../../engine/segments/plan-segments.js';
import { createStillRenderer } from '../../engine/render/render-still.js';
import { probeMedia } from '../../engine/media/ffprobe.js';
import { FIXTURES_DIR } from '../setup/fixture-media.js';
import { decodeFrames, ffprobe, frameTimestamps, psnr } from './helpers.js';

/** RGBA (opaque) → RGB. */
function rgb(rgba: Buffer): Buffer {
  const out = Buffer.alloc((rgba.length / 4) * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    out[j] = rgba[i]!;
    out[j + 1] = rgba[i + 1]!;
    out[j + 2] = rgba[i + 2]!;
  }
  return out;
}

let dir: string;
let comp: Awaited<ReturnType<typeof loadCompositionFile>>['composition'];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'framesmith-seg-'));
  ({ composition: comp } = await loadCompositionFile(path.join(FIXTURES_DIR, 'e2e', 'motion.json')));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('segment-parallel rendering', () => {
  it('gives byte-identical frames and identical timestamps with 1, 2 (threads) and 3 (processes) workers, losslessly encoded', async () => {
    const outputs: Record<string, string> = {};
    for (const [name, workers, backend] of [['one', 1, 'thread'], ['two-threads', 2, 'thread'], ['three-processes', 3, 'process']] as const) {
      outputs[name] = path.join(dir, `${name}.mp4`);
      const result = await renderComposition(comp, { output: outputs[name]!, workers, backend, crf: 0 });
      expect(result.workers).toBe(workers);
    }
    const serial = await decodeFrames(outputs.one!, 320, 240);
    expect(serial).toHaveLength(100);
    const serialTimes = await frameTimestamps(outputs.one!);
    for (const name of ['two-threads', 'three-processes']) {
      const parallel = await decodeFrames(outputs[name]!, 320, 240);
      expect(parallel).toHaveLength(100);
      parallel.forEach((frame, n) => expect(frame.equals(serial[n]!), `${name} frame ${n}`).toBe(true));
      expect(await frameTimestamps(outputs[name]!)).toEqual(serialTimes);
      const probe = await probeMedia(ffprobe, outputs[name]!, { countFrames: true });
      expect(probe.streams[0]).toMatchObject({ codec: 'h264', frameCount: 100, frameRate: { num: 25, den: 1 } });
      expect(probe.format.durationSeconds).toBeCloseTo(4, 3);
    }
  });

  it('matches the serial render on both sides of every boundary at default quality', async () => {
    const serialFile = path.join(dir, 'serial.mp4');
    const parallelFile = path.join(dir, 'parallel.mp4');
    await renderComposition(comp, { output: serialFile, workers: 1 });
    await renderComposition(comp, { output: parallelFile, workers: 3 });
    const serial = await decodeFrames(serialFile, 320, 240);
    const parallel = await decodeFrames(parallelFile, 320, 240);
    expect(parallel).toHaveLength(serial.length);
    const boundaries = planSegments([0, 100], 3).slice(1).map(([start]) => start);
    expect(boundaries).toEqual([34, 67]);
    // Lossy encodes of the same pixels differ a little; both must stay as faithful to the
    // drawn frame as each other on both sides of a boundary (a keyframe starts there).
    const still = await createStillRenderer(comp);
    for (const b of boundaries) {
      for (const n of [b - 1, b]) {
        const source = rgb(await still.rgba(n));
        const serialQuality = psnr(serial[n]!, source);
        const parallelQuality = psnr(parallel[n]!, source);
        // ~34 dB against the RGB source is what 4:2:0 chroma at CRF 18 gives on this fixture.
        expect(parallelQuality, `frame ${n}`).toBeGreaterThan(30);
        expect(Math.abs(parallelQuality - serialQuality), `frame ${n}`).toBeLessThan(2);
        expect(psnr(serial[n]!, parallel[n]!), `frame ${n}`).toBeGreaterThan(38);
      }
    }
    expect(await frameTimestamps(parallelFile)).toEqual(await frameTimestamps(serialFile));
  });
});
