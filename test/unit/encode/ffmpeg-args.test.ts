import { describe, expect, it } from 'vitest';
import { buildVideoEncodeArgs, nvencArgs, type VideoEncodeOptions } from '../../../engine/encode/ffmpeg-args.js';
import { nvencProbeArgs } from '../../../engine/encode/encoder-probe.js';
import { hasErrorCode } from '../../../engine/errors.js';

const base: VideoEncodeOptions = {
  width: 64,
  height: 48,
  fps: 30,
  inputPixelFormat: 'rgba',
  encoder: 'libx264',
  output: '/tmp/out.mp4',
};

/** The value following `flag`; fails the test when the flag is absent. */
function after(args: string[], flag: string, from = 0): string {
  const i = args.indexOf(flag, from);
  expect(i, `${flag} in ${args.join(' ')}`).toBeGreaterThanOrEqual(0);
  return args[i + 1] as string;
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('buildVideoEncodeArgs', () => {
  it('starts quiet and non-interactive, keeps every frame (-vsync passthrough) and adds no output -r', () => {
    const args = buildVideoEncodeArgs(base);
    expect(args.slice(0, 5)).toEqual(['-hide_banner', '-loglevel', 'error', '-nostdin', '-y']);
    expect(after(args, '-vsync')).toBe('passthrough');
    expect(args).not.toContain('-r');
    expect(args).not.toContain('-fps_mode'); // absent from ffmpeg 4.1
  });

  it('reads raw RGBA of the given size and rate from stdin', () => {
    const args = buildVideoEncodeArgs({ ...base, width: 1920, height: 1080, fps: 25 });
    const input = args.indexOf('-i');
    expect(args[input + 1]).toBe('pipe:0');
    const inputArgs = args.slice(0, input);
    expect(after(inputArgs, '-f')).toBe('rawvideo');
    expect(after(inputArgs, '-pix_fmt')).toBe('rgba');
    expect(after(inputArgs, '-s')).toBe('1920x1080');
    expect(after(inputArgs, '-framerate')).toBe('25');
  });

  it('converts with the BT.709 matrix to yuv420p and tags the stream BT.709 / tv range, no audio', () => {
    const args = buildVideoEncodeArgs(base);
    const input = args.indexOf('-i');
    expect(after(args, '-vf')).toBe('scale=out_color_matrix=bt709:out_range=tv,format=yuv420p');
    expect(after(args, '-pix_fmt', input)).toBe('yuv420p');
    expect(after(args, '-colorspace')).toBe('bt709');
    expect(after(args, '-color_primaries')).toBe('bt709');
    expect(after(args, '-color_trc')).toBe('bt709');
    expect(after(args, '-color_range')).toBe('tv');
    expect(args).toContain('-an');
  });

  it('writes an MP4 with faststart (default) and the colr atom; output path last', () => {
    const args = buildVideoEncodeArgs(base);
    expect(after(args, '-movflags')).toBe('+faststart+write_colr');
    expect(after(args, '-f', args.indexOf('-i'))).toBe('mp4');
    expect(args.at(-1)).toBe('/tmp/out.mp4');
    expect(after(buildVideoEncodeArgs({ ...base, faststart: false }), '-movflags')).toBe('+write_colr');
  });

  it('uses libx264 medium CRF 18 by default, and honours preset/crf', () => {
    const args = buildVideoEncodeArgs(base);
    expect(after(args, '-c:v')).toBe('libx264');
    expect(after(args, '-preset')).toBe('medium');
    expect(after(args, '-crf')).toBe('18');
    expect(args).not.toContain('-b:v');
    const custom = buildVideoEncodeArgs({ ...base, preset: 'veryfast', crf: 23 });
    expect(after(custom, '-preset')).toBe('veryfast');
    expect(after(custom, '-crf')).toBe('23');
  });

  it('replaces CRF by a capped bitrate when videoBitrateKbps is set', () => {
    const args = buildVideoEncodeArgs({ ...base, videoBitrateKbps: 4000, crf: 20 });
    expect(args).not.toContain('-crf');
    expect(after(args, '-b:v')).toBe('4000k');
    expect(after(args, '-maxrate')).toBe('4000k');
    expect(after(args, '-bufsize')).toBe('8000k');
  });

  it('passes -threads only when asked, and -g for gopFrames', () => {
    expect(buildVideoEncodeArgs(base)).not.toContain('-threads');
    expect(buildVideoEncodeArgs(base)).not.toContain('-g');
    const args = buildVideoEncodeArgs({ ...base, threads: 2, gopFrames: 60 });
    expect(after(args, '-threads')).toBe('2');
    expect(after(args, '-g')).toBe('60');
  });

  it('drives h264_nvenc with p4/hq constant-quality VBR and the same pixel handling', () => {
    const args = buildVideoEncodeArgs({ ...base, encoder: 'h264_nvenc', threads: 4 });
    expect(after(args, '-c:v')).toBe('h264_nvenc');
    expect(after(args, '-preset')).toBe('p4');
    expect(after(args, '-tune')).toBe('hq');
    expect(after(args, '-rc')).toBe('vbr');
    expect(after(args, '-cq')).toBe('19');
    expect(after(args, '-b:v')).toBe('0');
    expect(args).not.toContain('-crf');
    expect(args).not.toContain('-threads');
    expect(after(args, '-vf')).toBe('scale=out_color_matrix=bt709:out_range=tv,format=yuv420p');
    expect(after(args, '-pix_fmt', args.indexOf('-i'))).toBe('yuv420p');
    const rated = buildVideoEncodeArgs({ ...base, encoder: 'h264_nvenc', videoBitrateKbps: 6000 });
    expect(rated).not.toContain('-cq');
    expect(after(rated, '-b:v')).toBe('6000k');
  });

  it('probes NVENC with the same NVENC options it will encode with', () => {
    const probe = nvencProbeArgs();
    expect(probe.join(' ')).toContain('-f lavfi -i color=black:s=256x256:d=0.04 -frames:v 1');
    expect(probe.join(' ')).toContain(nvencArgs().join(' '));
    expect(probe.slice(-3)).toEqual(['-f', 'null', '-']);
  });

  it('inserts extra output args before the output and protects a path starting with "-"', () => {
    const args = buildVideoEncodeArgs({ ...base, output: '-weird.mp4', extraOutputArgs: ['-metadata', 'title=x'] });
    expect(args.slice(-3)).toEqual(['-metadata', 'title=x', './-weird.mp4']);
  });

  it.each([
    [{ width: 65 }, 'width 65 is odd'],
    [{ height: 47 }, 'height 47 is odd'],
    [{ width: 0 }, 'width must be a positive integer'],
    [{ fps: 29.97 }, 'fps must be a positive integer'],
    [{ crf: 60 }, 'crf must be between 0 and 51'],
    [{ threads: -1 }, 'threads must be a non-negative integer'],
    [{ videoBitrateKbps: 0 }, 'videoBitrateKbps'],
    [{ gopFrames: 0 }, 'gopFrames'],
    [{ output: '' }, 'output path'],
  ] as Array<[Partial<VideoEncodeOptions>, string]>)('refuses %o', (patch, message) => {
    const err = thrown(() => buildVideoEncodeArgs({ ...base, ...patch }));
    expect(hasErrorCode(err, 'ERR_TIMELINE_INVALID')).toBe(true);
    expect((err as Error).message).toContain(message);
  });
});
