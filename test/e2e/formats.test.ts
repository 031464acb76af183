/** Every output format produces a file ffprobe accepts, with the codecs and sizes promised. */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCompositionFile } from '../../engine/load-composition.js';
import { renderComposition } from '../../engine/render/render-video.js';
import { probeMedia } from '../../engine/media/ffprobe.js';
import { runFfmpeg } from '../../engine/encode/ffmpeg-process.js';
import type { Composition } from '../../engine/model/composition.js';
import { FIXTURES_DIR } from '../setup/fixture-media.js';
import { ffmpeg, ffprobe } from './helpers.js';

let dir: string;
let motion: Composition;
let transparent: Composition;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'framesmith-fmt-'));
  motion = (await loadCompositionFile(path.join(FIXTURES_DIR, 'e2e', 'motion.json'))).composition;
  transparent = (await loadCompositionFile(path.join(FIXTURES_DIR, 'e2e', 'transparent.json'))).composition;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** RGBA of pixel (x, y) of the first frame, decoding with `decoder` when given (libvpx keeps VP9 alpha). */
async function rgbaAt(file: string, x: number, y: number, decoder?: string): Promise<number[]> {
  const { stdout } = await runFfmpeg(ffmpeg, [
    '-v', 'error', ...(decoder ? ['-c:v', decoder] : []), '-i', file, '-vframes', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1',
  ]);
  const i = (y * 160 + x) * 4;
  return [...stdout.subarray(i, i + 4)];
}

describe('output formats', () => {
  it.each([
    ['mp4', 'h264', 'aac-ready mp4'],
    ['mov', 'h264', 'QuickTime'],
    ['webm', 'vp9', 'WebM'],
    ['gif', 'gif', 'GIF'],
  ])('%s carries %s video with every frame at the declared rate', async (format, codec) => {
    const output = path.join(dir, `motion.${format}`);
    const result = await renderComposition(motion, { output, workers: 2 });
    expect(result).toMatchObject({ format, frames: 100, width: 320, height: 240 });
    const probe = await probeMedia(ffprobe, output, { countFrames: true });
    expect(probe.streams[0]).toMatchObject({ type: 'video', codec, width: 320, height: 240, frameCount: 100 });
    expect(probe.format.durationSeconds).toBeCloseTo(4, 1);
  });

  it('--format overrides the extension', async () => {
    const output = path.join(dir, 'named.bin');
    await renderComposition(motion, { output, format: 'webm', frameRange: [0, 10] });
    const probe = await probeMedia(ffprobe, output);
    expect(probe.format.formatName).toContain('webm');
  });

  it('renders png and jpg stills at the chosen time', async () => {
    const png = path.join(dir, 'still.png');
    await renderComposition(motion, { output: png, timeSeconds: 2 });
    const image = PNG.sync.read(await readFile(png));
    expect([image.width, image.height]).toEqual([320, 240]);
    const jpg = path.join(dir, 'still.jpg');
    await renderComposition(motion, { output: jpg, timeSeconds: 2 });
    expect((await readFile(jpg)).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('keeps straight alpha in transparent webm (VP9 with alpha) and mov (ProRes 4444)', async () => {
    const webm = path.join(dir, 'alpha.webm');
    const mov = path.join(dir, 'alpha.mov');
    await renderComposition(transparent, { output: webm, transparent: true });
    await renderComposition(transparent, { output: mov, transparent: true });
    const movProbe = await probeMedia(ffprobe, mov);
    expect(movProbe.streams[0]).toMatchObject({ codec: 'prores' });
    expect(movProbe.streams[0]?.pixelFormat).toMatch(/^yuva444p/);
    for (const [file, decoder] of [[webm, 'libvpx-vp9'], [mov, undefined]] as const) {
      const corner = await rgbaAt(file, 2, 2, decoder);
      expect(corner[3], `${file} corner alpha`).toBeLessThan(8);
      const blue = await rgbaAt(file, 20, 20, decoder);
      expect(blue[3]).toBeGreaterThan(247);
      expect(blue[2]).toBeGreaterThan(200);
      // Half-transparent red stays red at half alpha (straight, not premultiplied to dark red).
      const red = await rgbaAt(file, 80, 60, decoder);
      expect(red[3]).toBeGreaterThan(112);
      expect(red[3]).toBeLessThan(144);
      expect(red[0]).toBeGreaterThan(200);
    }
  });

  it('scales to a resolution tier on the shorter edge, never up', async () => {
    const wide = { ...motion, width: 1280, height: 720 };
    const output = path.join(dir, 'tier.mp4');
    await renderComposition(wide, { output, resolution: '720p', frameRange: [0, 5] });
    const down = { ...motion, width: 1920, height: 1080 };
    const smaller = path.join(dir, 'tier-down.mp4');
    const result = await renderComposition(down, { output: smaller, resolution: '720p', frameRange: [0, 5] });
    expect(result).toMatchObject({ width: 1280, height: 720 });
    expect((await probeMedia(ffprobe, smaller)).streams[0]).toMatchObject({ width: 1280, height: 720 });
    await expect(renderComposition(motion, { output: path.join(dir, 'up.mp4'), resolution: '1080p' })).rejects.toMatchObject({
      code: 'ERR_TIMELINE_INVALID', issues: [{ pointer: 'resolution', message: expect.stringContaining('never upscale') }],
    });
    await expect(stat(path.join(dir, 'up.mp4'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('uses a bitrate from the ladder when asked', async () => {
    const output = path.join(dir, 'bitrate.mp4');
    await renderComposition(motion, { output, videoBitrate: 5 });
    const probe = await probeMedia(ffprobe, output);
    expect(probe.format.bitRate).toBeLessThan(5_500_000);
  });
});
