/**
 * Media through the whole render: video frames land on exactly the right output frame
 * (trim, playback rate, other output rates, segment boundaries), sound stays in sync with
 * picture, audio-only outputs and silent tracks.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileDocument } from '../../engine/load-composition.js';
import { renderComposition } from '../../engine/render/render-video.js';
import { probeMedia } from '../../engine/media/ffprobe.js';
import { runFfmpeg } from '../../engine/encode/ffmpeg-process.js';
import { decodeFrameNumber, makeMediaFixtures, MEDIA_FIXTURES, NUMBERED } from '../setup/media-fixtures.js';
import { ffmpeg, ffprobe } from './helpers.js';

let dir: string;
beforeAll(async () => {
  await makeMediaFixtures();
  dir = await mkdtemp(path.join(os.tmpdir(), 'framesmith-media-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const { width, height } = NUMBERED;

function numberedDoc(fps: number, video: Record<string, unknown>, duration = 2) {
  return {
    meta: { version: '2.0.0', width, height, fps },
    tracks: [{ clips: [{
      type: 'video', src: MEDIA_FIXTURES.numberedVideo, start: 0, duration,
      transform: { x: '50%', y: '50%', width: '100%', height: '100%' }, style: { objectFit: 'fill' }, ...video,
    }] }],
  };
}

/** Frame numbers shown by every frame of a rendered video. */
async function shownNumbers(file: string): Promise<number[]> {
  const { stdout } = await runFfmpeg(ffmpeg, ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1']);
  const size = width * height * 4;
  const out: number[] = [];
  for (let o = 0; o + size <= stdout.length; o += size) out.push(decodeFrameNumber(stdout.subarray(o, o + size), width, height));
  return out;
}

async function render(doc: unknown, name: string, extra: Record<string, unknown> = {}) {
  const { composition } = compileDocument(doc, { baseDir: dir });
  const output = path.join(dir, name);
  const result = await renderComposition(composition, { output, ...extra });
  return { output, result };
}

describe('video clips are frame-accurate', () => {
  it.each([
    ['the source rate, one worker', 25, {}, 1, (k: number) => k],
    ['the source rate, two workers (a segment starts mid-clip)', 25, {}, 2, (k: number) => k],
    ['after a trim of 1 s', 25, { source: { start: 1 } }, 1, (k: number) => 25 + k],
    ['at playbackRate 2', 25, { playbackRate: 2 }, 2, (k: number) => 2 * k],
    ['at 30 fps output from a 25 fps source', 30, {}, 1, (k: number) => Math.floor((k * 25) / 30 + 1e-9)],
  ] as const)('output frame k shows the source frame for its exact time: %s', async (_name, fps, video, workers, expected) => {
    // Long enough for two segments of at least 30 frames when two workers are asked for.
    const duration = (video as { playbackRate?: number }).playbackRate === 2 ? 1.4 : workers === 2 ? 2.8 : 1.6;
    const { output, result } = await render(numberedDoc(fps, video, duration), `numbered-${fps}-${workers}-${JSON.stringify(video).length}.mp4`, { workers });
    expect(result.workers).toBe(duration * fps >= 60 ? workers : 1);
    const shown = await shownNumbers(output);
    expect(shown).toHaveLength(Math.round(duration * fps));
    const half = Math.floor(shown.length / 2);
    for (const k of [0, 1, 7, half - 1, half, shown.length - 1]) expect(shown[k], `frame ${k}`).toBe(expected(k));
  });

  it('holds the last frame when the media runs out before the clip', async () => {
    const { output } = await render(numberedDoc(25, { source: { start: 2.5 } }, 1), 'runout.mp4');
    const shown = await shownNumbers(output);
    expect(shown.slice(0, 3)).toEqual([62, 63, 64]);
    expect(new Set(shown.slice(-5))).toEqual(new Set([NUMBERED.frames - 1]));
  });

  it('holds the same last frame in a segment that starts after the media ran out', async () => {
    // The last 2 s of a 3 s file in a 4 s clip, two segments of 50 frames: the media runs out at
    // frame 50, exactly where the second segment starts.
    const { output, result } = await render(numberedDoc(25, { source: { start: 1 } }, 4), 'runout-segments.mp4', { workers: 2 });
    expect(result.workers).toBe(2);
    const shown = await shownNumbers(output);
    expect(shown).toHaveLength(100);
    expect(shown.slice(45, 55)).toEqual([70, 71, 72, 73, 74, 74, 74, 74, 74, 74]);
    expect(new Set(shown.slice(50))).toEqual(new Set([NUMBERED.frames - 1]));
  });
});

describe('sound', () => {
  it('keeps a click within one frame of the flash drawn at the same instant', async () => {
    const fps = 25;
    const doc = {
      meta: { version: '2.0.0', width: 64, height: 48, fps, background: '#000000' },
      tracks: [
        { clips: [{ type: 'rect', start: 1.5, duration: 1 / fps, style: { fill: '#ffffff' } }] },
        // click.wav has its burst at 1.000 s: starting the clip at 0.5 puts it at 1.5 s.
        { clips: [{ type: 'audio', src: MEDIA_FIXTURES.click, start: 0.5, duration: 2 }] },
      ],
    };
    const { output } = await render(doc, 'sync.mp4', { workers: 2 });
    const { stdout: pixels } = await runFfmpeg(ffmpeg, ['-v', 'error', '-i', output, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1']);
    const frameSize = 64 * 48;
    const lit: number[] = [];
    for (let k = 0; k * frameSize < pixels.length; k++) if (pixels[k * frameSize + 100]! > 128) lit.push(k);
    expect(lit).toEqual([Math.round(1.5 * fps)]);
    const flashSeconds = lit[0]! / fps;
    const { stdout: pcm } = await runFfmpeg(ffmpeg, ['-v', 'error', '-i', output, '-map', '0:a', '-f', 's16le', '-ac', '1', '-ar', '48000', 'pipe:1']);
    let first = -1;
    for (let i = 0; i < pcm.length / 2; i++) {
      if (Math.abs(pcm.readInt16LE(i * 2)) > 8000) { first = i; break; }
    }
    expect(first).toBeGreaterThan(0);
    const clickSeconds = first / 48000;
    expect(Math.abs(clickSeconds - flashSeconds)).toBeLessThan(1 / fps);
  });

  it('keeps sound in place when only part of the timeline is rendered (frameRange)', async () => {
    const fps = 25;
    const doc = {
      meta: { version: '2.0.0', width: 64, height: 48, fps },
      tracks: [{ clips: [
        { type: 'rect', start: 0, duration: 3 },
        // Burst at 1.0 s of click.wav: 1.5 s on the timeline, 0.5 s into a render of [1 s, 3 s).
        { type: 'audio', src: MEDIA_FIXTURES.click, start: 0.5, duration: 2 },
      ] }],
    };
    const { output } = await render(doc, 'range.mp4', { frameRange: [25, 75] });
    const { stdout: pcm } = await runFfmpeg(ffmpeg, ['-v', 'error', '-i', output, '-map', '0:a', '-f', 's16le', '-ac', '1', '-ar', '48000', 'pipe:1']);
    let first = -1;
    for (let i = 0; i < pcm.length / 2; i++) {
      if (Math.abs(pcm.readInt16LE(i * 2)) > 8000) { first = i; break; }
    }
    expect(Math.abs(first / 48000 - 0.5)).toBeLessThan(1 / fps);
  });

  it('gives a composition without sound a silent AAC track', async () => {
    const { output } = await render(numberedDoc(25, {}, 1), 'silent.mp4');
    const probe = await probeMedia(ffprobe, output);
    const audio = probe.streams.find((s) => s.type === 'audio');
    expect(audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
    const { stderr } = await runFfmpeg(ffmpeg, ['-v', 'info', '-i', output, '-map', '0:a', '-af', 'volumedetect', '-f', 'null', '-']);
    expect(stderr).toMatch(/max_volume: -(9[0-9]|inf)/);
  });

  it.each([['m4a', 'aac'], ['mp3', 'mp3']])('renders audio-only %s', async (format, codec) => {
    const doc = {
      meta: { version: '2.0.0', width: 64, height: 48, fps: 25 },
      tracks: [{ clips: [{ type: 'audio', src: MEDIA_FIXTURES.toneStereo, start: 0.25, duration: 1, volume: 0.5 }] }],
    };
    const { output, result } = await render(doc, `tone.${format}`, { audioBitrate: 128 });
    expect(result.format).toBe(format);
    const probe = await probeMedia(ffprobe, output);
    expect(probe.streams).toHaveLength(1);
    expect(probe.streams[0]).toMatchObject({ type: 'audio', codec, sampleRate: 48000 });
    expect(probe.format.durationSeconds).toBeGreaterThan(1.2);
    expect(probe.format.durationSeconds).toBeLessThan(1.35);
  });

  it('muxes Opus sound into webm', async () => {
    const doc = {
      meta: { version: '2.0.0', width: 64, height: 48, fps: 25 },
      tracks: [{ clips: [
        { type: 'rect', start: 0, duration: 1 },
        { type: 'audio', src: MEDIA_FIXTURES.toneStereo, start: 0, duration: 1 },
      ] }],
    };
    const { output } = await render(doc, 'tone.webm');
    const probe = await probeMedia(ffprobe, output);
    expect(probe.streams.map((s) => s.codec)).toEqual(['vp9', 'opus']);
  });
});
