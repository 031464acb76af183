/**
 * Colour spaces of the 3D renderer: CSS colours are sRGB, lighting is computed on linear
 * values (as three.js does with colour management on), and the result is encoded back to sRGB
 * bytes through a lookup table. Browser-safe.
 */
import { parseColor } from '../timeline/color.js';

export type LinearRgb = [number, number, number];

export function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
}

export function linearToSrgb(c: number): number {
  return c <= 0.0031308 ? c * 12.92 : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
}

/** Linear RGB (0..1) and alpha of a CSS colour; `fallback` when it does not parse. */
export function linearColor(css: string | undefined, fallback: LinearRgb = [1, 1, 1]): { rgb: LinearRgb; alpha: number } {
  const parsed = css === undefined ? undefined : parseColor(css);
  if (!parsed) return { rgb: [...fallback], alpha: 1 };
  return { rgb: [srgbToLinear(parsed[0] / 255), srgbToLinear(parsed[1] / 255), srgbToLinear(parsed[2] / 255)], alpha: parsed[3] };
}

/** Entries of the linear → sRGB byte table, over linear 0..1. */
export const LUT_SIZE = 16384;

/** Linear value × (LUT_SIZE − 1), rounded, indexes the sRGB byte. */
export const SRGB_LUT: Uint8Array = (() => {
  const lut = new Uint8Array(LUT_SIZE);
  for (let i = 0; i < LUT_SIZE; i++) lut[i] = Math.round(linearToSrgb(i / (LUT_SIZE - 1)) * 255);
  return lut;
})();

/** The sRGB byte of a linear value (clamped to 0..1). */
export function encodeSrgb(v: number): number {
  if (!(v > 0)) return 0;
  if (v >= 1) return 255;
  return SRGB_LUT[(v * (LUT_SIZE - 1) + 0.5) | 0]!;
}
