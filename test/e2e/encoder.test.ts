/**
 * Real ffmpeg/ffprobe runs at tiny sizes (64x48, a few frames): the encoder lifecycle, its
 * error conventions, encoder choice, colour round-trip and probing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clearEncoderProbeCache, probeH264Encoder } from '../../engine/encode/encoder-probe.js';
import { buildVideoEncodeArgs, type VideoEncodeOptions } from '../../engine/encode/ffmpeg-args.js';
import { resolveFfmpegPaths } from '../../engine/encode/ffmpeg-path.js';
import { runFfmpeg, startVideoEncoder, type VideoEncoder } from '../../engine/encode/ffmpeg-process.js';
import { FramesmithError, hasErrorCode, type FramesmithErrorCode } from '../../engine/errors.js';
import { probeMedia } from '../../engine/media/ffprobe.js';

const W = 64;
const H = 48;
const FRAME_BYTES = W * H * 4;
const { ffmpeg, ffprobe } = resolveFfmpegPaths({});
const dir = mkdtempSync(join(tmpdir(), 'framesmith-encoder-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A solid opaque RGBA frame. */
function solid(r: number, g: number, b: number): Uint8Array {
  const frame = new Uint8Array(FRAME_BYTES);
  for (let i = 0; i < frame.length; i += 4) frame.set([r, g, b, 255], i);
  return frame;
}

function encodeArgs(output: string, extra: Partial<VideoEncodeOptions> = {}): string[] {
  // ultrafast + 1 thread: the box has two cores shared with other test files.
  return buildVideoEncodeArgs({
    width: W, height: H, fps: 30, inputPixelFormat: 'rgba', encoder: 'libx264',
    output, preset: 'ultrafast', threads: 1, ...extra,
  });
}

function start(output: string, extra: Partial<VideoEncodeOptions> = {}, signal?: AbortSignal): VideoEncoder {
  return startVideoEncoder({ ffmpegPath: ffmpeg, args: encodeArgs(output, extra), frameBytes: FRAME_BYTES, signal });
}

async function rejection(p: Promise<unknown>): Promise<FramesmithError> {
  try {
    await p;
  } catch (err) {
    return err as FramesmithError;
  }
  throw new Error('expected a rejection');
}

function expectCode(err: unknown, code: FramesmithErrorCode): void {
  expect(hasErrorCode(err, code), `${code} expected, got ${String(err)}`).toBe(true);
}

describe('startVideoEncoder + probeMedia', () => {
  it('encodes exactly 30 frames of 64x48 at 30/1 into H.264 yuv420p BT.709, 1.0 s', async () => {
    const out = join(dir, 'thirty.mp4');
    const enc = start(out);
    const colours = [solid(255, 0, 0), solid(0, 255, 0), solid(0, 0, 255)];
    for (let i = 0; i < 30; i++) await enc.writeFrame(colours[i % 3] as Uint8Array);
    await enc.finish();
    expect((await enc.exited).exitCode).toBe(0);

    const probe = await probeMedia(ffprobe, out, { countFrames: true });
    expect(probe.format.formatName).toContain('mp4');
    expect(probe.format.durationSeconds).toBeCloseTo(1.0, 2);
    expect(probe.streams).toHaveLength(1);
    const v = probe.streams[0];
    expect(v).toMatchObject({
      type: 'video', codec: 'h264', width: W, height: H, pixelFormat: 'yuv420p',
      frameRate: { num: 30, den: 1 }, frameCount: 30,
      colorSpace: 'bt709', colorPrimaries: 'bt709', colorTransfer: 'bt709', colorRange: 'tv',
    });
    expect(v?.durationSeconds).toBeCloseTo(1.0, 2);
  });

  it('round-trips RGB(200, 40, 40) within ±3 with the BT.709 matrix', async () => {
    const out = join(dir, 'red.mp4');
    const enc = start(out, { preset: 'medium' });
    for (let i = 0; i < 3; i++) await enc.writeFrame(solid(200, 40, 40));
    await enc.finish();

    const decode = async (matrix: string): Promise<number[]> => {
      const { stdout } = await runFfmpeg(ffmpeg, [
        '-v', 'error', '-i', out, '-frames:v', '1',
        '-vf', `scale=in_color_matrix=${matrix}:in_range=tv`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
      ]);
      expect(stdout.length).toBe(W * H * 3);
      const centre = ((H / 2) * W + W / 2) * 3;
      return [...stdout.subarray(centre, centre + 3)];
    };
    const rgb = await decode('bt709');
    rgb.forEach((c, i) => expect(Math.abs(c - ([200, 40, 40][i] as number)), `channel ${i} = ${c}`).toBeLessThanOrEqual(3));
    // Sanity: the check can fail. Decoding with the other matrix is visibly off.
    const wrong = await decode('bt601');
    expect(Math.abs((wrong[0] as number) - 200)).toBeGreaterThan(6);
  });

  it('finish() rejects with ERR_FFMPEG_EXIT, exit code and stderr tail on a bad argument', async () => {
    const enc = start(join(dir, 'bad.mp4'), { extraOutputArgs: ['-no_such_option_xyz', '1'] });
    const err = await rejection(enc.finish());
    expectCode(err, 'ERR_FFMPEG_EXIT');
    expect(err.message).toMatch(/exited with code 1/);
    expect(err.message).toContain('no_such_option_xyz');
    expect(err.details).toMatchObject({ exitCode: 1, signal: null });
    expect(String(err.details.stderrTail)).toContain('no_such_option_xyz');
    expect(err.details.args).toContain('-no_such_option_xyz');
  });

  it('abort() stops ffmpeg mid-stream; later writes reject with ERR_RENDER_CANCELLED', async () => {
    const enc = start(join(dir, 'aborted.mp4'));
    for (let i = 0; i < 5; i++) await enc.writeFrame(solid(10, 20, 30));
    await enc.abort();
    const status = await enc.exited;
    expect(status.exitCode !== 0 || status.signal !== null).toBe(true);
    expectCode(await rejection(enc.writeFrame(solid(10, 20, 30))), 'ERR_RENDER_CANCELLED');
    expectCode(await rejection(enc.finish()), 'ERR_RENDER_CANCELLED');
    await enc.abort(); // idempotent
  });

  it('an AbortSignal cancels pending and later calls', async () => {
    const controller = new AbortController();
    const enc = start(join(dir, 'signalled.mp4'), {}, controller.signal);
    await enc.writeFrame(solid(1, 2, 3));
    const finishing = enc.finish();
    controller.abort();
    expectCode(await rejection(finishing), 'ERR_RENDER_CANCELLED');
    expectCode(await rejection(enc.writeFrame(solid(1, 2, 3))), 'ERR_RENDER_CANCELLED');
    await enc.exited;
  });

  it('a write to an ffmpeg that died rejects (ERR_FFMPEG_EXIT) instead of hanging', async () => {
    const enc = start(join(dir, 'killed.mp4'));
    expect(enc.pid).toBeTypeOf('number');
    process.kill(enc.pid as number, 'SIGKILL');
    await enc.exited;
    const after = await rejection(enc.writeFrame(solid(0, 0, 0)));
    expectCode(after, 'ERR_FFMPEG_EXIT');
    expect(after.details.signal).toBe('SIGKILL');
    expect(after.message).toContain('SIGKILL');

    // 4 MB is far more than a pipe holds: this write is still pending when the process dies.
    const big = startVideoEncoder({ ffmpegPath: ffmpeg, args: encodeArgs(join(dir, 'killed2.mp4')) });
    const pending = big.writeFrame(new Uint8Array(4 * 1024 * 1024));
    process.kill(big.pid as number, 'SIGKILL');
    const during = await rejection(pending);
    expectCode(during, 'ERR_FFMPEG_EXIT');
    expect(during.details.signal).toBe('SIGKILL');
  });

  it('a missing ffmpeg binary gives ERR_FFMPEG_SPAWN naming the path', async () => {
    const missing = join(dir, 'no-such-ffmpeg');
    const enc = startVideoEncoder({ ffmpegPath: missing, args: encodeArgs(join(dir, 'x.mp4')) });
    const err = await rejection(enc.writeFrame(solid(0, 0, 0)));
    expectCode(err, 'ERR_FFMPEG_SPAWN');
    expect(err.message).toContain(missing);
    expect(err.message).toContain('FFMPEG_PATH');
    expectCode(await rejection(enc.finish()), 'ERR_FFMPEG_SPAWN');
    expectCode(await rejection(runFfmpeg(missing, ['-version'])), 'ERR_FFMPEG_SPAWN');
  });
});

describe('runFfmpeg', () => {
  it('returns stdout, and rejects with ERR_FFMPEG_EXIT (timedOut) on timeout', async () => {
    const { stdout } = await runFfmpeg(ffmpeg, ['-hide_banner', '-version']);
    expect(stdout.toString()).toMatch(/^ffmpeg version/);
    // Reads a never-ending source into nothing, at real-time speed: only the timeout stops it.
    const err = await rejection(
      runFfmpeg(ffmpeg, ['-v', 'error', '-re', '-f', 'lavfi', '-i', 'color=black:s=16x16', '-f', 'null', '-'], { timeoutMs: 300 }),
    );
    expectCode(err, 'ERR_FFMPEG_EXIT');
    expect(err.details.timedOut).toBe(true);
  });
});

describe('probeH264Encoder', () => {
  it('picks libx264 here (no NVENC), with a reason, memoised per path', async () => {
    clearEncoderProbeCache();
    const first = await probeH264Encoder(ffmpeg, { env: {} });
    expect(first.encoder).toBe('libx264');
    expect(first.reason).toMatch(/h264_nvenc unavailable.*using libx264/);
    expect(first.reason).toContain('no h264_nvenc encoder'); // the static 4.1 build lacks NVENC
    const again = await probeH264Encoder(ffmpeg, { env: {} });
    expect(again).toEqual(first);
  });

  it('honours force and FRAMESMITH_ENCODER; a forced NVENC that fails the test throws', async () => {
    expect((await probeH264Encoder(ffmpeg, { force: 'libx264' })).reason).toContain('forced');
    expect((await probeH264Encoder(ffmpeg, { env: { FRAMESMITH_ENCODER: 'libx264' } })).reason).toContain('FRAMESMITH_ENCODER');
    const err = await rejection(probeH264Encoder(ffmpeg, { force: 'h264_nvenc' }));
    expectCode(err, 'ERR_FFMPEG_EXIT');
    expect(err.message).toContain('h264_nvenc was forced');
    expectCode(await rejection(probeH264Encoder(ffmpeg, { env: { FRAMESMITH_ENCODER: 'h264_nvenc' } })), 'ERR_FFMPEG_EXIT');
    // An explicit auto (`--encoder auto`) chooses by itself, whatever the environment says.
    const saved = process.env.FRAMESMITH_ENCODER;
    process.env.FRAMESMITH_ENCODER = 'h264_nvenc';
    try {
      const auto = await probeH264Encoder(ffmpeg, { force: 'auto' });
      expect(auto.reason).not.toContain('FRAMESMITH_ENCODER');
    } finally {
      if (saved === undefined) delete process.env.FRAMESMITH_ENCODER;
      else process.env.FRAMESMITH_ENCODER = saved;
    }
  });
});

describe('probeMedia errors', () => {
  it('a text file is ERR_ASSET_UNREADABLE naming the file; a missing one ERR_FILE_NOT_FOUND', async () => {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'this is not a video\n');
    const err = await rejection(probeMedia(ffprobe, text));
    expectCode(err, 'ERR_ASSET_UNREADABLE');
    expect(err.message).toContain(text);
    const missing = join(dir, 'nope.mp4');
    const gone = await rejection(probeMedia(ffprobe, missing));
    expectCode(gone, 'ERR_FILE_NOT_FOUND');
    expect(gone.message).toContain(missing);
  });
});
