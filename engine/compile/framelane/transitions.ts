/**
 * Framelane `transitions[]` (digest §4) → matching per-layer window transitions on the two
 * layers. The window is `[to.time, to.time + duration]` (§9.3): the incoming layer starts on the
 * cut, the outgoing layer is cut at the window's end. Both layers get their ops over exactly the
 * same frames, so together they make the whole transition: the upper layer (in stacking order)
 * fades or is masked, the lower one stays whole under it, and both may move or distort.
 * docs/framelane.md describes every type.
 */
import type { FlTransitionType } from '../../../schema/framelane/index.js';
import type { CanvasRect, Layer, RevealShape, WindowOp } from '../../model/composition.js';
import { stackingOrder } from '../../timeline/frame-graph.js';

/** The ops of each side. */
interface Sides {
  outgoing: WindowOp[];
  incoming: WindowOp[];
}

interface Pair {
  /** The outgoing layer is drawn above the incoming one. */
  outgoingOnTop: boolean;
  region: CanvasRect;
  shorterSide: number;
}

/** Opacity crossfade on whichever layer is on top (the lower one stays whole). */
function dissolve(pair: Pair): Sides {
  return pair.outgoingOnTop
    ? { outgoing: [{ kind: 'opacity', from: 1, to: 0 }], incoming: [] }
    : { outgoing: [], incoming: [{ kind: 'opacity', from: 0, to: 1 }] };
}

/** The upper layer masked so that `shape` shows the incoming layer as it grows. */
function masked(shape: RevealShape, pair: Pair): Sides {
  const op = (invert: boolean): WindowOp => ({ kind: 'mask', shape, region: pair.region, invert });
  return pair.outgoingOnTop ? { outgoing: [op(true)], incoming: [] } : { outgoing: [], incoming: [op(false)] };
}

function dip(color: string): Sides {
  return {
    outgoing: [{ kind: 'color', color, from: 0, to: 1, span: [0, 0.5] }, { kind: 'opacity', from: 1, to: 0, span: [0.5, 0.5] }],
    incoming: [{ kind: 'opacity', from: 0, to: 1, span: [0.5, 0.5] }, { kind: 'color', color, from: 1, to: 0, span: [0.5, 1] }],
  };
}

/** A dissolve with the same distortion on both layers, peaking at the cut. */
function distorted(distortion: 'swirl' | 'ripple' | 'wave' | 'glitch', strength: number, pair: Pair): Sides {
  const base = dissolve(pair);
  return {
    outgoing: [...base.outgoing, { kind: 'distort', distortion, from: 0, to: strength, region: pair.region }],
    incoming: [...base.incoming, { kind: 'distort', distortion, from: strength, to: 0, region: pair.region }],
  };
}

/** A dissolve with a filter on both layers, peaking at the cut. */
function filtered(filter: 'blur' | 'brightness' | 'hue' | 'saturate', rest: number, peak: number, pair: Pair): Sides {
  const base = dissolve(pair);
  return {
    outgoing: [...base.outgoing, { kind: 'filter', filter, from: rest, to: peak }],
    incoming: [...base.incoming, { kind: 'filter', filter, from: peak, to: rest }],
  };
}

const TRANSITIONS: Readonly<Record<FlTransitionType, (pair: Pair) => Sides>> = {
  cross_dissolve: dissolve,
  dip_to_black: () => dip('#000000'),
  dip_to_white: () => dip('#ffffff'),
  wipe_left: (p) => masked({ kind: 'wipe', direction: 'left', soft: false }, p),
  wipe_right: (p) => masked({ kind: 'wipe', direction: 'right', soft: false }, p),
  wipe_up: (p) => masked({ kind: 'wipe', direction: 'up', soft: false }, p),
  wipe_down: (p) => masked({ kind: 'wipe', direction: 'down', soft: false }, p),
  diagonal_wipe: (p) => masked({ kind: 'diagonal' }, p),
  barn_doors_horizontal: (p) => masked({ kind: 'doors', axis: 'horizontal' }, p),
  barn_doors_vertical: (p) => masked({ kind: 'doors', axis: 'vertical' }, p),
  iris: (p) => masked({ kind: 'circle', soft: false }, p),
  page_turn: (p) => masked({ kind: 'page' }, p),
  cross_zoom: (p) => {
    const base = filtered('blur', 0, 0.02 * p.shorterSide, p);
    const zoom = (from: number, to: number): WindowOp => ({ kind: 'transform', scaleX: [from, to], scaleY: [from, to], region: p.region });
    return { outgoing: [...base.outgoing, zoom(1, 1.5)], incoming: [...base.incoming, zoom(1.5, 1)] };
  },
  gradient_wipe: (p) => masked({ kind: 'wipe', direction: 'right', soft: true }, p),
  band_wipe: (p) => masked({ kind: 'bands', count: 6, axis: 'horizontal' }, p),
  box_wipe: (p) => masked({ kind: 'box' }, p),
  swirl: (p) => distorted('swirl', 1, p),
  glitch_memories: (p) => distorted('glitch', 1, p),
  window_slice: (p) => masked({ kind: 'slices', count: 10 }, p),
  cube: (p) => ({
    // Orthographic cube: the outgoing face squashes towards the left edge while the incoming face
    // grows from the right, the turning face darkening.
    outgoing: [
      { kind: 'transform', offsetX: [0, -0.5], scaleX: [1, 0], region: p.region },
      { kind: 'filter', filter: 'brightness', from: 1, to: 0.5 },
    ],
    incoming: [
      { kind: 'transform', offsetX: [0.5, 0], scaleX: [0, 1], region: p.region },
      { kind: 'filter', filter: 'brightness', from: 0.5, to: 1 },
    ],
  }),
  doorway: (p) => {
    const doors = masked({ kind: 'doors', axis: 'horizontal' }, p);
    return {
      outgoing: doors.outgoing,
      incoming: [...doors.incoming, { kind: 'transform', scaleX: [0.8, 1], scaleY: [0.8, 1], region: p.region }],
    };
  },
  pinwheel: (p) => masked({ kind: 'pinwheel', blades: 4 }, p),
  water_drop: (p) => distorted('ripple', 1, p),
  crosshatch: (p) => masked({ kind: 'hatch', count: 8 }, p),
  dreamy: (p) => distorted('wave', 1, p),
  angular: (p) => masked({ kind: 'clock' }, p),
  burn: (p) => filtered('brightness', 1, 2.2, p),
  heart: (p) => masked({ kind: 'heart' }, p),
  circle_open: (p) => masked({ kind: 'circle', soft: true }, p),
  color_phase: (p) => filtered('hue', 0, 180, p),
  squares_wire: (p) => masked({ kind: 'squares', columns: 8, rows: 5 }, p),
};

export interface TransitionPlacement {
  type: FlTransitionType;
  outgoing: Layer;
  incoming: Layer;
  startFrame: number;
  endFrame: number;
  /** Where the transition happens on the canvas: the two elements' boxes, else the canvas. */
  region: CanvasRect;
  shorterSide: number;
}

/** True when `a` is drawn above `b`: the frame graph's own stacking order decides. */
export function isAbove(a: Layer, b: Layer): boolean {
  return a !== b && stackingOrder([a, b])[1] === a;
}

/** Adds the transition's ops to both layers and cuts the outgoing layer at the window's end. */
export function placeTransition(t: TransitionPlacement): void {
  const sides = TRANSITIONS[t.type]({ outgoingOnTop: isAbove(t.outgoing, t.incoming), region: t.region, shorterSide: t.shorterSide });
  const window = { startFrame: t.startFrame, endFrame: t.endFrame, easing: 'linear' };
  for (const [layer, ops] of [[t.outgoing, sides.outgoing], [t.incoming, sides.incoming]] as const) {
    layer.windowTransitions = [...(layer.windowTransitions ?? []), { ...window, ops }];
  }
  t.outgoing.endFrame = Math.min(t.outgoing.endFrame, t.endFrame);
}
