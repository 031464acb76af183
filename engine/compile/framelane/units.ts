/**
 * Framelane value syntaxes (digest §3.1) → neutral numbers: dimensions, angles, scales,
 * percent-numbers, colours and easings. Decisions in docs/framelane.md.
 */
import type { Length } from '../../model/composition.js';

/** A dimension as a model length: numbers, `"px"` and numeric strings are px; `"50%"` a fraction of the axis. */
export function dimension(value: number | string | undefined): Length | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return { px: value };
  const n = Number.parseFloat(value);
  return value.trim().endsWith('%') ? { fraction: n / 100 } : { px: n };
}

/** A dimension resolved to px against `reference` (the canvas side of its axis). */
export function dimensionPx(value: number | string | undefined, reference: number, fallback = 0): number {
  const length = dimension(value);
  if (!length) return fallback;
  return 'px' in length ? length.px : length.fraction * reference;
}

/** An angle in degrees: numbers and `°`/`deg` are degrees, `rad` radians. */
export function angleDegrees(value: number | string | undefined): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const n = Number.parseFloat(value);
  return value.trim().endsWith('rad') ? (n * 180) / Math.PI : n;
}

/** A scale as a multiplier: `"110%"` → 1.1; bare numbers are percent too (100 → 1). */
export function scaleFactor(value: number | string | undefined): number {
  if (value === undefined) return 1;
  return (typeof value === 'number' ? value : Number.parseFloat(value)) / 100;
}

/** A percent-number 0–100 as 0..1. */
export function percent(value: number | undefined, fallback: number): number {
  return (value ?? fallback) / 100;
}

/** `#RRGGBBAA` (or any CSS colour) with its alpha multiplied by `alpha` (0..1), as an `rgba()` string: the templates' helper. */
export { withAlpha } from '../templates/kit.js';

/** Framelane easings as the engine's curves (CSS-like cubic ease in/out). */
export const EASING_OF: Readonly<Record<string, string>> = {
  linear: 'linear',
  ease_in: 'easeInCubic',
  ease_out: 'easeOutCubic',
  ease_in_out: 'easeInOutCubic',
};

/** Blend modes as canvas composite operations (`none`: normal drawing). */
export const COMPOSITE_OF: Readonly<Record<string, string | undefined>> = {
  none: undefined,
  multiply: 'multiply',
  screen: 'screen',
  overlay: 'overlay',
  darken: 'darken',
  lighten: 'lighten',
  color_dodge: 'color-dodge',
  color_burn: 'color-burn',
  hard_light: 'hard-light',
  soft_light: 'soft-light',
};
