import { describe, it, expect } from 'vitest';
import { CSS_NAMED_COLOURS, isCssColour } from '../../../schema/renderingvideo-v2.js';
import { normalizeIssues } from '../../../schema/validate.js';
import { clip, clipPointer, doc, expectError, expectValid, validate, type Json } from './helpers.js';

const P = clipPointer();
const rect = (fields: Json) => doc([clip('rect', fields)]);

describe('document shape', () => {
  it('rejects a non-object document at pointer ""', () => {
    for (const value of [null, 42, 'x', [], true]) {
      const result = validate(value);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.errors).toHaveLength(1);
        expect(result.errors[0]?.pointer).toBe('');
        expect(result.errors[0]?.message).toMatch(/^document must be a JSON object/);
      }
    }
  });

  it('requires meta and at least one track', () => {
    expectError({ tracks: [{ clips: [] }] }, '/meta', 'missing required property "meta"');
    expectError({ meta: (doc() as { meta: Json }).meta }, '/tracks', 'missing required property "tracks"');
    expectError({ ...doc(), tracks: [] }, '/tracks', 'must have at least 1 item, got 0');
    expectError({ ...doc(), tracks: [{}] }, '/tracks/0/clips', 'missing required property');
    expectValid({ ...doc(), tracks: [{ clips: [] }] });
  });

  it('rejects the legacy top-level video/audio blocks', () => {
    expectError({ ...doc(), video: { duration: 5 } }, '/video', 'unknown property "video"');
    expectError({ ...doc(), audio: {} }, '/audio', 'unknown property "audio"');
  });

  it('requires positive integer width, height and fps, and a version', () => {
    for (const key of ['width', 'height', 'fps']) {
      expectError(doc([], { meta: { [key]: 0 } }), `/meta/${key}`, 'must be >= 1, got 0');
      expectError(doc([], { meta: { [key]: 29.97 } }), `/meta/${key}`, 'must be an integer, got 29.97');
      const meta = { version: '2.0.0', width: 10, height: 10, fps: 10 } as Json;
      delete meta[key];
      expectError({ meta, tracks: [{ clips: [] }] }, `/meta/${key}`, `missing required property "${key}"`);
    }
    expectError({ meta: { width: 1, height: 1, fps: 1 }, tracks: [{ clips: [] }] }, '/meta/version', 'missing required');
  });

  it('accepts every meta field', () => {
    expectValid(doc([], {
      meta: { title: 't', description: 'd', author: 'a', createdAt: '2025-01-01T00:00:00Z', tags: ['x'], background: 'transparent' },
    }));
    expectError(doc([], { meta: { tags: 'x' } }), '/meta/tags', 'must be an array');
  });
});

describe('unknown fields', () => {
  it('are rejected by default, pointing at the property, with a suggestion', () => {
    const errors = expectError(doc([clip('icon', { icon: 'mdi:home', colour: 'red' })]), `${P}/colour`);
    expect(errors).toEqual([{ pointer: `${P}/colour`, message: 'unknown property "colour" (did you mean "color"?)' }]);
    expectError(rect({ style: { colour: 'red' } }), `${P}/style/colour`, 'unknown property "colour"');
    expectError(rect({ transform: { left: 1 } }), `${P}/transform/left`, 'unknown property "left"');
    expectError(doc([], { meta: { framerate: 30 } }), '/meta/framerate', 'unknown property "framerate"');
    expectError(doc([], { assets: { images: [{ id: 'a', src: 'a.png', alt: 'x' }] } }), '/assets/images/0/alt');
    expectError(doc([], { assets: { fontz: [] } }), '/assets/fontz', 'did you mean "fonts"?');
    expectError(rect({ src: { $ref: 'x', extra: 1 } }), `${P}/src`, 'unknown property "src"');
  });

  it('are accepted with allowUnknownFields, other errors still reported', () => {
    const d = doc([clip('icon', { icon: 'mdi:home', colour: 'red', style: { colour: 'x' } })], { meta: { framerate: 30 } });
    expectValid({ ...d, video: {} }, { allowUnknownFields: true });
    expectError(doc([clip('icon', { icon: 'mdi:home', colour: 'red', opacity: 3 })]), `${P}/opacity`, undefined,
      { allowUnknownFields: true });
    const result = validate(doc([clip('icon', { icon: 'mdi:home', colour: 'red', opacity: 3 })]), { allowUnknownFields: true });
    expect(result.ok ? [] : result.errors).toEqual([{ pointer: `${P}/opacity`, message: 'must be <= 1, got 3' }]);
  });

  it('do not open free-form objects in strict mode: template data stays free', () => {
    expectValid(doc([clip('template', { template: 'news', data: { anything: { nested: [1, 2] } } })]));
  });
});

describe('lengths', () => {
  it('accept numbers and percent strings', () => {
    for (const v of [0, -20, 12.5, '50%', '0%', '-10%', '12.5%', '150%']) {
      expectValid(rect({ transform: { x: v, y: v, width: v, height: v } }));
    }
  });

  it('reject other strings and types with one message', () => {
    for (const v of ['50', '50 %', '%', '5.%', 'abc', '50px', '+5%']) {
      const errors = expectError(rect({ transform: { x: v } }), `${P}/transform/x`, 'must be a number (px) or a percentage string such as "50%"');
      expect(errors).toHaveLength(1);
    }
    expectError(rect({ transform: { width: true } }), `${P}/transform/width`, 'must be a number (px) or a percentage string');
    expectError(doc([clip('subtitle', { words: [], config: { textBoxWidth: '70' } })]), `${P}/config/textBoxWidth`, 'percentage');
  });

  it('accept scale as a number or a pair, skew as a pair', () => {
    expectValid(rect({ transform: { scale: 2, rotation: 45, skew: [10, 0] } }));
    expectValid(rect({ transform: { scale: [1, -1] } }));
    expectError(rect({ transform: { scale: '2' } }), `${P}/transform/scale`, 'must be a number or a [sx, sy] pair, got "2"');
    expectError(rect({ transform: { scale: [1, 2, 3] } }), `${P}/transform/scale`, 'exactly 2 items');
    expectError(rect({ transform: { skew: 10 } }), `${P}/transform/skew`, 'must be an array');
  });
});

describe('colours', () => {
  const good = [
    '#fff', '#FFFF', '#ff0000', '#FF0000CC', 'rgb(255,0,0)', 'rgba(0,0,0,0.5)', 'rgba(0, 0, 0, .5)',
    'rgb(255 0 0)', 'rgb(255 0 0 / 50%)', 'rgb(100%, 0%, 0%)', 'hsl(120, 100%, 50%)', 'hsla(120deg, 100%, 50%, 0.3)',
    'hsl(0.5turn 50% 50% / 0.2)', 'red', 'rebeccapurple', 'transparent', 'lightgoldenrodyellow',
  ];
  const bad = ['reddish', '#ff000', '#gggggg', 'ff0000', 'rgb(1,2)', 'rgba(0,0,0,0.5', 'Red', 'RGB(1,2,3)', '', 'rgb()', 'currentColor', 'url(#a)'];

  it('accepts CSS colour syntax', () => {
    for (const colour of good) {
      expect(isCssColour(colour), colour).toBe(true);
      expectValid(rect({ style: { fill: colour, stroke: colour, shadowColor: colour } }));
    }
    expect(CSS_NAMED_COLOURS).toHaveLength(149);
    for (const name of CSS_NAMED_COLOURS) expect(isCssColour(name), name).toBe(true);
  });

  it('rejects anything else with a readable message', () => {
    for (const colour of bad) {
      expect(isCssColour(colour), colour).toBe(false);
      const errors = expectError(rect({ style: { stroke: colour } }), `${P}/style/stroke`);
      expect(errors).toEqual([{
        pointer: `${P}/style/stroke`,
        message: `must be a CSS colour (e.g. #ff0000, rgba(0,0,0,0.5)), got ${JSON.stringify(colour)}`,
      }]);
    }
  });

  it('reports a bad fill colour as a colour error, not a union of colour and gradient', () => {
    const result = validate(rect({ style: { fill: 'reddish' } }));
    expect(result.ok ? [] : result.errors).toEqual([{
      pointer: `${P}/style/fill`, message: 'must be a CSS colour (e.g. #ff0000, rgba(0,0,0,0.5)), got "reddish"',
    }]);
  });

  it('checks colours in gradients, icons, subtitles, 3D and the background', () => {
    expectError(doc([], { meta: { background: { type: 'radial', stops: [{ offset: 0, color: 'x' }, { offset: 1, color: 'red' }] } } }),
      '/meta/background/stops/0/color', 'CSS colour');
    expectError(doc([], { meta: { background: 'nope' } }), '/meta/background', 'CSS colour');
    expectError(doc([], { meta: { background: 5 } }), '/meta/background', 'must be a CSS colour string or a gradient object');
    expectError(doc([clip('icon', { icon: 'a:b', color: 'blu' })]), `${P}/color`, 'CSS colour');
    expectError(doc([clip('three', { renderer: { clearColor: 'none' } })]), `${P}/renderer/clearColor`, 'CSS colour');
    expectError(doc([clip('three', { objects: [{ material: { emissive: '#12' } }] })]), `${P}/objects/0/material/emissive`, 'CSS colour');
  });

  it('validates gradients', () => {
    const stops = [{ offset: 0, color: 'red' }, { offset: 1, color: 'blue' }];
    expectValid(rect({ style: { fill: { type: 'conic', angle: 45, stops } } }));
    expectError(rect({ style: { fill: { type: 'linear', stops: stops.slice(0, 1) } } }), `${P}/style/fill/stops`, 'at least 2 items');
    expectError(rect({ style: { fill: { type: 'linear', stops: [{ offset: -0.1, color: 'red' }, stops[1]] } } }),
      `${P}/style/fill/stops/0/offset`, 'must be >= 0');
    expectError(rect({ style: { fill: { stops } } }), `${P}/style/fill/type`, 'missing required property');
  });
});

describe('style, animations, keyframes, transitions', () => {
  it('accepts every style field', () => {
    expectValid(doc([clip('text', {
      text: 'a',
      style: {
        opacity: 0.5, objectFit: 'cover', fill: '#fff', stroke: '#000', strokeWidth: 2, fontFamily: 'Inter', fontSize: 32,
        fontWeight: 'bold', fontStyle: 'italic', lineHeight: 1.2, letterSpacing: -1, textAlign: 'right', textWrap: true,
        shadowColor: 'black', shadowBlur: 8, shadowOffset: [2, 2], borderRadius: [1, 2, 3, 4],
        filters: [{ type: 'blur', value: 4 }, { type: 'hue', value: 90 }], cache: true, cachePadding: [1, 2, 3, 4],
        composite: true, compositeOperation: 'multiply',
      },
    })]));
  });

  it('validates style values', () => {
    expectError(rect({ style: { opacity: 1.2 } }), `${P}/style/opacity`, 'must be <= 1');
    expectError(rect({ style: { borderRadius: [1, 2] } }), `${P}/style/borderRadius`, 'exactly 4 items');
    expectError(rect({ style: { borderRadius: 'round' } }), `${P}/style/borderRadius`, 'must be a number ≥ 0 or [topLeft');
    expectError(rect({ style: { fontWeight: 'heavy' } }), `${P}/style/fontWeight`, 'must be one of: normal, bold');
    expectError(rect({ style: { fontWeight: true } }), `${P}/style/fontWeight`, 'must be a number 1–1000');
    expectError(rect({ style: { filters: [{ type: 'blur' }] } }), `${P}/style/filters/0/value`, 'missing required property');
    expectError(rect({ opacity: -0.1 }), `${P}/opacity`, 'must be >= 0');
  });

  it('validates animations', () => {
    expectValid(rect({ animations: [
      { type: 'move', from: { x: 0, y: 0 }, to: { x: '50%', y: 10 }, duration: 1, delay: 0.5, loop: 3 },
      { type: 'scale', from: 1, to: [1.1, 1.1], duration: 1, loop: true },
      { type: 'rotate', from: -8, to: 8, duration: 1, loop: false },
    ] }));
    expectError(rect({ animations: [{ type: 'fadeIn' }] }), `${P}/animations/0/duration`, 'missing required property');
    expectError(rect({ animations: [{ type: 'fadeIn', duration: 0 }] }), `${P}/animations/0/duration`, 'must be > 0');
    expectError(rect({ animations: [{ type: 'fadeIn', duration: 1, delay: -1 }] }), `${P}/animations/0/delay`, 'must be >= 0');
    for (const loop of [0, 1.5, 'yes']) {
      expectError(rect({ animations: [{ type: 'fadeIn', duration: 1, loop }] }), `${P}/animations/0/loop`,
        loop === 0 ? 'must be >= 1' : 'must be true, false or a whole number of cycles ≥ 1');
    }
  });

  it('validates keyframes', () => {
    expectValid(rect({ keyframes: [{ property: 'style.fill', frames: [{ time: 0, value: '#000' }, { time: 1, value: 'red', easing: 'easeInQuad' }] }] }));
    expectError(rect({ keyframes: [{ property: 'x', frames: [] }] }), `${P}/keyframes/0/frames`, 'at least 1 item');
    expectError(rect({ keyframes: [{ property: 'x', frames: [{ time: -1, value: 0 }] }] }), `${P}/keyframes/0/frames/0/time`);
    expectError(rect({ keyframes: [{ property: 'x', frames: [{ time: 0 }] }] }), `${P}/keyframes/0/frames/0/value`, 'missing required');
  });

  it('checks each keyframe value against its property', () => {
    expectValid(rect({ keyframes: [
      { property: 'x', frames: [{ time: 0, value: '10%' }, { time: 1, value: -20.5 }] },
      { property: 'style.stroke', frames: [{ time: 0, value: 'rgba(0,0,0,0.5)' }] },
      { property: 'opacity', frames: [{ time: 0, value: 0 }, { time: 1, value: 1 }] },
    ] }));
    expectError(rect({ keyframes: [{ property: 'x', frames: [{ time: 0, value: 0 }, { time: 1, value: { a: 1 } }] }] }),
      `${P}/keyframes/0/frames/1/value`, '"x" keyframes must be a number or a percent string');
    expectError(rect({ keyframes: [{ property: 'transform.width', frames: [{ time: 0, value: 'abc' }] }] }),
      `${P}/keyframes/0/frames/0/value`, 'got "abc"');
    expectError(rect({ keyframes: [{ property: 'rotation', frames: [{ time: 0, value: true }] }] }), `${P}/keyframes/0/frames/0/value`);
    expectError(rect({ keyframes: [{ property: 'opacity', frames: [{ time: 0, value: null }] }] }), `${P}/keyframes/0/frames/0/value`);
    expectError(rect({ keyframes: [{ property: 'y', frames: [{ time: 0, value: 1 }] }, { property: 'fill', frames: [{ time: 0, value: 5 }] }] }),
      `${P}/keyframes/1/frames/0/value`, '"fill" keyframes must be a CSS colour');
    expectError(rect({ keyframes: [{ property: 'style.stroke', frames: [{ time: 0, value: 'not-a-colour' }] }] }),
      `${P}/keyframes/0/frames/0/value`, 'must be a CSS colour');
    // Layout children are checked too.
    expectError(doc([clip('layout', { children: [clip('rect', { keyframes: [{ property: 'x', frames: [{ time: 0, value: [1] }] }] })] })]),
      `${P}/children/0/keyframes/0/frames/0/value`);
  });

  it('validates transitions', () => {
    expectValid(rect({ transition: { type: 'spin', duration: 0.4, easing: 'linear', blur: 4, intensity: 0.5, rotation: 90, scale: 1.2 } }));
    expectError(rect({ transition: { type: 'fade' } }), `${P}/transition/duration`, 'missing required property');
    expectError(rect({ transition: { type: 'fade', duration: -1 } }), `${P}/transition/duration`, 'must be > 0');
  });
});

describe('warnings', () => {
  it('warns on a version that is not 2.x', () => {
    const warnings = expectValid(doc([], { meta: { version: '1.0.0' } }));
    expect(warnings).toEqual([{ pointer: '/meta/version', message: expect.stringContaining('"1.0.0" is not 2.x') }]);
    expect(expectValid(doc([], { meta: { version: '2.1' } }))).toEqual([]);
  });

  it('warns on a transition on an audio clip', () => {
    const warnings = expectValid(doc([clip('audio', { src: 'a.mp3', transition: { type: 'fade', duration: 1 } })]));
    expect(warnings).toEqual([{ pointer: `${P}/transition`, message: 'transition is ignored on audio clips' }]);
  });

  it('warns on a ducking target that names no clip', () => {
    const warnings = expectValid(doc([
      clip('audio', { id: 'vo', src: 'v.mp3' }),
      clip('audio', { src: 'm.mp3', ducking: { targets: ['vo', 'voice'] } }),
    ]));
    expect(warnings).toEqual([{ pointer: '/tracks/0/clips/1/ducking/targets/1', message: 'no clip has id "voice"' }]);
  });

  it('keeps warnings when there are semantic errors', () => {
    const result = validate(doc([clip('image', { src: { $ref: 'missing' } })], { meta: { version: '3' } }));
    expect(result.ok).toBe(false);
    expect(result.warnings).toHaveLength(1);
  });
});

describe('issue list', () => {
  it('is deduplicated and sorted by pointer, array indices numerically', () => {
    expect(normalizeIssues([
      { pointer: '/tracks/0/clips/10', message: 'b' },
      { pointer: '/tracks/0/clips/2', message: 'a' },
      { pointer: '', message: 'root' },
      { pointer: '/tracks/0/clips/2', message: 'a' },
      { pointer: '/meta', message: 'm' },
    ])).toEqual([
      { pointer: '', message: 'root' },
      { pointer: '/meta', message: 'm' },
      { pointer: '/tracks/0/clips/2', message: 'a' },
      { pointer: '/tracks/0/clips/10', message: 'b' },
    ]);
  });

  it('reports all problems of a document at once', () => {
    const clips = Array.from({ length: 12 }, (_, i) => clip('rect', { opacity: 2 + i }));
    const result = validate(doc(clips));
    expect(result.ok ? [] : result.errors.map((e) => e.pointer)).toEqual(clips.map((_, i) => `/tracks/0/clips/${i}/opacity`));
  });

  it('escapes property names in pointers (RFC 6901)', () => {
    expectError(rect({ 'a/b~c': 1 }), `${P}/a~1b~0c`, 'unknown property "a/b~c"');
  });
});
