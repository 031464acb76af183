/**
 * The drawing Framelane needed, in neutral terms: LUTs, reveal shapes, tween waves, window
 * progress, pixel effects, and whole frames of transitions and crops checked pixel by pixel.
 */
import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import type { Canvas2D } from '../../../engine/draw/canvas2d.js';
import { applyLut, parseCubeLut } from '../../../engine/draw/effects/lut.js';
import * as px from '../../../engine/draw/effects/pixels.js';
import { fillReveal } from '../../../engine/draw/reveal-shapes.js';
import type { RevealShape, TweenChannel } from '../../../engine/model/composition.js';
import { applyTweenChannels, channelValue, type TweenTarget } from '../../../engine/timeline/tween.js';
import { spanValue, windowProgress } from '../../../engine/timeline/window-transition.js';
import { compileDocument } from '../../../engine/load-composition.js';
import { createStillRenderer } from '../../../engine/render/render-still.js';

const IDENTITY = 'LUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 1\n';

describe('.cube LUTs', () => {
  it('parses a 3-D cube and maps pixels through it', () => {
    const table = parseCubeLut(`TITLE "id"\n# comment\nDOMAIN_MIN 0 0 0\nDOMAIN_MAX 1 1 1\n${IDENTITY}`);
    expect(table.size).toBe(2);
    const pixels = new Uint8ClampedArray([10, 128, 250, 255]);
    applyLut(pixels, table, 1);
    expect([...pixels]).toEqual([10, 128, 250, 255]);
    const invert = parseCubeLut('LUT_3D_SIZE 2\n1 1 1\n0 1 1\n1 0 1\n0 0 1\n1 1 0\n0 1 0\n1 0 0\n0 0 0\n');
    const p = new Uint8ClampedArray([0, 255, 100, 255]);
    applyLut(p, invert, 0.5);
    expect([...p]).toEqual([128, 128, 128, 255]);
  });

  it.each([
    ['LUT_1D_SIZE 4\n', /1-D LUTs are not supported/],
    ['LUT_3D_SIZE 1\n', /LUT_3D_SIZE must be 2–129/],
    ['LUT_3D_SIZE 2\n0 0 0\n', /expected 8 entries for size 2, found 1/],
    ['0 0 0\n', /no LUT_3D_SIZE line/],
    ['LUT_3D_SIZE 2\n0 0\n', /line 2: expected three numbers/],
    ['DOMAIN_MAX 2 2 2\n', /only the domain 0..1/],
  ])('refuses %j', (text, message) => {
    expect(() => parseCubeLut(text)).toThrow(message);
  });
});

describe('reveal shapes', () => {
  const W = 80;
  const H = 40;
  /** Fraction of the rectangle covered (alpha-weighted) by the shape at progress p. */
  function coverage(shape: RevealShape, p: number): number {
    const canvas = createCanvas(W, H);
    const ctx = canvas.getContext('2d') as unknown as Canvas2D;
    fillReveal(ctx, shape, { x: 0, y: 0, width: W, height: H }, p);
    const data = ctx.getImageData(0, 0, W, H).data;
    let sum = 0;
    for (let i = 3; i < data.length; i += 4) sum += data[i]! / 255;
    return sum / (W * H);
  }
  const shapes: RevealShape[] = [
    { kind: 'wipe', direction: 'left', soft: false }, { kind: 'wipe', direction: 'down', soft: true }, { kind: 'diagonal' },
    { kind: 'doors', axis: 'horizontal' }, { kind: 'circle', soft: false }, { kind: 'circle', soft: true }, { kind: 'box' },
    { kind: 'bands', count: 6, axis: 'horizontal' }, { kind: 'clock' }, { kind: 'pinwheel', blades: 4 }, { kind: 'heart' },
    { kind: 'hatch', count: 8 }, { kind: 'squares', columns: 8, rows: 5 }, { kind: 'slices', count: 10 }, { kind: 'page' },
  ];

  it.each(shapes.map((s) => [JSON.stringify(s), s] as const))('%s covers nothing at 0, everything at 1, grows in between', (_name, shape) => {
    expect(coverage(shape, 0)).toBeLessThan(0.01);
    expect(coverage(shape, 1)).toBeGreaterThan(0.99);
    const mid = coverage(shape, 0.5);
    expect(mid).toBeGreaterThan(0.05);
    expect(mid).toBeLessThan(0.95);
    expect(coverage(shape, 0.75)).toBeGreaterThanOrEqual(mid);
  });

  it('hard wipes, doors, bands and the clock cover exactly p of the region', () => {
    for (const shape of [{ kind: 'wipe', direction: 'right', soft: false }, { kind: 'doors', axis: 'vertical' }, { kind: 'bands', count: 4, axis: 'vertical' }, { kind: 'diagonal' }] as RevealShape[]) {
      expect(coverage(shape, 0.5)).toBeCloseTo(0.5, 1);
    }
  });
});

describe('tween channels', () => {
  const ch = (c: Partial<TweenChannel>): TweenChannel => ({ property: 'x', from: 0, to: 10, ...c });

  it('mixes linearly, in waves and in jitter steps', () => {
    expect(channelValue(ch({}), 0.25)).toBe(2.5);
    expect(channelValue(ch({ wave: 'sine' }), 0.25)).toBeCloseTo(10, 10);
    expect(channelValue(ch({ wave: 'sine' }), 0.5)).toBeCloseTo(0, 10);
    expect(channelValue(ch({ wave: 'cosine' }), 0.5)).toBeCloseTo(10, 10);
    expect(channelValue(ch({ wave: 'cosine' }), 1)).toBeCloseTo(0, 10);
    const jitter = channelValue(ch({ from: 10, to: 0, wave: 'jitter' }), 0.2);
    expect(Math.abs(jitter)).toBeLessThanOrEqual(8);
    expect(Math.abs(channelValue(ch({ from: 10, to: 0, wave: 'jitter' }), 1))).toBe(0);
  });

  it('scatters characters both ways, deterministically', () => {
    const values = [0, 1, 2, 3, 4, 5].map((i) => channelValue(ch({ scatter: true }), 1, i));
    expect(values.some((v) => v < 0) && values.some((v) => v > 0)).toBe(true);
    expect(channelValue(ch({ scatter: true }), 1, 3)).toBe(values[3]);
  });

  it('applies to a target: frame units, multipliers, filters and reveals', () => {
    const t: TweenTarget = { x: 5, y: 5, scaleX: 2, scaleY: 1, rotationDegrees: 0, rotationXDegrees: 0, rotationYDegrees: 0, opacity: 1, filters: [], reveals: [] };
    applyTweenChannels(t, [
      { property: 'y', from: 1, to: 0, unit: 'frame' }, { property: 'scale', from: 0.5, to: 1 }, { property: 'opacity', from: 0, to: 1 },
      { property: 'blur', from: 8, to: 0 }, { property: 'reveal', from: 0, to: 1, direction: 'up' }, { property: 'rotationY', from: 90, to: 0 },
    ], 0.5, { width: 200, height: 100 });
    expect(t).toEqual({
      x: 5, y: 55, scaleX: 1.5, scaleY: 0.75, rotationDegrees: 0, rotationXDegrees: 0, rotationYDegrees: 45, opacity: 0.5,
      filters: [{ kind: 'blur', value: 4 }], reveals: [{ kind: 'wipe', direction: 'up', progress: 0.5 }],
    });
  });
});

describe('window transitions', () => {
  it('progress runs over [startFrame, endFrame); spans step and ramp', () => {
    const spec = { startFrame: 10, endFrame: 20, easing: 'linear', ops: [] };
    expect([9, 10, 15, 19, 20].map((n) => windowProgress(spec, n))).toEqual([undefined, 0, 0.5, 0.9, undefined]);
    expect(spanValue({ from: 0, to: 1 }, 0.3)).toBeCloseTo(0.3, 10);
    expect(spanValue({ from: 0, to: 1, span: [0, 0.5] }, 0.25)).toBe(0.5);
    expect(spanValue({ from: 1, to: 0, span: [0.5, 0.5] }, 0.49)).toBe(1);
    expect(spanValue({ from: 1, to: 0, span: [0.5, 0.5] }, 0.5)).toBe(0);
  });
});

describe('pixel effects', () => {
  const buf = (pixels: number[][]) => ({ data: new Uint8ClampedArray(pixels.flat()), width: pixels.length, height: 1 });

  it('posterize, chroma key, tint', () => {
    const b = buf([[10, 130, 250, 255]]);
    px.posterize(b, 2);
    expect([...b.data]).toEqual([0, 255, 255, 255]);
    const k = buf([[20, 200, 40, 255], [220, 30, 30, 255]]);
    px.chromaKey(k, { hueMin: 90, hueMax: 150, satMin: 0.2, satMax: 1, lumMin: 0.1, lumMax: 0.9, softness: 0 });
    expect([k.data[3], k.data[7]]).toEqual([0, 255]);
    const t = buf([[0, 0, 0, 255]]);
    px.tint(t, '#ff000080', 1, 'source-atop');
    expect([...t.data]).toEqual([128, 0, 0, 255]);
  });

  it('grain changes every frame but is the same for the same frame', () => {
    const make = () => buf(Array.from({ length: 16 }, () => [128, 128, 128, 255]));
    const [a, b, c] = [make(), make(), make()];
    px.grain(a, 1, true, 3);
    px.grain(b, 1, true, 3);
    px.grain(c, 1, true, 4);
    expect([...a.data]).toEqual([...b.data]);
    expect([...a.data]).not.toEqual([...c.data]);
  });

  it('pixelate averages a cell; a sideways channel shift moves red', () => {
    const p = buf([[0, 0, 0, 255], [200, 100, 50, 255]]);
    px.pixelate(p, 2);
    expect([...p.data]).toEqual([100, 50, 25, 255, 100, 50, 25, 255]);
    const s = buf([[255, 0, 0, 255], [0, 0, 0, 255], [0, 0, 0, 255]]);
    px.channelShift(s, 1, false);
    expect([s.data[0], s.data[4]]).toEqual([255, 255]);
  });
});

describe('frames of Framelane features', () => {
  /** A solid-colour PNG as a data URI. */
  const solid = (colour: string) => {
    const canvas = createCanvas(8, 8);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = colour;
    ctx.fillRect(0, 0, 8, 8);
    return `data:image/png;base64,${canvas.toBuffer('image/png').toString('base64')}`;
  };
  const RED = solid('#ff0000');
  const BLUE = solid('#0000ff');

  async function pixelsAt(doc: unknown, frame: number, points: Array<[number, number]>): Promise<number[][]> {
    const { composition } = compileDocument(doc, { baseDir: '/' });
    const still = await createStillRenderer(composition);
    const data = await still.rgba(frame);
    expect(still.warnings).toEqual([]);
    return points.map(([x, y]) => [...data.subarray((y * composition.width + x) * 4, (y * composition.width + x) * 4 + 4)]);
  }
  const pair = (type: string) => ({
    width: 40, height: 20, frame_rate: 10, background_color: '#000000',
    elements: [
      { type: 'image', id: 'a', source_url: RED, duration: 2 },
      { type: 'image', id: 'b', source_url: BLUE, time: 1, duration: 1 },
    ],
    transitions: [{ type, duration: 1, from_id: 'a', to_id: 'b' }],
  });

  it('a cross-dissolve at its midpoint is half of each', async () => {
    const [p] = await pixelsAt(pair('cross_dissolve'), 15, [[20, 10]]);
    expect(p![0]).toBeGreaterThanOrEqual(126);
    expect(p![0]).toBeLessThanOrEqual(129);
    expect(p![2]).toBeGreaterThanOrEqual(126);
    expect(p![2]).toBeLessThanOrEqual(129);
  });

  it('a wipe to the right at its midpoint shows the incoming picture on the left half', async () => {
    const [left, right] = await pixelsAt(pair('wipe_right'), 15, [[5, 10], [35, 10]]);
    expect(left).toEqual([0, 0, 255, 255]);
    expect(right).toEqual([255, 0, 0, 255]);
  });

  it('after the window the outgoing element is gone', async () => {
    const doc = pair('wipe_left');
    (doc.elements[1] as Record<string, unknown>).duration = 1;
    (doc.elements[0] as Record<string, unknown>).duration = 2;
    const [p] = await pixelsAt(doc, 19, [[20, 10]]);
    expect(p).toEqual([0, 0, 255, 255]);
  });

  it('a crop cuts the picture, the border frames what is left', async () => {
    const doc = {
      width: 40, height: 20, frame_rate: 10, background_color: '#000000',
      elements: [{ type: 'image', id: 'a', source_url: RED, duration: 1, crop_left: 0.5, border_width: 2, border_color: '#00ff00' }],
    };
    const [cut, border, inside] = await pixelsAt(doc, 0, [[10, 10], [21, 10], [30, 10]]);
    expect(cut).toEqual([0, 0, 0, 255]);
    expect(border).toEqual([0, 255, 0, 255]);
    expect(inside).toEqual([255, 0, 0, 255]);
  });

  it('a y rotation of 60° halves the width about the anchor', async () => {
    const doc = {
      width: 40, height: 20, frame_rate: 10, background_color: '#000000',
      elements: [{ type: 'image', id: 'a', source_url: RED, duration: 1, y_rotation: 60 }],
    };
    const [outside, inside] = await pixelsAt(doc, 0, [[8, 10], [12, 10]]);
    expect(outside).toEqual([0, 0, 0, 255]);
    expect(inside).toEqual([255, 0, 0, 255]);
  });
});
