import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TimedWord } from '../../../engine/model/composition.js';
import {
  batchGroups, breakLines, captionAt, CAPTION_HOLD_SECONDS, endsSentence, groupWindow, pageGroups,
} from '../../../engine/elements/subtitle.js';
import { captionStyleOf, parseSubtitleJson, timedWordsOf } from '../../../engine/compile/subtitle.js';
import { compileDocument } from '../../../engine/load-composition.js';
import { prepareNodeResources } from '../../../engine/render/node-resources.js';
import { hasErrorCode } from '../../../engine/errors.js';

const w = (text: string, startSeconds: number, endSeconds: number): TimedWord => ({ text, startSeconds, endSeconds });

// "One two three four. Five six" with a 2 s pause before "six".
const words = [w('One', 0, 0.3), w('two', 0.3, 0.6), w('three', 0.6, 0.9), w('four.', 0.9, 1.2), w('Five', 1.3, 1.6), w('six', 3.6, 4)];

describe('caption groups', () => {
  it('batches wordsPerBatch words, ending early at a sentence end or before a pause', () => {
    expect(batchGroups(words, 3)).toEqual([{ first: 0, last: 2 }, { first: 3, last: 3 }, { first: 4, last: 4 }, { first: 5, last: 5 }]);
    expect(batchGroups(words, 10)).toEqual([{ first: 0, last: 3 }, { first: 4, last: 4 }, { first: 5, last: 5 }]);
    expect(batchGroups([], 4)).toEqual([]);
    expect(endsSentence('done.')).toBe(true);
    expect(endsSentence('“Really?”')).toBe(true);
    expect(endsSentence('so,')).toBe(false);
  });

  it('breaks lines greedily inside the text box', () => {
    expect(breakLines([30, 30, 30, 30], 10, 75)).toEqual([[0, 1], [2, 3]]);
    expect(breakLines([100, 20], 10, 50)).toEqual([[0], [1]]);
  });

  it('pages stream captions by lines and sentences', () => {
    // Two lines of two words fit a page; a third line starts a new page.
    expect(pageGroups([30, 30, 30, 30, 30], 10, 75, 2)).toEqual([{ first: 0, last: 3 }, { first: 4, last: 4 }]);
    expect(pageGroups([10, 10, 10], 5, 100, 2, (i) => i === 0)).toEqual([{ first: 0, last: 0 }, { first: 1, last: 2 }]);
  });
});

describe('caption timing (clip-relative seconds)', () => {
  const groups = batchGroups(words, 3);
  const batch = { mode: 'batch' as const, fadeIn: false };

  it('shows nothing before the first word', () => {
    expect(captionAt([w('late', 1, 2)], [{ first: 0, last: 0 }], 0.5, batch)).toBeUndefined();
  });

  it('highlights the word being spoken, bridging the gap to the next word of the group', () => {
    expect(captionAt(words, groups, 0.1, batch)).toMatchObject({ group: 0, visible: 3, active: 0, alpha: 1 });
    expect(captionAt(words, groups, 0.65, batch)).toMatchObject({ group: 0, active: 2 });
    // "four." (group 1) until its end, then held without a highlight.
    expect(captionAt(words, groups, 1.0, batch)).toMatchObject({ group: 1, active: 3 });
    expect(captionAt(words, groups, 1.25, batch)?.active).toBeUndefined();
  });

  it('hands over to the next group when it starts, and holds the last words a moment', () => {
    expect(groupWindow(words, groups, 1)).toEqual({ from: 0.9, to: 1.3 });
    // "Five" ends at 1.6: held until 2.6, then nothing until "six" at 3.6.
    expect(groupWindow(words, groups, 2)).toEqual({ from: 1.3, to: 1.6 + CAPTION_HOLD_SECONDS });
    expect(captionAt(words, groups, 2.5, batch)?.group).toBe(2);
    expect(captionAt(words, groups, 3, batch)).toBeUndefined();
    expect(captionAt(words, groups, 4.5, batch)?.group).toBe(3);
    expect(captionAt(words, groups, 5.1, batch)).toBeUndefined();
  });

  it('fades a batch in, and reveals stream words one at a time', () => {
    expect(captionAt(words, groups, 0.1, { mode: 'batch', fadeIn: true })!.alpha).toBeCloseTo(0.5, 9);
    const page = [{ first: 0, last: 3 }];
    const at = captionAt(words, page, 0.65, { mode: 'stream', fadeIn: true })!;
    expect(at).toMatchObject({ visible: 3, active: 2, alpha: 1 });
    expect(at.wordAlpha(2)).toBeCloseTo(1 / 3, 9);
    expect(at.wordAlpha(0)).toBe(1);
  });
});

describe('subtitle compile', () => {
  it('takes the digest defaults, with a sans-serif fallback after Arial', () => {
    expect(captionStyleOf(undefined)).toMatchObject({
      mode: 'batch', wordsPerGroup: 4, fontSize: 80, fontFamily: 'Arial, sans-serif', fontWeight: '800', textAlign: 'center',
      boxWidth: { fraction: 0.7 }, textColor: '#ffffff', highlightColor: '#00ffff', shadowColor: '#000000', shadowBlur: 30,
      outlineWidth: 0, fadeIn: true, position: 'bottom', edgeDistance: 150,
    });
    expect(captionStyleOf({ borderColor: '#000', textBoxWidth: 500 }, 'serif')).toMatchObject({ outlineColor: '#000', outlineWidth: 2, boxWidth: { px: 500 }, fontFamily: 'serif' });
  });

  it('sorts words by start and shows the punctuated form', () => {
    expect(timedWordsOf([{ word: 'b', punctuated_word: 'B!', start: 1, end: 2 }, { word: 'a', punctuated_word: 'A', start: 0, end: 1 }]))
      .toEqual([w('A', 0, 1), w('B!', 1, 2)]);
  });

  it('reads inline words, asset words, and leaves {src} to the host', () => {
    const doc = {
      meta: { version: '2.0.0', width: 320, height: 180, fps: 10 },
      assets: { subtitles: [{ id: 's', words: [{ word: 'x', punctuated_word: 'X', start: 0, end: 1 }] }] },
      tracks: [{ clips: [
        { type: 'subtitle', start: 0, duration: 2, words: [{ word: 'y', punctuated_word: 'Y', start: 0, end: 1 }] },
        { type: 'subtitle', start: 0, duration: 2, words: { $ref: 's' } },
        { type: 'subtitle', start: 0, duration: 2, words: { src: 'words.json' } },
      ] }],
    };
    const { composition, warnings } = compileDocument(doc, { baseDir: '/data' });
    expect(warnings).toEqual([]);
    const [inline, ref, remote] = composition.layers.map((l) => l.element);
    expect(inline).toMatchObject({ kind: 'subtitle', words: [w('Y', 0, 1)] });
    expect(ref).toMatchObject({ kind: 'subtitle', words: [w('X', 0, 1)] });
    expect(remote).toMatchObject({ kind: 'subtitle', words: [], source: { uri: '/data/words.json', pointer: '/tracks/0/clips/2/words/src' } });
  });
});

describe('{src} subtitle words', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('parses a word list or {words}, and names the pointer for bad JSON', () => {
    const list = JSON.stringify([{ word: 'b', start: 1, end: 2 }, { word: 'a', punctuated_word: 'A,', start: 0, end: 1 }]);
    expect(parseSubtitleJson(list, '/p', 'u')).toEqual([w('A,', 0, 1), w('b', 1, 2)]);
    expect(parseSubtitleJson(JSON.stringify({ words: [] }), '/p', 'u')).toEqual([]);
    expect(() => parseSubtitleJson('{', '/tracks/0/clips/1/words/src', 'x.json')).toThrow(/^\/tracks\/0\/clips\/1\/words\/src: "x.json" is not JSON/);
    expect(() => parseSubtitleJson('{"text": 1}', '/p', 'u')).toThrow(/must hold a list of subtitle words/);
    expect(() => parseSubtitleJson('[{"word": "a", "start": -1, "end": 1}]', '/p', 'u')).toThrow(/word 0: "start" must be a number ≥ 0/);
  });

  it('are read by the Node host before drawing', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'fs-subs-'));
    await writeFile(path.join(dir, 'words.json'), JSON.stringify({ words: [{ word: 'hi', punctuated_word: 'Hi!', start: 0.5, end: 1 }] }));
    await writeFile(path.join(dir, 'bad.json'), '[{"word": 3}]');
    const make = (src: string) => compileDocument({
      meta: { version: '2.0.0', width: 320, height: 180, fps: 10 },
      tracks: [{ clips: [{ type: 'subtitle', start: 0, duration: 2, words: { src } }] }],
    }, { baseDir: dir! }).composition;
    const good = make('words.json');
    await prepareNodeResources(good);
    expect(good.layers[0]!.element).toMatchObject({ words: [w('Hi!', 0.5, 1)] });
    const err = await prepareNodeResources(make('bad.json')).catch((e: unknown) => e);
    expect(hasErrorCode(err, 'ERR_ASSET_UNREADABLE')).toBe(true);
    expect((err as Error).message).toMatch(/^\/tracks\/0\/clips\/0\/words\/src: ".*bad\.json" word 0: "word" must be a string/);
    const missing = await prepareNodeResources(make('nope.json')).catch((e: unknown) => e);
    expect(hasErrorCode(missing, 'ERR_FILE_NOT_FOUND')).toBe(true);
  });
});
