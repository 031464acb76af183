/** Deterministic pictures and the digests of every pixel effect on them (see pixels.test.ts). */
import { createHash } from 'node:crypto';
import * as px from '../../../engine/draw/effects/pixels.js';

/** A deterministic picture: gradients, a pattern, noise, transparent and half-transparent parts. */
export function testPicture(w: number, h: number, seed: number): px.PixelBuffer {
  const d = new Uint8ClampedArray(w * h * 4);
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      d[i] = (x * 255) / w + rnd() * 30;
      d[i + 1] = (y * 255) / h;
      d[i + 2] = (x ^ y) & 255;
      d[i + 3] = x * 10 < w - 1 ? 0 : y < h / 10 ? rnd() * 255 : 255;
    }
  }
  return { data: d, width: w, height: h };
}

const digest = (a: Uint8ClampedArray | Float32Array) =>
  createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex').slice(0, 16);

export const PIXEL_OPS: Array<[string, (b: px.PixelBuffer) => unknown]> = [
  ['wave', (b) => px.wave(b, 9, 3, 0.3)],
  ['fisheye', (b) => px.fisheye(b, 0.7)],
  ['swirl', (b) => px.swirl(b, 0.8)],
  ['ripple', (b) => px.ripple(b, 0.6)],
  ['channelShift', (b) => px.channelShift(b, 3.3, false)],
  ['channelShift radial', (b) => px.channelShift(b, 5.5, true)],
  ['boxBlurred 1', (b) => px.boxBlurred(b, 1)],
  ['boxBlurred 6', (b) => px.boxBlurred(b, 6)],
  ['sharpen', (b) => px.sharpen(b, 0.8)],
  ['bloom', (b) => px.bloom(b, 0.7, 4)],
  ['edgeBlur', (b) => px.edgeBlur(b, 0.5)],
  ['tint multiply', (b) => px.tint(b, '#ff8040', 0.7, 'multiply')],
  ['tint screen', (b) => px.tint(b, '#3080ffcc', 0.9, 'screen')],
  ['tint overlay', (b) => px.tint(b, '#a0c040', 1, 'overlay')],
  ['tint soft-light', (b) => px.tint(b, '#c04080', 0.5, 'soft-light')],
  ['tint source-atop', (b) => px.tint(b, '#ffffff', 0.33, 'source-atop')],
];

/** Sizes: a small picture, a single row and a single column (edge clamping). */
export const PIXEL_SIZES: Array<[number, number]> = [[61, 37], [23, 1], [1, 19]];

/** Runs every op on every size; the digest of the pixels (and of a returned Float32 copy). */
export function pixelDigests(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, op] of PIXEL_OPS) {
    out[name] = PIXEL_SIZES.map(([w, h]) => {
      const b = testPicture(w, h, w * 31 + h);
      const r = op(b);
      return digest(b.data) + (r instanceof Float32Array ? `+${digest(r)}` : '');
    }).join(' ');
  }
  return out;
}

