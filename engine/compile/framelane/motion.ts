/**
 * Framelane `motion[]` presets (digest §5.2) as neutral tween animations. The digest gives no
 * curves or distances (§9.15); the definitions below are ours and docs/framelane.md describes them.
 *
 * Conventions: an entrance goes from its "hidden" values to rest; `reversed: true` plays the same
 * motion backwards (the exit leaves the way the entrance came). `slide_<dir>` travels towards
 * <dir>. Loop presets repeat with a natural period when `loop: true`, else one cycle fills the
 * duration. Per-character variants move each character by distances in ems, staggered.
 */
import type { FlMotion, FlMotionType } from '../../../schema/framelane/index.js';
import { FL_MOTION_AVAILABILITY } from '../../../schema/framelane/index.js';
import type { AnimationSpec, Direction, TweenChannel, TweenSpec } from '../../model/composition.js';
import { EASING_OF } from './units.js';

/** What a preset needs to size itself. */
export interface MotionContext {
  /** Element start on the timeline, seconds (motion times are absolute). */
  elementStart: number;
  /** The canvas's shorter side, px. */
  shorterSide: number;
  /** Text only: font size in px and number of characters (per-character motions). */
  fontSize?: number;
  characters?: number;
}

interface Preset {
  /** Channels from the hidden state (progress 0) to rest (progress 1), for the entrance. */
  channels: (c: { em: number; side: number; character: boolean }) => TweenChannel[];
  /** Easing forced by the preset's character (bounces, elastics); else the motion's `easing`. */
  easing?: string;
  compositeOperation?: string;
  /** Loop presets: the natural period of one cycle, seconds. */
  periodSeconds?: number;
}

const ch = (property: TweenChannel['property'], from: number, to: number, extra: Partial<TweenChannel> = {}): TweenChannel =>
  ({ property, from, to, ...extra });
const fadeIn = ch('opacity', 0, 1);

function slide(direction: Direction): Preset {
  // Travels towards `direction`: starts one canvas side away (elements), or 0.8 em (characters).
  const sign = direction === 'up' || direction === 'left' ? 1 : -1;
  const property = direction === 'up' || direction === 'down' ? 'y' : 'x';
  return {
    channels: ({ em, character }) => character
      ? [ch(property, sign * 0.8 * em, 0), fadeIn]
      : [ch(property, sign, 0, { unit: 'frame' })],
  };
}

function wipe(direction: Direction): Preset {
  return { channels: () => [ch('reveal', 0, 1, { direction })] };
}

const PRESETS: Readonly<Record<FlMotionType, Preset>> = {
  fade: { channels: () => [fadeIn] },
  slide_up: slide('up'),
  slide_down: slide('down'),
  slide_left: slide('left'),
  slide_right: slide('right'),
  zoom_in: { channels: () => [ch('scale', 0, 1)] },
  zoom_out: { channels: () => [ch('scale', 0, 1)] },
  rotate_cw: { channels: () => [ch('rotation', -180, 0), ch('scale', 0, 1), fadeIn] },
  rotate_ccw: { channels: () => [ch('rotation', 180, 0), ch('scale', 0, 1), fadeIn] },
  bounce: {
    channels: ({ em, character }) => [character ? ch('y', -1.5 * em, 0) : ch('y', -1, 0, { unit: 'frame' }), ...(character ? [fadeIn] : [])],
    easing: 'easeOutBounce',
  },
  wipe_left: wipe('left'),
  wipe_right: wipe('right'),
  wipe_up: wipe('up'),
  wipe_down: wipe('down'),
  ken_burns_in: { channels: () => [ch('scale', 1, 1.15)] },
  ken_burns_out: { channels: () => [ch('scale', 1.15, 1)] },
  ken_burns_in_out: { channels: () => [ch('scale', 1, 1.15, { wave: 'cosine' })] },
  loop_wiggle: { channels: () => [ch('rotation', 0, 6, { wave: 'sine' })], periodSeconds: 0.6 },
  loop_rotate: { channels: () => [ch('rotation', 0, 360)], easing: 'linear', periodSeconds: 3 },
  loop_rotate_smooth: { channels: () => [ch('rotation', 0, 360)], easing: 'easeInOutCubic', periodSeconds: 3 },
  loop_3d_spin: { channels: () => [ch('rotationY', 0, 360)], easing: 'linear', periodSeconds: 3 },
  loop_3d_sway: { channels: () => [ch('rotationY', 0, 25, { wave: 'sine' })], easing: 'linear', periodSeconds: 2 },
  loop_orbit: {
    channels: ({ side }) => [ch('x', 0, 0.03 * side, { wave: 'sine' }), ch('y', 0, 0.06 * side, { wave: 'cosine' })],
    easing: 'linear',
    periodSeconds: 3,
  },
  loop_breathe: { channels: () => [ch('scale', 1, 1.06, { wave: 'cosine' })], easing: 'linear', periodSeconds: 2 },
  loop_shimmer: { channels: () => [ch('brightness', 1, 1.5, { wave: 'cosine' })], easing: 'linear', periodSeconds: 1.5 },
  blur: { channels: ({ side, em, character }) => [ch('blur', character ? 0.3 * em : 0.02 * side, 0), fadeIn] },
  bounce_motion: { channels: () => [ch('scale', 0.3, 1), fadeIn], easing: 'easeOutBounce' },
  explode: {
    channels: ({ em, side, character }) => character
      ? [ch('x', 4 * em, 0, { scatter: true }), ch('y', 3 * em, 0, { scatter: true }), ch('rotation', 180, 0, { scatter: true }), fadeIn]
      : [ch('scale', 3, 1), ch('blur', 0.015 * side, 0), fadeIn],
    easing: 'easeOutCubic',
  },
  evaporate: {
    channels: ({ em, side, character }) => character
      ? [ch('y', -1.5 * em, 0), ch('x', 0.6 * em, 0, { scatter: true }), ch('blur', 0.25 * em, 0), fadeIn]
      : [ch('y', -0.08, 0, { unit: 'frame' }), ch('blur', 0.02 * side, 0), fadeIn],
  },
  overlay: { channels: () => [], compositeOperation: 'overlay' },
  difference: { channels: () => [], compositeOperation: 'difference' },
  rubber_in: { channels: () => [ch('scaleX', 1.4, 1), ch('scaleY', 0.6, 1), fadeIn], easing: 'easeOutElastic' },
  whip_up: {
    channels: ({ em, side, character }) => character
      ? [ch('y', 1.5 * em, 0), fadeIn]
      : [ch('y', 0.6, 0, { unit: 'frame' }), ch('blur', 0.012 * side, 0)],
    easing: 'easeOutQuart',
  },
  glitch_pop: {
    channels: ({ em, side, character }) => [
      ch('x', (character ? 0.3 * em : 0.02 * side), 0, { wave: 'jitter' }), ch('scale', 0.85, 1), fadeIn,
    ],
    easing: 'easeOutBack',
  },
  drift_in: {
    channels: ({ em, character }) => [character ? ch('x', -0.6 * em, 0) : ch('x', -0.05, 0, { unit: 'frame' }), fadeIn],
    easing: 'easeOutCubic',
  },
  whip_down: {
    channels: ({ em, side, character }) => character
      ? [ch('y', 1.5 * em, 0), fadeIn]
      : [ch('y', 0.6, 0, { unit: 'frame' }), ch('blur', 0.012 * side, 0)],
    easing: 'easeOutQuart',
  },
  drift_out: {
    channels: ({ em, character }) => [character ? ch('x', 0.6 * em, 0) : ch('x', 0.05, 0, { unit: 'frame' }), fadeIn],
    easing: 'easeOutCubic',
  },
  swing_in: { channels: () => [ch('rotationX', -90, 0), fadeIn], easing: 'easeOutBack' },
  elastic_rise: { channels: () => [ch('y', 0.3, 0, { unit: 'frame' }), fadeIn], easing: 'easeOutElastic' },
  tilt_zoom: { channels: () => [ch('rotationX', 35, 0), ch('scale', 0.6, 1), fadeIn], easing: 'easeOutCubic' },
  smooth_pop: { channels: () => [ch('scale', 0.6, 1), fadeIn], easing: 'easeOutBack' },
  swing_out: { channels: () => [ch('rotationX', 90, 0), fadeIn], easing: 'easeOutBack' },
  elastic_drop: { channels: () => [ch('y', 0.4, 0, { unit: 'frame' }), fadeIn], easing: 'easeOutBack' },
};

/** The easing that plays a curve backwards: `easeOutX` ↔ `easeInX`. */
function mirrored(easing: string): string {
  if (easing.startsWith('easeOut')) return `easeIn${easing.slice('easeOut'.length)}`;
  if (easing.startsWith('easeIn') && !easing.startsWith('easeInOut')) return `easeOut${easing.slice('easeIn'.length)}`;
  return easing;
}

/** Per-character motions: each character takes this share of the motion's duration; the rest is the stagger. */
export const CHARACTER_SHARE = 0.5;

/** One motion as an animation of the layer (or of its characters). */
export function motionAnimation(motion: FlMotion, ctx: MotionContext): AnimationSpec {
  const preset = PRESETS[motion.type];
  const character = motion.scope === 'character';
  const exit = FL_MOTION_AVAILABILITY[motion.type].forceExit === true || motion.reversed === true;
  const em = ctx.fontSize ?? 48;
  const entrance = preset.channels({ em, side: ctx.shorterSide, character });
  // An exit is the entrance played backwards: swapped ends, and a preset's own curve mirrored (the
  // motion's `easing` shapes the exit as given).
  const channels = exit ? entrance.map((c) => ({ ...c, from: c.to, to: c.from })) : entrance;
  const easing = preset.easing !== undefined
    ? (exit ? mirrored(preset.easing) : preset.easing)
    : EASING_OF[motion.easing ?? 'ease_in_out'] ?? 'easeInOutCubic';
  const tween: TweenSpec = { channels };
  if (preset.compositeOperation) tween.compositeOperation = preset.compositeOperation;
  const delaySeconds = motion.time + (motion.delay ?? 0) - ctx.elementStart;
  let durationSeconds = motion.duration;
  let cycles = 1;
  if (preset.periodSeconds !== undefined && motion.loop === true) {
    durationSeconds = Math.min(preset.periodSeconds, motion.duration);
    cycles = motion.duration / durationSeconds;
  }
  const spec: AnimationSpec = {
    kind: 'tween', delaySeconds, durationSeconds, easing, cycles, direction: 'up', distancePx: 0, tween,
  };
  const n = ctx.characters ?? 1;
  if (character && n > 1) {
    if (preset.periodSeconds !== undefined) {
      // Loops keep their period; the characters run a quarter period apart from first to last.
      spec.perCharacter = { staggerSeconds: durationSeconds / 4 / (n - 1) };
    } else {
      spec.durationSeconds = motion.duration * CHARACTER_SHARE;
      spec.perCharacter = { staggerSeconds: (motion.duration - spec.durationSeconds) / (n - 1) };
    }
  }
  return spec;
}
