/**
 * 3-D colour look-up tables: the `.cube` text format (Adobe/Resolve: `LUT_3D_SIZE N`, then N³
 * "r g b" lines, red changing fastest; `DOMAIN_MIN`/`DOMAIN_MAX` 0..1 only) and trilinear lookup.
 * Browser-safe.
 */
import type { LutTable } from '../../model/composition.js';

/** Largest `LUT_3D_SIZE` accepted (the common sizes are 17, 33, 65). */
export const MAX_LUT_SIZE = 129;

/**
 * Parses `.cube` text.
 * @throws Error naming the line when the file is not a 3-D cube LUT.
 */
export function parseCubeLut(text: string): LutTable {
  let size = 0;
  const data: number[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [key, ...rest] = line.split(/\s+/);
    if (key === 'LUT_3D_SIZE') {
      size = Number(rest[0]);
      if (!Number.isInteger(size) || size < 2 || size > MAX_LUT_SIZE) throw new Error(`line ${i + 1}: LUT_3D_SIZE must be 2–${MAX_LUT_SIZE}`);
      return;
    }
    if (key === 'LUT_1D_SIZE') throw new Error(`line ${i + 1}: 1-D LUTs are not supported, a 3-D cube is needed`);
    if (key === 'DOMAIN_MIN' || key === 'DOMAIN_MAX') {
      const expected = key === 'DOMAIN_MIN' ? 0 : 1;
      if (rest.some((v) => Number(v) !== expected)) throw new Error(`line ${i + 1}: only the domain 0..1 is supported`);
      return;
    }
    if (key === 'TITLE' || /^[A-Z_]+$/.test(key ?? '')) return;
    const values = [key, ...rest].map(Number);
    if (values.length !== 3 || values.some((v) => !Number.isFinite(v))) throw new Error(`line ${i + 1}: expected three numbers "r g b"`);
    data.push(...values);
  });
  if (size === 0) throw new Error('no LUT_3D_SIZE line');
  if (data.length !== size ** 3 * 3) throw new Error(`expected ${size ** 3} entries for size ${size}, found ${data.length / 3}`);
  return { size, data };
}

/** Maps RGBA pixels (0..255, in place) through `table`, mixed with the original by `amount`. */
export function applyLut(pixels: Uint8ClampedArray, table: LutTable, amount: number): void {
  const n = table.size;
  const d = table.data;
  const max = n - 1;
  const at = (r: number, g: number, b: number, c: number) => d[((b * n + g) * n + r) * 3 + c]!;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i + 3] === 0) continue;
    const fr = (pixels[i]! / 255) * max;
    const fg = (pixels[i + 1]! / 255) * max;
    const fb = (pixels[i + 2]! / 255) * max;
    const r0 = Math.floor(fr), g0 = Math.floor(fg), b0 = Math.floor(fb);
    const r1 = Math.min(max, r0 + 1), g1 = Math.min(max, g0 + 1), b1 = Math.min(max, b0 + 1);
    const dr = fr - r0, dg = fg - g0, db = fb - b0;
    for (let c = 0; c < 3; c++) {
      const c00 = at(r0, g0, b0, c) * (1 - dr) + at(r1, g0, b0, c) * dr;
      const c10 = at(r0, g1, b0, c) * (1 - dr) + at(r1, g1, b0, c) * dr;
      const c01 = at(r0, g0, b1, c) * (1 - dr) + at(r1, g0, b1, c) * dr;
      const c11 = at(r0, g1, b1, c) * (1 - dr) + at(r1, g1, b1, c) * dr;
      const v = (c00 * (1 - dg) + c10 * dg) * (1 - db) + (c01 * (1 - dg) + c11 * dg) * db;
      pixels[i + c] = pixels[i + c]! + (v * 255 - pixels[i + c]!) * amount;
    }
  }
}
