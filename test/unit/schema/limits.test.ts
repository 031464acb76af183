import { describe, it, expect } from 'vitest';
import { DEFAULT_LIMITS, LIMIT_ENV_VARS, limitsFromEnv } from '../../../schema/limits.js';
import { checkDocumentSize } from '../../../schema/validate.js';
import { clip, doc, expectError, expectValid, type Json } from './helpers.js';

describe('DEFAULT_LIMITS', () => {
  it('has the documented values', () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxWidth: 7680, maxHeight: 7680, maxFps: 120, maxDurationSeconds: 3600, maxFrames: 432000,
      maxTextLength: 20000, maxAssets: 500, maxClips: 5000, maxDocumentBytes: 5_000_000,
    });
  });
});

describe('canvas limits', () => {
  it('reject width, height and fps above the maxima, and honour custom limits', () => {
    expectValid(doc([], { meta: { width: 7680, height: 7680, fps: 120 } }));
    expectError(doc([], { meta: { width: 7681 } }), '/meta/width', 'width 7681 exceeds maxWidth 7680 (set FRAMESMITH_MAX_WIDTH');
    expectError(doc([], { meta: { height: 8000 } }), '/meta/height', 'exceeds maxHeight 7680');
    expectError(doc([], { meta: { fps: 121 } }), '/meta/fps', 'exceeds maxFps 120');
    expectError(doc([], { meta: { width: 1920 } }), '/meta/width', 'exceeds maxWidth 1280', { limits: { maxWidth: 1280 } });
    expectValid(doc([], { meta: { fps: 240 } }), { limits: { maxFps: 240 } });
  });
});

describe('duration and frame limits', () => {
  const long = (end: number) => doc([clip('rect', { start: 0, duration: 1 }), clip('rect', { start: end - 10, duration: 10 })]);

  it('measure the latest end of a top-level clip', () => {
    expectValid(long(3600));
    expectError(long(3601), '/tracks/0/clips/1/duration', 'composition duration (s) 3601 exceeds maxDurationSeconds 3600');
    expectError(long(100), '/tracks/0/clips/1/duration', 'maxDurationSeconds 60', { limits: { maxDurationSeconds: 60 } });
  });

  it('counts template clips by their own window, not layout children', () => {
    expectError(doc([clip('template', { template: 'quote', data: {}, start: 3000, duration: 700 })]),
      '/tracks/0/clips/0/duration', 'maxDurationSeconds');
    expectValid(doc([clip('layout', { duration: 5, children: [clip('rect', { start: 0, duration: 99999 })] })]));
  });

  it('rejects round(duration × fps) above maxFrames', () => {
    // 3600 s × 120 fps = 432000 frames: exactly at the limit.
    expectValid(doc([clip('rect', { duration: 3600 })], { meta: { fps: 120 } }));
    expectError(doc([clip('rect', { duration: 101 })], { meta: { fps: 30 } }), '/tracks/0/clips/0/duration',
      'frame count 3030 exceeds maxFrames 3000', { limits: { maxFrames: 3000 } });
    expectValid(doc([clip('rect', { duration: 100.01 })], { meta: { fps: 30 } }), { limits: { maxFrames: 3000 } });
  });
});

describe('text, asset and clip count limits', () => {
  const words = (n: number) => Array.from({ length: n }, () => ({ word: 'ab', punctuated_word: 'ab.', start: 0, end: 1 }));

  it('sum text, code and subtitle words', () => {
    const d = doc([
      clip('text', { text: 'x'.repeat(10) }),
      clip('code', { code: 'y'.repeat(10) }),
      clip('subtitle', { words: words(2) }),
      clip('layout', { children: [clip('text', { text: 'z'.repeat(4) })] }),
    ], { assets: { subtitles: [{ id: 's', words: words(3) }] } });
    // 10 + 10 + 6 + 4 + 9 = 39 characters.
    expectValid(d, { limits: { maxTextLength: 39 } });
    expectError(d, '/tracks/0/clips/3/children/0/text', 'total text length 39 exceeds maxTextLength 38', { limits: { maxTextLength: 38 } });
    expectError(doc([clip('text', { text: 'x'.repeat(20001) })]), '/tracks/0/clips/0/text', 'exceeds maxTextLength 20000');
  });

  it('count assets over all pools', () => {
    const images = Array.from({ length: 3 }, (_, i) => ({ id: `i${i}`, src: 'a.png' }));
    const assets: Json = { images, audios: [{ id: 'a', src: 'a.mp3' }] };
    expectValid(doc([], { assets }), { limits: { maxAssets: 4 } });
    expectError(doc([], { assets }), '/assets', 'asset count 4 exceeds maxAssets 3', { limits: { maxAssets: 3 } });
    const many = Array.from({ length: 501 }, (_, i) => ({ id: `i${i}`, src: 'a.png' }));
    expectError(doc([], { assets: { images: many } }), '/assets', 'exceeds maxAssets 500');
  });

  it('count clips including layout children, recursively', () => {
    const d = doc([clip('rect'), clip('layout', { children: [clip('rect'), clip('layout', { children: [clip('rect')] })] })]);
    expectValid(d, { limits: { maxClips: 5 } });
    expectError(d, '/tracks', 'clip count 5 exceeds maxClips 4', { limits: { maxClips: 4 } });
    expectError(doc(Array.from({ length: 5001 }, () => clip('rect'))), '/tracks', 'exceeds maxClips 5000');
  });
});

describe('checkDocumentSize', () => {
  it('accepts up to maxDocumentBytes and rejects above', () => {
    expect(checkDocumentSize(5_000_000)).toEqual([]);
    expect(checkDocumentSize(5_000_001)).toEqual([{ pointer: '', message: expect.stringContaining('5000001 bytes') }]);
    expect(checkDocumentSize(2000, { maxDocumentBytes: 1000 })).toHaveLength(1);
  });
});

describe('limitsFromEnv', () => {
  it('returns the defaults for an empty environment', () => {
    expect(limitsFromEnv({})).toEqual(DEFAULT_LIMITS);
    expect(limitsFromEnv({ FRAMESMITH_MAX_FPS: '' })).toEqual(DEFAULT_LIMITS);
  });

  it('reads every variable', () => {
    const env = Object.fromEntries(Object.values(LIMIT_ENV_VARS).map((name, i) => [name, String(i + 1)]));
    const limits = limitsFromEnv(env);
    Object.keys(LIMIT_ENV_VARS).forEach((key, i) => expect(limits[key as keyof typeof limits]).toBe(i + 1));
    expect(Object.values(LIMIT_ENV_VARS)).toEqual(expect.arrayContaining([
      'FRAMESMITH_MAX_WIDTH', 'FRAMESMITH_MAX_HEIGHT', 'FRAMESMITH_MAX_FPS', 'FRAMESMITH_MAX_DURATION',
      'FRAMESMITH_MAX_FRAMES', 'FRAMESMITH_MAX_TEXT_LENGTH', 'FRAMESMITH_MAX_ASSETS', 'FRAMESMITH_MAX_CLIPS',
    ]));
  });

  it('throws an error naming the variable for invalid values', () => {
    for (const bad of ['0', '-5', '1.5', 'abc', '12px', '1e3', '99999999999999999999']) {
      expect(() => limitsFromEnv({ FRAMESMITH_MAX_CLIPS: bad })).toThrow(/FRAMESMITH_MAX_CLIPS must be a positive integer/);
    }
  });

  it('feeds validateRenderingVideo through options.limits', () => {
    const limits = limitsFromEnv({ FRAMESMITH_MAX_WIDTH: '1000' });
    expectError(doc([], { meta: { width: 1001 } }), '/meta/width', 'exceeds maxWidth 1000', { limits });
  });
});
