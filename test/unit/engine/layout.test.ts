import { describe, expect, it } from 'vitest';
import type { Layer, LayoutElementSpec } from '../../../engine/model/composition.js';
import { contentBox, flattenLayers, flowContentSize, justify, layoutElement, placeFlow, type FlowSpec } from '../../../engine/elements/layout.js';
import '../../../engine/elements/index.js';
import type { ElementInput } from '../../../engine/elements/define-element.js';
import { evaluateLayer } from '../../../engine/timeline/evaluate-layer.js';
import { compileDocument } from '../../../engine/load-composition.js';

const spec = (over: Partial<FlowSpec> = {}): FlowSpec => ({ direction: 'vertical', gap: 0, alignItems: 'start', justifyContent: 'start', ...over });

describe('flow placement (pure)', () => {
  const boxes = [{ width: 40, height: 10 }, { width: 20, height: 30 }, { width: 60, height: 20 }];

  it('stacks along the main axis with gaps, sizing the content to the sum and the widest', () => {
    expect(flowContentSize(spec({ gap: 5 }), boxes)).toEqual({ width: 60, height: 70 });
    expect(flowContentSize(spec({ direction: 'horizontal', gap: 5 }), boxes)).toEqual({ width: 130, height: 30 });
    const placed = placeFlow(spec({ gap: 5 }), { width: 100, height: 200 }, boxes);
    expect(placed.map((p) => p.y)).toEqual([0, 15, 50]);
    expect(placed.map((p) => p.x)).toEqual([0, 0, 0]);
  });

  it('distributes free space like CSS justify-content', () => {
    expect(justify({ gap: 0, justifyContent: 'start' }, 40, 3)).toEqual({ offset: 0, spacing: 0 });
    expect(justify({ gap: 0, justifyContent: 'center' }, 40, 3)).toEqual({ offset: 20, spacing: 0 });
    expect(justify({ gap: 2, justifyContent: 'end' }, 40, 3)).toEqual({ offset: 40, spacing: 2 });
    expect(justify({ gap: 0, justifyContent: 'space-between' }, 40, 3)).toEqual({ offset: 0, spacing: 20 });
    expect(justify({ gap: 0, justifyContent: 'space-around' }, 60, 3)).toEqual({ offset: 10, spacing: 20 });
    // Single item / overflow fall back like CSS: between → start, around → centre.
    expect(justify({ gap: 0, justifyContent: 'space-between' }, 40, 1)).toEqual({ offset: 0, spacing: 0 });
    expect(justify({ gap: 0, justifyContent: 'space-around' }, -20, 2)).toEqual({ offset: -10, spacing: 0 });
  });

  it('aligns on the cross axis', () => {
    const content = { width: 100, height: 200 };
    expect(placeFlow(spec({ alignItems: 'center' }), content, boxes).map((p) => p.x)).toEqual([30, 40, 20]);
    expect(placeFlow(spec({ alignItems: 'end' }), content, boxes).map((p) => p.x)).toEqual([60, 80, 40]);
    const row = placeFlow(spec({ direction: 'horizontal', alignItems: 'end', justifyContent: 'space-between' }), { width: 200, height: 40 }, boxes);
    expect(row.map((p) => [p.x, p.y])).toEqual([[0, 30], [80, 10], [140, 20]]);
  });

  it('removes padding from the box', () => {
    expect(contentBox({ width: 100, height: 50 }, [5, 10, 15, 20])).toEqual({ width: 70, height: 30 });
    expect(contentBox({ width: 10, height: 10 }, [20, 20, 20, 20])).toEqual({ width: 0, height: 0 });
  });
});

function compile(clips: unknown[], meta: Record<string, unknown> = {}) {
  return compileDocument({ meta: { version: '2.0.0', width: 400, height: 200, fps: 10, ...meta }, tracks: [{ clips }] }, { baseDir: '/' });
}

const rect = (transform: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ({ type: 'rect', start: 7, duration: 1, transform, ...extra });

/** Measures a compiled top-level layout the way the frame drawer does and returns its arrangement. */
function arrangeTop(layer: Layer, frameIndex = 0) {
  const frame = { width: 400, height: 200, fps: 10 };
  const state = evaluateLayer(layer, frameIndex, frame);
  const placed: Array<{ pointer: string; x: number; y: number; width?: number; height?: number }> = [];
  const input = {
    ctx: { translate() {}, save() {}, restore() {}, beginPath() {}, rect() {}, roundRect() {}, clip() {}, fill() {}, stroke() {}, globalAlpha: 1 },
    layer, element: layer.element, state, resources: {}, frame, frameIndex,
    drawLayer: (_c: unknown, l: Layer, s: { x: number; y: number; width?: number; height?: number }) =>
      placed.push({ pointer: l.pointer, x: s.x, y: s.y, width: s.width, height: s.height }),
  } as unknown as ElementInput<'layout'>;
  const box = layoutElement.measure(input, { width: state.width, height: state.height });
  layoutElement.draw(input, box);
  return { box, placed };
}

describe('layout compile and arrangement', () => {
  it('gives children the parent window, zero x/y, and runs their animations from the parent start', () => {
    const { composition, warnings } = compile([{
      type: 'layout', start: 2, duration: 3,
      children: [
        rect({ x: 50, y: 60, width: 10, height: 10 }, { animations: [{ type: 'fadeIn', duration: 1 }] }),
        { type: 'layout', start: 0, duration: 1, children: [rect({ width: 5, height: 5 })] },
      ],
    }]);
    expect(warnings).toEqual([]);
    const layout = composition.layers[0]!;
    const [child, nested] = (layout.element as LayoutElementSpec).children;
    expect([child!.startFrame, child!.endFrame]).toEqual([20, 50]);
    expect(child!.transform.x).toEqual({ px: 0 });
    expect(child!.transform.y).toEqual({ px: 0 });
    // Nested layouts pass the same window down (their own start/duration are ignored too).
    const grandchild = (nested!.element as LayoutElementSpec).children[0]!;
    expect([grandchild.startFrame, grandchild.endFrame]).toEqual([20, 50]);
    expect(evaluateLayer(child!, 25, { width: 400, height: 200, fps: 10 }).opacity).toBeCloseTo(0.5, 9);
    expect(flattenLayers(composition.layers)).toHaveLength(4);
  });

  it('auto-sizes to its content, stretches the cross axis and resolves percents against the content box', () => {
    const { composition } = compile([{
      type: 'layout', start: 0, duration: 1, direction: 'vertical', gap: 4, padding: [1, 2, 3, 4], alignItems: 'stretch',
      transform: { x: 0, y: 0, anchor: 'top-left', width: 100 },
      children: [
        rect({ height: 10 }),
        rect({ width: '50%', height: 20 }),
        rect({ width: 30, height: '10%' }),
      ],
    }]);
    const { box, placed } = arrangeTop(composition.layers[0]!);
    // Content width 100 − 6 = 94; height: auto. 10% of the auto height resolves against the canvas
    // height less the padding (200 − 4 = 196): 19.6.
    expect(box.width).toBe(100);
    expect(box.height).toBeCloseTo(1 + 10 + 4 + 20 + 4 + 19.6 + 3, 9);
    expect(placed.map((p) => p.width)).toEqual([94, 47, 30]);
    // States carry the anchor-adjusted position (rects anchor at their centre) inside the content box.
    expect(placed[0]).toMatchObject({ x: 47, y: 5 });
    expect(placed[1]).toMatchObject({ x: 23.5, y: 24 });
  });

  it('draws children in the frame drawer\'s stacking order: z-index, then start, then document order', () => {
    /** Draw order (as document positions) after `adjust` changes the compiled children. */
    const order = (adjust: (children: Layer[]) => void) => {
      const { composition } = compile([{
        type: 'layout', start: 0, duration: 1, direction: 'horizontal',
        transform: { x: 0, y: 0, anchor: 'top-left', width: 200, height: 50 },
        children: [rect({ width: 10, height: 10 }), rect({ width: 10, height: 10 }), rect({ width: 10, height: 10 })],
      }]);
      const children = (composition.layers[0]!.element as LayoutElementSpec).children;
      adjust(children);
      return arrangeTop(composition.layers[0]!, 5).placed.map((p) => children.findIndex((l) => l.pointer === p.pointer));
    };
    expect(order(() => {})).toEqual([0, 1, 2]);
    // Starting later puts a child above the ones it ties with on z-index, as at the top level.
    expect(order((c) => { c[0]!.startFrame = 2; })).toEqual([1, 2, 0]);
    expect(order((c) => { c[0]!.startFrame = 2; c[2]!.zIndex = -1; })).toEqual([2, 1, 0]);
  });

  it('centres and spreads children in a fixed-size row', () => {
    const { composition } = compile([{
      type: 'layout', start: 0, duration: 1, direction: 'horizontal', alignItems: 'center', justifyContent: 'space-between',
      transform: { x: 0, y: 0, anchor: 'top-left', width: 200, height: 50 },
      children: [rect({ width: 20, height: 10 }), rect({ width: 40, height: 30 }), rect({ width: 20, height: 50 })],
    }]);
    const { placed } = arrangeTop(composition.layers[0]!);
    expect(placed.map((p) => [p.x - p.width! / 2, p.y - p.height! / 2])).toEqual([[0, 20], [80, 10], [180, 0]]);
  });

  it('re-flows every frame when a child size is keyframed', () => {
    const { composition } = compile([{
      type: 'layout', start: 0, duration: 2, direction: 'vertical',
      transform: { x: 0, y: 0, anchor: 'top-left', width: 100, height: 100 },
      children: [
        rect({ width: 10, height: 10 }, { keyframes: [{ property: 'height', frames: [{ time: 0, value: 10 }, { time: 1, value: 30 }] }] }),
        rect({ width: 10, height: 10 }),
      ],
    }]);
    const top = (n: number) => { const p = arrangeTop(composition.layers[0]!, n).placed[1]!; return p.y - p.height! / 2; };
    expect(top(0)).toBe(10);
    expect(top(5)).toBeCloseTo(20, 9);
    expect(top(10)).toBeCloseTo(30, 9);
  });

  it('resolves percentages of an auto-sized nested layout the same when measuring and when drawing', () => {
    const { composition } = compile([{
      type: 'layout', start: 0, duration: 1, transform: { x: 0, y: 0, anchor: 'top-left', width: 200, height: 100 },
      children: [{ type: 'layout', start: 0, duration: 1, padding: 10, children: [rect({ width: '50%', height: 10 })] }],
    }]);
    const outer = composition.layers[0]!;
    const frame = { width: 400, height: 200, fps: 10 };
    const drawn: Array<{ pointer: string; width?: number }> = [];
    const ctx = { translate() {}, save() {}, restore() {}, beginPath() {}, rect() {}, roundRect() {}, clip() {}, fill() {}, stroke() {}, globalAlpha: 1 };
    const drawLayer = (_c: unknown, l: Layer, s: ReturnType<typeof evaluateLayer>, f: typeof frame): void => {
      drawn.push({ pointer: l.pointer, width: s.width });
      if (l.element.kind !== 'layout') return;
      const input = { ctx, layer: l, element: l.element, state: s, resources: {}, frame: f, frameIndex: 0, drawLayer } as unknown as ElementInput<'layout'>;
      layoutElement.draw(input, layoutElement.measure(input, { width: s.width, height: s.height }));
    };
    drawLayer(ctx, outer, evaluateLayer(outer, 0, frame), frame);
    // The inner layout has no width: its children's percentages resolve against its reference
    // frame (the outer content box, 200) less its padding (180), measuring and drawing alike.
    expect(drawn.map((d) => [d.pointer, d.width])).toEqual([
      ['/tracks/0/clips/0', 200],
      ['/tracks/0/clips/0/children/0', 110],
      ['/tracks/0/clips/0/children/0/children/0', 90],
    ]);
  });

  it('skips audio children with a warning that names them, and lays out 3D children', () => {
    const { composition, warnings } = compile([{
      type: 'layout', start: 0, duration: 1,
      children: [{ type: 'audio', start: 0, duration: 1, src: 'a.mp3' }, { type: 'three', start: 0, duration: 1 }, rect({ width: 1, height: 1 })],
    }]);
    expect(warnings).toEqual([
      '/tracks/0/clips/0/children/0: audio clips inside a layout are not mixed by this version; the clip is skipped',
    ]);
    expect((composition.layers[0]!.element as LayoutElementSpec).children.map((c) => c.element.kind)).toEqual(['three', 'rect']);
  });

  it('turns a template child into a group laid out at its px size', () => {
    const { composition, warnings } = compile([{
      type: 'layout', start: 1, duration: 2,
      children: [{ type: 'template', start: 0, duration: 1, template: 'quote', data: {}, transform: { width: 160, height: 90 } }],
    }]);
    expect(warnings).toEqual([]);
    const group = (composition.layers[0]!.element as LayoutElementSpec).children[0]!;
    expect(group.element).toMatchObject({ kind: 'group', designWidth: 160, designHeight: 90 });
    const parts = group.element.kind === 'group' ? group.element.children : [];
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.startFrame === 10 && p.endFrame === 30)).toBe(true);
    expect(parts[0]!.pointer).toBe('/tracks/0/clips/0/children/0/template/background');
  });
});
