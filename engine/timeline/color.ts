/**
 * Colour parsing and interpolation for animated colours (keyframes on fill/stroke).
 * Drawing passes colour strings straight to the canvas; only interpolation needs numbers.
 */
import colorString from 'color-string';

export type Rgba = [number, number, number, number];

/** Parses any CSS colour (hex, rgb(a), hsl(a), named) into 0–255 RGB and 0–1 alpha; undefined when unparseable. */
export function parseColor(text: string): Rgba | undefined {
  const parsed = colorString.get(text.trim());
  if (!parsed) return undefined;
  const [a = 0, b = 0, c = 0, alpha = 1] = parsed.value;
  if (parsed.model === 'rgb') return [a, b, c, alpha];
  if (parsed.model === 'hsl') {
    const [r, g, bl] = hslToRgb(a, b, c);
    return [r, g, bl, alpha];
  }
  return undefined;
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const sat = s / 100;
  const light = l / 100;
  const k = (n: number) => (n + h / 30) % 12;
  const a = sat * Math.min(light, 1 - light);
  const f = (n: number) => light - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

/** Formats RGBA as an `rgba()` string the canvas understands. */
export function formatRgba([r, g, b, a]: Rgba): string {
  return `rgba(${Math.round(r)},${Math.round(g)},${Math.round(b)},${Math.round(a * 1000) / 1000})`;
}

/** Linear interpolation between two colours in sRGB space; falls back to a step when either is unparseable. */
export function mixColors(from: string, to: string, t: number): string {
  const a = parseColor(from);
  const b = parseColor(to);
  if (!a || !b) return t < 1 ? from : to;
  return formatRgba([
    a[0] + (b[0] - a[0]) * t,
    a[1] + (b[1] - a[1]) * t,
    a[2] + (b[2] - a[2]) * t,
    a[3] + (b[3] - a[3]) * t,
  ]);
}
