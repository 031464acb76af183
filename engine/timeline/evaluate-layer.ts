/**
 * Evaluates one layer at one frame: base transform, then keyframes (which move the
 * base values), then preset animations (relative to that base), then transitions.
 * Pure: no canvas, no I/O, so the browser preview evaluates exactly the same way.
 */
import type {
  AnimationSpec, FilterSpec, KeyframeTrackSpec, Layer, Length, Paint, TransitionSpec, VisualStyle,
} from '../model/composition.js';
import { ease } from './easing.js';
import { mixColors } from './color.js';
import { applyTweenChannels, isRunning } from './tween.js';
import { applyWindowTransitions, type WindowFx } from './window-transition.js';

/** A reveal mask applied in the layer's box (wipe and iris transitions). */
export type Reveal =
  | { kind: 'wipe'; direction: 'left' | 'right' | 'up' | 'down'; progress: number }
  | { kind: 'iris'; progress: number };

/** Everything the drawing code needs to know about a layer at one frame. */
export interface LayerState {
  /** Anchor (or origin) position in px, offsets included. */
  x: number;
  y: number;
  /** Box size in px; undefined: the element's intrinsic size. */
  width?: number;
  height?: number;
  anchorX: number;
  anchorY: number;
  scaleX: number;
  scaleY: number;
  rotationDegrees: number;
  skewXDegrees: number;
  skewYDegrees: number;
  /** Tilts about the anchor's horizontal and vertical axes (orthographic), degrees. */
  rotationXDegrees: number;
  rotationYDegrees: number;
  /** Px added to the anchor point. */
  anchorOffsetX: number;
  anchorOffsetY: number;
  opacity: number;
  style: VisualStyle;
  filters: FilterSpec[];
  drawStart: number;
  drawEnd: number;
  reveals: Reveal[];
  /** Light sweep progress 0..1 and strength, when a lightSweep transition runs. */
  sweep?: { progress: number; intensity: number };
  /** Masks, colour fades and distortions of running window transitions (drawn on an isolated layer). */
  windowFx: WindowFx[];
}

/** Reference sizes for percentages: the canvas (or, later, a layout parent). */
export interface EvaluationFrame {
  width: number;
  height: number;
  fps: number;
}

export function resolveLength(length: Length | undefined, reference: number): number | undefined {
  if (length === undefined) return undefined;
  return 'px' in length ? length.px : length.fraction * reference;
}

/** Parses a keyframe value that may be a number, a numeric string or a percent string. */
function lengthValue(value: number | string, reference: number): number {
  if (typeof value === 'number') return value;
  const text = value.trim();
  if (text.endsWith('%')) return (Number.parseFloat(text) / 100) * reference;
  return Number.parseFloat(text);
}

/** Value of a keyframe track at local time `t` (seconds): holds the ends, eases the incoming segment. */
export function sampleKeyframes(
  track: KeyframeTrackSpec,
  t: number,
  toNumber: (v: number | string) => number,
): number | string {
  const frames = track.frames;
  const first = frames[0]!;
  if (t <= first.timeSeconds || frames.length === 1) return first.value;
  for (let i = 1; i < frames.length; i++) {
    const next = frames[i]!;
    if (t < next.timeSeconds) {
      const prev = frames[i - 1]!;
      const span = next.timeSeconds - prev.timeSeconds;
      const p = ease(next.easing, span <= 0 ? 1 : (t - prev.timeSeconds) / span);
      if (typeof prev.value === 'string' && typeof next.value === 'string' && !isNumericLike(prev.value)) {
        return mixColors(prev.value, next.value, p);
      }
      const a = toNumber(prev.value);
      const b = toNumber(next.value);
      return a + (b - a) * p;
    }
  }
  return frames[frames.length - 1]!.value;
}

function isNumericLike(value: string): boolean {
  return /^\s*-?\d+(\.\d+)?%?\s*$/.test(value);
}

/**
 * Progress 0..1 of a preset animation at local time `t`: 0 before it starts (the
 * element sits in the preset's "from" state), 1 after its last cycle (it keeps the
 * "to" state), restarting each cycle when looped.
 */
export function animationProgress(anim: AnimationSpec, t: number): number {
  const local = t - anim.delaySeconds;
  if (local <= 0) return ease(anim.easing, 0);
  const d = anim.durationSeconds;
  const total = d * anim.cycles;
  if (local >= total) return ease(anim.easing, 1);
  const inCycle = local % d;
  return ease(anim.easing, inCycle / d);
}

const DIRECTION_VECTORS = {
  left: [-1, 0],
  right: [1, 0],
  up: [0, -1],
  down: [0, 1],
} as const;

function pair(value: unknown, fallback: number): [number, number] {
  if (typeof value === 'number') return [value, value];
  if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'number') return [value[0], value[1]];
  return [fallback, fallback];
}

function pointOf(value: unknown, frame: EvaluationFrame): { x?: number; y?: number } {
  if (typeof value !== 'object' || value === null) return {};
  const v = value as { x?: number | string; y?: number | string };
  return {
    x: v.x === undefined ? undefined : lengthValue(v.x, frame.width),
    y: v.y === undefined ? undefined : lengthValue(v.y, frame.height),
  };
}

function applyKeyframes(state: LayerState, tracks: KeyframeTrackSpec[], t: number, frame: EvaluationFrame): void {
  for (const track of tracks) {
    const ref = track.property === 'x' || track.property === 'width' ? frame.width : frame.height;
    const value = sampleKeyframes(track, t, (v) => lengthValue(v, ref));
    const num = typeof value === 'number' ? value : lengthValue(value, ref);
    switch (track.property) {
      case 'opacity': state.opacity = num; break;
      case 'x': state.x = num; break;
      case 'y': state.y = num; break;
      case 'width': state.width = num; break;
      case 'height': state.height = num; break;
      case 'scale': state.scaleX = num; state.scaleY = num; break;
      case 'scaleX': state.scaleX = num; break;
      case 'scaleY': state.scaleY = num; break;
      case 'rotation': state.rotationDegrees = num; break;
      case 'skewX': state.skewXDegrees = num; break;
      case 'skewY': state.skewYDegrees = num; break;
      case 'drawStart': state.drawStart = num; break;
      case 'drawEnd': state.drawEnd = num; break;
      case 'fill': state.style = { ...state.style, fill: { kind: 'color', color: String(value) } }; break;
      case 'stroke': state.style = { ...state.style, stroke: String(value) }; break;
      case 'strokeWidth': state.style = { ...state.style, strokeWidth: num }; break;
      case 'fontSize': state.style = { ...state.style, fontSize: num }; break;
      case 'letterSpacing': state.style = { ...state.style, letterSpacing: num }; break;
      case 'shadowBlur': state.style = { ...state.style, shadowBlur: num }; break;
      case 'borderRadius': state.style = { ...state.style, borderRadius: [num, num, num, num] }; break;
      case 'volume': break; // audio automation, read by the mixer
    }
  }
}

function applyAnimation(state: LayerState, anim: AnimationSpec, t: number, frame: EvaluationFrame): void {
  const p = animationProgress(anim, t);
  const [dx, dy] = DIRECTION_VECTORS[anim.direction];
  switch (anim.kind) {
    case 'fadeIn': state.opacity *= p; break;
    case 'fadeOut': state.opacity *= 1 - p; break;
    case 'zoomIn': state.scaleX *= p; state.scaleY *= p; break;
    case 'zoomOut': state.scaleX *= 1 - p; state.scaleY *= 1 - p; break;
    case 'slideIn':
      // Travels in `direction` and arrives at its place: it starts `distance` behind.
      state.x -= dx * anim.distancePx * (1 - p);
      state.y -= dy * anim.distancePx * (1 - p);
      break;
    case 'slideOut':
      state.x += dx * anim.distancePx * p;
      state.y += dy * anim.distancePx * p;
      break;
    case 'move': {
      const from = pointOf(anim.from, frame);
      const to = pointOf(anim.to, frame);
      const fx = from.x ?? state.x;
      const fy = from.y ?? state.y;
      state.x = fx + ((to.x ?? fx) - fx) * p;
      state.y = fy + ((to.y ?? fy) - fy) * p;
      break;
    }
    case 'scale': {
      const [fx, fy] = pair(anim.from, 1);
      const [tx, ty] = pair(anim.to, 1);
      state.scaleX *= fx + (tx - fx) * p;
      state.scaleY *= fy + (ty - fy) * p;
      break;
    }
    case 'rotate': {
      const from = typeof anim.from === 'number' ? anim.from : 0;
      const to = typeof anim.to === 'number' ? anim.to : 0;
      state.rotationDegrees += from + (to - from) * p;
      break;
    }
    case 'tween':
      // Per-character tweens are evaluated by the text element, character by character.
      if (!anim.tween || anim.perCharacter) break;
      applyTweenChannels(state, anim.tween.channels, p, frame);
      if (anim.tween.compositeOperation && isRunning(anim, t)) {
        state.style = { ...state.style, compositeOperation: anim.tween.compositeOperation };
      }
      break;
    case 'filter': {
      if (!anim.filter) break;
      const from = typeof anim.from === 'number' ? anim.from : 0;
      const to = typeof anim.to === 'number' ? anim.to : 0;
      state.filters = [...state.filters, { kind: anim.filter, value: from + (to - from) * p }];
      break;
    }
  }
}

/** Shown fraction of a transition at local time `t`: 0 hidden → 1 fully shown, or undefined outside it. */
function transitionPhase(
  spec: TransitionSpec,
  t: number,
  lifeSeconds: number,
): { phase: 'in' | 'out'; p: number } | undefined {
  const d = spec.durationSeconds;
  if ((spec.at === 'in' || spec.at === 'both') && t < d) return { phase: 'in', p: ease(spec.easing, t / d) };
  if ((spec.at === 'out' || spec.at === 'both') && t > lifeSeconds - d) {
    return { phase: 'out', p: ease(spec.easing, (lifeSeconds - t) / d) };
  }
  return undefined;
}

const OPPOSITE = { left: 'right', right: 'left', up: 'down', down: 'up' } as const;

function applyTransition(state: LayerState, spec: TransitionSpec, phase: 'in' | 'out', p: number, frame: EvaluationFrame): void {
  const hidden = 1 - p;
  // Entrances travel in `direction`; a slide leaves the way it came, a push keeps going.
  const travel = phase === 'out' && spec.kind === 'slide' ? OPPOSITE[spec.direction] : spec.direction;
  const [dx, dy] = DIRECTION_VECTORS[travel];
  const sign = phase === 'in' ? -1 : 1;
  switch (spec.kind) {
    case 'fade': state.opacity *= p; break;
    case 'slide':
    case 'push':
      state.x += sign * dx * frame.width * hidden;
      state.y += sign * dy * frame.height * hidden;
      break;
    case 'zoom': {
      const s = spec.scale + (1 - spec.scale) * p;
      state.scaleX *= s; state.scaleY *= s; state.opacity *= p;
      break;
    }
    case 'wipe': state.reveals = [...state.reveals, { kind: 'wipe', direction: spec.direction, progress: p }]; break;
    case 'iris': state.reveals = [...state.reveals, { kind: 'iris', progress: p }]; break;
    case 'blur':
      state.filters = [...state.filters, { kind: 'blur', value: spec.blurPx * hidden }];
      state.opacity *= p;
      break;
    case 'spin': {
      const s = spec.scale + (1 - spec.scale) * p;
      state.rotationDegrees += (phase === 'in' ? -1 : 1) * spec.rotationDegrees * hidden;
      state.scaleX *= s; state.scaleY *= s; state.opacity *= p;
      break;
    }
    case 'lightSweep':
      state.sweep = { progress: phase === 'in' ? p : 1 - p, intensity: spec.intensity };
      state.opacity *= Math.min(1, p * 2);
      break;
  }
}

/** The layer's base state before any animation. */
function baseState(layer: Layer, frame: EvaluationFrame): LayerState {
  const tr = layer.transform;
  return {
    x: resolveLength(tr.x, frame.width) ?? 0,
    y: resolveLength(tr.y, frame.height) ?? 0,
    width: resolveLength(tr.width, frame.width),
    height: resolveLength(tr.height, frame.height),
    anchorX: tr.anchorX,
    anchorY: tr.anchorY,
    scaleX: tr.scaleX,
    scaleY: tr.scaleY,
    rotationDegrees: tr.rotationDegrees,
    skewXDegrees: tr.skewXDegrees,
    skewYDegrees: tr.skewYDegrees,
    rotationXDegrees: tr.rotationXDegrees ?? 0,
    rotationYDegrees: tr.rotationYDegrees ?? 0,
    anchorOffsetX: tr.anchorOffsetXPx ?? 0,
    anchorOffsetY: tr.anchorOffsetYPx ?? 0,
    opacity: layer.opacity,
    style: layer.style,
    filters: layer.style.filters ?? [],
    drawStart: layer.element.kind === 'curve' ? layer.element.drawStart : 0,
    drawEnd: layer.element.kind === 'curve' ? layer.element.drawEnd : 1,
    reveals: [],
    windowFx: [],
  };
}

/**
 * The state of `layer` at timeline frame `frameIndex`.
 * @remarks Order: base → keyframes (set base values) → presets (relative to them) → transitions →
 * transitions to or from other layers (window transitions).
 * Local time is `(frameIndex − startFrame) / fps` seconds.
 */
export function evaluateLayer(layer: Layer, frameIndex: number, frame: EvaluationFrame): LayerState {
  const t = (frameIndex - layer.startFrame) / frame.fps;
  const life = (layer.endFrame - layer.startFrame) / frame.fps;
  const state = baseState(layer, frame);
  applyKeyframes(state, layer.keyframes, t, frame);
  for (const anim of layer.animations) applyAnimation(state, anim, t, frame);
  for (const spec of layer.transitions) {
    const phase = transitionPhase(spec, t, life);
    if (phase) applyTransition(state, spec, phase.phase, phase.p, frame);
  }
  if (layer.windowTransitions) applyWindowTransitions(state, layer.windowTransitions, frameIndex);
  state.opacity = Math.max(0, Math.min(1, state.opacity));
  state.drawStart = Math.max(0, Math.min(1, state.drawStart));
  state.drawEnd = Math.max(0, Math.min(1, state.drawEnd));
  return state;
}

/** A paint as a plain colour, when it is one. */
export function paintColor(paint: Paint | undefined): string | undefined {
  return paint?.kind === 'color' ? paint.color : undefined;
}
