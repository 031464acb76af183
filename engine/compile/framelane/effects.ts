/**
 * Framelane colour adjustments, LUTs, `color_overlay` and the 46 `effects[]` types (digest §3.3,
 * §5.1) as neutral filters and pixel effects. Each effect type is a recipe of a few primitives
 * (engine/draw/effects/); `intensity` (0–100, default 100) scales it. docs/framelane.md lists
 * what each one does.
 */
import type { FlEffect, FlEffectType, FlImageElement, FlVideoElement } from '../../../schema/framelane/index.js';
import type { EffectSpec, FilterSpec, MediaSource } from '../../model/composition.js';

export interface Finish {
  filters: FilterSpec[];
  effects: EffectSpec[];
}

/** What a recipe knows about the canvas: blur radii scale with its shorter side. */
export interface FinishContext {
  shorterSide: number;
  /** Resolves `lut_url` into a media source. */
  lutSource: (uri: string, pointer: string) => MediaSource;
}

const f = (kind: FilterSpec['kind'], value: number): FilterSpec => ({ kind, value });

/** Blur radius in px for a 0..1 strength: 5 % of the canvas's shorter side at full strength. */
const blurPx = (strength: number, ctx: FinishContext): number => Math.round(strength * 0.05 * ctx.shorterSide * 100) / 100;

type Recipe = (i: number, ctx: FinishContext, effect: FlEffect) => Finish;
const only = (...effects: EffectSpec[]): Finish => ({ filters: [], effects });

/** The recipe of every effect type; `i` is intensity / 100. */
export const EFFECT_RECIPES: Readonly<Record<FlEffectType, Recipe>> = {
  vintage: (i) => ({
    filters: [f('sepia', 0.45 * i), f('contrast', 1 - 0.1 * i), f('saturate', 1 - 0.2 * i)],
    effects: [{ kind: 'vignette', amount: 0.5 * i, color: '#000000' }, { kind: 'grain', amount: 0.25 * i, monochrome: true }],
  }),
  polaroid: (i) => ({
    filters: [f('contrast', 1 - 0.15 * i), f('brightness', 1 + 0.05 * i), f('saturate', 1 - 0.1 * i)],
    effects: [{ kind: 'tint', color: '#ffd9a0', amount: 0.25 * i, blend: 'soft-light' }, { kind: 'vignette', amount: 0.25 * i, color: '#000000' }],
  }),
  portra: (i) => ({
    filters: [f('saturate', 1 - 0.1 * i), f('contrast', 1 - 0.05 * i)],
    effects: [{ kind: 'tint', color: '#ffb38a', amount: 0.2 * i, blend: 'soft-light' }],
  }),
  super8: (i) => ({
    filters: [f('sepia', 0.3 * i), f('contrast', 1 + 0.1 * i)],
    effects: [
      { kind: 'grain', amount: 0.5 * i, monochrome: false },
      { kind: 'vignette', amount: 0.6 * i, color: '#000000' },
      { kind: 'flicker', amount: 0.12 * i, periodSeconds: 1 / 12, flash: false },
    ],
  }),
  filmic: (i) => ({
    filters: [f('contrast', 1 + 0.15 * i), f('saturate', 1 - 0.15 * i)],
    effects: [{ kind: 'levels', lift: [0, 0.02 * i, 0.04 * i], gamma: [1, 1, 1], gain: [1, 1 - 0.02 * i, 1 - 0.06 * i] }],
  }),
  add_grain: (i) => only({ kind: 'grain', amount: i, monochrome: true }),
  film_burn: (i) => only({ kind: 'light-leak', colors: ['#ff4d00', '#ffae00', '#ff0040'], amount: i }),
  light_leaks: (i) => only({ kind: 'light-leak', colors: ['#ff9a3c', '#ffd27a', '#ff5e7a'], amount: 0.7 * i }),
  sepia: (i) => ({ filters: [f('sepia', i)], effects: [] }),
  duotone: (i) => only({ kind: 'gradient-map', stops: [{ offset: 0, color: '#1b1f6b' }, { offset: 1, color: '#ff8f66' }], amount: i }),
  cross_process: (i) => ({
    filters: [f('saturate', 1 + 0.2 * i)],
    effects: [{
      kind: 'levels', lift: [0, 0.04 * i, 0.1 * i], gamma: [1 - 0.15 * i, 1 - 0.1 * i, 1 + 0.2 * i], gain: [1, 1, 1 - 0.15 * i],
    }],
  }),
  bleach_bypass: (i) => ({ filters: [f('saturate', 1 - 0.6 * i), f('contrast', 1 + 0.35 * i)], effects: [] }),
  vhs: (i) => ({
    filters: [f('saturate', 1 + 0.1 * i)],
    effects: [
      { kind: 'channel-shift', distance: 0.006 * i, radial: false },
      { kind: 'scanlines', spacing: 1 / 120, amount: 0.25 * i },
      { kind: 'grain', amount: 0.3 * i, monochrome: false },
      { kind: 'glitch', amount: 0.2 * i },
    ],
  }),
  vhs_overlay: (i) => only(
    { kind: 'scanlines', spacing: 1 / 100, amount: 0.35 * i },
    { kind: 'grain', amount: 0.35 * i, monochrome: true },
    { kind: 'glitch', amount: 0.3 * i },
  ),
  crt: (i) => only(
    { kind: 'scanlines', spacing: 1 / 180, amount: 0.4 * i },
    { kind: 'channel-shift', distance: 0.003 * i, radial: false },
    { kind: 'bloom', amount: 0.25 * i, radius: 0.01 },
    { kind: 'vignette', amount: 0.5 * i, color: '#000000' },
  ),
  television: (i) => ({
    filters: [f('saturate', 1 - 0.3 * i)],
    effects: [
      { kind: 'grain', amount: 0.5 * i, monochrome: true },
      { kind: 'scanlines', spacing: 1 / 150, amount: 0.3 * i },
      { kind: 'flicker', amount: 0.1 * i, periodSeconds: 1 / 15, flash: false },
    ],
  }),
  scanlines: (i) => only({ kind: 'scanlines', spacing: 1 / 90, amount: 0.5 * i }),
  glitch: (i) => only({ kind: 'glitch', amount: i }, { kind: 'channel-shift', distance: 0.01 * i, radial: false }),
  compression_glitch: (i) => only({ kind: 'pixelate', cell: 0.015 }, { kind: 'glitch', amount: 0.6 * i }, { kind: 'posterize', levels: 8 }),
  rgb_split: (i) => only({ kind: 'channel-shift', distance: 0.012 * i, radial: false }),
  chromatic_aberration: (i) => only({ kind: 'channel-shift', distance: 0.008 * i, radial: true }),
  ghosting: (i) => only({ kind: 'ghost', copies: 1, distance: 0.03, amount: 0.45 * i }),
  echo: (i) => only({ kind: 'ghost', copies: 3, distance: 0.025, amount: 0.5 * i }),
  displacement_map: (i) => only({ kind: 'wave', amount: 0.02 * i, frequency: 6 }),
  posterize: (i) => only({ kind: 'posterize', levels: Math.max(2, Math.round(16 - 12 * i)) }),
  mosaic: (i) => only({ kind: 'pixelate', cell: 0.01 + 0.05 * i }),
  mosaic_blur: (i, ctx) => ({ filters: [f('blur', blurPx(0.2 * i, ctx))], effects: [{ kind: 'pixelate', cell: 0.01 + 0.04 * i }] }),
  mosaic_posterize: (i) => only({ kind: 'pixelate', cell: 0.01 + 0.04 * i }, { kind: 'posterize', levels: 6 }),
  cc_halftone: (i) => only({ kind: 'halftone', cell: 0.01 + 0.03 * i, channel: 'luma' }),
  cc_halftone_red: (i) => only({ kind: 'halftone', cell: 0.01 + 0.03 * i, channel: 'red' }),
  cc_halftone_green: (i) => only({ kind: 'halftone', cell: 0.01 + 0.03 * i, channel: 'green' }),
  cc_halftone_blue: (i) => only({ kind: 'halftone', cell: 0.01 + 0.03 * i, channel: 'blue' }),
  invert: (i) => ({ filters: [f('invert', i)], effects: [] }),
  prism: (i) => only({ kind: 'channel-shift', distance: 0.015 * i, radial: true }, { kind: 'bloom', amount: 0.2 * i, radius: 0.015 }),
  glow: (i) => only({ kind: 'bloom', amount: 0.6 * i, radius: 0.02 }),
  optics_compensation: (i) => only({ kind: 'fisheye', amount: 0.5 * i }),
  camera_lens_blur: (i, ctx) => ({ filters: [f('blur', blurPx(0.25 * i, ctx))], effects: [{ kind: 'bloom', amount: 0.2 * i, radius: 0.02 }] }),
  camera_lens_blur_bg: (i) => only({ kind: 'edge-blur', amount: i }),
  box_blur: (i, ctx) => ({ filters: [f('blur', blurPx(0.15 * i, ctx))], effects: [] }),
  lens_flare: (i) => only({ kind: 'flare', x: 0.75, y: 0.25, amount: i }),
  viewfinder: () => only({ kind: 'viewfinder', color: '#ffffff' }),
  night_vision: (i) => only(
    { kind: 'gradient-map', stops: [{ offset: 0, color: '#000800' }, { offset: 0.6, color: '#39ff14' }, { offset: 1, color: '#e6ffe0' }], amount: i },
    { kind: 'grain', amount: 0.4 * i, monochrome: true },
    { kind: 'vignette', amount: 0.7 * i, color: '#000000' },
  ),
  thermal: (i) => only({
    kind: 'gradient-map',
    stops: [
      { offset: 0, color: '#000040' }, { offset: 0.3, color: '#5000a0' }, { offset: 0.55, color: '#ff0050' },
      { offset: 0.8, color: '#ffa000' }, { offset: 1, color: '#ffff80' },
    ],
    amount: i,
  }),
  snow: (i) => only({ kind: 'snow', amount: i }),
  strobe_light: (i) => only({ kind: 'flicker', amount: i, periodSeconds: 0.25, flash: true }),
  chroma_key: (i, _ctx, effect) => {
    const c = effect.chroma_settings ?? {};
    return only({
      kind: 'chroma-key',
      hueMin: c.hue_min ?? 90, hueMax: c.hue_max ?? 150,
      satMin: c.sat_min ?? 0.25, satMax: c.sat_max ?? 1,
      lumMin: c.lum_min ?? 0.15, lumMax: c.lum_max ?? 0.95,
      softness: 0.1 * i,
    });
  },
};

/** Colour adjustments, LUT, `color_overlay` and `effects[]` of a video or image, in drawing order. */
export function finishOf(element: FlVideoElement | FlImageElement, pointer: string, ctx: FinishContext): Finish {
  const filters: FilterSpec[] = [];
  const effects: EffectSpec[] = [];
  const e = element;
  if (e.exposure) filters.push(f('brightness', 2 ** (e.exposure / 100)));
  if (e.brightness) filters.push(f('brightness', 1 + e.brightness / 100));
  if (e.contrast) filters.push(f('contrast', 1 + e.contrast / 100));
  if (e.saturation) filters.push(f('saturate', 1 + e.saturation / 100));
  if (e.hue_rotate) filters.push(f('hue', e.hue_rotate));
  if (e.blur) filters.push(f('blur', blurPx(e.blur / 100, ctx)));
  if (e.sharpness) effects.push({ kind: 'sharpen', amount: e.sharpness / 100 });
  if (e.noise) effects.push({ kind: 'grain', amount: e.noise / 100, monochrome: true });
  if (e.vignette) effects.push({ kind: 'vignette', amount: e.vignette / 100, color: '#000000' });
  if (e.lut_url !== undefined && (e.lut_intensity ?? 100) > 0) {
    effects.push({ kind: 'lut', source: ctx.lutSource(e.lut_url, `${pointer}/lut_url`), amount: (e.lut_intensity ?? 100) / 100 });
  }
  for (const effect of e.effects ?? []) {
    const recipe = EFFECT_RECIPES[effect.type](percentOf(effect.intensity), ctx, effect);
    filters.push(...recipe.filters);
    effects.push(...recipe.effects);
  }
  if (e.color_overlay !== undefined) effects.push({ kind: 'tint', color: e.color_overlay, amount: 1, blend: 'source-atop' });
  return { filters, effects };
}

const percentOf = (intensity: number | undefined): number => (intensity ?? 100) / 100;
