/** Real renders through real ffmpeg, checked with ffprobe and by decoding frames. */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCompositionFile } from '../../engine/load-composition.js';
import { renderComposition } from '../../engine/render/render-video.js';
import { resolveFfmpegPaths } from '../../engine/encode/ffmpeg-path.js';
import { runFfmpeg } from '../../engine/encode/ffmpeg-process.js';
import { probeMedia } from '../../engine/media/ffprobe.js';
import type { RenderProgress } from '../../engine/progress.js';
import { FIXTURES_DIR } from '../setup/fixture-media.js';

let dir: string;
const { ffmpeg, ffprobe } = resolveFfmpegPaths();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'framesmith-e2e-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Decodes frame `n` of a video to one RGB pixel at (x, y). */
async function pixelAt(file: string, n: number, x: number, y: number): Promise<[number, number, number]> {
  const { stdout } = await runFfmpeg(ffmpeg, [
    '-v', 'error', '-i', file, '-vf', `select=eq(n\\,${n}),crop=2:2:${x}:${y}`, '-vframes', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ]);
  return [stdout[0]!, stdout[1]!, stdout[2]!];
}

describe('render to MP4', () => {
  it('writes an H.264 yuv420p MP4 with exactly duration × fps frames at the declared rate', async () => {
    const { composition } = await loadCompositionFile(path.join(FIXTURES_DIR, 'e2e', 'two-seconds.json'));
    const output = path.join(dir, 'two.mp4');
    const updates: RenderProgress[] = [];
    const result = await renderComposition(composition, { output, onProgress: (p) => updates.push(p) });
    expect(result).toMatchObject({ frames: 50, fps: 25, encoder: 'libx264' });

    const probe = await probeMedia(ffprobe, output, { countFrames: true });
    const video = probe.streams.find((s) => s.type === 'video');
    expect(video).toMatchObject({ codec: 'h264', width: 320, height: 240, pixelFormat: 'yuv420p', frameCount: 50 });
    expect(video?.frameRate).toEqual({ num: 25, den: 1 });
    expect(probe.format.durationSeconds).toBeCloseTo(2, 1);
    // A composition without sound still gets a (silent) AAC track: docs/media.md.
    expect(probe.streams.filter((s) => s.type === 'audio').map((s) => s.codec)).toEqual(['aac']);

    // The first second is red, the second blue: the cut lands exactly on frame 25.
    const red = await pixelAt(output, 24, 20, 20);
    const blue = await pixelAt(output, 25, 20, 20);
    expect(red[0]).toBeGreaterThan(180);
    expect(red[2]).toBeLessThan(60);
    expect(blue[2]).toBeGreaterThan(180);
    expect(blue[0]).toBeLessThan(60);

    expect(updates.at(-1)).toMatchObject({ stage: 'done', framesDone: 50, framesTotal: 50, fraction: 1 });
    expect(updates.some((u) => u.stage === 'render')).toBe(true);
  });

  it('puts the moov atom first (faststart)', async () => {
    const { composition } = await loadCompositionFile(path.join(FIXTURES_DIR, 'e2e', 'two-seconds.json'));
    const output = path.join(dir, 'fast.mp4');
    await renderComposition(composition, { output, frameRange: [0, 5] });
    const { readFile } = await import('node:fs/promises');
    const head = (await readFile(output)).subarray(0, 256).toString('latin1');
    expect(head.indexOf('moov')).toBeGreaterThan(-1);
    expect(head.indexOf('moov')).toBeLessThan(head.indexOf('mdat') === -1 ? Infinity : head.indexOf('mdat'));
  });

  it('leaves no output and no temporary files when cancelled', async () => {
    const { composition } = await loadCompositionFile(path.join(FIXTURES_DIR, 'e2e', 'two-seconds.json'));
    const output = path.join(dir, 'cancelled.mp4');
    const before = (await readdir(os.tmpdir())).filter((f) => f.startsWith('framesmith-') && !dir.endsWith(f));
    const controller = new AbortController();
    const promise = renderComposition(composition, {
      output,
      signal: controller.signal,
      onProgress: (p) => { if (p.framesDone >= 5) controller.abort(); },
    });
    await expect(promise).rejects.toMatchObject({ code: 'ERR_RENDER_CANCELLED' });
    await expect(stat(output)).rejects.toMatchObject({ code: 'ENOENT' });
    const after = (await readdir(os.tmpdir())).filter((f) => f.startsWith('framesmith-') && !dir.endsWith(f));
    expect(after.sort()).toEqual(before.sort());
  });
});
