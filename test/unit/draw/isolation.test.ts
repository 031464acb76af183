/**
 * Layers drawn through the offscreen surface (engine/draw/isolate.ts): light sweeps, pixel
 * effects and shadows of clipped pictures, checked on whole frames pixel by pixel.
 */
import { describe, expect, it } from 'vitest';
import { needsIsolation } from '../../../engine/draw/isolate.js';
import { elementDefinition } from '../../../engine/elements/index.js';
import type { ElementKind } from '../../../engine/elements/define-element.js';
import { compileDocument } from '../../../engine/load-composition.js';
import type { Composition } from '../../../engine/model/composition.js';
import type { LayerState } from '../../../engine/timeline/evaluate-layer.js';
import { createStillRenderer } from '../../../engine/render/render-still.js';

function compile(clips: unknown[], meta: Record<string, unknown> = {}): Composition {
  const { composition, warnings } = compileDocument(
    { meta: { version: '2.0.0', width: 120, height: 60, fps: 10, background: '#000000', ...meta }, tracks: [{ clips }] },
    { baseDir: '/' },
  );
  expect(warnings).toEqual([]);
  return composition;
}

async function pixelsAt(composition: Composition, frame: number, points: Array<[number, number]>, scale = 1): Promise<number[][]> {
  const width = composition.width * scale;
  const still = await createStillRenderer(composition, { width, height: composition.height * scale });
  const data = await still.rgba(frame);
  expect(still.warnings).toEqual([]);
  return points.map(([x, y]) => [...data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)]);
}

/** A 40×40 rect centred on (x, 30). */
const rect = (x: number, fill: string, extra: Record<string, unknown> = {}) =>
  ({ type: 'rect', start: 0, duration: 2, transform: { x, y: 30, width: 40, height: 40 }, style: { fill }, ...extra });

describe('light sweep', () => {
  it('lights the layer itself at top level', async () => {
    const comp = compile([rect(40, '#202020', { transition: { type: 'lightSweep', duration: 1, intensity: 1 } })]);
    // Mid-sweep the band crosses the box: some of it brighter than the fill, none outside it.
    const row = await pixelsAt(comp, 5, Array.from({ length: 40 }, (_, i) => [20 + i, 30] as [number, number]));
    expect(Math.max(...row.map((p) => p[0]!))).toBeGreaterThan(0x60);
    const [outside] = await pixelsAt(comp, 5, [[5, 30]]);
    expect(outside).toEqual([0, 0, 0, 255]);
  });

  it('is drawn at the output size, not the composition size', async () => {
    const comp = compile([rect(40, '#202020', { transition: { type: 'lightSweep', duration: 1, intensity: 1 } })]);
    // At twice the size the box spans x 40..119: its edge stays sharp (no upscaled surface).
    const [before, first, last, after] = await pixelsAt(comp, 5, [[39, 90], [40, 90], [119, 90], [120, 90]], 2);
    expect(before).toEqual([0, 0, 0, 255]);
    expect(first![0]).toBeGreaterThanOrEqual(0x20);
    expect(last![0]).toBeGreaterThanOrEqual(0x20);
    expect(after).toEqual([0, 0, 0, 255]);
  });

  it('inside an isolated container leaves the container\'s other pixels alone', async () => {
    const comp = compile([{
      type: 'layout', start: 0, duration: 2, direction: 'horizontal', gap: 0,
      transform: { x: 60, y: 30, width: 80, height: 40 },
      children: [
        rect(0, '#ff0000'),
        rect(0, '#00ff00', { transition: { type: 'lightSweep', duration: 1, intensity: 0.9 } }),
      ],
    }]);
    const layout = comp.layers[0]!;
    layout.style = { ...layout.style, effects: [{ kind: 'posterize', levels: 4 }] };
    // The nested child is isolated on its own surface (the next depth), so its sweep lights only
    // its own pixels: the red sibling is untouched, the green child stays green under the band.
    const points: Array<[number, number]> = [];
    for (let y = 11; y < 50; y += 3) for (let x = 21; x < 100; x += 3) points.push([x, y]);
    const pixels = await pixelsAt(comp, 5, points);
    pixels.forEach((p, i) => {
      if (points[i]![0] < 60) expect([points[i], p]).toEqual([points[i], [255, 0, 0, 255]]);
      else expect([points[i], p[1], p[3]]).toEqual([points[i], 255, 255]);
    });
    // …and the band is there: some of the green child's pixels are lit towards white.
    expect(pixels.some((p, i) => points[i]![0] >= 60 && p[0]! > 60)).toBe(true);
    const [outside] = await pixelsAt(comp, 5, [[5, 5]]);
    expect(outside).toEqual([0, 0, 0, 255]);
  });
});

describe('shadows of clipped pictures', () => {
  const state = (style: Partial<LayerState['style']>) =>
    ({ windowFx: [], style: { shadowColor: '#000', shadowBlur: 4, ...style } }) as unknown as LayerState;

  it.each<[ElementKind, boolean]>([
    ['image', true], ['video', true], ['svg', true], ['icon', true], ['three', true],
    ['rect', false], ['ellipse', false], ['text', false], ['code', false], ['layout', false],
  ])('%s with rounded corners and a shadow is isolated: %s', (kind, isolated) => {
    const definition = elementDefinition(kind)!;
    expect(needsIsolation(definition, state({ borderRadius: [8, 8, 8, 8] }))).toBe(isolated);
    expect(needsIsolation(definition, state({}))).toBe(false);
  });

  it('a crop or border isolates every element but text, which frames itself', () => {
    for (const kind of ['rect', 'image', 'svg', 'code'] as const) {
      expect(needsIsolation(elementDefinition(kind)!, state({ border: { width: 2, color: '#fff' } }))).toBe(true);
    }
    expect(needsIsolation(elementDefinition('text')!, state({ border: { width: 2, color: '#fff' } }))).toBe(false);
  });

  it('an svg with rounded corners casts its shadow outside the clip, as an image does', async () => {
    const square = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#ffffff"/></svg>';
    const picture = { type: 'svg', start: 0, duration: 1, svg: square, transform: { x: 40, y: 30, width: 40, height: 40 } };
    const comp = compile([{ ...picture, style: { borderRadius: 10, shadowColor: '#ff0000', shadowOffset: [40, 0] } }]);
    // The box spans x 20..60; the shadow, 40 px to the right, 60..100.
    const [inside, corner, shadow, shadowCorner] = await pixelsAt(comp, 0, [[40, 30], [21, 11], [80, 30], [61, 11]]);
    expect(inside).toEqual([255, 255, 255, 255]);
    expect(corner).toEqual([0, 0, 0, 255]);
    expect(shadow).toEqual([255, 0, 0, 255]);
    expect(shadowCorner).toEqual([0, 0, 0, 255]);
  });
});
