/**
 * Framelane v1 body validation: every top-level field, every element type and field group, every
 * enum, the refused features, the semantic rules and the resource limits.
 */
import { describe, expect, it } from 'vitest';
import {
  FL_BLEND_MODES, FL_EASINGS, FL_EFFECT_TYPES, FL_FONT_STYLES, FL_MOTION_AVAILABILITY, FL_MOTION_TYPES, FL_OUTPUT_FORMATS,
  FL_TEXT_ALIGNS, FL_TEXT_DECORATIONS, FL_TEXT_WRAPS, FL_TRANSITION_TYPES, FL_WORD_ANIMATION_STYLES, framelaneErrorCode,
  pointerToPath,
} from '../../../schema/framelane/index.js';
import { body, el, expectError, expectValid, expectWarning, MINIMAL, validate } from './helpers.js';

const E = (i = 0) => `/elements/${i}`;

describe('the body', () => {
  it('accepts an empty body and a body with one minimal element of each type', () => {
    expectValid({});
    for (const type of ['video', 'audio', 'text', 'image'] as const) expectValid(body([MINIMAL[type]]));
  });

  it('refuses what is not an object', () => {
    for (const doc of [null, [], 'x', 3]) expectError(doc, '', 'must be a JSON object');
  });

  it.each([
    ['width', 16], ['width', 8192], ['frame_rate', 1], ['frame_rate', 60], ['duration', 0.5], ['output_filename', 'final cut v2'],
    ['background_color', '#ff000080'], ['background_color', '#AABBCC'], ['background_image_url', 'https://media.example.org/bg.jpg'],
    ['alpha', false], ['metadata', { project: 'demo', n: '1' }], ['webhook_url', 'https://hooks.example.org/x'],
    ['ingest_external', true], ['ingest_external', null],
  ])('accepts %s = %j', (field, value) => {
    const extra = field === 'width' ? { width: value, height: value } : { [field]: value };
    expectValid(body([], extra), { limits: { maxWidth: 8192, maxHeight: 8192 } });
  });

  it.each([
    ['width', 15, /must be >= 16/], ['width', 8193, /must be <= 8192/], ['width', 100.5, /integer/],
    ['frame_rate', 0, /must be >= 1/], ['frame_rate', 241, /must be <= 240/], ['frame_rate', 29.97, /integer/],
    ['duration', 0, /must be > 0/], ['output_format', 'avi', /must be one of: mp4, webm, mov, gif, png, jpg/],
    ['output_filename', 'a/b', /without an extension or folder/], ['background_color', '#fff', /#RRGGBB/],
    ['background_color', 'red', /#RRGGBB/], ['background_image_url', '', /must not be empty/], ['alpha', 'yes', /boolean/],
    ['webhook_url', 'ftp://hooks.example.org', /http\(s\) URL/], ['ingest_external', 'yes', /boolean/],
    ['elements', {}, /array/], ['transitions', 'none', /array/],
  ])('refuses %s = %j', (field, value, message) => {
    const extra = field === 'width' ? { width: value, height: 180 } : { [field]: value };
    expectError(body([], extra), `/${field}`, message);
  });

  it('refuses metadata values that are not strings, naming the key', () => {
    expectError(body([], { metadata: { count: 1 } }), '/metadata/count', 'must be a string');
  });

  it('needs width and height together', () => {
    expectError({ width: 640 }, '/height', 'must be given together with width');
    expectError({ height: 640 }, '/width', 'must be given together with height');
    expectValid({});
  });

  it('allows alpha only with webm or mov (checked against the defaulted format)', () => {
    expectError({ alpha: true }, '/alpha', 'the format is "mp4" (the default)');
    for (const format of ['gif', 'png', 'jpg', 'mp4']) expectError({ alpha: true, output_format: format }, '/alpha', format);
    for (const format of ['webm', 'mov']) expectValid({ alpha: true, output_format: format });
  });

  it('accepts every output format', () => {
    for (const format of FL_OUTPUT_FORMATS) expectValid({ output_format: format });
  });

  it('names unknown top-level fields and suggests the right one', () => {
    expectError(body([], { fps: 30 }), '/fps', 'unknown field "fps" (did you mean "frame_rate"?)');
    expectError(body([], { format: 'mp4' }), '/format', '(did you mean "output_format"?)');
    expectError(body([], { widht: 10 }), '/widht', '(did you mean "width"?)');
    expectError(body([], { tracks: [] }), '/tracks', '(did you mean "elements"?)');
    expectError(body([], { zzz: 1 }), '/zzz', /^unknown field "zzz"$/);
  });

  it('ignores unknown fields when asked to (allowUnknownFields), still checking the known ones', () => {
    expectValid(body([el('text', { color: '#fff' })], { fps: 30 }), { allowUnknownFields: true });
    expectError(body([el('text', { color: '#fff', font_size: 0 })]), `${E()}/font_size`, 'must be > 0', { allowUnknownFields: true });
  });
});

describe('elements', () => {
  it('refuses composition and the other known-but-unrendered types as unsupported_feature', () => {
    for (const type of ['composition', 'progress_bar', 'audio_visualization', 'countdown']) {
      const errors = expectError(body([{ type, id: 'c' }]), `${E()}/type`, 'not supported by this renderer');
      expect(errors.every((e) => e.type === 'unsupported')).toBe(true);
      expect(framelaneErrorCode(errors)).toBe('unsupported_feature');
    }
  });

  it('refuses unknown and missing types', () => {
    expectError(body([{ type: 'shape' }]), `${E()}/type`, 'unknown element type "shape"; expected one of: video, audio, text, image');
    const errors = expectError(body([{ text: 'x' }]), `${E()}/type`, 'missing required field "type"');
    expect(errors[0]?.type).toBe('missing');
  });

  it('reports a refused element and the other problems of the body together (invalid_request)', () => {
    const errors = expectError(body([{ type: 'composition' }, el('text', { color: '#fff' })]), `${E()}/type`);
    expect(errors.map((e) => e.pointer)).toEqual([`${E()}/type`, `${E(1)}/color`]);
    expect(framelaneErrorCode(errors)).toBe('invalid_request');
  });

  it.each([
    ['video', 'source_url'], ['audio', 'source_url'], ['text', 'text'], ['text', 'duration'], ['image', 'source_url'],
    ['image', 'duration'], ['image', 'id'],
  ] as const)('%s needs %s', (type, field) => {
    const element = { ...MINIMAL[type] };
    delete (element as Record<string, unknown>)[field];
    const errors = expectError(body([element]), `${E()}/${field}`, `missing required property "${field}"`);
    expect(errors[0]?.type).toBe('missing');
  });

  it('refuses an image with an empty id and an empty text', () => {
    expectError(body([el('image', { id: '' })]), `${E()}/id`, 'must not be empty');
    expectError(body([el('text', { text: '' })]), `${E()}/text`, 'must not be empty');
  });

  it('takes the common fields on every type', () => {
    for (const type of ['video', 'audio', 'text', 'image'] as const) {
      expectValid(body([el(type, { time: 1.5, visible: false, name: 'label', track: 255 })]));
      expectValid(body([el(type, { name: null, track: null })]));
      expectError(body([el(type, { time: -1 })]), `${E()}/time`, 'must be >= 0');
      expectError(body([el(type, { track: 256 })]), `${E()}/track`, 'must be <= 255');
      expectError(body([el(type, { visible: 'no' })]), `${E()}/visible`, 'boolean');
    }
  });

  it('names misspelt element fields with the right name', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['text', { color: '#ffffff' }, 'unknown field "color" (did you mean "text_color"?)'],
      ['text', { fontSize: 40 }, '(did you mean "font_size"?)'],
      ['text', { font: 'Inter' }, '(did you mean "font_family"?)'],
      ['text', { letter_spacing: 10 }, '(did you mean "tracking"?)'],
      ['text', { line_height: 1.4 }, '(did you mean "leading"?)'],
      ['image', { src: 'a.png' }, '(did you mean "source_url"?)'],
      ['image', { start: 1 }, '(did you mean "time"?)'],
      ['image', { rotation: 10 }, '(did you mean "z_rotation"?)'],
      ['image', { opacty: 10 }, '(did you mean "opacity"?)'],
      ['video', { trim_start: 1 }, '(did you mean "in_point"?)'],
      ['video', { playback_rate: 2 }, '(did you mean "speed"?)'],
      ['video', { duration: 3 }, 'video elements take no "duration"'],
      ['audio', { duration: 3 }, 'audio elements take no "duration"'],
      ['video', { loop: true }, 'add one element per repetition'],
      ['video', { muted: true }, 'set "volume": 0'],
      ['text', { effects: [] }, 'text elements take no effects'],
      ['text', { crop_top: 0.1 }, 'only video and image elements take "crop_top"'],
      ['image', { volume: 50 }, 'image elements have no sound'],
      ['audio', { x: 10 }, 'unknown field "x"'],
    ];
    for (const [type, fields, message] of cases) {
      const [key] = Object.keys(fields);
      const errors = expectError(body([el(type as keyof typeof MINIMAL, fields)]), `${E()}/${key}`, message);
      expect(errors.find((e) => e.pointer === `${E()}/${key}`)?.type).toBe('unknown_field');
    }
  });
});

describe('value syntaxes', () => {
  it('dimensions: numbers, "px", numeric strings and percentages', () => {
    for (const value of [960, -10, 12.5, '960px', '12', '50%', '-5%', '33.3%']) expectValid(body([el('image', { x: value, width: value })]));
    for (const value of ['50 %', 'abc', '10em', '', true]) expectError(body([el('image', { x: value })]), `${E()}/x`, /number \(px\)|percentage/);
  });

  it('angles: numbers, °, deg and rad', () => {
    for (const value of [45, '90°', '90deg', '-6deg', '1.57rad', '12']) expectValid(body([el('image', { z_rotation: value, x_rotation: value, y_rotation: value })]));
    for (const value of ['90 degrees', 'quarter', '1turn']) expectError(body([el('image', { z_rotation: value })]), `${E()}/z_rotation`, 'must be an angle');
  });

  it('scales: percentages and bare numbers of percent', () => {
    for (const value of ['110%', 100, '-100%', 85.5]) expectValid(body([el('image', { x_scale: value, y_scale: value })]));
    for (const value of ['1.1x', '110', 'big']) expectError(body([el('image', { x_scale: value })]), `${E()}/x_scale`, 'percentage');
  });

  it('colours: #RRGGBB and #RRGGBBAA only', () => {
    for (const value of ['#000000', '#00000000', '#AbCdEf']) expectValid(body([el('text', { text_color: value })]));
    for (const value of ['#fff', 'white', 'rgb(0,0,0)', '#0000000']) expectError(body([el('text', { text_color: value })]), `${E()}/text_color`, '#RRGGBB');
  });

  it('percent-numbers 0–100', () => {
    expectValid(body([el('image', { opacity: 0 }), el('video', { volume: 100, id: 'v2' })]));
    expectError(body([el('image', { opacity: 101 })]), `${E()}/opacity`, 'must be <= 100');
    expectError(body([el('video', { volume: -1 })]), `${E()}/volume`, 'must be >= 0');
  });
});

describe('field groups', () => {
  it('geometry and compositing (video, image, text)', () => {
    const geometry = {
      x: '50%', y: 100, width: '40%', height: 200, aspect_ratio: 1.5, x_anchor: '0%', y_anchor: '100%', x_rotation: '10deg',
      y_rotation: 5, z_rotation: '-6deg', x_scale: '110%', y_scale: '90%', flip_horizontal: true, flip_vertical: false, opacity: 80,
      z_index: -3, blend_mode: 'screen', clip: true, color_overlay: '#ff000033',
    };
    for (const type of ['video', 'image', 'text'] as const) expectValid(body([el(type, geometry)]));
    expectError(body([el('image', { z_index: 1.5 })]), `${E()}/z_index`, 'integer');
    expectError(body([el('image', { aspect_ratio: 0 })]), `${E()}/aspect_ratio`, 'must be > 0');
    expectError(body([el('image', { flip_horizontal: 1 })]), `${E()}/flip_horizontal`, 'boolean');
    expectError(body([el('audio', { opacity: 50 })]), `${E()}/opacity`, 'unknown field');
  });

  it('warns that aspect_ratio is ignored when both sides are given', () => {
    expectWarning(body([el('image', { width: 100, height: 50, aspect_ratio: 2 })]), `${E()}/aspect_ratio`, 'ignored');
  });

  it('every blend mode', () => {
    for (const mode of FL_BLEND_MODES) expectValid(body([el('image', { blend_mode: mode })]));
    expectError(body([el('image', { blend_mode: 'add' })]), `${E()}/blend_mode`, 'must be one of: none, multiply');
  });

  it('border and shadow (video, image, text)', () => {
    const fields = { border_radius: 24, border_color: '#ffffff', border_width: '4px', shadow_color: '#00000099', shadow_blur: 12, shadow_x: '1%', shadow_y: 8 };
    for (const type of ['video', 'image', 'text'] as const) expectValid(body([el(type, fields)]));
    expectError(body([el('image', { border_width: 'thick' })]), `${E()}/border_width`);
  });

  it('crop (video, image): fractions 0–1 that leave something', () => {
    expectValid(body([el('image', { crop_top: 0.1, crop_bottom: 0.2, crop_left: 0.05, crop_right: 0.05 }), el('video', { crop_left: 0.5, id: 'v2' })]));
    expectError(body([el('image', { crop_top: 1.2 })]), `${E()}/crop_top`, 'must be <= 1');
    expectError(body([el('image', { crop_left: 0.6, crop_right: 0.4 })]), `${E()}/crop_right`, 'less than 1');
    expectError(body([el('video', { crop_top: 0.5, crop_bottom: 0.5 })]), `${E()}/crop_bottom`, 'less than 1');
  });

  it('colour adjustments (video, image) with their ranges', () => {
    const ok = { brightness: -100, contrast: 100, saturation: -20, exposure: 50, sharpness: 100, blur: 0, noise: 10, vignette: 30, hue_rotate: -180 };
    for (const type of ['video', 'image'] as const) expectValid(body([el(type, ok)]));
    expectError(body([el('image', { brightness: 101 })]), `${E()}/brightness`, 'must be <= 100');
    expectError(body([el('image', { sharpness: -1 })]), `${E()}/sharpness`, 'must be >= 0');
    expectError(body([el('image', { hue_rotate: 181 })]), `${E()}/hue_rotate`, 'must be <= 180');
    expectError(body([el('text', { saturation: 10 })]), `${E()}/saturation`, 'only video and image');
  });

  it('LUTs: a .cube URL and an intensity', () => {
    expectValid(body([el('image', { lut_url: 'https://media.example.org/luts/teal.cube?v=2', lut_intensity: 70 })]));
    expectValid(body([el('video', { lut_url: 'data:text/plain;base64,TFVUXzNEX1NJWkUgMg==' })]));
    expectError(body([el('image', { lut_url: 'https://media.example.org/luts/teal.3dl' })]), `${E()}/lut_url`, '.cube');
    expectError(body([el('image', { lut_intensity: 120 })]), `${E()}/lut_intensity`, 'must be <= 100');
  });

  it('effects (video, image): every type, intensity, chroma settings on chroma_key only', () => {
    expectValid(body([el('image', { effects: FL_EFFECT_TYPES.map((type) => ({ type, intensity: 50 })) })]));
    expectValid(body([el('video', { effects: [{ type: 'chroma_key', chroma_settings: { hue_min: 90, hue_max: 150, sat_min: 0.3, sat_max: 1, lum_min: 0.15, lum_max: 0.95 } }] })]));
    expectError(body([el('image', { effects: [{ type: 'sparkle' }] })]), `${E()}/effects/0/type`, 'must be one of: vintage');
    expectError(body([el('image', { effects: [{ type: 'vhs', intensity: 101 }] })]), `${E()}/effects/0/intensity`, 'must be <= 100');
    expectError(body([el('image', { effects: [{ type: 'vhs', chroma_settings: {} }] })]), `${E()}/effects/0/chroma_settings`, 'only applies to "chroma_key"');
    expectError(body([el('image', { effects: [{ type: 'chroma_key', chroma_settings: { sat_min: 2 } }] })]), `${E()}/effects/0/chroma_settings/sat_min`, 'must be <= 1');
    expectError(body([el('image', { effects: [{ type: 'chroma_key', chroma_settings: { hue: 1 } }] })]), `${E()}/effects/0/chroma_settings/hue`, 'unknown field');
  });
});

describe('video and audio', () => {
  it('video sources must be mp4, mov or webm (by extension, query stripped)', () => {
    for (const url of ['https://x.org/a.mp4', 'https://x.org/a.MOV?sig=1', 'https://x.org/b.webm#t=2', 'clips/a.mp4', 'data:video/mp4;base64,AAAA']) {
      expectValid(body([el('video', { source_url: url })]));
    }
    for (const url of ['https://x.org/a.mkv', 'https://x.org/video', 'clip.avi', 'data:video/x-matroska;base64,AA']) {
      expectError(body([el('video', { source_url: url })]), `${E()}/source_url`, 'unsupported video format');
    }
  });

  it('out_point must be after in_point; speed 0.25–4; fades ≥ 0', () => {
    expectValid(body([el('video', { in_point: 1, out_point: 3, speed: 0.25, fade_in_duration: 0.5, fade_out_duration: 1 })]));
    expectError(body([el('video', { in_point: 3, out_point: 3 })]), `${E()}/out_point`, 'greater than in_point (3)');
    expectError(body([el('audio', { in_point: 5, out_point: 2 })]), `${E()}/out_point`, 'greater than in_point');
    expectError(body([el('video', { speed: 5 })]), `${E()}/speed`, 'must be <= 4');
    expectError(body([el('audio', { speed: 0.2 })]), `${E()}/speed`, 'must be >= 0.25');
    expectError(body([el('audio', { fade_in_duration: -1 })]), `${E()}/fade_in_duration`, 'must be >= 0');
  });

  it('audio volume must be above 0; video volume 0 mutes', () => {
    expectError(body([el('audio', { volume: 0 })]), `${E()}/volume`, 'must be > 0');
    expectValid(body([el('audio', { volume: 0.5 }), el('video', { volume: 0, id: 'v2' })]));
  });

  it('audio takes no geometry, effects or motion', () => {
    for (const field of ['x', 'effects', 'motion', 'z_index']) expectError(body([el('audio', { [field]: [] })]), `${E()}/${field}`, 'unknown field');
  });
});

describe('source URLs', () => {
  it('accepts http(s), data: and (by default) local paths', () => {
    expectValid(body([el('image', { source_url: 'logo.png' }), el('image', { id: 'j', source_url: 'file:///tmp/a.png' })]));
  });

  it('refuses local paths when told to, and other schemes always', () => {
    expectError(body([el('image', { source_url: 'logo.png' })]), `${E()}/source_url`, 'local files are not accepted here', { localFiles: false });
    expectError(body([el('image', { source_url: 'ftp://x.org/a.png' })]), `${E()}/source_url`, 'scheme "ftp:"');
    expectError(body([], { background_image_url: '/srv/bg.png' }), '/background_image_url', 'http(s) URL', { localFiles: false });
  });

  it('limits URLs to 2083 characters, but not data: URIs', () => {
    const long = `https://x.org/${'a'.repeat(2080)}.png`;
    expectError(body([el('image', { source_url: long })]), `${E()}/source_url`, 'at most 2083 characters');
    expectValid(body([el('image', { source_url: `data:image/png;base64,${'A'.repeat(4000)}` })]));
  });
});

describe('text', () => {
  it('takes every text field', () => {
    expectValid(body([el('text', {
      font_family: 'DejaVu Serif', font_size: 64, font_weight: 800, font_style: 'bolditalic', text_color: '#ffffff', text_align: 'left',
      text_decoration: 'underline', tracking: 50, leading: 1.4, stroke_color: '#000000', stroke_width: 0.06, background_color: '#1d3557',
      background_opacity: 90, x_padding: 32, y_padding: '1%', text_wrap: 'nowrap',
    })]));
  });

  it.each([
    ['font_style', FL_FONT_STYLES], ['text_align', FL_TEXT_ALIGNS], ['text_decoration', FL_TEXT_DECORATIONS], ['text_wrap', FL_TEXT_WRAPS],
  ] as const)('%s: every value, and no other', (field, values) => {
    for (const value of values) expectValid(body([el('text', { [field]: value })]));
    expectError(body([el('text', { [field]: 'other' })]), `${E()}/${field}`, `must be one of: ${values.join(', ')}`);
  });

  it('font weights 100–900, sizes above 0', () => {
    expectError(body([el('text', { font_weight: 950 })]), `${E()}/font_weight`, 'must be <= 900');
    expectError(body([el('text', { font_weight: 450.5 })]), `${E()}/font_weight`, 'integer');
    expectError(body([el('text', { font_size: 0 })]), `${E()}/font_size`, 'must be > 0');
  });

  it('allows at most one of background, stroke and shadow', () => {
    expectValid(body([el('text', { background: true, stroke: false, shadow: false })]));
    expectError(body([el('text', { background: true, stroke: true })]), `${E()}/stroke`, 'at most one of background, stroke and shadow');
    expectError(body([el('text', { stroke: true, shadow: true })]), `${E()}/shadow`, 'stroke and shadow are');
  });

  it('refuses animation_preset as unsupported', () => {
    const errors = expectError(body([el('text', { animation_preset: 'typewriter' })]), `${E()}/animation_preset`, 'not supported');
    expect(framelaneErrorCode(errors)).toBe('unsupported_feature');
  });

  it('word animation: every style, non-empty words, words in order and in the window', () => {
    const words = [{ text: 'Hello', start: 0, end: 0.5 }, { text: 'there', start: 0.5, end: 1 }];
    for (const style of FL_WORD_ANIMATION_STYLES) expectValid(body([el('text', { text: 'Hello there', word_animation: { style, words } })]));
    expectError(body([el('text', { word_animation: { style: 'wave', words } })]), `${E()}/word_animation/style`, 'must be one of: glow');
    expectError(body([el('text', { word_animation: { style: 'box', words: [] } })]), `${E()}/word_animation/words`, 'at least 1 item');
    expectError(body([el('text', { word_animation: { style: 'box', words: [{ text: 'a', start: 1, end: 0.5 }] } })]), `${E()}/word_animation/words/0/end`, 'not be before start');
    expectError(body([el('text', { word_animation: { style: 'box', words: [{ text: 'a', start: 0 }] } })]), `${E()}/word_animation/words/0/end`, 'missing');
    expectWarning(body([el('text', { text: 'Hello there', word_animation: { style: 'box', words: [...words, { text: 'late', start: 2.5, end: 3 }] } })]),
      `${E()}/word_animation/words/2`, 'outside the text');
    expectWarning(body([el('text', { text: 'Hello', word_animation: { style: 'box', words } })]), `${E()}/word_animation/words`, 'has 2 words, the text has 1');
  });
});

describe('motion', () => {
  it('every preset in every variant the availability table lists, and none other', () => {
    for (const type of FL_MOTION_TYPES) {
      const a = FL_MOTION_AVAILABILITY[type];
      const variants: Array<[boolean, boolean, boolean]> = [
        [false, false, a.entrance || a.forceExit === true], [true, false, a.exit],
        [false, true, a.characterEntrance || (a.forceExit === true && a.characterExit)], [true, true, a.characterExit],
      ];
      for (const [reversed, character, allowed] of variants) {
        const motion = { type, time: 0, duration: 1, reversed, ...(character ? { scope: 'character' } : {}) };
        const result = validate(body([el('text', { motion: [motion] })]));
        expect(result.ok, `${type} reversed=${reversed} character=${character}`).toBe(allowed);
      }
    }
  });

  it('names the refused variant', () => {
    expectError(body([el('image', { motion: [{ type: 'zoom_in', time: 0, duration: 1, reversed: true }] })]), `${E()}/motion/0/reversed`, 'has no exit');
    expectError(body([el('image', { motion: [{ type: 'zoom_out', time: 0, duration: 1 }] })]), `${E()}/motion/0/type`, 'has no entrance');
    expectError(body([el('text', { motion: [{ type: 'rotate_cw', time: 0, duration: 1, scope: 'character' }] })]), `${E()}/motion/0/scope`, 'per-character');
  });

  it('plays evaporate as an exit whatever reversed says', () => {
    expectValid(body([el('image', { motion: [{ type: 'evaporate', time: 1, duration: 1 }] })]));
  });

  it('character scope is for text only', () => {
    expectError(body([el('image', { motion: [{ type: 'fade', time: 0, duration: 1, scope: 'character' }] })]), `${E()}/motion/0/scope`, 'text elements only');
  });

  it('checks the motion fields and every easing', () => {
    for (const easing of FL_EASINGS) expectValid(body([el('video', { motion: [{ type: 'fade', time: 0, duration: 1, easing, delay: 0.2, loop: false }] })]));
    expectError(body([el('image', { motion: [{ type: 'fade', duration: 1 }] })]), `${E()}/motion/0/time`, 'missing');
    expectError(body([el('image', { motion: [{ type: 'fade', time: 0, duration: 0 }] })]), `${E()}/motion/0/duration`, 'must be > 0');
    expectError(body([el('image', { motion: [{ type: 'fade', time: 0, duration: 1, easing: 'bounce' }] })]), `${E()}/motion/0/easing`, 'must be one of: linear');
    expectError(body([el('image', { motion: [{ type: 'spin', time: 0, duration: 1 }] })]), `${E()}/motion/0/type`, 'must be one of: fade');
    expectError(body([el('audio', { motion: [] })]), `${E()}/motion`, 'unknown field');
  });

  it('warns that loop only repeats the loop_* presets', () => {
    expectWarning(body([el('image', { motion: [{ type: 'fade', time: 0, duration: 1, loop: true }] })]), `${E()}/motion/0/loop`, 'no effect on "fade"');
    expectValid(body([el('image', { motion: [{ type: 'loop_orbit', time: 0, duration: 2, loop: true }] })]));
  });

  it('warns about a motion outside the element window', () => {
    expectWarning(body([el('image', { time: 1, motion: [{ type: 'fade', time: 0, duration: 0.5 }] })]), `${E()}/motion/0/time`, 'outside');
  });
});

describe('transitions', () => {
  const pair = (extraA: Record<string, unknown> = {}, extraB: Record<string, unknown> = {}) => [
    el('image', { id: 'a', time: 0, duration: 3, ...extraA }), el('image', { id: 'b', time: 2, duration: 3, ...extraB }),
  ];
  const t = (fields: Record<string, unknown> = {}) => ({ type: 'cross_dissolve', duration: 1, from_id: 'a', to_id: 'b', ...fields });

  it('accepts every type', () => {
    for (const type of FL_TRANSITION_TYPES) expectValid(body(pair(), { transitions: [t({ type })] }));
  });

  it('reads "fade" as cross_dissolve with a warning, and refuses other names', () => {
    expectWarning(body(pair(), { transitions: [t({ type: 'fade' })] }), '/transitions/0/type', 'read as "cross_dissolve"');
    expectError(body(pair(), { transitions: [t({ type: 'wipe' })] }), '/transitions/0/type', 'must be one of: cross_dissolve');
  });

  it('needs from_id, to_id and a positive duration', () => {
    expectError(body(pair(), { transitions: [{ type: 'iris', duration: 1, to_id: 'b' }] }), '/transitions/0/from_id', 'missing');
    expectError(body(pair(), { transitions: [t({ duration: 0 })] }), '/transitions/0/duration', 'must be > 0');
  });

  it('refuses references that cannot be resolved', () => {
    expectError(body(pair(), { transitions: [t({ to_id: 'a' })] }), '/transitions/0/to_id', 'another element');
    expectError(body(pair(), { transitions: [t({ to_id: 'x' })] }), '/transitions/0/to_id', 'no element has id "x"');
    expectError(body([...pair(), el('text', { id: 'b' })], { transitions: [t()] }), '/transitions/0/to_id', 'ambiguous');
    expectError(body([...pair(), el('audio', { id: 'm' })], { transitions: [t({ to_id: 'm' })] }), '/transitions/0/to_id', 'audio element');
    expectError(body(pair({}, { visible: false }), { transitions: [t()] }), '/transitions/0/to_id', 'not visible');
  });

  it('allows duplicate ids that no transition names', () => {
    expectValid(body([el('text', { id: 't1' }), el('text', { id: 't1', time: 2 })]));
  });

  it('needs both elements on screen for the whole window [to.time, to.time + duration]', () => {
    expectValid(body(pair(), { transitions: [t()] }));
    expectError(body(pair({ duration: 2.5 }), { transitions: [t()] }), '/transitions/0/duration', '"a" ends at 2.5 s');
    expectError(body(pair({ time: 2.5 }), { transitions: [t()] }), '/transitions/0/from_id', 'starts at 2.5 s, after');
    expectError(body(pair({}, { duration: 0.5 }), { transitions: [t()] }), '/transitions/0/duration', '"b" ends at 2.5 s');
    // A video without out_point lasts until the composition ends.
    expectValid(body([el('video', { id: 'a', out_point: undefined }), el('image', { id: 'b', time: 2, duration: 3 })], { transitions: [t()] }));
  });

  it('refuses two transitions on one element at the same time', () => {
    const elements = [...pair(), el('image', { id: 'c', time: 2, duration: 3 })];
    expectError(body(elements, { transitions: [t(), t({ to_id: 'c' })] }), '/transitions/1', 'one transition at a time');
  });

  it('refuses z_index as unsupported (its meaning is undocumented)', () => {
    const errors = expectError(body(pair(), { transitions: [t({ z_index: 4 })] }), '/transitions/0/z_index', 'not supported');
    expect(framelaneErrorCode(errors)).toBe('unsupported_feature');
  });
});

describe('timing warnings', () => {
  it('warns about elements that start at or after the end', () => {
    expectWarning(body([el('text', { time: 5 })], { duration: 5 }), `${E()}/time`, 'never shown');
  });
});

describe('resource limits (schema/limits.ts)', () => {
  it.each([
    [{ width: 4000, height: 100 }, { maxWidth: 3840 }, '/width', 'exceeds maxWidth 3840 (set FRAMESMITH_MAX_WIDTH'],
    [{ width: 100, height: 4000 }, { maxHeight: 2000 }, '/height', 'exceeds maxHeight'],
    [{ frame_rate: 240 }, {}, '/frame_rate', 'exceeds maxFps 120'],
    [{ duration: 100 }, { maxDurationSeconds: 60 }, '/duration', 'exceeds maxDurationSeconds 60'],
    [{ duration: 100, frame_rate: 30 }, { maxFrames: 2000 }, '/duration', 'frame count 3000 exceeds maxFrames 2000'],
  ])('%j with %j → %s', (extra, limits, pointer, message) => {
    expectError(body([], extra), pointer, message, { limits });
  });

  it('applies the limits to the default canvas size and frame rate the compiler uses', () => {
    const noSize = { ...body() };
    delete noSize.width;
    delete noSize.height;
    delete noSize.frame_rate;
    expectError(noSize, '/width', 'width 1920 exceeds maxWidth 1280', { limits: { maxWidth: 1280 } });
    expectError(noSize, '/height', 'height 1080 exceeds maxHeight 720', { limits: { maxHeight: 720 } });
    expectError(noSize, '/frame_rate', 'frame_rate 30 exceeds maxFps 25', { limits: { maxFps: 25 } });
    expectError({ ...noSize, duration: 10 }, '/duration', 'frame count 300 exceeds maxFrames 200', { limits: { maxFrames: 200 } });
    expectValid(noSize, { limits: { maxWidth: 1920, maxHeight: 1080, maxFps: 30 } });
  });

  it('counts the inferred duration, elements, text and distinct media', () => {
    expectError(body([el('text', { duration: 100 })], { frame_rate: 10 }), '/elements', 'composition duration (s) 100 exceeds', { limits: { maxDurationSeconds: 50 } });
    expectError(body([el('text'), el('text'), el('text')]), '/elements', 'element count 3 exceeds maxClips 2', { limits: { maxClips: 2 } });
    expectError(body([el('text', { text: 'x'.repeat(30) })]), '/elements', 'total text length 30 exceeds', { limits: { maxTextLength: 20 } });
    const images = [1, 2, 3].map((n) => el('image', { id: `i${n}`, source_url: `https://x.org/${n}.png` }));
    expectError(body(images), '/elements', 'distinct media URL count 3 exceeds maxAssets 2', { limits: { maxAssets: 2 } });
  });
});

describe('issue shape', () => {
  it('types every issue and turns pointers into dotted paths', () => {
    const result = validate(body([el('text', { color: '#fff', text: undefined }), { type: 'composition' }], { frame_rate: 0 }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [pointerToPath(e.pointer), e.type])).toEqual([
      ['elements[0].color', 'unknown_field'],
      ['elements[0].text', 'missing'],
      ['elements[1].type', 'unsupported'],
      ['frame_rate', 'value_error'],
    ]);
    expect(pointerToPath('')).toBe('');
    expect(pointerToPath('/metadata/a~1b')).toBe('metadata.a/b');
  });
});
