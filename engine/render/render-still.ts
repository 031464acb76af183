/**
 * Renders single frames of a composition on demand (golden tests, previews of a moment).
 * Video layers are decoded for exactly the frame asked for.
 */
import { createCanvas } from '@napi-rs/canvas';
import type { Composition } from '../model/composition.js';
import type { Canvas2D } from '../draw/canvas2d.js';
import { createFrameDrawer } from '../draw/draw-frame.js';
import { resolveFfmpegPaths } from '../encode/ffmpeg-path.js';
import { prepareNodeResources, type NodeResources } from './node-resources.js';
import { createVideoFeeder } from './video-feeder.js';

/**
 * The frame shown at `timeSeconds`: frame n covers [n/fps, (n+1)/fps), so this is
 * floor(t × fps), clamped to the composition's frames.
 */
export function frameAtTime(comp: Composition, timeSeconds: number): number {
  const n = Math.floor(timeSeconds * comp.fps + 1e-9);
  return Math.max(0, Math.min(comp.durationInFrames - 1, n));
}

export interface StillRenderer {
  /** Skia's (premultiplied) RGBA pixels of frame `n`. */
  rgba(frameIndex: number): Promise<Buffer>;
  /** PNG bytes of frame `n`. */
  png(frameIndex: number): Promise<Buffer>;
  warnings: string[];
}

/** Prepares a composition once and renders any of its frames on demand. */
export async function createStillRenderer(comp: Composition, resources?: NodeResources): Promise<StillRenderer> {
  const res = resources ?? (await prepareNodeResources(comp));
  const canvas = createCanvas(comp.width, comp.height);
  const ctx = canvas.getContext('2d');
  ctx.lang = 'en';
  const drawer = createFrameDrawer(comp, res);
  const { ffmpeg, ffprobe } = resolveFfmpegPaths();
  const draw = async (n: number) => {
    const feeder = await createVideoFeeder({
      composition: comp, resources: res, range: [n, n + 1], scaleX: 1, scaleY: 1, ffmpegPath: ffmpeg, ffprobePath: ffprobe,
    });
    try {
      await feeder?.prepare(n);
    } finally {
      await feeder?.close();
    }
    ctx.clearRect(0, 0, comp.width, comp.height);
    drawer.drawFrame(ctx as unknown as Canvas2D, n);
  };
  return {
    warnings: res.warnings,
    async rgba(n) {
      await draw(n);
      return canvas.data();
    },
    async png(n) {
      await draw(n);
      return canvas.encode('png');
    },
  };
}
