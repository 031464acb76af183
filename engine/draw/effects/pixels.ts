/**
 * Pixel operations on a rectangle of straight-alpha RGBA pixels (what `getImageData` returns):
 * the effects that need every pixel (grain, sharpen, posterize, pixelate, halftone, gradient maps,
 * channel shifts, glitches, levels, chroma key, ghosts, bloom, lens and wave distortions).
 * Browser-safe and deterministic: "random" patterns come from the frame index.
 */
import type { GradientStop } from '../../model/composition.js';
import { parseColor } from '../../timeline/color.js';
import { hashUnit } from '../../timeline/tween.js';

/** A rectangle of pixels, row-major RGBA. */
export interface PixelBuffer {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

const clamp255 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);
const luma = (d: Uint8ClampedArray, i: number) => 0.2126 * d[i]! + 0.7152 * d[i + 1]! + 0.0722 * d[i + 2]!;

/** A small fast generator (mulberry32) for per-pixel noise, seeded per frame. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Film grain: noise of about ±`amount` × 40 levels, new every frame. */
export function grain(buf: PixelBuffer, amount: number, monochrome: boolean, frameIndex: number): void {
  const rnd = generator(frameIndex * 7919 + 17);
  const d = buf.data;
  const a = amount * 40;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] === 0) continue;
    if (monochrome) {
      const n = (rnd() + rnd() - 1) * a;
      d[i] = clamp255(d[i]! + n);
      d[i + 1] = clamp255(d[i + 1]! + n);
      d[i + 2] = clamp255(d[i + 2]! + n);
    } else {
      d[i] = clamp255(d[i]! + (rnd() + rnd() - 1) * a);
      d[i + 1] = clamp255(d[i + 1]! + (rnd() + rnd() - 1) * a);
      d[i + 2] = clamp255(d[i + 2]! + (rnd() + rnd() - 1) * a);
    }
  }
}

/** A box blur of `radius` px (two passes: horizontal, vertical) into a new Float32 copy of the RGBA values. */
export function boxBlurred(buf: PixelBuffer, radius: number): Float32Array {
  const { width: w, height: h } = buf;
  const src = new Float32Array(buf.data);
  const tmp = new Float32Array(src.length);
  const r = Math.max(1, Math.round(radius));
  const span = 2 * r + 1;
  // Horizontal: a running sum per channel along each row, the edge pixels repeated.
  for (let y = 0; y < h; y++) {
    const row = y * w * 4;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let k = -r; k <= r; k++) {
      const j = row + Math.min(w - 1, Math.max(0, k)) * 4;
      s0 += src[j]!; s1 += src[j + 1]!; s2 += src[j + 2]!; s3 += src[j + 3]!;
    }
    for (let x = 0; x < w; x++) {
      const o = row + x * 4;
      tmp[o] = s0 / span; tmp[o + 1] = s1 / span; tmp[o + 2] = s2 / span; tmp[o + 3] = s3 / span;
      const add = row + Math.min(w - 1, x + r + 1) * 4;
      const drop = row + Math.max(0, x - r) * 4;
      s0 += src[add]! - src[drop]!;
      s1 += src[add + 1]! - src[drop + 1]!;
      s2 += src[add + 2]! - src[drop + 2]!;
      s3 += src[add + 3]! - src[drop + 3]!;
    }
  }
  // Vertical: the same running sums kept for every column at once, walking the rows in order.
  const stride = w * 4;
  const sums = new Float64Array(stride);
  for (let k = -r; k <= r; k++) {
    const from = Math.min(h - 1, Math.max(0, k)) * stride;
    for (let c = 0; c < stride; c++) sums[c] = sums[c]! + tmp[from + c]!;
  }
  for (let y = 0; y < h; y++) {
    const row = y * stride;
    const add = Math.min(h - 1, y + r + 1) * stride;
    const drop = Math.max(0, y - r) * stride;
    for (let c = 0; c < stride; c++) {
      src[row + c] = sums[c]! / span;
      sums[c] = sums[c]! + (tmp[add + c]! - tmp[drop + c]!);
    }
  }
  return src;
}

/** Unsharp mask: the picture plus `amount` × 1.5 of its difference from a 1 px blur. */
export function sharpen(buf: PixelBuffer, amount: number): void {
  const blurred = boxBlurred(buf, 1);
  const d = buf.data;
  const k = amount * 1.5;
  for (let i = 0; i < d.length; i += 4) {
    for (let c = 0; c < 3; c++) d[i + c] = clamp255(d[i + c]! + (d[i + c]! - blurred[i + c]!) * k);
  }
}

export function posterize(buf: PixelBuffer, levels: number): void {
  const d = buf.data;
  const n = Math.max(2, Math.round(levels)) - 1;
  for (let i = 0; i < d.length; i += 4) {
    for (let c = 0; c < 3; c++) d[i + c] = (Math.round((d[i + c]! / 255) * n) / n) * 255;
  }
}

/** Each cell of `cell` px filled with its average colour (alpha-weighted). */
export function pixelate(buf: PixelBuffer, cell: number): void {
  const { width: w, height: h, data: d } = buf;
  const s = Math.max(2, Math.round(cell));
  for (let y0 = 0; y0 < h; y0 += s) {
    for (let x0 = 0; x0 < w; x0 += s) {
      let r = 0, g = 0, b = 0, a = 0, n = 0;
      for (let y = y0; y < Math.min(h, y0 + s); y++) {
        for (let x = x0; x < Math.min(w, x0 + s); x++) {
          const i = (y * w + x) * 4;
          const al = d[i + 3]!;
          r += d[i]! * al; g += d[i + 1]! * al; b += d[i + 2]! * al; a += al; n++;
        }
      }
      if (a === 0) continue;
      for (let y = y0; y < Math.min(h, y0 + s); y++) {
        for (let x = x0; x < Math.min(w, x0 + s); x++) {
          const i = (y * w + x) * 4;
          d[i] = r / a; d[i + 1] = g / a; d[i + 2] = b / a; d[i + 3] = a / n;
        }
      }
    }
  }
}

/**
 * Halftone dots on a `cell` px grid: darker cells get bigger dots. `luma`: dots in the cell's colour
 * on white; a channel: only that channel is replaced by its dot pattern.
 */
export function halftone(buf: PixelBuffer, cell: number, channel: 'luma' | 'red' | 'green' | 'blue'): void {
  const { width: w, height: h, data: d } = buf;
  const s = Math.max(4, Math.round(cell));
  const ch = channel === 'red' ? 0 : channel === 'green' ? 1 : channel === 'blue' ? 2 : -1;
  for (let y0 = 0; y0 < h; y0 += s) {
    for (let x0 = 0; x0 < w; x0 += s) {
      let v = 0, r = 0, g = 0, b = 0, n = 0;
      for (let y = y0; y < Math.min(h, y0 + s); y++) {
        for (let x = x0; x < Math.min(w, x0 + s); x++) {
          const i = (y * w + x) * 4;
          v += ch < 0 ? luma(d, i) : d[i + ch]!;
          r += d[i]!; g += d[i + 1]!; b += d[i + 2]!; n++;
        }
      }
      const dark = 1 - v / n / 255;
      const radius = (s / 2) * Math.sqrt(dark) * 1.35;
      const cx = x0 + s / 2, cy = y0 + s / 2;
      for (let y = y0; y < Math.min(h, y0 + s); y++) {
        for (let x = x0; x < Math.min(w, x0 + s); x++) {
          const i = (y * w + x) * 4;
          const dist = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
          const ink = Math.max(0, Math.min(1, radius - dist + 0.5));
          if (ch < 0) {
            d[i] = 255 - ink * (255 - (r / n) * 0.6);
            d[i + 1] = 255 - ink * (255 - (g / n) * 0.6);
            d[i + 2] = 255 - ink * (255 - (b / n) * 0.6);
          } else {
            d[i + ch] = 255 * (1 - ink);
          }
        }
      }
    }
  }
}

/** 256 colours along gradient stops. */
function rampOf(stops: readonly GradientStop[]): Uint8ClampedArray {
  const ramp = new Uint8ClampedArray(256 * 3);
  const parsed = stops.map((s) => ({ offset: s.offset, rgb: parseColor(s.color) ?? [0, 0, 0, 1] }));
  for (let k = 0; k < 256; k++) {
    const t = k / 255;
    let j = 0;
    while (j < parsed.length - 2 && t > parsed[j + 1]!.offset) j++;
    const a = parsed[j]!, b = parsed[Math.min(j + 1, parsed.length - 1)]!;
    const q = b.offset > a.offset ? Math.max(0, Math.min(1, (t - a.offset) / (b.offset - a.offset))) : 0;
    for (let c = 0; c < 3; c++) ramp[k * 3 + c] = a.rgb[c]! + (b.rgb[c]! - a.rgb[c]!) * q;
  }
  return ramp;
}

/** Luminance mapped onto a colour ramp (duotone, thermal, night vision), mixed by `amount`. */
export function gradientMap(buf: PixelBuffer, stops: readonly GradientStop[], amount: number): void {
  const ramp = rampOf(stops);
  const d = buf.data;
  for (let i = 0; i < d.length; i += 4) {
    const k = Math.round(luma(d, i)) * 3;
    for (let c = 0; c < 3; c++) d[i + c] = d[i + c]! + (ramp[k + c]! - d[i + c]!) * amount;
  }
}

/**
 * Bilinear sample of the four channels at (x, y), clamped to the edges, written to
 * `out[o..o + 3]` (a pixel buffer rounds and clamps as it stores).
 */
function sampleInto(
  src: Uint8ClampedArray, w: number, h: number, x: number, y: number, out: Uint8ClampedArray | Float64Array, o: number,
): void {
  const fx = Math.max(0, Math.min(w - 1, x));
  const fy = Math.max(0, Math.min(h - 1, y));
  const x0 = Math.floor(fx), y0 = Math.floor(fy);
  const x1 = Math.min(w - 1, x0 + 1), y1 = Math.min(h - 1, y0 + 1);
  const dx = fx - x0, dy = fy - y0;
  const ex = 1 - dx, ey = 1 - dy;
  const a = (y0 * w + x0) * 4, b = (y0 * w + x1) * 4, c = (y1 * w + x0) * 4, d = (y1 * w + x1) * 4;
  out[o] = (src[a]! * ex + src[b]! * dx) * ey + (src[c]! * ex + src[d]! * dx) * dy;
  out[o + 1] = (src[a + 1]! * ex + src[b + 1]! * dx) * ey + (src[c + 1]! * ex + src[d + 1]! * dx) * dy;
  out[o + 2] = (src[a + 2]! * ex + src[b + 2]! * dx) * ey + (src[c + 2]! * ex + src[d + 2]! * dx) * dy;
  out[o + 3] = (src[a + 3]! * ex + src[b + 3]! * dx) * ey + (src[c + 3]! * ex + src[d + 3]! * dx) * dy;
}

/** Where a remapped pixel comes from: written by the source function, reused for every pixel. */
export interface SourcePoint {
  x: number;
  y: number;
}

/** Remaps every pixel from the position `source(x, y, at)` sets in the original, bilinear. */
export function remap(buf: PixelBuffer, source: (x: number, y: number, at: SourcePoint) => void): void {
  const { width: w, height: h } = buf;
  const src = Uint8ClampedArray.from(buf.data);
  const d = buf.data;
  const at: SourcePoint = { x: 0, y: 0 };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      source(x, y, at);
      sampleInto(src, w, h, at.x, at.y, d, (y * w + x) * 4);
    }
  }
}

/**
 * Red and blue sampled `distance` px apart (green stays): sideways, or (`radial`) away from the
 * centre, growing towards the edges (chromatic aberration).
 */
export function channelShift(buf: PixelBuffer, distance: number, radial: boolean): void {
  const { width: w, height: h } = buf;
  const src = Uint8ClampedArray.from(buf.data);
  const d = buf.data;
  const cx = w / 2, cy = h / 2;
  const k = distance / Math.max(1, Math.hypot(cx, cy));
  // Two samples: [0..3] behind (red), [4..7] ahead (blue).
  const s = new Float64Array(8);
  for (let y = 0; y < h; y++) {
    const dy = radial ? (y - cy) * k : 0;
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const dx = radial ? (x - cx) * k : distance;
      sampleInto(src, w, h, x - dx, y - dy, s, 0);
      sampleInto(src, w, h, x + dx, y + dy, s, 4);
      d[i] = s[0]!;
      d[i + 2] = s[6]!;
      d[i + 3] = Math.max(d[i + 3]!, s[3]!, s[7]!);
    }
  }
}

/** Bands of rows shifted sideways and a channel offset, different every other frame. */
export function glitch(buf: PixelBuffer, amount: number, frameIndex: number): void {
  if (amount <= 0) return;
  const { width: w, height: h } = buf;
  const seed = Math.floor(frameIndex / 2);
  const src = Uint8ClampedArray.from(buf.data);
  const d = buf.data;
  const bands = Math.round(2 + 8 * amount);
  for (let b = 0; b < bands; b++) {
    const y0 = Math.floor(((hashUnit(seed, b * 3) + 1) / 2) * h);
    const height = Math.max(1, Math.round(((hashUnit(seed, b * 3 + 1) + 1) / 2) * 0.06 * h));
    const shift = Math.round(hashUnit(seed, b * 3 + 2) * amount * 0.08 * w);
    const split = Math.round(shift / 3);
    for (let y = y0; y < Math.min(h, y0 + height); y++) {
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 4;
        const sx = Math.min(w - 1, Math.max(0, x - shift));
        const j = (y * w + sx) * 4;
        const rx = Math.min(w - 1, Math.max(0, sx - split));
        d[i] = src[(y * w + rx) * 4]!;
        d[i + 1] = src[j + 1]!;
        d[i + 2] = src[j + 2]!;
        d[i + 3] = src[j + 3]!;
      }
    }
  }
}

/** Lift, gamma, gain per channel: v' = gain × (v + lift × (1 − v))^(1 / gamma), values 0..1. */
export function levels(buf: PixelBuffer, lift: readonly number[], gamma: readonly number[], gain: readonly number[]): void {
  const tables = [0, 1, 2].map((c) => {
    const t = new Uint8ClampedArray(256);
    for (let k = 0; k < 256; k++) {
      const v = k / 255;
      t[k] = 255 * gain[c]! * Math.pow(Math.max(0, v + lift[c]! * (1 - v)), 1 / Math.max(0.01, gamma[c]!));
    }
    return t;
  });
  const d = buf.data;
  for (let i = 0; i < d.length; i += 4) {
    d[i] = tables[0]![d[i]!]!;
    d[i + 1] = tables[1]![d[i + 1]!]!;
    d[i + 2] = tables[2]![d[i + 2]!]!;
  }
}

/** Hue (degrees), saturation and lightness (0..1) of an RGB pixel. */
export function rgbToHsl(r: number, g: number, b: number): [number, number, number] {
  const rn = r / 255, gn = g / 255, bn = b / 255;
  const max = Math.max(rn, gn, bn), min = Math.min(rn, gn, bn);
  const l = (max + min) / 2;
  if (max === min) return [0, 0, l];
  const dl = max - min;
  const s = l > 0.5 ? dl / (2 - max - min) : dl / (max + min);
  const hue = max === rn ? (gn - bn) / dl + (gn < bn ? 6 : 0) : max === gn ? (bn - rn) / dl + 2 : (rn - gn) / dl + 4;
  return [hue * 60, s, l];
}

/** How far inside [min, max] a value is, 1 inside, falling to 0 over `soft` outside. */
function within(v: number, min: number, max: number, soft: number): number {
  if (v >= min && v <= max) return 1;
  if (soft <= 0) return 0;
  const out = v < min ? min - v : v - max;
  return Math.max(0, 1 - out / soft);
}

/** Makes pixels inside the HSL key ranges transparent (hue ranges may wrap through 0). */
export function chromaKey(
  buf: PixelBuffer,
  key: { hueMin: number; hueMax: number; satMin: number; satMax: number; lumMin: number; lumMax: number; softness: number },
): void {
  const d = buf.data;
  const hueSpan = ((key.hueMax - key.hueMin + 360) % 360) || 360;
  const softHue = key.softness * hueSpan;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] === 0) continue;
    const [hh, s, l] = rgbToHsl(d[i]!, d[i + 1]!, d[i + 2]!);
    const rel = (hh - key.hueMin + 360) % 360;
    const hueIn = rel <= hueSpan ? 1 : Math.max(0, 1 - Math.min(rel - hueSpan, 360 - rel) / Math.max(1e-6, softHue));
    const matte = hueIn
      * within(s, key.satMin, key.satMax, key.softness * (key.satMax - key.satMin))
      * within(l, key.lumMin, key.lumMax, key.softness * (key.lumMax - key.lumMin));
    if (matte > 0) d[i + 3] = d[i + 3]! * (1 - matte);
  }
}

/** Multiplies the colour by `factor` (flicker). */
export function brightness(buf: PixelBuffer, factor: number): void {
  const d = buf.data;
  for (let i = 0; i < d.length; i += 4) {
    d[i] = clamp255(d[i]! * factor);
    d[i + 1] = clamp255(d[i + 1]! * factor);
    d[i + 2] = clamp255(d[i + 2]! * factor);
  }
}

/** `copies` fainter copies of the picture trailing `distance` px apart to the left (echo, ghosting). */
export function ghost(buf: PixelBuffer, copies: number, distance: number, amount: number): void {
  const { width: w, height: h } = buf;
  const src = Uint8ClampedArray.from(buf.data);
  const d = buf.data;
  for (let k = 1; k <= copies; k++) {
    const dx = Math.round(k * distance);
    const a = amount / k;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const sx = x + dx;
        if (sx >= w) continue;
        const i = (y * w + x) * 4;
        const j = (y * w + sx) * 4;
        const sa = (src[j + 3]! / 255) * a;
        if (sa <= 0) continue;
        for (let c = 0; c < 3; c++) d[i + c] = d[i + c]! * (1 - sa) + src[j + c]! * sa;
        d[i + 3] = Math.max(d[i + 3]!, src[j + 3]! * a);
      }
    }
  }
}

/** Bright parts blurred by `radius` px and added back (screen), `amount` strong. */
export function bloom(buf: PixelBuffer, amount: number, radius: number): void {
  const bright: PixelBuffer = { width: buf.width, height: buf.height, data: Uint8ClampedArray.from(buf.data) };
  const b = bright.data;
  for (let i = 0; i < b.length; i += 4) {
    const keep = Math.max(0, (luma(b, i) - 150) / 105);
    b[i] = b[i]! * keep; b[i + 1] = b[i + 1]! * keep; b[i + 2] = b[i + 2]! * keep;
  }
  const glow = boxBlurred(bright, radius);
  const d = buf.data;
  for (let i = 0; i < d.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const g = (glow[i + c]! / 255) * amount * 1.5;
      d[i + c] = 255 - (255 - d[i + c]!) * (1 - Math.min(1, g));
    }
  }
}

/** Barrel distortion: the centre magnified, the edges kept (fish-eye lens). */
export function fisheye(buf: PixelBuffer, amount: number): void {
  const { width: w, height: h } = buf;
  const cx = w / 2, cy = h / 2;
  const k = Math.min(0.9, amount * 0.6);
  remap(buf, (x, y, at) => {
    const ux = (x + 0.5 - cx) / cx, uy = (y + 0.5 - cy) / cy;
    const r2 = Math.min(1, ux * ux + uy * uy);
    const f = 1 - k + k * r2;
    at.x = cx + ux * f * cx - 0.5;
    at.y = cy + uy * f * cy - 0.5;
  });
}

/** Rows shifted sideways along a sine wave of `frequency` cycles per height, drifting with time. */
export function wave(buf: PixelBuffer, amplitude: number, frequency: number, phase: number): void {
  const { height: h } = buf;
  const shift = new Float64Array(h);
  for (let y = 0; y < h; y++) shift[y] = amplitude * Math.sin(2 * Math.PI * (frequency * (y / h) + phase));
  remap(buf, (x, y, at) => {
    at.x = x + shift[y]!;
    at.y = y;
  });
}

/** A swirl around the centre, strongest there: `amount` 1 turns the middle by 4 radians. */
export function swirl(buf: PixelBuffer, amount: number): void {
  const { width: w, height: h } = buf;
  const cx = w / 2, cy = h / 2;
  const radius = Math.hypot(cx, cy);
  remap(buf, (x, y, at) => {
    const dx = x - cx, dy = y - cy;
    const r = Math.hypot(dx, dy);
    const t = Math.max(0, 1 - r / radius);
    const a = amount * 4 * t * t;
    const c = Math.cos(a), s = Math.sin(a);
    at.x = cx + dx * c - dy * s;
    at.y = cy + dx * s + dy * c;
  });
}

/** Concentric ripples from the centre (a water drop). */
export function ripple(buf: PixelBuffer, amount: number): void {
  const { width: w, height: h } = buf;
  const cx = w / 2, cy = h / 2;
  const wavelength = Math.min(w, h) / 8;
  const amplitude = amount * Math.min(w, h) * 0.03;
  remap(buf, (x, y, at) => {
    const dx = x - cx, dy = y - cy;
    const r = Math.hypot(dx, dy) || 1;
    const off = amplitude * Math.sin((2 * Math.PI * r) / wavelength - amount * 6);
    at.x = x + (dx / r) * off;
    at.y = y + (dy / r) * off;
  });
}

/** The picture blurred towards the edges, sharp in the middle (shallow depth of field). */
export function edgeBlur(buf: PixelBuffer, amount: number): void {
  const { width: w, height: h } = buf;
  const blurred = boxBlurred(buf, Math.max(1, amount * 0.05 * Math.max(w, h)));
  const d = buf.data;
  for (let y = 0; y < h; y++) {
    const v = (y - h / 2) / (h / 2);
    for (let x = 0; x < w; x++) {
      const u = (x - w / 2) / (w / 2);
      const r = Math.sqrt(u * u + v * v) / Math.SQRT2;
      const t = Math.max(0, Math.min(1, (r - 0.25) / 0.45));
      if (t === 0) continue; // sharp: the pixel stays as it is
      const k = t * t * (3 - 2 * t);
      const i = (y * w + x) * 4;
      for (let c = 0; c < 4; c++) d[i + c] = d[i + c]! + (blurred[i + c]! - d[i + c]!) * k;
    }
  }
}

/** `base` (0..255) blended with `top` (0..255) in `blend` mode. */
function blendChannel(base: number, top: number, blend: string): number {
  const b = base / 255, t = top / 255;
  switch (blend) {
    case 'multiply': return b * t * 255;
    case 'screen': return (1 - (1 - b) * (1 - t)) * 255;
    case 'overlay': return (b < 0.5 ? 2 * b * t : 1 - 2 * (1 - b) * (1 - t)) * 255;
    case 'soft-light': {
      const dd = b <= 0.25 ? ((16 * b - 12) * b + 4) * b : Math.sqrt(b);
      return (t <= 0.5 ? b - (1 - 2 * t) * b * (1 - b) : b + (2 * t - 1) * (dd - b)) * 255;
    }
    default: return top;
  }
}

/** A colour blended over the pixels (alpha kept), mixed by `amount` × the colour's alpha. */
export function tint(buf: PixelBuffer, color: string, amount: number, blend: string): void {
  const rgba = parseColor(color);
  if (!rgba) return;
  const k = amount * rgba[3];
  // Each channel's result depends only on its own value: one 256-entry table per channel.
  const table = new Uint8ClampedArray(3 * 256);
  for (let c = 0; c < 3; c++) {
    for (let v = 0; v < 256; v++) table[c * 256 + v] = v + (blendChannel(v, rgba[c]!, blend) - v) * k;
  }
  const d = buf.data;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] === 0) continue;
    d[i] = table[d[i]!]!;
    d[i + 1] = table[256 + d[i + 1]!]!;
    d[i + 2] = table[512 + d[i + 2]!]!;
  }
}
