/**
 * openVideoFrames against a fixture whose frames carry their own number (test/setup/media-fixtures.ts):
 * clip frame k must show source frame floor(25 × (trimStart + k × rate / fps)), at equal and
 * different output rates, after a trim, at playbackRate 2, and from a segment start, exactly as a
 * stream from 0 does. Also: fit modes, odd sizes, errors, close() and abort.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpegPaths } from '../../../engine/encode/ffmpeg-path.js';
import { FramesmithError, hasErrorCode } from '../../../engine/errors.js';
import {
  buildVideoDecodeArgs,
  openVideoFrames,
  probeVideo,
  type OpenVideoFramesOptions,
} from '../../../engine/media/video-decoder.js';
import { decodeFrameNumber, makeMediaFixtures, MEDIA_FIXTURES, NUMBERED } from '../../setup/media-fixtures.js';

const { ffmpeg, ffprobe } = resolveFfmpegPaths();
const video = MEDIA_FIXTURES.numberedVideo;

beforeAll(async () => {
  await makeMediaFixtures(ffmpeg);
}, 120_000);

type Opts = Partial<OpenVideoFramesOptions>;

function base(extra: Opts = {}): OpenVideoFramesOptions {
  return { ffmpegPath: ffmpeg, file: video, fps: 25, width: 80, height: 48, trimStartSeconds: 0, playbackRate: 1, threads: 1, ...extra };
}

/** The source frame clip frame k must show, or undefined once the media has run out. */
function expected(k: number, o: OpenVideoFramesOptions): number | undefined {
  const t = o.trimStartSeconds + (k * o.playbackRate) / o.fps;
  if (o.trimEndSeconds !== undefined && t >= o.trimEndSeconds - 1e-9) return undefined;
  const n = Math.floor(t * NUMBERED.fps + 1e-9);
  return n < NUMBERED.frames ? n : undefined;
}

/** Reads up to `count` frames, decoding each frame's number (undefined after the end). */
async function numbers(o: OpenVideoFramesOptions, count: number): Promise<Array<number | undefined>> {
  const src = await openVideoFrames(o);
  const out: Array<number | undefined> = [];
  try {
    for (let i = 0; i < count; i++) {
      const frame = await src.next();
      if (frame) expect(frame.length).toBe(o.width * o.height * 4);
      out.push(frame ? decodeFrameNumber(frame, o.width, o.height) : undefined);
    }
  } finally {
    await src.close();
  }
  return out;
}

function expectedList(o: OpenVideoFramesOptions, count: number): Array<number | undefined> {
  const first = o.firstFrame ?? 0;
  return Array.from({ length: count }, (_, i) => expected(first + i, o));
}

async function failure(p: Promise<unknown>): Promise<FramesmithError> {
  try {
    await p;
  } catch (err) {
    return err as FramesmithError;
  }
  throw new Error('expected a rejection');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('openVideoFrames: clip frame k shows the source frame at trimStart + k × rate / fps (floor)', () => {
  it('the fixture numbers its frames 0..74', async () => {
    const o = base({ width: 160, height: 96 });
    expect(await numbers(o, 77)).toEqual([...Array.from({ length: 75 }, (_, i) => i), undefined, undefined]);
  });

  it('output fps = source fps: frame k is source frame k, then the media runs out', async () => {
    const o = base();
    expect(await numbers(o, 78)).toEqual(expectedList(o, 78));
  });

  it('30 fps from a 25 fps source: floor(k × 25 / 30), a held frame every 6', async () => {
    const o = base({ fps: 30 });
    const got = await numbers(o, 92);
    expect(got).toEqual(expectedList(o, 92));
    expect(got.slice(0, 8)).toEqual([0, 0, 1, 2, 3, 4, 5, 5]);
  });

  it('12 fps from a 25 fps source (dropping frames)', async () => {
    const o = base({ fps: 12 });
    expect(await numbers(o, 38)).toEqual(expectedList(o, 38));
  });

  it('trimStart 1.0 starts at source frame 25; trimEnd 2.0 stops after frame 49', async () => {
    const o = base({ trimStartSeconds: 1, trimEndSeconds: 2 });
    const got = await numbers(o, 27);
    expect(got).toEqual(expectedList(o, 27));
    expect(got[0]).toBe(25);
    expect(got[24]).toBe(49);
    expect(got[25]).toBeUndefined();
  });

  it('a trim inside a frame interval shows the frame displayed then (floor, not nearest)', async () => {
    const o = base({ trimStartSeconds: 1.035, fps: 25 }); // 1.035 s is 3.5 ms before frame 26
    const got = await numbers(o, 5);
    expect(got).toEqual([25, 26, 27, 28, 29]);
  });

  it('playbackRate 2 shows every other frame and runs out at half the time', async () => {
    const o = base({ playbackRate: 2 });
    const got = await numbers(o, 40);
    expect(got).toEqual(expectedList(o, 40));
    expect(got.slice(0, 4)).toEqual([0, 2, 4, 6]);
    expect(got[37]).toBe(74);
    expect(got[38]).toBeUndefined();
  });

  it('playbackRate 0.5 holds every frame twice', async () => {
    const o = base({ playbackRate: 0.5, trimStartSeconds: 2 });
    const got = await numbers(o, 54);
    expect(got).toEqual(expectedList(o, 54));
    expect(got.slice(0, 4)).toEqual([50, 50, 51, 51]);
  });

  it('a segment starting at firstFrame > 0 gives the same frames as the stream from 0', async () => {
    for (const clip of [base({ fps: 30, trimStartSeconds: 0.5, playbackRate: 1.5 }), base({ fps: 25, trimStartSeconds: 1 }), base({ fps: 30 })]) {
      const whole = await numbers(clip, 60);
      expect(whole).toEqual(expectedList(clip, 60));
      for (const first of [1, 31, 47]) {
        const seg = await numbers({ ...clip, firstFrame: first }, 60 - first);
        expect(seg, `firstFrame ${first} of ${JSON.stringify({ fps: clip.fps, trim: clip.trimStartSeconds, rate: clip.playbackRate })}`).toEqual(whole.slice(first));
      }
    }
  });

  it('a segment start far enough in to seek (firstFrame 60 at 25 fps = 2.4 s, seek to 1 s)', async () => {
    const o = base({ firstFrame: 60 });
    expect(buildVideoDecodeArgs(o).seekSeconds).toBe(1);
    expect(buildVideoDecodeArgs(o).args).toContain('-noaccurate_seek');
    expect(await numbers(o, 16)).toEqual([...Array.from({ length: 15 }, (_, i) => 60 + i), undefined]);
  });

  it('a trim past the end of the media gives no frames', async () => {
    expect(await numbers(base({ trimStartSeconds: 5 }), 2)).toEqual([undefined, undefined]);
  });
});

describe('openVideoFrames: size and fit', () => {
  it('odd sizes are fine (fill stretches)', async () => {
    const o = base({ width: 81, height: 49, trimStartSeconds: 0.4 });
    expect(await numbers(o, 3)).toEqual([10, 11, 12]);
  });

  it('contain: 160×160 letterboxes with transparent bars; cover: 80×96 crops the centre', async () => {
    const contain = await openVideoFrames(base({ width: 160, height: 160, fit: 'contain', trimStartSeconds: 10.2 / 25 }));
    const c = await contain.next();
    await contain.close();
    expect(c).toBeDefined();
    const px = (f: Uint8Array, w: number, x: number, y: number): number[] => Array.from(f.subarray((y * w + x) * 4, (y * w + x) * 4 + 4));
    expect(px(c!, 160, 80, 5)[3]).toBe(0); // top bar
    expect(px(c!, 160, 80, 155)[3]).toBe(0); // bottom bar
    expect(px(c!, 160, 80, 80)[3]).toBe(255);
    expect(decodeFrameNumber(c!.subarray(32 * 160 * 4, 128 * 160 * 4), 160, 96)).toBe(10);

    // Frame 6 = bits 1 and 2: the middle two columns of the top row are white, the rest black.
    const cover = await openVideoFrames(base({ width: 80, height: 96, fit: 'cover', trimStartSeconds: 6 / 25 }));
    const v = await cover.next();
    await cover.close();
    expect(px(v!, 80, 20, 24)[0]).toBeGreaterThan(200); // source x 60: bit 1
    expect(px(v!, 80, 60, 24)[0]).toBeGreaterThan(200); // source x 100: bit 2
    expect(px(v!, 80, 20, 72)[0]).toBeLessThan(50); // bit 5
    expect(px(v!, 80, 60, 72)[0]).toBeLessThan(50); // bit 6
  });
});

describe('openVideoFrames: errors, close and abort', () => {
  it('a corrupt file is ERR_ASSET_UNREADABLE naming the file; a missing one ERR_FILE_NOT_FOUND', async () => {
    const src = await openVideoFrames(base({ file: MEDIA_FIXTURES.corrupt, pointer: '/tracks/0/clips/0/src' }));
    const err = await failure(src.next());
    await src.close();
    expect(hasErrorCode(err, 'ERR_ASSET_UNREADABLE')).toBe(true);
    expect(err.message).toContain(MEDIA_FIXTURES.corrupt);
    expect(err.message).toContain('/tracks/0/clips/0/src: cannot decode video file');
    expect(err.message).toMatch(/Invalid data|moov atom not found/);
    const missing = await failure(openVideoFrames(base({ file: '/nonexistent/clip.mp4' })));
    expect(hasErrorCode(missing, 'ERR_FILE_NOT_FOUND')).toBe(true);
    expect(missing.message).toContain('/nonexistent/clip.mp4');
  });

  it('a bad ffmpeg path is ERR_FFMPEG_SPAWN', async () => {
    const src = await openVideoFrames(base({ ffmpegPath: '/nonexistent/ffmpeg' }));
    expect(hasErrorCode(await failure(src.next()), 'ERR_FFMPEG_SPAWN')).toBe(true);
    await src.close();
  });

  it('close() kills ffmpeg mid-stream and resolves; later next() calls reject', async () => {
    const src = await openVideoFrames(base());
    expect(await src.next()).toBeDefined();
    const pid = src.pid!;
    expect(alive(pid)).toBe(true);
    await src.close();
    expect(alive(pid)).toBe(false);
    await src.close(); // idempotent
    expect(hasErrorCode(await failure(src.next()), 'ERR_RENDER_CANCELLED')).toBe(true);
  });

  it('aborting the signal stops ffmpeg and rejects next() with ERR_RENDER_CANCELLED', async () => {
    const ac = new AbortController();
    const src = await openVideoFrames(base({ signal: ac.signal }));
    expect(await src.next()).toBeDefined();
    const pid = src.pid!;
    ac.abort();
    expect(hasErrorCode(await failure(src.next()), 'ERR_RENDER_CANCELLED')).toBe(true);
    await src.close();
    expect(alive(pid)).toBe(false);
    const pre = new AbortController();
    pre.abort();
    const never = await openVideoFrames(base({ signal: pre.signal }));
    expect(hasErrorCode(await failure(never.next()), 'ERR_RENDER_CANCELLED')).toBe(true);
    await never.close();
  });

  it('rejects bad options', async () => {
    await expect(openVideoFrames(base({ fps: 0 }))).rejects.toThrow('fps must be > 0');
    await expect(openVideoFrames(base({ playbackRate: -1 }))).rejects.toThrow('playbackRate');
    await expect(openVideoFrames(base({ width: 0 }))).rejects.toThrow('size');
  });
});

describe('probeVideo', () => {
  it('reports duration, size, rate and whether there is sound', async () => {
    const silent = await probeVideo(ffprobe, video);
    expect(silent).toMatchObject({ width: 160, height: 96, fps: 25, frameRate: { num: 25, den: 1 }, hasAudio: false, codec: 'h264' });
    expect(silent.durationSeconds).toBeCloseTo(3, 2);
    expect((await probeVideo(ffprobe, MEDIA_FIXTURES.numberedWithAudio)).hasAudio).toBe(true);
    const err = await failure(probeVideo(ffprobe, MEDIA_FIXTURES.toneMono));
    expect(err.message).toContain('has no video stream');
    expect(hasErrorCode(await failure(probeVideo(ffprobe, MEDIA_FIXTURES.corrupt)), 'ERR_ASSET_UNREADABLE')).toBe(true);
  });
});
