import { describe, it, expect } from 'vitest';
import { clip, clipPointer, doc, expectError, expectValid, validate, type Json } from './helpers.js';

const P = clipPointer();
const ref = (id: string) => ({ $ref: id });

const assets: Json = {
  fonts: [{ id: 'inter', src: 'https://example.com/inter.woff2', family: 'Inter', weight: 700, style: 'normal' }],
  images: [{ id: 'img', src: 'https://example.com/a.png' }],
  videos: [{ id: 'vid', src: 'https://example.com/a.mp4' }],
  audios: [{ id: 'aud', src: 'https://example.com/a.mp3' }],
  subtitles: [{ id: 'sub', words: [{ word: 'hi', punctuated_word: 'Hi', start: 0, end: 1 }] }],
  models: [{ id: 'duck', src: 'https://example.com/duck.glb' }],
  svgs: [{ id: 'inline', svg: '<svg/>' }, { id: 'remote', src: 'https://example.com/a.svg' }],
};

describe('asset $ref resolution', () => {
  it('resolves each field against its pool', () => {
    expectValid(doc([
      clip('image', { src: ref('img') }),
      clip('video', { src: ref('vid') }),
      clip('audio', { src: ref('aud') }),
      clip('svg', { svg: ref('inline') }),
      clip('svg', { src: ref('remote') }),
      clip('svg', { src: ref('inline') }),
      clip('svg', { src: ref('img') }),
      clip('subtitle', { words: ref('sub') }),
      clip('three', { objects: [{ model: ref('duck') }, { model: 'https://example.com/b.glb' }] }),
      clip('layout', { children: [clip('image', { src: ref('img') })] }),
      clip('template', { template: 'subtitle-video', data: { src: ref('vid'), words: ref('sub'), list: [ref('img')] } }),
    ], { assets }));
  });

  const wrongPool: Array<[string, Json, string]> = [
    ['image.src', clip('image', { src: ref('vid') }), `${P}/src/$ref`],
    ['video.src', clip('video', { src: ref('img') }), `${P}/src/$ref`],
    ['audio.src', clip('audio', { src: ref('vid') }), `${P}/src/$ref`],
    ['svg.svg', clip('svg', { svg: ref('img') }), `${P}/svg/$ref`],
    ['svg.src', clip('svg', { src: ref('vid') }), `${P}/src/$ref`],
    ['subtitle.words', clip('subtitle', { words: ref('img') }), `${P}/words/$ref`],
    ['three model', clip('three', { objects: [{}, { model: ref('img') }] }), `${P}/objects/1/model/$ref`],
  ];
  for (const [name, badClip, pointer] of wrongPool) {
    it(`rejects ${name} pointing into another pool, at ${pointer.replace(P, '…')}`, () => {
      const errors = expectError(doc([badClip], { assets }), pointer, 'no asset with id');
      expect(errors).toHaveLength(1);
    });
  }

  it('names the pools searched', () => {
    expectError(doc([clip('image', { src: ref('nope') })], { assets }), `${P}/src/$ref`, 'no asset with id "nope" in assets.images');
    expectError(doc([clip('svg', { src: ref('nope') })]), `${P}/src/$ref`, 'in assets.svgs or assets.images');
  });

  it('requires inline markup for svg.svg references', () => {
    expectError(doc([clip('svg', { svg: ref('remote') })], { assets }), `${P}/svg/$ref`, 'has no inline "svg" markup');
  });

  it('checks references inside layout children and template data', () => {
    expectError(doc([clip('layout', { children: [clip('layout', { children: [clip('video', { src: ref('x') })] })] })]),
      `${P}/children/0/children/0/src/$ref`, 'no asset with id "x"');
    expectError(doc([clip('template', { template: 'slideshow', data: { images: [{ image: ref('gone') }] } })], { assets }),
      `${P}/data/images/0/image/$ref`, 'no asset with id "gone"');
    expectError(doc([clip('template', { template: 'quote', data: {}, overrides: { data: { bg: ref('gone') } } })]),
      `${P}/overrides/data/bg/$ref`, 'no asset with id "gone"');
  });

  it('validates the $ref object shape', () => {
    expectError(doc([clip('image', { src: { $ref: '' } })]), `${P}/src/$ref`, 'must not be empty');
    expectError(doc([clip('image', { src: { id: 'img' } })]), `${P}/src/$ref`, 'missing required property "$ref"');
    expectError(doc([clip('image', { src: { id: 'img' } })]), `${P}/src/id`, 'unknown property "id"');
    expectError(doc([clip('image', { src: ['a.png'] })]), `${P}/src`, 'or an asset reference {"$ref": "<id>"}, got an array of 1');
  });
});

describe('asset pools', () => {
  it('reject duplicate ids within a pool', () => {
    const errors = expectError(doc([], { assets: { images: [{ id: 'a', src: '1.png' }, { id: 'b', src: '2.png' }, { id: 'a', src: '3.png' }] } }),
      '/assets/images/2/id', 'duplicate id "a" in assets.images (first used at /assets/images/0/id)');
    expect(errors).toHaveLength(1);
  });

  it('allow the same id in different pools', () => {
    expectValid(doc([], { assets: { images: [{ id: 'a', src: '1.png' }], videos: [{ id: 'a', src: '1.mp4' }] } }));
  });

  it('validate entries', () => {
    expectError(doc([], { assets: { images: [{ src: '1.png' }] } }), '/assets/images/0/id', 'missing required property "id"');
    expectError(doc([], { assets: { fonts: [{ id: 'f', src: 'f.ttf' }] } }), '/assets/fonts/0/family', 'missing required');
    expectError(doc([], { assets: { svgs: [{ id: 's' }] } }), '/assets/svgs/0', 'must have "svg" (inline markup) or "src"');
    expectError(doc([], { assets: { subtitles: [{ id: 's', words: [{ word: 'a' }] }] } }), '/assets/subtitles/0/words/0/start');
    expectValid(doc([], { assets }));
  });

  it('do not accept the legacy map form', () => {
    const result = validate(doc([], { assets: { logo: { type: 'image', src: 'a.png' } } }));
    expect(result.ok ? [] : result.errors).toEqual([{ pointer: '/assets/logo', message: 'unknown property "logo"' }]);
  });
});
