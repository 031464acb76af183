/** Renders one frame of a composition to PNG or JPEG bytes (the `frame` command, golden tests). */
import { createCanvas } from '@napi-rs/canvas';
import type { Composition } from '../model/composition.js';
import type { Canvas2D } from '../draw/canvas2d.js';
import { createFrameDrawer } from '../draw/draw-frame.js';
import { prepareNodeResources, type NodeResources } from './node-resources.js';

/**
 * The frame shown at `timeSeconds`: frame n covers [n/fps, (n+1)/fps), so this is
 * floor(t × fps), clamped to the composition's frames.
 */
export function frameAtTime(comp: Composition, timeSeconds: number): number {
  const n = Math.floor(timeSeconds * comp.fps + 1e-9);
  return Math.max(0, Math.min(comp.durationInFrames - 1, n));
}

export interface StillRenderer {
  /** Straight-from-Skia RGBA (premultiplied) pixels of frame `n`. */
  rgba(frameIndex: number): Buffer;
  /** PNG bytes of frame `n`. */
  png(frameIndex: number): Promise<Buffer>;
  jpeg(frameIndex: number, quality?: number): Promise<Buffer>;
  warnings: string[];
}

/** Prepares a composition once and renders any of its frames on demand. */
export async function createStillRenderer(comp: Composition, resources?: NodeResources): Promise<StillRenderer> {
  const res = resources ?? (await prepareNodeResources(comp));
  const canvas = createCanvas(comp.width, comp.height);
  const ctx = canvas.getContext('2d') as unknown as Canvas2D & { lang?: string };
  ctx.lang = 'en';
  const drawer = createFrameDrawer(comp, res);
  const draw = (n: number) => {
    ctx.clearRect(0, 0, comp.width, comp.height);
    drawer.drawFrame(ctx, n);
  };
  return {
    warnings: res.warnings,
    rgba(n) {
      draw(n);
      return canvas.data();
    },
    async png(n) {
      draw(n);
      return canvas.encode('png');
    },
    async jpeg(n, quality = 92) {
      draw(n);
      return canvas.encode('jpeg', quality);
    },
  };
}
