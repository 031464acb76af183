/**
 * Generates the media the media tests use (fixtures/media/generated/), deterministically, with
 * the bundled ffmpeg, so no binary media is committed. Each file is written to a temporary name
 * and renamed, so concurrent test workers never see a partial file; existing files are kept.
 *
 * - `numbered-25fps.mp4`: 160×96, 25 fps, 3 s (75 frames), H.264 yuv420p, keyframe every 5
 *   frames, B-frames on. Frame n shows n as 8 big black/white blocks (a 4×2 grid, bit 0 top-left,
 *   white = 1), which survive compression and scaling: {@link decodeFrameNumber} reads it back.
 * - `numbered-with-audio.mp4`: the same video with a 440 Hz AAC track.
 * - `tone-440-mono.wav` / `tone-440-stereo.wav`: 1 s of 440 Hz at amplitude 0.5, 48 kHz, s16.
 * - `tone-880-stereo.wav`: 1 s of 880 Hz at amplitude 0.5 (the "voice" of the ducking test).
 * - `click.wav` / `click.m4a`: 2 s of silence with a 2 ms 1 kHz burst (amplitude 0.9, starting at
 *   its peak) at exactly 1.000 s, mono 48 kHz; the m4a is AAC.
 * - `corrupt.mp4`: bytes that are not a media file.
 */
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';
import { resolveFfmpegPaths } from '../../engine/encode/ffmpeg-path.js';
import { runFfmpeg, startVideoEncoder } from '../../engine/encode/ffmpeg-process.js';

export const MEDIA_FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/media/generated');

export const NUMBERED = { width: 160, height: 96, fps: 25, frames: 75 } as const;

export interface MediaFixtures {
  numberedVideo: string;
  numberedWithAudio: string;
  toneMono: string;
  toneStereo: string;
  tone880Stereo: string;
  click: string;
  clickM4a: string;
  corrupt: string;
}

const file = (name: string): string => path.join(MEDIA_FIXTURES_DIR, name);

export const MEDIA_FIXTURES: MediaFixtures = {
  numberedVideo: file('numbered-25fps.mp4'),
  numberedWithAudio: file('numbered-with-audio.mp4'),
  toneMono: file('tone-440-mono.wav'),
  toneStereo: file('tone-440-stereo.wav'),
  tone880Stereo: file('tone-880-stereo.wav'),
  click: file('click.wav'),
  clickM4a: file('click.m4a'),
  corrupt: file('corrupt.mp4'),
};

/** Draws frame `n` of the numbered video: 8 blocks of 40×48, white where bit i of n is set. */
export function numberedFrame(n: number): Uint8Array {
  const { width, height } = NUMBERED;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#000000';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#ffffff';
  for (let bit = 0; bit < 8; bit++) {
    if ((n >> bit) & 1) ctx.fillRect((bit % 4) * 40, Math.floor(bit / 4) * 48, 40, 48);
  }
  return new Uint8Array(ctx.getImageData(0, 0, width, height).data.buffer);
}

/**
 * Reads the number back from an RGBA frame of any size showing the whole numbered picture
 * (average luma of the middle half of each block, threshold at mid-grey).
 */
export function decodeFrameNumber(rgba: Uint8Array, width: number, height: number): number {
  let n = 0;
  for (let bit = 0; bit < 8; bit++) {
    const x0 = Math.floor(((bit % 4) + 0.25) * (width / 4));
    const x1 = Math.ceil(((bit % 4) + 0.75) * (width / 4));
    const y0 = Math.floor((Math.floor(bit / 4) + 0.25) * (height / 2));
    const y1 = Math.ceil((Math.floor(bit / 4) + 0.75) * (height / 2));
    let sum = 0;
    let count = 0;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const i = (y * width + x) * 4;
        sum += ((rgba[i] ?? 0) + (rgba[i + 1] ?? 0) + (rgba[i + 2] ?? 0)) / 3;
        count++;
      }
    }
    if (sum / Math.max(1, count) > 128) n |= 1 << bit;
  }
  return n;
}

async function exists(p: string): Promise<boolean> {
  try {
    return (await stat(p)).size > 0;
  } catch {
    return false;
  }
}

/** Runs `make(tmp)` to create `target` through a temporary file, unless `target` exists. */
async function once(target: string, make: (tmp: string) => Promise<void>): Promise<void> {
  if (await exists(target)) return;
  const ext = path.extname(target);
  const tmp = `${target.slice(0, -ext.length)}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp${ext}`;
  try {
    await make(tmp);
    await rename(tmp, target);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

const QUIET = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'];

async function numberedVideo(ffmpeg: string, out: string): Promise<void> {
  const { width, height, fps, frames } = NUMBERED;
  const enc = startVideoEncoder({
    ffmpegPath: ffmpeg,
    frameBytes: width * height * 4,
    args: [
      ...QUIET, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${width}x${height}`, '-framerate', String(fps), '-i', 'pipe:0',
      '-c:v', 'libx264', '-preset', 'fast', '-crf', '20', '-g', '5', '-bf', '2', '-threads', '1',
      '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-f', 'mp4', out,
    ],
  });
  for (let n = 0; n < frames; n++) await enc.writeFrame(numberedFrame(n));
  await enc.finish();
}

/**
 * Writes every media fixture that is missing and returns their paths.
 * @param ffmpegPath default: the bundled ffmpeg (or FFMPEG_PATH).
 */
export async function makeMediaFixtures(ffmpegPath?: string): Promise<MediaFixtures> {
  const ffmpeg = ffmpegPath ?? resolveFfmpegPaths().ffmpeg;
  await mkdir(MEDIA_FIXTURES_DIR, { recursive: true });
  const f = MEDIA_FIXTURES;
  const tone = (expr: string, out: string, d = 1): Promise<unknown> =>
    runFfmpeg(ffmpeg, [...QUIET, '-f', 'lavfi', '-i', `aevalsrc=${expr}:s=48000:d=${d}`, '-c:a', 'pcm_s16le', '-f', 'wav', out]);
  const click = "'0.9*between(t,1,1.002)*cos(2*PI*1000*(t-1))'";
  await Promise.all([
    once(f.numberedVideo, (tmp) => numberedVideo(ffmpeg, tmp)),
    once(f.toneMono, (tmp) => tone("'0.5*sin(2*PI*440*t)'", tmp)),
    once(f.toneStereo, (tmp) => tone("'0.5*sin(2*PI*440*t)|0.5*sin(2*PI*440*t)'", tmp)),
    once(f.tone880Stereo, (tmp) => tone("'0.5*sin(2*PI*880*t)|0.5*sin(2*PI*880*t)'", tmp)),
    once(f.click, (tmp) => tone(click, tmp, 2)),
    once(f.corrupt, (tmp) => writeFile(tmp, Buffer.concat([Buffer.from('\0\0\0\x18ftypisom'), Buffer.alloc(4096, 'not a video ')]))),
  ]);
  await Promise.all([
    once(f.clickM4a, (tmp) => runFfmpeg(ffmpeg, [...QUIET, '-i', f.click, '-c:a', 'aac', '-b:a', '128k', '-f', 'mp4', tmp]).then(() => undefined)),
    once(f.numberedWithAudio, (tmp) =>
      runFfmpeg(ffmpeg, [...QUIET, '-i', f.numberedVideo, '-i', f.toneStereo, '-map', '0:v', '-map', '1:a', '-c:v', 'copy', '-c:a', 'aac', '-f', 'mp4', tmp]).then(() => undefined)),
  ]);
  return f;
}
