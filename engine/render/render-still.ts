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

export { frameAtTime } from '../output/output-spec.js';

export interface StillRenderer {
  /** Skia's (premultiplied) RGBA pixels of frame `n`. */
  rgba(frameIndex: number): Promise<Buffer>;
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
  };
}
