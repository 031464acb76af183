import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encoderPreferenceFromEnv } from '../../../engine/encode/encoder-probe.js';
import { ensureExecutable, resolveFfmpegPaths } from '../../../engine/encode/ffmpeg-path.js';
import { StderrTail } from '../../../engine/encode/stderr-tail.js';
import { hasErrorCode } from '../../../engine/errors.js';
import { parseProbeJson } from '../../../engine/media/ffprobe.js';

const dir = mkdtempSync(join(tmpdir(), 'framesmith-encode-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('resolveFfmpegPaths / ensureExecutable', () => {
  it('takes FFMPEG_PATH and FFPROBE_PATH as given', () => {
    expect(resolveFfmpegPaths({ FFMPEG_PATH: '/opt/ff/ffmpeg', FFPROBE_PATH: '/opt/ff/ffprobe' })).toEqual({
      ffmpeg: '/opt/ff/ffmpeg',
      ffprobe: '/opt/ff/ffprobe',
    });
  });

  it('falls back to the installer binaries, which it leaves executable', () => {
    const paths = resolveFfmpegPaths({});
    expect(paths.ffmpeg).toMatch(/@ffmpeg-installer.*ffmpeg$/);
    expect(paths.ffprobe).toMatch(/@ffprobe-installer.*ffprobe$/);
    expect(statSync(paths.ffprobe).mode & 0o100).not.toBe(0);
  });

  it('chmods a non-executable binary to 0755', () => {
    const file = join(dir, 'fake-ffmpeg');
    writeFileSync(file, '#!/bin/sh\n', { mode: 0o644 });
    expect(ensureExecutable(file, 'FFMPEG_PATH')).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o755);
  });

  it('names the path and FFMPEG_PATH when it cannot chmod', () => {
    const file = join(dir, 'missing', 'ffmpeg');
    const err = thrown(() => ensureExecutable(file, 'FFMPEG_PATH'));
    expect(hasErrorCode(err, 'ERR_FFMPEG_SPAWN')).toBe(true);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toContain('FFMPEG_PATH');
  });
});

describe('encoderPreferenceFromEnv', () => {
  it('maps FRAMESMITH_ENCODER', () => {
    expect(encoderPreferenceFromEnv({})).toBeUndefined();
    expect(encoderPreferenceFromEnv({ FRAMESMITH_ENCODER: 'auto' })).toBeUndefined();
    expect(encoderPreferenceFromEnv({ FRAMESMITH_ENCODER: 'libx264' })).toBe('libx264');
    expect(encoderPreferenceFromEnv({ FRAMESMITH_ENCODER: ' H264_NVENC ' })).toBe('h264_nvenc');
  });

  it('refuses an unknown value instead of guessing', () => {
    const err = thrown(() => encoderPreferenceFromEnv({ FRAMESMITH_ENCODER: 'x265' }));
    expect(hasErrorCode(err, 'ERR_FFMPEG_SPAWN')).toBe(true);
    expect((err as Error).message).toContain('FRAMESMITH_ENCODER="x265"');
  });
});

describe('StderrTail', () => {
  it('keeps only the last maxChars and reports complete lines', () => {
    const lines: string[] = [];
    const tail = new StderrTail(16, (l) => lines.push(l));
    tail.push('first line\nsecond');
    tail.push(' line\r\nthird');
    expect(lines).toEqual(['first line', 'second line']);
    tail.flush();
    expect(lines).toEqual(['first line', 'second line', 'third']);
    expect(tail.toString()).toBe('cond line\r\nthird');
    expect(tail.lastLines(1)).toEqual(['third']);
  });

  it('survives a throwing line callback', () => {
    const tail = new StderrTail(100, () => {
      throw new Error('boom');
    });
    expect(() => tail.push('a\nb\n')).not.toThrow();
  });
});

describe('parseProbeJson', () => {
  it('maps ffprobe fields', () => {
    const probe = parseProbeJson(
      'x.mp4',
      JSON.stringify({
        format: { duration: '2.000000', format_name: 'mov,mp4', bit_rate: '1000' },
        streams: [
          { index: 0, codec_type: 'video', codec_name: 'h264', width: 64, height: 48, pix_fmt: 'yuv420p', avg_frame_rate: '0/0', r_frame_rate: '30000/1001', nb_frames: '60', duration: '2.0' },
          { index: 1, codec_type: 'audio', codec_name: 'aac', sample_rate: '48000', channels: 2, nb_frames: 'N/A' },
          { index: 2, codec_type: 'data' },
        ],
      }),
    );
    expect(probe.format).toEqual({ durationSeconds: 2, formatName: 'mov,mp4', bitRate: 1000 });
    expect(probe.streams[0]).toEqual({
      index: 0, type: 'video', codec: 'h264', width: 64, height: 48, pixelFormat: 'yuv420p',
      frameRate: { num: 30000, den: 1001 }, frameCount: 60, durationSeconds: 2,
    });
    expect(probe.streams[1]).toEqual({ index: 1, type: 'audio', codec: 'aac', sampleRate: 48000, channels: 2 });
    expect(probe.streams[2]).toEqual({ index: 2, type: 'other', codec: 'unknown' });
  });

  it('refuses output without a format as unreadable', () => {
    const err = thrown(() => parseProbeJson('notes.txt', '{}'));
    expect(hasErrorCode(err, 'ERR_ASSET_UNREADABLE')).toBe(true);
    expect((err as Error).message).toContain('notes.txt');
  });
});
