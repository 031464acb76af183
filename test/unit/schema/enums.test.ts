import { describe, it, expect } from 'vitest';
import {
  ALIGN_ITEMS, ANCHORS, ANIMATION_TYPES, COMPOSITE_OPERATIONS, DIRECTIONS, EASING_NAMES, FILTER_TYPES, FONT_STYLES,
  GRADIENT_TYPES, JUSTIFY_CONTENTS, KEYFRAME_PROPERTIES, KEYFRAME_PROPERTY_ALIASES, KEYFRAME_PROPERTY_NAMES,
  LAYOUT_DIRECTIONS, LINE_CAPS, LINE_JOINS, OBJECT_FITS, SUBTITLE_MODES, SUBTITLE_POSITIONS, TEMPLATE_NAMES,
  TEXT_ALIGNS, THREE_ANIMATION_PROPERTIES, THREE_LIGHT_TYPES, THREE_MATERIAL_TYPES, THREE_SHAPES, THREE_SIDES,
  TRANSITION_TYPES, canonicalKeyframeProperty, CLIP_TYPES,
} from '../../../schema/renderingvideo-v2.js';
import { clip, clipPointer, doc, expectError, expectValid, type Json } from './helpers.js';

const P = clipPointer();
const rect = (fields: Json) => doc([clip('rect', fields)]);
const three = (fields: Json) => doc([clip('three', fields)]);

interface EnumCase {
  name: string;
  values: readonly string[];
  /** A document using `value` at `pointer`. */
  make: (value: string) => Json;
  pointer: string;
}

const cases: EnumCase[] = [
  { name: 'easing (animation)', values: EASING_NAMES, make: (v) => rect({ animations: [{ type: 'fadeIn', duration: 1, easing: v }] }), pointer: `${P}/animations/0/easing` },
  { name: 'easing (keyframe)', values: EASING_NAMES, make: (v) => rect({ keyframes: [{ property: 'x', frames: [{ time: 0, value: 1, easing: v }] }] }), pointer: `${P}/keyframes/0/frames/0/easing` },
  { name: 'easing (transition)', values: EASING_NAMES, make: (v) => rect({ transition: { type: 'fade', duration: 1, easing: v } }), pointer: `${P}/transition/easing` },
  { name: 'easing (gain envelope)', values: EASING_NAMES, make: (v) => doc([clip('audio', { src: 'a.mp3', gainEnvelope: [{ time: 0, volume: 1, easing: v }] })]), pointer: `${P}/gainEnvelope/0/easing` },
  { name: 'animation type', values: ANIMATION_TYPES, make: (v) => rect({ animations: [{ type: v, duration: 1 }] }), pointer: `${P}/animations/0/type` },
  { name: 'animation direction', values: DIRECTIONS, make: (v) => rect({ animations: [{ type: 'slideIn', duration: 1, direction: v, distance: 200 }] }), pointer: `${P}/animations/0/direction` },
  { name: 'animation filter', values: FILTER_TYPES, make: (v) => rect({ animations: [{ type: 'filter', duration: 1, filter: v, from: 0, to: 1 }] }), pointer: `${P}/animations/0/filter` },
  { name: 'transition type', values: TRANSITION_TYPES, make: (v) => rect({ transition: { type: v, duration: 0.5 } }), pointer: `${P}/transition/type` },
  { name: 'transition direction', values: DIRECTIONS, make: (v) => rect({ transition: { type: 'wipe', duration: 0.5, direction: v } }), pointer: `${P}/transition/direction` },
  { name: 'filter type', values: FILTER_TYPES, make: (v) => rect({ style: { filters: [{ type: v, value: 1 }] } }), pointer: `${P}/style/filters/0/type` },
  { name: 'anchor', values: ANCHORS, make: (v) => rect({ transform: { anchor: v } }), pointer: `${P}/transform/anchor` },
  { name: 'template name', values: TEMPLATE_NAMES, make: (v) => doc([clip('template', { template: v, data: v === 'slideshow' ? { images: [{ image: 'https://example.com/a.png' }] } : {} })]), pointer: `${P}/template` },
  { name: 'gradient type', values: GRADIENT_TYPES, make: (v) => rect({ style: { fill: { type: v, stops: [{ offset: 0, color: 'red' }, { offset: 1, color: 'blue' }] } } }), pointer: `${P}/style/fill/type` },
  { name: 'objectFit', values: OBJECT_FITS, make: (v) => doc([clip('image', { src: 'a.png', style: { objectFit: v } })]), pointer: `${P}/style/objectFit` },
  { name: 'textAlign', values: TEXT_ALIGNS, make: (v) => doc([clip('text', { text: 'a', style: { textAlign: v } })]), pointer: `${P}/style/textAlign` },
  { name: 'fontStyle', values: FONT_STYLES, make: (v) => doc([clip('text', { text: 'a', style: { fontStyle: v } })]), pointer: `${P}/style/fontStyle` },
  { name: 'font asset style', values: FONT_STYLES, make: (v) => doc([], { assets: { fonts: [{ id: 'f', src: 'f.ttf', family: 'F', style: v }] } }), pointer: '/assets/fonts/0/style' },
  { name: 'compositeOperation', values: COMPOSITE_OPERATIONS, make: (v) => rect({ style: { compositeOperation: v } }), pointer: `${P}/style/compositeOperation` },
  { name: 'layout direction', values: LAYOUT_DIRECTIONS, make: (v) => doc([clip('layout', { children: [], direction: v })]), pointer: `${P}/direction` },
  { name: 'alignItems', values: ALIGN_ITEMS, make: (v) => doc([clip('layout', { children: [], alignItems: v })]), pointer: `${P}/alignItems` },
  { name: 'justifyContent', values: JUSTIFY_CONTENTS, make: (v) => doc([clip('layout', { children: [], justifyContent: v })]), pointer: `${P}/justifyContent` },
  { name: 'subtitle mode', values: SUBTITLE_MODES, make: (v) => doc([clip('subtitle', { words: [], config: { mode: v } })]), pointer: `${P}/config/mode` },
  { name: 'subtitle position', values: SUBTITLE_POSITIONS, make: (v) => doc([clip('subtitle', { words: [], config: { position: v } })]), pointer: `${P}/config/position` },
  { name: 'subtitle textAlign', values: TEXT_ALIGNS, make: (v) => doc([clip('subtitle', { words: [], config: { textAlign: v } })]), pointer: `${P}/config/textAlign` },
  { name: 'lineCap', values: LINE_CAPS, make: (v) => doc([clip('path', { data: 'M0 0', lineCap: v })]), pointer: `${P}/lineCap` },
  { name: 'lineJoin', values: LINE_JOINS, make: (v) => doc([clip('line', { points: [[0, 0], [1, 1]], lineJoin: v })]), pointer: `${P}/lineJoin` },
  { name: 'light type', values: THREE_LIGHT_TYPES, make: (v) => three({ lights: [{ type: v }] }), pointer: `${P}/lights/0/type` },
  { name: 'shape', values: THREE_SHAPES, make: (v) => three({ objects: [{ shape: v }] }), pointer: `${P}/objects/0/shape` },
  { name: 'material type', values: THREE_MATERIAL_TYPES, make: (v) => three({ objects: [{ material: { type: v } }] }), pointer: `${P}/objects/0/material/type` },
  { name: 'material side', values: THREE_SIDES, make: (v) => three({ objects: [{ material: { side: v } }] }), pointer: `${P}/objects/0/material/side` },
  { name: 'three animation property (object)', values: THREE_ANIMATION_PROPERTIES, make: (v) => three({ objects: [{ animations: [{ property: v, duration: 1 }] }] }), pointer: `${P}/objects/0/animations/0/property` },
  { name: 'three animation property (camera)', values: THREE_ANIMATION_PROPERTIES, make: (v) => three({ cameraAnimations: [{ property: v, duration: 1 }] }), pointer: `${P}/cameraAnimations/0/property` },
  { name: 'keyframe property', values: KEYFRAME_PROPERTY_NAMES, make: (v) => rect({ keyframes: [{ property: v, frames: [{ time: 0, value: /(fill|stroke)$/.test(v) ? '#000' : 0 }] }] }), pointer: `${P}/keyframes/0/property` },
];

describe('enums', () => {
  it('have the sizes of the spec digest', () => {
    expect(CLIP_TYPES).toHaveLength(16);
    expect(EASING_NAMES).toHaveLength(22);
    expect(ANIMATION_TYPES).toHaveLength(10);
    expect(TRANSITION_TYPES).toHaveLength(9);
    expect(FILTER_TYPES).toHaveLength(8);
    expect(ANCHORS).toHaveLength(9);
    expect(TEMPLATE_NAMES).toHaveLength(10);
    expect(GRADIENT_TYPES).toHaveLength(3);
    expect(THREE_ANIMATION_PROPERTIES).toHaveLength(15);
    expect(THREE_SHAPES).toHaveLength(8);
    expect(THREE_MATERIAL_TYPES).toHaveLength(6);
    expect(KEYFRAME_PROPERTIES).toHaveLength(21);
    expect(KEYFRAME_PROPERTY_NAMES).toHaveLength(21 + 14);
  });

  for (const c of cases) {
    it(`${c.name}: accepts all ${c.values.length} values`, () => {
      for (const value of c.values) expectValid(c.make(value));
    });

    it(`${c.name}: rejects a bogus value at ${c.pointer.replace(P, '…')}`, () => {
      const errors = expectError(c.make('bogus-value'), c.pointer, 'must be one of: ');
      const at = errors.find((e) => e.pointer === c.pointer);
      expect(at?.message).toBe(`must be one of: ${c.values.join(', ')}, got "bogus-value"`);
      expect(errors).toHaveLength(1);
    });
  }

  it('maps keyframe aliases to canonical properties', () => {
    expect(canonicalKeyframeProperty('transform.x')).toBe('x');
    expect(canonicalKeyframeProperty('style.fill')).toBe('fill');
    expect(canonicalKeyframeProperty('volume')).toBe('volume');
    for (const [alias, canonical] of Object.entries(KEYFRAME_PROPERTY_ALIASES)) {
      expect(KEYFRAME_PROPERTIES).toContain(canonical);
      expect(alias.endsWith(`.${canonical}`)).toBe(true);
    }
  });

  it('rejects keyframe property names outside the list, listing the allowed names', () => {
    for (const bad of ['scale.x', 'style.color', 'transform.skew', 'Opacity']) {
      expectError(rect({ keyframes: [{ property: bad, frames: [{ time: 0, value: 0 }] }] }), `${P}/keyframes/0/property`,
        'must be one of: opacity, x, y, width, height, scale, scaleX');
    }
  });
});
