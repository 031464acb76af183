/**
 * Evaluates a 3D scene at one moment: the camera and every object with its tweens applied.
 * Pure and browser-safe; time is seconds from the layer's start.
 *
 * Tween timing follows the 2D presets (docs/decisions.md row 7): before its delay a tween holds
 * `from`, after its last cycle `to`; `cycles` restarts each cycle. Several tweens on one channel
 * take turns: the one that started last wins; before any has started, the first to start holds
 * its `from` (docs/three.md).
 */
import type { ThreeCameraSpec, ThreeObjectSpec, ThreeTweenChannel, ThreeTweenSpec, Vec3 } from '../model/composition.js';
import { ease } from '../timeline/easing.js';
import { linearColor, type LinearRgb } from './color.js';

/** Eased progress 0..1 of a tween at `t` seconds. */
export function tweenProgress(tween: ThreeTweenSpec, t: number): number {
  const local = t - tween.delaySeconds;
  if (local <= 0) return ease(tween.easing, 0);
  const d = tween.durationSeconds;
  if (!(d > 0) || local >= d * tween.cycles) return ease(tween.easing, 1);
  return ease(tween.easing, (local % d) / d);
}

/** The tween that drives `channel` at `t`, if any (see the module comment). */
export function activeTween(tweens: readonly ThreeTweenSpec[], channel: ThreeTweenChannel, t: number): ThreeTweenSpec | undefined {
  let started: ThreeTweenSpec | undefined;
  let first: ThreeTweenSpec | undefined;
  for (const tween of tweens) {
    if (tween.channel !== channel) continue;
    if (tween.delaySeconds <= t && (!started || tween.delaySeconds >= started.delaySeconds)) started = tween;
    if (!first || tween.delaySeconds < first.delaySeconds) first = tween;
  }
  return started ?? first;
}

/** A numeric channel at `t`: `base` when no tween drives it. */
export function numberAt(tweens: readonly ThreeTweenSpec[], channel: ThreeTweenChannel, base: number, t: number): number {
  const tween = activeTween(tweens, channel, t);
  if (!tween) return base;
  const from = typeof tween.from === 'number' ? tween.from : base;
  const to = typeof tween.to === 'number' ? tween.to : base;
  return from + (to - from) * tweenProgress(tween, t);
}

/** The colour channel at `t` in linear RGB (interpolated in linear light); undefined: the base. */
export function colorAt(tweens: readonly ThreeTweenSpec[], base: string | undefined, t: number): LinearRgb | undefined {
  const tween = activeTween(tweens, 'color', t);
  if (!tween) return base === undefined ? undefined : linearColor(base).rgb;
  const fallback = base ?? '#ffffff';
  const a = linearColor(typeof tween.from === 'string' ? tween.from : fallback).rgb;
  const b = linearColor(typeof tween.to === 'string' ? tween.to : fallback).rgb;
  const p = tweenProgress(tween, t);
  return [a[0] + (b[0] - a[0]) * p, a[1] + (b[1] - a[1]) * p, a[2] + (b[2] - a[2]) * p];
}

function vectorAt(tweens: readonly ThreeTweenSpec[], prefix: 'position' | 'rotation' | 'scale', base: Vec3, t: number): Vec3 {
  return [
    numberAt(tweens, `${prefix}.x`, base[0], t),
    numberAt(tweens, `${prefix}.y`, base[1], t),
    numberAt(tweens, `${prefix}.z`, base[2], t),
  ];
}

export interface CameraState {
  position: Vec3;
  fovDegrees: number;
  near: number;
  far: number;
  /** Used when `lookAt` is absent. */
  rotationDegrees?: Vec3;
  lookAt?: Vec3;
}

export interface ObjectState {
  position: Vec3;
  rotationDegrees: Vec3;
  scale: Vec3;
  /** Linear RGB replacing the base colour; undefined: the model's own (white for shapes). */
  color?: LinearRgb;
  opacity: number;
}

export function cameraAt(camera: ThreeCameraSpec, t: number): CameraState {
  const tw = camera.tweens;
  const rotation = camera.rotationDegrees ?? (tw.some((x) => x.channel.startsWith('rotation.')) ? [0, 0, 0] as Vec3 : undefined);
  return {
    position: vectorAt(tw, 'position', camera.position, t),
    fovDegrees: Math.min(179, Math.max(1, numberAt(tw, 'fov', camera.fovDegrees, t))),
    near: camera.near,
    far: camera.far,
    rotationDegrees: rotation && vectorAt(tw, 'rotation', rotation, t),
    lookAt: camera.lookAt,
  };
}

export function objectAt(object: ThreeObjectSpec, t: number): ObjectState {
  const tw = object.tweens;
  return {
    position: vectorAt(tw, 'position', object.position, t),
    rotationDegrees: vectorAt(tw, 'rotation', object.rotationDegrees, t),
    scale: vectorAt(tw, 'scale', object.scale, t),
    color: colorAt(tw, object.material.color, t),
    opacity: Math.min(1, Math.max(0, numberAt(tw, 'opacity', object.material.opacity, t))),
  };
}
