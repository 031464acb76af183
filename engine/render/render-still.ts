/**
 * Renders single frames of a composition on demand: `framesmith frame` and png/jpg outputs
 * (render-video.ts), golden tests, previews of a moment. Video layers are decoded for exactly
 * the frame asked for, at the size the frame is drawn.
 */
import { createCanvas } from '@napi-rs/canvas';
import type { Composition } from '../model/composition.js';
import type { Canvas2D } from '../draw/canvas2d.js';
import { createFrameDrawer } from '../draw/draw-frame.js';
import { resolveFfmpegPaths } from '../encode/ffmpeg-path.js';
import { prepareNodeResources } from './node-resources.js';
import { createVideoFeeder, probeVideoSources, type VideoSources } from './video-feeder.js';

export interface StillRenderer {
  /** Skia's (premultiplied) RGBA pixels of frame `n`. */
  rgba(frameIndex: number): Promise<Buffer>;
  /** Frame `n` as a PNG or JPEG (quality 92) file. */
  encode(frameIndex: number, format: 'png' | 'jpg'): Promise<Buffer>;
  warnings: string[];
}

export interface StillRendererOptions {
  /** Output size (a resolution tier); default the composition's. The frame is drawn at this size. */
  width?: number;
  height?: number;
  ffmpegPath?: string;
  ffprobePath?: string;
  signal?: AbortSignal;
}

/** Prepares a composition once (images, fonts, models) and renders any of its frames on demand. */
export async function createStillRenderer(comp: Composition, options: StillRendererOptions = {}): Promise<StillRenderer> {
  const res = await prepareNodeResources(comp);
  const width = options.width ?? comp.width;
  const height = options.height ?? comp.height;
  const [sx, sy] = [width / comp.width, height / comp.height];
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.lang = 'en';
  const drawer = createFrameDrawer(comp, res);
  const paths = options.ffmpegPath && options.ffprobePath ? { ffmpeg: options.ffmpegPath, ffprobe: options.ffprobePath } : resolveFfmpegPaths();
  // The composition's videos, found and probed once for every frame asked for.
  let sources: Promise<VideoSources> | undefined;
  const draw = async (n: number) => {
    sources ??= probeVideoSources(comp, [0, comp.durationInFrames], { ffprobePath: paths.ffprobe, signal: options.signal });
    const feeder = await createVideoFeeder({
      composition: comp, resources: res, range: [n, n + 1], scaleX: sx, scaleY: sy, ffmpegPath: paths.ffmpeg, ffprobePath: paths.ffprobe,
      sources: await sources, signal: options.signal,
    });
    try {
      await feeder?.prepare(n);
    } finally {
      await feeder?.close();
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.setTransform(sx, 0, 0, sy, 0, 0);
    drawer.drawFrame(ctx as unknown as Canvas2D, n);
  };
  return {
    warnings: res.warnings,
    async rgba(n) {
      await draw(n);
      return canvas.data();
    },
    async encode(n, format) {
      await draw(n);
      return format === 'png' ? canvas.encode('png') : canvas.encode('jpeg', 92);
    },
  };
}
