/**
 * Golden-frame comparison on raw RGBA. A mismatch writes actual, expected and diff PNGs
 * under .golden-diff/ so a person can open them.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

/**
 * Per-pixel colour threshold (pixelmatch's YIQ distance, 0..1) and how many pixels may
 * exceed it. Anti-aliased pixels count too, so moving a shape by a pixel or two fails.
 * Mirrored in docs/testing.md.
 */
export const GOLDEN_TOLERANCE = { threshold: 0.1, maxDiffPixels: 4 } as const;

export const DIFF_DIR = path.resolve('.golden-diff');

export interface FrameImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export function encodePng(image: FrameImage): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return PNG.sync.write(png);
}

export async function readPng(file: string): Promise<FrameImage> {
  const png = PNG.sync.read(await readFile(file));
  return { width: png.width, height: png.height, data: png.data };
}

export interface Comparison {
  diffPixels: number;
  pass: boolean;
  diff: Buffer | undefined;
}

/** Compares two frames; sizes must match. */
export function compareFrames(actual: FrameImage, expected: FrameImage): Comparison {
  if (actual.width !== expected.width || actual.height !== expected.height) {
    return { diffPixels: Number.POSITIVE_INFINITY, pass: false, diff: undefined };
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const diffPixels = pixelmatch(actual.data, expected.data, diff.data, actual.width, actual.height, {
    threshold: GOLDEN_TOLERANCE.threshold,
    includeAA: true,
  });
  return { diffPixels, pass: diffPixels <= GOLDEN_TOLERANCE.maxDiffPixels, diff: PNG.sync.write(diff) };
}

/** Writes the three images of a failed comparison and returns the folder. */
export async function writeDiffImages(name: string, actual: FrameImage, expected: FrameImage | undefined, diff: Buffer | undefined): Promise<string> {
  const dir = path.join(DIFF_DIR, name);
  await mkdir(path.dirname(dir), { recursive: true });
  await writeFile(`${dir}-actual.png`, encodePng(actual));
  if (expected) await writeFile(`${dir}-expected.png`, encodePng(expected));
  if (diff) await writeFile(`${dir}-diff.png`, diff);
  return dir;
}
