/**
 * Evaluation of transitions between two layers (model `WindowTransitionSpec`): over the window's
 * frames progress p runs 0 → 1; transform, opacity and filter ops change the layer's state here,
 * masks, colour fades and distortions are handed to the drawing as {@link WindowFx}. Pure.
 */
import type { CanvasRect, Color, RevealShape, WindowOp, WindowTransitionSpec } from '../model/composition.js';
import { ease } from './easing.js';

/** What the drawing applies to an isolated layer (engine/draw/isolate.ts). */
export type WindowFx =
  | { kind: 'mask'; shape: RevealShape; region: CanvasRect; invert: boolean; progress: number }
  | { kind: 'color'; color: Color; amount: number }
  | { kind: 'distort'; distortion: 'swirl' | 'ripple' | 'wave' | 'glitch'; amount: number; region: CanvasRect };

/** The part of the state window ops change. */
export interface WindowTarget {
  x: number;
  y: number;
  scaleX: number;
  scaleY: number;
  opacity: number;
  filters: Array<{ kind: 'blur' | 'brightness' | 'contrast' | 'saturate' | 'hue' | 'grayscale' | 'sepia' | 'invert'; value: number }>;
  windowFx: WindowFx[];
}

/** Eased progress of `spec` at `frameIndex`, or undefined outside its window [startFrame, endFrame). */
export function windowProgress(spec: WindowTransitionSpec, frameIndex: number): number | undefined {
  if (frameIndex < spec.startFrame || frameIndex >= spec.endFrame) return undefined;
  return ease(spec.easing, (frameIndex - spec.startFrame) / (spec.endFrame - spec.startFrame));
}

/** An op's value at progress p: `from`→`to` over its span (a zero-length span is a step). */
export function spanValue(op: { from: number; to: number; span?: [number, number] }, p: number): number {
  const [a, b] = op.span ?? [0, 1];
  const q = b <= a ? (p >= a ? 1 : 0) : Math.max(0, Math.min(1, (p - a) / (b - a)));
  return op.from + (op.to - op.from) * q;
}

const lerp = (pair: [number, number] | undefined, p: number, rest: number): number =>
  pair === undefined ? rest : pair[0] + (pair[1] - pair[0]) * p;

function applyOp(target: WindowTarget, op: WindowOp, p: number): void {
  switch (op.kind) {
    case 'opacity':
      target.opacity *= Math.max(0, Math.min(1, spanValue(op, p)));
      break;
    case 'filter': {
      const value = spanValue(op, p);
      const identity = op.filter === 'brightness' || op.filter === 'saturate' ? 1 : 0;
      if (value !== identity) target.filters = [...target.filters, { kind: op.filter, value }];
      break;
    }
    case 'transform': {
      // Scales about the region's centre, offsets in region sizes.
      const r = op.region;
      const cx = r.x + r.width / 2;
      const cy = r.y + r.height / 2;
      const sx = lerp(op.scaleX, p, 1);
      const sy = lerp(op.scaleY, p, 1);
      target.x = cx + (target.x - cx) * sx + lerp(op.offsetX, p, 0) * r.width;
      target.y = cy + (target.y - cy) * sy + lerp(op.offsetY, p, 0) * r.height;
      target.scaleX *= sx;
      target.scaleY *= sy;
      // What moves out of the region is cut off (the region is the whole transition's frame).
      target.windowFx.push({ kind: 'mask', shape: { kind: 'box' }, region: r, invert: false, progress: 1 });
      break;
    }
    case 'color': {
      const amount = spanValue(op, p);
      if (amount > 0) target.windowFx.push({ kind: 'color', color: op.color, amount });
      break;
    }
    case 'distort': {
      const amount = op.from + (op.to - op.from) * p;
      if (amount > 0) {
        target.windowFx.push({ kind: 'distort', distortion: op.distortion, amount, region: op.region });
        target.windowFx.push({ kind: 'mask', shape: { kind: 'box' }, region: op.region, invert: false, progress: 1 });
      }
      break;
    }
    case 'mask':
      target.windowFx.push({ kind: 'mask', shape: op.shape, region: op.region, invert: op.invert, progress: p });
      break;
  }
}

/** Applies every window transition running at `frameIndex`. */
export function applyWindowTransitions(target: WindowTarget, specs: readonly WindowTransitionSpec[], frameIndex: number): void {
  for (const spec of specs) {
    const p = windowProgress(spec, frameIndex);
    if (p === undefined) continue;
    for (const op of spec.ops) applyOp(target, op, p);
  }
}
