/**
 * Framelane → neutral model: units, defaults, inferred duration, stacking, media windows and
 * sound, text, effects, motion, and transitions between elements evaluated at their midpoint.
 */
import { describe, expect, it } from 'vitest';
import { validateFramelane, type FlBody, FL_EFFECT_TYPES } from '../../../schema/framelane/index.js';
import { compileFramelane } from '../../../engine/compile/compile-framelane.js';
import type { Composition, Layer, WindowOp } from '../../../engine/model/composition.js';
import { evaluateLayer } from '../../../engine/timeline/evaluate-layer.js';
import { stackingOrder } from '../../../engine/timeline/frame-graph.js';
import { angleDegrees, dimension, scaleFactor, withAlpha } from '../../../engine/compile/framelane/units.js';
import { EFFECT_RECIPES } from '../../../engine/compile/framelane/effects.js';
import { strokePx } from '../../../engine/compile/framelane/text.js';
import { visibleRect } from '../../../engine/draw/draw-frame.js';
import { body, el, type Json } from './helpers.js';

function compile(doc: Json): Composition {
  const result = validateFramelane(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return compileFramelane(result.value as FlBody, { baseDir: '/media' });
}

const layer = (comp: Composition, id: string): Layer => {
  const found = comp.layers.find((l) => l.id === id);
  if (!found) throw new Error(`no layer ${id}`);
  return found;
};
const frame = (comp: Composition) => ({ width: comp.width, height: comp.height, fps: comp.fps });

describe('units', () => {
  it('dimensions, angles, scales, colours', () => {
    expect(dimension(12)).toEqual({ px: 12 });
    expect(dimension('960px')).toEqual({ px: 960 });
    expect(dimension('7')).toEqual({ px: 7 });
    expect(dimension('25%')).toEqual({ fraction: 0.25 });
    expect(angleDegrees('90°')).toBe(90);
    expect(angleDegrees('-6deg')).toBe(-6);
    expect(angleDegrees(`${Math.PI}rad`)).toBeCloseTo(180, 10);
    expect(angleDegrees(30)).toBe(30);
    expect(scaleFactor('110%')).toBeCloseTo(1.1, 10);
    expect(scaleFactor(50)).toBe(0.5);
    expect(withAlpha('#1d3557', 0.9)).toBe('rgba(29,53,87,0.9)');
    expect(withAlpha('#ff000080', 0.5)).toBe('rgba(255,0,0,0.251)');
  });

  it('text strokes under 1 are fractions of the font size, from 1 on px', () => {
    expect(strokePx(0.06, 100)).toBeCloseTo(6, 10);
    expect(strokePx(4, 100)).toBe(4);
  });
});

describe('the composition', () => {
  it('defaults: 1920×1080, 30 fps, opaque black, 10 s when nothing has an end', () => {
    const comp = compile({});
    expect([comp.width, comp.height, comp.fps, comp.durationInFrames]).toEqual([1920, 1080, 30, 300]);
    expect(comp.background).toEqual({ kind: 'color', color: '#000000ff' });
  });

  it('alpha without a background colour is transparent; a given colour is kept', () => {
    expect(compile({ alpha: true, output_format: 'webm' }).background).toBeUndefined();
    expect(compile({ alpha: true, output_format: 'mov', background_color: '#00000000' }).background).toEqual({ kind: 'color', color: '#00000000' });
  });

  it('infers the duration from the latest known element end', () => {
    const comp = compile(body([
      el('text', { time: 1, duration: 2 }),
      el('video', { id: 'v', time: 2, in_point: 1, out_point: 5, speed: 2 }),
      el('video', { id: 'open', time: 0, out_point: undefined }),
      el('image', { time: 0.5, duration: 1 }),
    ]));
    // text ends at 3, the first video at 2 + (5 − 1) / 2 = 4; the open video does not count.
    expect(comp.durationInFrames).toBe(40);
    expect(layer(comp, 'open').endFrame).toBe(40);
    expect(layer(comp, 'v').startFrame).toBe(20);
    expect(layer(comp, 'v').endFrame).toBe(40);
  });

  it('an explicit duration wins and cuts elements', () => {
    const comp = compile(body([el('text', { duration: 5 })], { duration: 2 }));
    expect(comp.durationInFrames).toBe(20);
    expect(layer(comp, 't').endFrame).toBe(20);
  });

  it('leaves invisible elements out', () => {
    const comp = compile(body([el('text', { visible: false }), el('image'), el('audio', { visible: false })]));
    expect(comp.layers.map((l) => l.id)).toEqual(['i']);
    expect(comp.audio).toEqual([]);
  });

  it('stacks by z_index, then the element earlier in the array on top (text defaults to 1)', () => {
    const comp = compile(body([
      el('image', { id: 'first' }), el('image', { id: 'second' }), el('text', { id: 'title' }),
      el('image', { id: 'top', z_index: 2 }), el('image', { id: 'late', time: 1 }), el('image', { id: 'under', z_index: -1 }),
    ]));
    expect(stackingOrder(comp.layers).map((l) => l.id)).toEqual(['under', 'late', 'second', 'first', 'title', 'top']);
  });

  it('puts background_image_url under everything, covering the canvas', () => {
    const comp = compile(body([el('image', { z_index: -5 })], { background_image_url: 'https://x.org/bg.jpg' }));
    const order = stackingOrder(comp.layers);
    expect(order[0]?.id).toBe('/background_image_url');
    expect(order[0]?.element).toEqual({ kind: 'image', source: { uri: 'https://x.org/bg.jpg', pointer: '/background_image_url' } });
    expect(order[0]?.transform.width).toEqual({ fraction: 1 });
  });

  it('resolves relative media against the base folder', () => {
    const comp = compile(body([el('image', { source_url: 'pics/a.png' })]));
    expect(layer(comp, 'i').element).toEqual({ kind: 'image', source: { uri: '/media/pics/a.png', pointer: '/elements/0/source_url' } });
  });
});

describe('geometry', () => {
  it('media default to the canvas centre and size; text hugs its content', () => {
    const comp = compile(body([el('image'), el('text')]));
    const image = layer(comp, 'i').transform;
    expect([image.x, image.y, image.width, image.height]).toEqual([{ fraction: 0.5 }, { fraction: 0.5 }, { fraction: 1 }, { fraction: 1 }]);
    expect([image.anchorX, image.anchorY]).toEqual([0.5, 0.5]);
    const text = layer(comp, 't');
    expect([text.transform.width, text.transform.height]).toEqual([undefined, undefined]);
    expect(text.element).toMatchObject({ kind: 'text', maxWidth: { fraction: 1 } });
  });

  it('one side of a picture follows aspect_ratio, or else the source', () => {
    const comp = compile(body([el('image', { width: 300, aspect_ratio: 1.5 }), el('image', { id: 'j', height: '50%' })]));
    expect(layer(comp, 'i').transform.height).toEqual({ px: 200 });
    expect(layer(comp, 'j').transform.width).toBeUndefined();
  });

  it('anchors: percentages are fractions of the box, px are offsets', () => {
    const comp = compile(body([el('image', { x_anchor: '0%', y_anchor: '100%' }), el('image', { id: 'j', x_anchor: 20, y_anchor: '10px' })]));
    expect(layer(comp, 'i').transform).toMatchObject({ anchorX: 0, anchorY: 1 });
    expect(layer(comp, 'j').transform).toMatchObject({ anchorX: 0, anchorY: 0, anchorOffsetXPx: 20, anchorOffsetYPx: 10 });
  });

  it('rotations, scales and flips', () => {
    const comp = compile(body([el('image', {
      z_rotation: '-6deg', x_rotation: '0.5rad', y_rotation: 30, x_scale: '110%', y_scale: 90, flip_horizontal: true, flip_vertical: true,
    })]));
    const t = layer(comp, 'i').transform;
    expect(t.rotationDegrees).toBe(-6);
    expect(t.rotationXDegrees).toBeCloseTo(28.6479, 3);
    expect(t.rotationYDegrees).toBe(30);
    expect(t.scaleX).toBeCloseTo(-1.1, 10);
    expect(t.scaleY).toBeCloseTo(-0.9, 10);
  });

  it('crop: the visible rectangle left by the fractions', () => {
    const comp = compile(body([el('image', { crop_left: 0.1, crop_right: 0.2, crop_top: 0.25 })]));
    const crop = layer(comp, 'i').style.crop;
    expect(crop).toEqual({ top: 0.25, right: 0.2, bottom: 0, left: 0.1 });
    expect(visibleRect({ width: 200, height: 100 }, crop)).toEqual({ x: 20, y: 25, width: 140, height: 75 });
    expect(visibleRect({ width: 200, height: 100 }, undefined)).toEqual({ x: 0, y: 0, width: 200, height: 100 });
  });

  it('opacity, blend mode, clip, border, radius, shadow', () => {
    const comp = compile(body([el('image', {
      opacity: 85, blend_mode: 'color_dodge', clip: true, border_radius: 18, border_width: 6, border_color: '#ffffff',
      shadow_color: '#00000099', shadow_blur: 24, shadow_x: 8, shadow_y: '10%',
    })], { width: 400, height: 200 }));
    const l = layer(comp, 'i');
    expect(l.opacity).toBe(0.85);
    expect(l.style).toMatchObject({
      compositeOperation: 'color-dodge', clipToBox: true, borderRadius: [18, 18, 18, 18], border: { color: '#ffffff', width: 6 },
      shadowColor: '#00000099', shadowBlur: 24, shadowOffset: [8, 20], objectFit: 'cover',
    });
  });
});

describe('video and audio', () => {
  it('a video draws muted; its sound goes to the mix with trims, rate, volume and fades', () => {
    const comp = compile(body([el('video', { time: 1, in_point: 2, out_point: 8, speed: 2, volume: 30, fade_in_duration: 1, fade_out_duration: 2 })]));
    expect(layer(comp, 'v').element).toMatchObject({ kind: 'video', trimStartSeconds: 2, trimEndSeconds: 8, playbackRate: 2, muted: true });
    expect(comp.audio).toEqual([{
      id: 'v', pointer: '/elements/0', source: { uri: 'https://media.example.org/a.mp4', pointer: '/elements/0/source_url' },
      startFrame: 10, endFrame: 40, trimStartSeconds: 2, trimEndSeconds: 8, volume: 0.3, muted: false, playbackRate: 2, loop: false,
      fadeInSeconds: 1, fadeOutSeconds: 2,
    }]);
  });

  it('video volume 0 mutes; audio elements mix like video sound', () => {
    const comp = compile(body([el('video', { volume: 0 }), el('audio', { volume: 60, in_point: 1, out_point: 3 })]));
    expect(comp.audio.map((a) => [a.id, a.muted, a.volume, a.trimStartSeconds, a.endFrame])).toEqual([['v', true, 0, 0, 20], ['a', false, 0.6, 1, 20]]);
  });
});

describe('text', () => {
  it('maps fonts, colours, spacing, stroke, plate and shadow', () => {
    const comp = compile(body([
      el('text', {
        font_family: 'DejaVu Serif', font_size: 96, font_style: 'bolditalic', text_color: '#fefae0', text_align: 'left', tracking: 50,
        leading: 1.4, stroke_color: '#000000', stroke_width: 0.06, text_decoration: 'strikethrough', text_wrap: 'nowrap',
      }),
      el('text', { id: 'plate', background: true, background_color: '#1d3557', background_opacity: 90, x_padding: 32, y_padding: '10%' }),
      el('text', { id: 'outline', stroke: true, font_size: 50 }),
      el('text', { id: 'shadow', shadow: true, font_size: 40, shadow_color: '#000000aa' }),
    ], { width: 400, height: 200 }));
    expect(layer(comp, 't').style).toMatchObject({
      fontFamily: 'DejaVu Serif', fontSize: 96, fontWeight: '700', fontStyle: 'italic', fill: { kind: 'color', color: '#fefae0' },
      textAlign: 'left', letterSpacing: expect.closeTo(4.8, 10), lineHeight: 1.4, stroke: '#000000', textDecoration: 'line-through', textWrap: false,
    });
    expect(layer(comp, 't').style.strokeWidth).toBeCloseTo(5.76, 10);
    expect(layer(comp, 't').element).toEqual({ kind: 'text', text: 'Hello' });
    expect(layer(comp, 'plate').style.backdrop).toEqual({ color: 'rgba(29,53,87,0.9)', paddingX: 32, paddingY: 20 });
    expect(layer(comp, 'outline').style).toMatchObject({ fill: { kind: 'color', color: 'transparent' }, stroke: '#ffffff', strokeWidth: 2 });
    expect(layer(comp, 'shadow').style).toMatchObject({ shadowColor: '#000000aa', shadowBlur: 6, shadowOffset: [0, 2] });
  });

  it('word timings become layer-relative; the highlight colour is background_color without a plate', () => {
    const words = [{ text: 'Ship', start: 0.2, end: 0.6 }, { text: 'it', start: 0.6, end: 0.8 }];
    const comp = compile(body([
      el('text', { text: 'Ship it', time: 0.2, word_animation: { style: 'box', words }, background_color: '#e63946' }),
      el('text', { id: 'p', text: 'Ship it', time: 0.2, background: true, word_animation: { style: 'scale_pop', words } }),
    ]));
    expect(layer(comp, 't').element).toMatchObject({
      words: { style: 'box', color: '#e63946', words: [{ text: 'Ship', startSeconds: 0, endSeconds: expect.closeTo(0.4, 10) }, { text: 'it', startSeconds: expect.closeTo(0.4, 10), endSeconds: expect.closeTo(0.6, 10) }] },
    });
    expect(layer(comp, 'p').element).toMatchObject({ words: { style: 'pop', color: '#ffd60a' } });
  });
});

describe('colour adjustments and effects', () => {
  it('adjustments become filters and pixel effects, in order', () => {
    const comp = compile(body([el('image', {
      exposure: 100, brightness: -50, contrast: 20, saturation: -100, hue_rotate: 90, blur: 50, sharpness: 40, noise: 30, vignette: 60,
      lut_url: 'looks/warm.cube', lut_intensity: 70, color_overlay: '#ff000080',
    })], { width: 400, height: 200 }));
    const style = layer(comp, 'i').style;
    expect(style.filters).toEqual([
      { kind: 'brightness', value: 2 }, { kind: 'brightness', value: 0.5 }, { kind: 'contrast', value: 1.2 }, { kind: 'saturate', value: 0 },
      { kind: 'hue', value: 90 }, { kind: 'blur', value: 5 },
    ]);
    expect(style.effects).toEqual([
      { kind: 'sharpen', amount: 0.4 }, { kind: 'grain', amount: 0.3, monochrome: true }, { kind: 'vignette', amount: 0.6, color: '#000000' },
      { kind: 'lut', source: { uri: '/media/looks/warm.cube', pointer: '/elements/0/lut_url' }, amount: 0.7 },
      { kind: 'tint', color: '#ff000080', amount: 1, blend: 'source-atop' },
    ]);
  });

  it('every effect type has a recipe that does something, scaled by intensity', () => {
    const ctx = { shorterSide: 1080, lutSource: (uri: string, pointer: string) => ({ uri, pointer }) };
    for (const type of FL_EFFECT_TYPES) {
      const full = EFFECT_RECIPES[type](1, ctx, { type });
      expect(full.filters.length + full.effects.length, type).toBeGreaterThan(0);
    }
    expect(EFFECT_RECIPES.sepia(0.5, ctx, { type: 'sepia' }).filters).toEqual([{ kind: 'sepia', value: 0.5 }]);
    const comp = compile(body([el('image', { effects: [{ type: 'add_grain', intensity: 40 }, { type: 'chroma_key' }] })]));
    expect(layer(comp, 'i').style.effects).toEqual([
      { kind: 'grain', amount: 0.4, monochrome: true },
      { kind: 'chroma-key', hueMin: 90, hueMax: 150, satMin: 0.25, satMax: 1, lumMin: 0.15, lumMax: 0.95, softness: 0.1 },
    ]);
  });
});

describe('motion', () => {
  const at = (comp: Composition, id: string, seconds: number) => evaluateLayer(layer(comp, id), Math.round(seconds * comp.fps), frame(comp));

  it('an entrance holds its hidden state before it starts; the motion time is absolute', () => {
    const comp = compile(body([el('image', { time: 1, duration: 3, motion: [{ type: 'fade', time: 1.5, duration: 1, easing: 'linear' }] })]));
    expect(at(comp, 'i', 1.2).opacity).toBe(0);
    expect(at(comp, 'i', 2).opacity).toBeCloseTo(0.5, 10);
    expect(at(comp, 'i', 3).opacity).toBe(1);
  });

  it('reversed plays the exit: rest first, hidden after', () => {
    const comp = compile(body([el('image', { duration: 4, motion: [{ type: 'fade', time: 3, duration: 1, reversed: true, easing: 'linear' }] })]));
    expect(at(comp, 'i', 2.9).opacity).toBe(1);
    expect(at(comp, 'i', 3.5).opacity).toBeCloseTo(0.5, 10);
  });

  it('slide_up travels up into place from one canvas height below; delay adds to the start', () => {
    const comp = compile(body([el('text', { duration: 4, motion: [{ type: 'slide_up', time: 0, delay: 1, duration: 2, easing: 'linear' }] })]));
    expect(at(comp, 't', 1).y).toBeCloseTo(90 + 180, 10);
    expect(at(comp, 't', 2).y).toBeCloseTo(90 + 90, 10);
    expect(at(comp, 't', 3).y).toBeCloseTo(90, 10);
  });

  it('Ken Burns, zoom and spin presets move scale and rotations', () => {
    const comp = compile(body([
      el('image', { duration: 4, motion: [{ type: 'ken_burns_in', time: 0, duration: 4, easing: 'linear' }] }),
      el('image', { id: 'spin', duration: 4, motion: [{ type: 'loop_3d_spin', time: 0, duration: 3, loop: true }] }),
      el('image', { id: 'zoom', duration: 4, motion: [{ type: 'zoom_out', time: 1, duration: 1, reversed: true, easing: 'linear' }] }),
    ]));
    expect(at(comp, 'i', 2).scaleX).toBeCloseTo(1.075, 10);
    expect(at(comp, 'spin', 1.5).rotationYDegrees).toBeCloseTo(180, 10);
    expect(at(comp, 'zoom', 1.5).scaleX).toBeCloseTo(0.5, 10);
  });

  it('loops repeat with their period when loop is true, else one cycle fills the duration', () => {
    const comp = compile(body([
      el('image', { duration: 4, motion: [{ type: 'loop_rotate', time: 0, duration: 4, loop: true }] }),
      el('image', { id: 'once', duration: 4, motion: [{ type: 'loop_rotate', time: 0, duration: 4 }] }),
    ]));
    const looped = layer(comp, 'i').animations[0]!;
    expect([looped.durationSeconds, looped.cycles]).toEqual([3, 4 / 3]);
    expect(at(comp, 'i', 1.5).rotationDegrees).toBeCloseTo(180, 10);
    expect(at(comp, 'once', 2).rotationDegrees).toBeCloseTo(180, 10);
  });

  it('per-character motions stagger the characters over the motion', () => {
    const comp = compile(body([el('text', { text: 'Hello', motion: [{ type: 'fade', time: 0, duration: 1, scope: 'character' }] })]));
    const anim = layer(comp, 't').animations[0]!;
    expect(anim.durationSeconds).toBe(0.5);
    expect(anim.perCharacter?.staggerSeconds).toBeCloseTo(0.125, 10);
    // The layer itself is not faded: the characters are.
    expect(at(comp, 't', 0).opacity).toBe(1);
  });

  it('blend-style presets set the composite operation while they run', () => {
    const comp = compile(body([el('text', { duration: 3, motion: [{ type: 'difference', time: 1, duration: 1 }] })]));
    expect(at(comp, 't', 0.5).style.compositeOperation).toBeUndefined();
    expect(at(comp, 't', 1.5).style.compositeOperation).toBe('difference');
  });
});

describe('transitions between elements', () => {
  // a: 0–3 s, b: 2–5 s, 1 s transition: the window is [2, 3] s = frames 20–30, midpoint frame 25.
  const pairBody = (type: string, extra: Json = {}) => body([
    el('image', { id: 'a', time: 0, duration: 3, ...extra }), el('image', { id: 'b', time: 2, duration: 3 }),
  ], { transitions: [{ type, duration: 1, from_id: 'a', to_id: 'b' }] });
  const windowOps = (l: Layer): WindowOp[] => l.windowTransitions?.flatMap((w) => w.ops) ?? [];

  it('runs over [to.time, to.time + duration] on both layers and cuts the outgoing one at its end', () => {
    const comp = compile(pairBody('cross_dissolve', { duration: 4 }));
    const [a, b] = [layer(comp, 'a'), layer(comp, 'b')];
    expect(a.windowTransitions?.[0]).toMatchObject({ startFrame: 20, endFrame: 30 });
    expect(b.windowTransitions?.[0]).toMatchObject({ startFrame: 20, endFrame: 30 });
    expect(a.endFrame).toBe(30);
  });

  it('cross_dissolve at its midpoint: the upper layer at half opacity over the whole lower one', () => {
    // Equal z_index: a (earlier in the array) is on top, so a fades out over b.
    const comp = compile(pairBody('cross_dissolve'));
    const f = frame(comp);
    expect(evaluateLayer(layer(comp, 'a'), 25, f).opacity).toBeCloseTo(0.5, 10);
    expect(evaluateLayer(layer(comp, 'b'), 25, f).opacity).toBe(1);
    expect(evaluateLayer(layer(comp, 'a'), 20, f).opacity).toBe(1);
    // With b above, b fades in instead.
    const swapped = compile(body([el('image', { id: 'a', duration: 3 }), el('image', { id: 'b', time: 2, duration: 3, z_index: 1 })], {
      transitions: [{ type: 'cross_dissolve', duration: 1, from_id: 'a', to_id: 'b' }],
    }));
    expect(evaluateLayer(layer(swapped, 'a'), 25, f).opacity).toBe(1);
    expect(evaluateLayer(layer(swapped, 'b'), 25, f).opacity).toBeCloseTo(0.5, 10);
  });

  it('"fade" is a cross_dissolve', () => {
    expect(windowOps(layer(compile(pairBody('fade')), 'a'))).toEqual(windowOps(layer(compile(pairBody('cross_dissolve')), 'a')));
  });

  it('masked types: the upper layer is masked at progress 0.5 over the two boxes', () => {
    const comp = compile(body([
      el('image', { id: 'a', duration: 3, x: 100, y: 50, width: 100, height: 60 }),
      el('image', { id: 'b', time: 2, duration: 3, x: 150, y: 60, width: 100, height: 60 }),
    ], { transitions: [{ type: 'wipe_right', duration: 1, from_id: 'a', to_id: 'b' }] }));
    const state = evaluateLayer(layer(comp, 'a'), 25, frame(comp));
    expect(state.windowFx).toEqual([{
      kind: 'mask', shape: { kind: 'wipe', direction: 'right', soft: false }, region: { x: 50, y: 20, width: 150, height: 70 }, invert: true, progress: 0.5,
    }]);
    expect(evaluateLayer(layer(comp, 'b'), 25, frame(comp)).windowFx).toEqual([]);
  });

  it('a text element makes the region the canvas', () => {
    const comp = compile(body([el('text', { id: 'a', duration: 3 }), el('image', { id: 'b', time: 2, duration: 3 })], {
      transitions: [{ type: 'iris', duration: 1, from_id: 'a', to_id: 'b' }],
    }));
    // The text (z 1) is above the image: it is masked away by the growing circle.
    expect(windowOps(layer(comp, 'a'))).toEqual([{ kind: 'mask', shape: { kind: 'circle', soft: false }, region: { x: 0, y: 0, width: 320, height: 180 }, invert: true }]);
  });

  it('dip_to_black: the outgoing fades to black, then the incoming comes out of it', () => {
    const comp = compile(pairBody('dip_to_black'));
    const f = frame(comp);
    const a = (n: number) => evaluateLayer(layer(comp, 'a'), n, f);
    const b = (n: number) => evaluateLayer(layer(comp, 'b'), n, f);
    expect(a(22).windowFx).toEqual([{ kind: 'color', color: '#000000', amount: expect.closeTo(0.4, 10) }]);
    expect(a(22).opacity).toBe(1);
    expect(b(22).opacity).toBe(0);
    expect(a(25).opacity).toBe(0);
    expect(b(25)).toMatchObject({ opacity: 1, windowFx: [{ kind: 'color', color: '#000000', amount: 1 }] });
    expect(b(28).windowFx).toEqual([{ kind: 'color', color: '#000000', amount: expect.closeTo(0.4, 10) }]);
  });

  it('cube and cross_zoom move both layers; the pair fills the region at the midpoint', () => {
    const comp = compile(pairBody('cube'));
    const f = frame(comp);
    const a = evaluateLayer(layer(comp, 'a'), 25, f);
    const b = evaluateLayer(layer(comp, 'b'), 25, f);
    // The outgoing face keeps its left edge, the incoming its right edge; they meet in the middle.
    expect(a.scaleX).toBeCloseTo(0.5, 10);
    expect(a.x - (320 * a.scaleX) / 2).toBeCloseTo(0, 10);
    expect(b.scaleX).toBeCloseTo(0.5, 10);
    expect(b.x + (320 * b.scaleX) / 2).toBeCloseTo(320, 10);
    expect(a.x + (320 * a.scaleX) / 2).toBeCloseTo(b.x - (320 * b.scaleX) / 2, 10);
    const zoom = compile(pairBody('cross_zoom'));
    expect(evaluateLayer(layer(zoom, 'a'), 25, f).scaleX).toBeCloseTo(1.25, 10);
    expect(evaluateLayer(layer(zoom, 'b'), 25, f).scaleX).toBeCloseTo(1.25, 10);
  });

  it('every type compiles into ops on at least one side', () => {
    for (const type of ['cross_dissolve', 'dip_to_white', 'wipe_up', 'diagonal_wipe', 'barn_doors_vertical', 'page_turn', 'gradient_wipe', 'band_wipe', 'box_wipe',
      'swirl', 'glitch_memories', 'window_slice', 'doorway', 'pinwheel', 'water_drop', 'crosshatch', 'dreamy', 'angular', 'burn', 'heart', 'circle_open',
      'color_phase', 'squares_wire']) {
      const comp = compile(pairBody(type));
      expect(windowOps(layer(comp, 'a')).length + windowOps(layer(comp, 'b')).length, type).toBeGreaterThan(0);
    }
  });
});
