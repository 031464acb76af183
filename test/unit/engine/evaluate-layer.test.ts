import { describe, expect, it } from 'vitest';
import type { AnimationSpec, Layer, TransitionSpec } from '../../../engine/model/composition.js';
import { animationProgress, evaluateLayer, sampleKeyframes } from '../../../engine/timeline/evaluate-layer.js';
import { layersAtFrame, stackingOrder } from '../../../engine/timeline/frame-graph.js';

const frame = { width: 1000, height: 500, fps: 10 };

function layer(overrides: Partial<Layer> = {}): Layer {
  return {
    id: 'l', pointer: '/tracks/0/clips/0', documentOrder: 0, zIndex: 0, startFrame: 0, endFrame: 20,
    transform: {
      x: { fraction: 0.5 }, y: { px: 100 }, anchorX: 0.5, anchorY: 0.5, scaleX: 1, scaleY: 1,
      rotationDegrees: 0, skewXDegrees: 0, skewYDegrees: 0, placement: 'box',
    },
    opacity: 1, style: {}, element: { kind: 'rect' }, animations: [], keyframes: [], transitions: [],
    ...overrides,
  };
}

function anim(overrides: Partial<AnimationSpec>): AnimationSpec {
  return { kind: 'fadeIn', delaySeconds: 0, durationSeconds: 1, easing: 'linear', cycles: 1, direction: 'up', distancePx: 200, ...overrides };
}

describe('keyframes', () => {
  const track = {
    property: 'x' as const,
    frames: [
      { timeSeconds: 1, value: 0, easing: 'linear' },
      { timeSeconds: 2, value: 100, easing: 'easeInQuad' },
      { timeSeconds: 3, value: 50, easing: 'linear' },
    ],
  };
  const num = (v: number | string) => Number(v);

  it('holds the first value before the first keyframe and the last after the last', () => {
    expect(sampleKeyframes(track, 0, num)).toBe(0);
    expect(sampleKeyframes(track, 9, num)).toBe(50);
  });

  it('eases each segment with the easing of the keyframe that ends it', () => {
    expect(sampleKeyframes(track, 1.5, num)).toBeCloseTo(25, 9); // easeInQuad(0.5) * 100
    expect(sampleKeyframes(track, 2.5, num)).toBeCloseTo(75, 9); // linear 100 → 50
  });

  it('interpolates colours channel by channel', () => {
    const colours = { property: 'fill' as const, frames: [{ timeSeconds: 0, value: '#ff0000', easing: 'linear' }, { timeSeconds: 1, value: '#0000ff', easing: 'linear' }] };
    expect(sampleKeyframes(colours, 0.5, num)).toBe('rgba(128,0,128,1)');
  });

  it('resolves percent values against the canvas and overrides the base position', () => {
    const l = layer({ keyframes: [{ property: 'x', frames: [{ timeSeconds: 0, value: '10%', easing: 'linear' }, { timeSeconds: 1, value: '90%', easing: 'linear' }] }] });
    expect(evaluateLayer(l, 5, frame).x).toBeCloseTo(500, 9);
    expect(evaluateLayer(l, 0, frame).x).toBeCloseTo(100, 9);
  });
});

describe('preset animations', () => {
  it('sits in the from state before its delay and keeps the to state after it ends', () => {
    const a = anim({ delaySeconds: 1, durationSeconds: 1 });
    expect(animationProgress(a, 0.5)).toBe(0);
    expect(animationProgress(a, 1.5)).toBeCloseTo(0.5, 9);
    expect(animationProgress(a, 5)).toBe(1);
  });

  it('restarts each cycle when looped and stops after a counted loop', () => {
    const looped = anim({ durationSeconds: 1, cycles: Number.POSITIVE_INFINITY });
    expect(animationProgress(looped, 2.25)).toBeCloseTo(0.25, 9);
    const twice = anim({ durationSeconds: 1, cycles: 2 });
    expect(animationProgress(twice, 1.5)).toBeCloseTo(0.5, 9);
    expect(animationProgress(twice, 2.5)).toBe(1);
  });

  it('fades, zooms and slides relative to the base state', () => {
    const l = layer({ opacity: 0.8, animations: [anim({ kind: 'fadeIn' }), anim({ kind: 'zoomIn' }), anim({ kind: 'slideIn', direction: 'up', distancePx: 100 })] });
    const s = evaluateLayer(l, 5, frame); // t = 0.5 s
    expect(s.opacity).toBeCloseTo(0.4, 9);
    expect(s.scaleX).toBeCloseTo(0.5, 9);
    expect(s.y).toBeCloseTo(150, 9); // starts 100 px below, halfway there
  });

  it('moves between absolute positions in px or percent', () => {
    const l = layer({ animations: [anim({ kind: 'move', from: { x: 0, y: '0%' }, to: { x: '100%', y: 500 } })] });
    const s = evaluateLayer(l, 5, frame);
    expect(s.x).toBeCloseTo(500, 9);
    expect(s.y).toBeCloseTo(250, 9);
  });

  it('applies presets on top of keyframed values (keyframes move the base)', () => {
    const l = layer({
      keyframes: [{ property: 'opacity', frames: [{ timeSeconds: 0, value: 0.5, easing: 'linear' }] }],
      animations: [anim({ kind: 'fadeOut', delaySeconds: 0, durationSeconds: 2 })],
    });
    expect(evaluateLayer(l, 10, frame).opacity).toBeCloseTo(0.25, 9);
  });
});

describe('transitions', () => {
  const t = (overrides: Partial<TransitionSpec>): TransitionSpec => ({
    kind: 'fade', durationSeconds: 1, direction: 'left', easing: 'linear', blurPx: 20, intensity: 0.6, rotationDegrees: 180, scale: 0, at: 'both', ...overrides,
  });

  it('plays at the entrance and mirrored at the exit', () => {
    const l = layer({ transitions: [t({})] }); // 2 s window
    expect(evaluateLayer(l, 0, frame).opacity).toBe(0);
    expect(evaluateLayer(l, 5, frame).opacity).toBeCloseTo(0.5, 9);
    expect(evaluateLayer(l, 10, frame).opacity).toBe(1);
    expect(evaluateLayer(l, 15, frame).opacity).toBeCloseTo(0.5, 9);
  });

  it('slides in from the side it travels from and leaves the way it came; push keeps going', () => {
    const slide = layer({ transitions: [t({ kind: 'slide', direction: 'left' })] });
    expect(evaluateLayer(slide, 5, frame).x).toBeCloseTo(500 + 500, 9); // enters from the right
    expect(evaluateLayer(slide, 15, frame).x).toBeCloseTo(500 + 500, 9); // exits to the right
    const push = layer({ transitions: [t({ kind: 'push', direction: 'left' })] });
    expect(evaluateLayer(push, 15, frame).x).toBeCloseTo(500 - 500, 9); // exits to the left
  });

  it('turns wipe and iris into reveal masks', () => {
    const l = layer({ transitions: [t({ kind: 'wipe', direction: 'right' })] });
    expect(evaluateLayer(l, 5, frame).reveals).toEqual([{ kind: 'wipe', direction: 'right', progress: 0.5 }]);
  });
});

describe('frame graph', () => {
  it('orders by zIndex, then start, then document order, and shows [start, end)', () => {
    const a = layer({ id: 'a', zIndex: 1, documentOrder: 0 });
    const b = layer({ id: 'b', zIndex: 0, startFrame: 5, documentOrder: 1 });
    const c = layer({ id: 'c', zIndex: 0, startFrame: 0, documentOrder: 2 });
    const d = layer({ id: 'd', zIndex: 0, startFrame: 0, documentOrder: 3, endFrame: 6 });
    const sorted = stackingOrder([a, b, c, d]);
    expect(sorted.map((l) => l.id)).toEqual(['c', 'd', 'b', 'a']);
    const comp = { width: 1000, height: 500, fps: 10, durationInFrames: 20, layers: [], audio: [], fonts: [], warnings: [] };
    expect(layersAtFrame(comp, sorted, 5).map((f) => f.layer.id)).toEqual(['c', 'd', 'b', 'a']);
    expect(layersAtFrame(comp, sorted, 6).map((f) => f.layer.id)).toEqual(['c', 'b', 'a']);
    expect(layersAtFrame(comp, sorted, 20)).toEqual([]);
  });
});
