/**
 * The pure parts of the video decoder: the frame-time mapping, the seek point and the ffmpeg
 * command line (the behaviour is proven against real frames in test/e2e/media/video-decoder.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { buildVideoDecodeArgs, seekPointFor, sourceTimeOfFrame, videoFilterChain } from '../../../engine/media/video-decoder.js';

const base = { ffmpegPath: 'ffmpeg', file: '/m/clip.mp4', fps: 30, width: 320, height: 181, trimStartSeconds: 0, playbackRate: 1 };

describe('video decoder arguments', () => {
  it('maps clip frame k to source time trimStart + k × rate / fps', () => {
    expect(sourceTimeOfFrame(0, base)).toBe(0);
    expect(sourceTimeOfFrame(30, base)).toBe(1);
    expect(sourceTimeOfFrame(15, { ...base, trimStartSeconds: 2, playbackRate: 2 })).toBe(3);
  });

  it('seeks to a whole second at least 1 s before the first frame (0: no seek)', () => {
    expect(seekPointFor(0)).toBe(0);
    expect(seekPointFor(1.9)).toBe(0);
    expect(seekPointFor(2)).toBe(1);
    expect(seekPointFor(10.5)).toBe(9);
    expect(buildVideoDecodeArgs(base)).toEqual({
      seekSeconds: 0,
      args: [
        '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'level+info',
        '-i', '/m/clip.mp4', '-map', '0:v:0', '-an', '-sn', '-dn',
        '-vf', 'settb=AVTB,scale=320:181,setsar=1,format=rgba,showinfo=checksum=0',
        '-vsync', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1',
      ],
    });
    const seg = buildVideoDecodeArgs({ ...base, trimStartSeconds: 5, firstFrame: 90, threads: 2 });
    expect(seg.seekSeconds).toBe(7);
    expect(seg.args.slice(5, 12)).toEqual(['-threads', '2', '-ss', '7', '-noaccurate_seek', '-i', '/m/clip.mp4']);
  });

  it('fit modes: fill stretches, cover crops, contain pads with transparent bars', () => {
    expect(videoFilterChain(100, 50, 'fill')).toBe('settb=AVTB,scale=100:50,setsar=1,format=rgba,showinfo=checksum=0');
    expect(videoFilterChain(100, 50, 'cover')).toContain('setsar=1,crop=100:50,format=rgba,showinfo=checksum=0');
    expect(videoFilterChain(100, 50, 'contain')).toContain('pad=100:50:(ow-iw)/2:(oh-ih)/2:color=black@0');
  });
});
