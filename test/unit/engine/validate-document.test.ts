import { describe, expect, it } from 'vitest';
import { compileDocument, validateDocument } from '../../../engine/load-composition.js';
import { hasErrorCode, type FramesmithError } from '../../../engine/errors.js';
import { validateRenderingVideo } from '../../../schema/validate.js';

type Json = Record<string, unknown>;

function doc(clips: Json[], assets?: Json): Json {
  return { meta: { version: '2.0.0', width: 640, height: 360, fps: 30 }, tracks: [{ clips }], ...(assets ? { assets } : {}) };
}

const template = (name: string, data: Json, extra: Json = {}): Json => ({ type: 'template', template: name, start: 0, duration: 4, data, ...extra });

/** The issues of a rejected document, from validateDocument; compileDocument must reject it with the same issues. */
function rejected(document: Json, limits?: Json): Array<{ pointer: string; message: string }> {
  const result = validateDocument(document, { limits });
  if (result.ok) throw new Error('validateDocument accepted the document');
  let thrown: unknown;
  try {
    compileDocument(document, { baseDir: '/', limits });
  } catch (err) {
    thrown = err;
  }
  expect(hasErrorCode(thrown, 'ERR_TIMELINE_INVALID')).toBe(true);
  expect((thrown as FramesmithError).issues).toEqual(result.errors);
  return result.errors;
}

describe('validateDocument and rendering accept the same documents', () => {
  it('checks template data when validating (a slideshow without images)', () => {
    const errors = rejected(doc([template('slideshow', {})]));
    expect(errors).toEqual([{ pointer: '/tracks/0/clips/0/data/images', message: 'template "slideshow" needs "images"' }]);
    const direct = validateRenderingVideo(doc([template('slideshow', {})]));
    expect(direct.ok).toBe(false);
  });

  it('checks icon names at any depth (inside a layout)', () => {
    const layout = { type: 'layout', start: 0, duration: 2, children: [{ type: 'icon', start: 0, duration: 2, icon: 'mdi:no-such-icon-here' }] };
    const errors = rejected(doc([layout]));
    expect(errors).toEqual([{ pointer: '/tracks/0/clips/0/children/0/icon', message: expect.stringContaining('unknown icon "mdi:no-such-icon-here"') }]);
    expect(validateDocument(doc([{ ...layout, children: [{ type: 'icon', start: 0, duration: 2, icon: 'mdi:star' }] }])).ok).toBe(true);
  });

  it('applies maxClips after template expansion, naming the template clip', () => {
    const items = Array.from({ length: 60 }, (_, i) => `item ${i}`);
    const document = doc([{ type: 'rect', start: 0, duration: 1 }, template('list', { items })]);
    expect(validateDocument(document).ok).toBe(true);
    const errors = rejected(document, { maxClips: 100 });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.pointer).toBe('/tracks/0/clips/1');
    expect(errors[0]!.message).toMatch(/^clip count after template expansion \d+ exceeds maxClips 100 \(set FRAMESMITH_MAX_CLIPS/);
  });

  it('applies maxTextLength after template expansion, naming the template clip', () => {
    const items = Array.from({ length: 10 }, () => 'x'.repeat(50));
    const errors = rejected(doc([template('list', { items })]), { maxTextLength: 400 });
    expect(errors).toEqual([{ pointer: '/tracks/0/clips/0', message: expect.stringMatching(/^total text length after template expansion \d+ exceeds maxTextLength 400/) }]);
  });

  it('checks template $refs with one rule: the field\'s pool, any pool for fields the template ignores', () => {
    const assets = { images: [{ id: 'pic', src: 'a.png' }], videos: [{ id: 'vid', src: 'a.mp4' }] };
    const wrongPool = doc([template('slideshow', { images: [{ image: { $ref: 'vid' } }] })], assets);
    const direct = validateRenderingVideo(wrongPool);
    expect(direct.ok ? [] : direct.errors).toEqual([
      { pointer: '/tracks/0/clips/0/data/images/0/image/$ref', message: 'no asset with id "vid" in assets.images' },
    ]);
    rejected(wrongPool);
    expect(validateDocument(doc([template('slideshow', { images: [{ image: { $ref: 'pic' } }] })], assets)).ok).toBe(true);
    const stray = validateRenderingVideo(doc([template('quote', { unknownField: { $ref: 'nope' } })], assets));
    expect(stray.ok ? [] : stray.errors).toEqual([
      { pointer: '/tracks/0/clips/0/data/unknownField/$ref', message: 'no asset with id "nope" in any assets pool' },
    ]);
  });

  it('passes allowUnknownFields on to the Framelane validator', () => {
    const body = { width: 320, height: 180, elements: [{ type: 'text', id: 't', text: 'Hi', duration: 1, sparkle: true }] };
    expect(validateDocument(body).ok).toBe(false);
    expect(validateDocument(body, { allowUnknownFields: true }).ok).toBe(true);
    expect(() => compileDocument(body, { baseDir: '/', allowUnknownFields: true })).not.toThrow();
  });
});
