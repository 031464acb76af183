import { describe, it, expect } from 'vitest';
import { CLIP_TYPES } from '../../../schema/renderingvideo-v2.js';
import { clip, clipPointer, doc, expectError, expectValid, MINIMAL_CLIPS, validate } from './helpers.js';

const P = clipPointer();

describe('every clip type', () => {
  it('has a minimal example here', () => {
    expect(Object.keys(MINIMAL_CLIPS).sort()).toEqual([...CLIP_TYPES].sort());
  });

  for (const type of CLIP_TYPES) {
    it(`accepts a minimal ${type} clip`, () => {
      expectValid(doc([MINIMAL_CLIPS[type] as Record<string, unknown>]));
    });

    it(`${type}: requires start and duration > 0`, () => {
      const { start: _start, ...noStart } = MINIMAL_CLIPS[type] as Record<string, unknown>;
      expectError(doc([noStart]), `${P}/start`, 'missing required property "start"');
      expectError(doc([{ ...MINIMAL_CLIPS[type], duration: 0 }]), `${P}/duration`, 'must be > 0, got 0');
      expectError(doc([{ ...MINIMAL_CLIPS[type], start: -1 }]), `${P}/start`, 'must be >= 0');
    });

    it(`${type}: reports only errors of its own type (discriminated union)`, () => {
      const result = validate(doc([{ ...MINIMAL_CLIPS[type], opacity: 2 }]));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors).toEqual([{ pointer: `${P}/opacity`, message: 'must be <= 1, got 2' }]);
    });
  }
});

describe('type-specific fields', () => {
  const missing: Array<[string, string]> = [
    ['video', 'src'], ['image', 'src'], ['text', 'text'], ['circle', 'size'], ['polygon', 'sides'],
    ['polygon', 'size'], ['code', 'code'], ['icon', 'icon'], ['line', 'points'], ['path', 'data'],
    ['audio', 'src'], ['subtitle', 'words'], ['layout', 'children'], ['template', 'template'], ['template', 'data'],
  ];
  for (const [type, field] of missing) {
    it(`${type} without ${field} is rejected at …/${field}`, () => {
      const { [field]: _gone, ...rest } = MINIMAL_CLIPS[type] as Record<string, unknown>;
      expectError(doc([rest]), `${P}/${field}`, `missing required property "${field}"`);
    });
  }

  it('svg needs svg or src', () => {
    expectError(doc([clip('svg')]), P, 'must have "svg"');
    expectValid(doc([clip('svg', { src: 'https://example.com/a.svg' })]));
    expectValid(doc([clip('svg', { svg: { $ref: 'logo' } })], { assets: { svgs: [{ id: 'logo', svg: '<svg/>' }] } }));
  });

  it('rect accepts no type-specific fields', () => {
    expectError(doc([clip('rect', { size: 3 })]), `${P}/size`, 'unknown property "size"');
  });

  it('validates numeric constraints of shapes', () => {
    expectError(doc([clip('polygon', { sides: 2, size: 10 })]), `${P}/sides`, 'must be >= 3');
    expectError(doc([clip('polygon', { sides: 4.5, size: 10 })]), `${P}/sides`, 'must be an integer');
    expectError(doc([clip('circle', { size: 0 })]), `${P}/size`, 'must be > 0');
    expectValid(doc([clip('circle', { size: 10, startAngle: 0, endAngle: 180 })]));
  });

  it('validates icon names', () => {
    expectError(doc([clip('icon', { icon: 'home' })]), `${P}/icon`, 'must be an Iconify name "set:name"');
    expectError(doc([clip('icon', { icon: 'mdi:Home' })]), `${P}/icon`);
    expectValid(doc([clip('icon', { icon: 'mdi:arrow-right-circle', color: '#22c55e' })]));
  });

  it('validates curve fields', () => {
    const line = { points: [[0, 0], [10, 10]] };
    expectError(doc([clip('line', { points: [[0, 0]] })]), `${P}/points`, 'at least 2 items');
    expectError(doc([clip('line', { points: [[0, 0], [1, 2, 3]] })]), `${P}/points/1`, 'must have exactly 2 items');
    expectError(doc([clip('line', { points: [[0, 0], { x: 1 }] })]), `${P}/points/1/y`, 'missing required property');
    expectError(doc([clip('line', { points: [[0, 0], 'a'] })]), `${P}/points/1`, 'must be an [x, y] pair or an {x, y} object');
    expectError(doc([clip('line', { ...line, drawEnd: 1.5 })]), `${P}/drawEnd`, 'must be <= 1');
    expectError(doc([clip('path', { data: '' })]), `${P}/data`, 'must not be empty');
    expectValid(doc([clip('line', {
      ...line, closed: true, drawStart: 0, drawEnd: 1, startOffset: 2, endOffset: 2, startArrow: true,
      endArrow: true, arrowSize: 12, lineWidth: 4, lineCap: 'round', lineJoin: 'bevel', radius: 8,
    })]));
    expectValid(doc([clip('path', { data: 'M0 0', closed: false, lineWidth: 2, drawStart: 0.2 })]));
  });

  it('validates code fields', () => {
    expectValid(doc([clip('code', {
      code: 'x', language: 'typescript', fontFamily: 'JetBrains Mono', fontSize: 20, lineHeight: 1.4,
      selection: [[0, 0], [1, 2]], theme: 'dracula',
    })]));
    expectError(doc([clip('code', { code: 'x', fontSize: -1 })]), `${P}/fontSize`, 'must be > 0');
  });

  it('validates video and audio fields', () => {
    expectValid(doc([clip('video', {
      src: 'a.mp4', source: { start: 1, end: 3 }, volume: 0.5, muted: true, playbackRate: 1.5,
    })]));
    expectError(doc([clip('video', { src: 'a.mp4', playbackRate: 0 })]), `${P}/playbackRate`, 'must be > 0');
    expectError(doc([clip('video', { src: 'a.mp4', source: { start: 3, end: 2 } })]), `${P}/source/end`,
      'must be greater than source.start');
    expectValid(doc([clip('audio', {
      id: 'bed', src: 'a.mp3', source: { start: 0, end: 30 }, volume: 0.8, loop: true, playbackRate: 1, fadeIn: 1,
      fadeOut: 2, pan: -0.5, detune: -100,
      gainEnvelope: [{ time: 0, volume: 0.2 }, { time: 1, volume: 1, easing: 'easeInQuad' }],
      ducking: { targets: ['bed'], amount: 0.6, attack: 0.1, release: 0.4 },
    })]));
    expectError(doc([clip('audio', { src: 'a.mp3', pan: 2 })]), `${P}/pan`, 'must be <= 1');
    expectError(doc([clip('audio', { src: 'a.mp3', volume: 1.5 })]), `${P}/volume`, 'must be <= 1');
    expectError(doc([clip('audio', { src: 'a.mp3', ducking: { targets: [] } })]), `${P}/ducking/targets`, 'at least 1 item');
    expectError(doc([clip('audio', { src: 'a.mp3', gainEnvelope: [{ time: 0 }] })]), `${P}/gainEnvelope/0/volume`);
    expectError(doc([clip('audio', { src: '' })]), `${P}/src`, 'must not be empty');
  });

  it('validates subtitle words forms', () => {
    expectValid(doc([clip('subtitle', { words: { src: 'https://example.com/words.json' } })]));
    expectError(doc([clip('subtitle', { words: [{ word: 'a', start: 0, end: 1 }] })]),
      `${P}/words/0/punctuated_word`, 'missing required property');
    expectError(doc([clip('subtitle', { words: 'hello' })]), `${P}/words`, 'must be an array of subtitle words');
    expectError(doc([clip('subtitle', { words: {} })]), `${P}/words`, 'must be an array of subtitle words');
    expectError(doc([clip('subtitle', { words: [{ word: 'a', punctuated_word: 'A', start: 0, end: 1, confidence: 2 }] })]),
      `${P}/words/0/confidence`, 'must be <= 1');
  });

  it('rejects words that end before they start, inline and in assets.subtitles', () => {
    const word = (start: number, end: number) => ({ word: 'a', punctuated_word: 'A', start, end });
    expectValid(doc([clip('subtitle', { words: [word(0, 0), word(0, 1)] })]));
    expectError(doc([clip('subtitle', { words: [word(0, 1), word(2, 1.5)] })]), `${P}/words/1/end`, 'must not be before start (2)');
    expectError(doc([clip('subtitle', { words: { $ref: 's' } })], { assets: { subtitles: [{ id: 's', words: [word(3, 1)] }] } }),
      '/assets/subtitles/0/words/0/end', 'must not be before start (3)');
  });

  it('validates the full subtitle config', () => {
    expectValid(doc([clip('subtitle', {
      words: [],
      config: {
        mode: 'stream', wordsPerBatch: 3, fontSize: 40, fontFamily: 'Arial', fontWeight: 800, textAlign: 'left',
        textBoxWidth: '70%', textColor: '#fff', highlightColor: 'cyan', backgroundColor: 'rgba(0,0,0,0.4)',
        shadowColor: '#000', shadowBlur: 30, borderColor: 'white', borderWidth: 2, fadeInAnimation: false,
        position: 'center', paddingBottom: 150,
      },
    })]));
    expectError(doc([clip('subtitle', { words: [], config: { wordsPerBatch: 0 } })]), `${P}/config/wordsPerBatch`);
    expectError(doc([clip('subtitle', { words: [], config: { textColor: 'blanc' } })]), `${P}/config/textColor`, 'CSS colour');
  });

  it('validates template fields', () => {
    expectValid(doc([clip('template', {
      template: 'slideshow', variant: 'dark', version: '1', data: { images: [{ image: 'a.png' }] },
      overrides: { data: { showCaptions: false }, style: { fontFamily: 'Georgia' }, transition: { type: 'fade', duration: 0.4 }, zIndexOffset: 10 },
    })]));
    expectError(doc([clip('template', { template: 'quote', data: [] })]), `${P}/data`, 'must be an object');
    expectError(doc([clip('template', { template: 'quote', data: {}, overrides: { zIndex: 1 } })]),
      `${P}/overrides/zIndex`, 'unknown property "zIndex" (did you mean "zIndexOffset"?)');
  });

  it('validates layout fields and nests layouts', () => {
    const nested = clip('layout', {
      direction: 'horizontal', gap: 8, padding: [1, 2, 3, 4], alignItems: 'stretch', justifyContent: 'space-around',
      clip: true, children: [clip('layout', { children: [clip('rect'), MINIMAL_CLIPS.three as object] })],
    });
    expectValid(doc([nested]));
    expectError(doc([clip('layout', { children: [], padding: -1 })]), `${P}/padding`, 'must be >= 0');
    expectError(doc([clip('layout', { children: [], padding: [1, 2] })]), `${P}/padding`, 'must have exactly 4 items');
  });

  it('rejects a subtitle inside layout children, at any depth', () => {
    const sub = MINIMAL_CLIPS.subtitle as object;
    expectError(doc([clip('layout', { children: [sub] })]), `${P}/children/0/type`,
      'clip type "subtitle" is not allowed inside layout children');
    expectError(doc([clip('layout', { children: [clip('layout', { children: [clip('rect'), sub] })] })]),
      `${P}/children/0/children/1/type`, 'not allowed inside layout children');
  });

  it('validates layout children as full clips', () => {
    expectError(doc([clip('layout', { children: [clip('image', {})] })]), `${P}/children/0/src`, 'missing required property');
    expectError(doc([clip('layout', { children: [clip('text', { text: 'a', style: { fill: 'nope' } })] })]),
      `${P}/children/0/style/fill`, 'CSS colour');
  });

  it('names the clip type in discriminator errors', () => {
    expectError(doc([clip('blob')]), `${P}/type`, /^unknown clip type "blob"; expected one of: video, image, text/);
    expectError(doc([{ start: 0, duration: 1 }]), `${P}/type`, 'missing required property "type"');
    expectError(doc([clip('rect', { type: 3 })]), `${P}/type`, 'must be a string');
    expectError(doc(['rect' as unknown as Record<string, unknown>]), P, 'must be an object, got "rect"');
  });

  it('accepts the three-clip scene description', () => {
    expectValid(doc([clip('three', {
      camera: { fov: 50, near: 0.1, far: 50, position: [0, 0, 5], rotation: { y: 10 }, lookAt: [0, 0, 0] },
      renderer: { alpha: true, antialias: true, clearColor: '#000000', clearAlpha: 0, shadows: true },
      lights: [{ type: 'spot', color: 'white', intensity: 2, position: [1, 2, 3], target: [0, 0, 0], distance: 10,
        decay: 2, angle: 30, penumbra: 0.5, castShadow: true }],
      objects: [{
        id: 'o', shape: 'torus', geometry: { radius: 1, tube: 0.3, radialSegments: 16, tubularSegments: 32 },
        position: { x: 1 }, rotation: [0, 45, 0], scale: 2, color: '#ff0000',
        material: { type: 'phong', color: '#fff', emissive: '#111', wireframe: false, opacity: 0.9, transparent: true,
          roughness: 0.5, metalness: 0.1, flatShading: true, side: 'double' },
        castShadow: true, receiveShadow: true,
        animations: [{ property: 'scale', from: 1, to: 2, duration: 1, delay: 0.5, easing: 'easeOutBounce', loop: 2 }],
      }],
      cameraAnimations: [{ property: 'position.z', from: 5, to: 3, duration: 2 }],
    })]));
    expectError(doc([clip('three', { lights: [{ intensity: 1 }] })]), `${P}/lights/0/type`, 'missing required property');
    expectError(doc([clip('three', { objects: [{ position: [1, 2] }] })]), `${P}/objects/0/position`, 'exactly 3 items');
    expectError(doc([clip('three', { objects: [{ scale: 'big' }] })]), `${P}/objects/0/scale`, 'must be a number or an [x, y, z]');
    expectError(doc([clip('three', { objects: [{ material: { roughness: 2 } }] })]), `${P}/objects/0/material/roughness`);
  });
});
