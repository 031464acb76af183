/**
 * Evaluation of generic tween animations (model `TweenSpec`): channels that move a layer's — or
 * one character's — position, scale, rotations, opacity, blur, brightness and wipe reveal.
 * Pure, browser-safe.
 */
import type { AnimationSpec, FilterSpec, TweenChannel } from '../model/composition.js';
import type { Reveal } from './evaluate-layer.js';

/** What a tween moves: a layer's state or one character's. */
export interface TweenTarget {
  x: number;
  y: number;
  scaleX: number;
  scaleY: number;
  rotationDegrees: number;
  rotationXDegrees: number;
  rotationYDegrees: number;
  opacity: number;
  filters: FilterSpec[];
  /** Reveal masks in the box (a `reveal` channel adds a wipe). */
  reveals: Reveal[];
}

/** A deterministic pseudo-random number in [−1, 1] for integer-ish inputs (characters, steps, frames). */
export function hashUnit(a: number, b = 0): number {
  let h = Math.imul(Math.floor(a) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(Math.floor(b) + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  h ^= h >>> 15;
  return ((h >>> 0) / 0xffffffff) * 2 - 1;
}

/** Steps per cycle of a `jitter` wave. */
export const JITTER_STEPS = 12;

/** A channel's value at eased progress `p`; `index` picks the character (scatter) and seeds jitter. */
export function channelValue(channel: TweenChannel, p: number, index = 0): number {
  const { from, to } = channel;
  let value: number;
  switch (channel.wave) {
    case 'sine': value = from + (to - from) * Math.sin(2 * Math.PI * p); break;
    case 'cosine': value = from + (to - from) * (1 - Math.cos(2 * Math.PI * p)) / 2; break;
    case 'jitter': value = (from + (to - from) * p) * hashUnit(Math.floor(p * JITTER_STEPS), index + 1); break;
    default: value = from + (to - from) * p;
  }
  // Scattered offsets spread characters both ways; the rest value (0) stays 0.
  return channel.scatter ? value * hashUnit(index, channel.property.length) : value;
}

/** Applies eased progress `p` of `channels` to `target`; `frame` sizes `unit: 'frame'` offsets. */
export function applyTweenChannels(
  target: TweenTarget,
  channels: readonly TweenChannel[],
  p: number,
  frame: { width: number; height: number },
  index = 0,
): void {
  for (const channel of channels) {
    const v = channelValue(channel, p, index);
    switch (channel.property) {
      case 'x': target.x += channel.unit === 'frame' ? v * frame.width : v; break;
      case 'y': target.y += channel.unit === 'frame' ? v * frame.height : v; break;
      case 'scale': target.scaleX *= v; target.scaleY *= v; break;
      case 'scaleX': target.scaleX *= v; break;
      case 'scaleY': target.scaleY *= v; break;
      case 'rotation': target.rotationDegrees += v; break;
      case 'rotationX': target.rotationXDegrees += v; break;
      case 'rotationY': target.rotationYDegrees += v; break;
      case 'opacity': target.opacity *= Math.max(0, Math.min(1, v)); break;
      case 'blur': if (v > 0) target.filters = [...target.filters, { kind: 'blur', value: v }]; break;
      case 'brightness': if (v !== 1) target.filters = [...target.filters, { kind: 'brightness', value: v }]; break;
      case 'reveal':
        target.reveals = [...target.reveals, { kind: 'wipe', direction: channel.direction ?? 'right', progress: Math.max(0, Math.min(1, v)) }];
        break;
    }
  }
}

/** True while the animation is playing (its delay passed, its cycles not yet over). */
export function isRunning(anim: AnimationSpec, t: number): boolean {
  const local = t - anim.delaySeconds;
  return local >= 0 && local < anim.durationSeconds * anim.cycles;
}
