import { describe, expect, it } from 'vitest';
import type { Composition } from '../../../engine/model/composition.js';
import { formatFromPath, resolveOutputSpec, tierSize } from '../../../engine/output/output-spec.js';

const comp = (width: number, height: number): Composition => ({
  width, height, fps: 30, durationInFrames: 60, layers: [], audio: [], fonts: [], warnings: [],
});

function issuesOf(fn: () => unknown): Array<{ pointer: string; message: string }> {
  try {
    fn();
  } catch (err) {
    return (err as { issues: Array<{ pointer: string; message: string }> }).issues;
  }
  throw new Error('expected a refusal');
}

describe('output spec', () => {
  it('picks the format from the file extension', () => {
    expect(formatFromPath('a/b/out.webm')).toBe('webm');
    expect(formatFromPath('still.JPEG')).toBe('jpg');
    expect(formatFromPath('noext')).toBeUndefined();
  });

  it('sets the shorter edge for a tier, keeps the aspect ratio, rounds to even', () => {
    expect(tierSize(3840, 2160, '1080p')).toEqual({ width: 1920, height: 1080 });
    expect(tierSize(1080, 1920, '720p')).toEqual({ width: 720, height: 1280 }); // portrait stays portrait
    expect(tierSize(2000, 1001, '720p')).toEqual({ width: 1438, height: 720 });
  });

  it('never upscales', () => {
    expect(issuesOf(() => resolveOutputSpec(comp(1280, 720), { resolution: '1080p' }))).toEqual([
      { pointer: 'resolution', message: expect.stringContaining('never upscale') },
    ]);
    expect(resolveOutputSpec(comp(3840, 2160), { resolution: '720p' })).toMatchObject({ width: 1280, height: 720 });
  });

  it('maps formats to codecs', () => {
    expect(resolveOutputSpec(comp(640, 360), { format: 'mp4' })).toMatchObject({ kind: 'video', videoCodec: 'h264', audioCodec: 'aac' });
    expect(resolveOutputSpec(comp(640, 360), { format: 'mov' })).toMatchObject({ videoCodec: 'h264', audioCodec: 'aac' });
    expect(resolveOutputSpec(comp(640, 360), { format: 'mov', transparent: true })).toMatchObject({ videoCodec: 'prores', transparent: true });
    expect(resolveOutputSpec(comp(640, 360), { format: 'webm', transparent: true })).toMatchObject({ videoCodec: 'vp9', audioCodec: 'opus', transparent: true });
    expect(resolveOutputSpec(comp(640, 360), { format: 'gif' })).toMatchObject({ videoCodec: 'gif', audioCodec: undefined });
    expect(resolveOutputSpec(comp(640, 360), { format: 'mp3' })).toMatchObject({ kind: 'audio', audioCodec: 'mp3', audioBitrateKbps: 192 });
    expect(resolveOutputSpec(comp(640, 360), { format: 'png', timeSeconds: 1.5 })).toMatchObject({ kind: 'still', frameIndex: 45 });
  });

  it('takes bitrates from the ladders only', () => {
    expect(resolveOutputSpec(comp(640, 360), { videoBitrate: 10, audioBitrate: 320 })).toMatchObject({ videoBitrateKbps: 10000, audioBitrateKbps: 320 });
    expect(issuesOf(() => resolveOutputSpec(comp(640, 360), { videoBitrate: 7, audioBitrate: 100 })).map((i) => i.pointer)).toEqual(['videoBitrate', 'audioBitrate']);
  });

  it('refuses impossible combinations with the reason', () => {
    const pointers = (o: Parameters<typeof resolveOutputSpec>[1]) => issuesOf(() => resolveOutputSpec(comp(640, 360), o)).map((i) => i.pointer);
    expect(pointers({ format: 'mp3', resolution: '720p' })).toEqual(['resolution']);
    expect(pointers({ format: 'm4a', videoBitrate: 5 })).toEqual(['videoBitrate']);
    expect(pointers({ format: 'mp4', transparent: true })).toEqual(['transparent']);
    expect(pointers({ format: 'gif', transparent: true })).toEqual(['transparent']);
    expect(pointers({ format: 'mp4', timeSeconds: 1 })).toEqual(['time']);
  });

  it('refuses odd sizes for 4:2:0 video, naming the field', () => {
    expect(issuesOf(() => resolveOutputSpec(comp(641, 360), { format: 'mp4' }))).toEqual([
      { pointer: '/meta/width', message: expect.stringContaining('640 or 642') },
    ]);
    expect(resolveOutputSpec(comp(641, 360), { format: 'png' })).toMatchObject({ width: 641 });
  });
});
