/**
 * Renders a composition to an H.264 MP4: draw each frame with Skia, read the pixels
 * back, pipe them into ffmpeg. The output appears atomically: it is written in a
 * temporary folder and moved into place only after ffmpeg succeeded.
 */
import { copyFile, mkdtemp, rename, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createCanvas } from '@napi-rs/canvas';
import type { Composition } from '../model/composition.js';
import type { Canvas2D } from '../draw/canvas2d.js';
import { createFrameDrawer } from '../draw/draw-frame.js';
import { buildVideoEncodeArgs, type H264Encoder } from '../encode/ffmpeg-args.js';
import { startVideoEncoder, type VideoEncoder } from '../encode/ffmpeg-process.js';
import { resolveFfmpegPaths } from '../encode/ffmpeg-path.js';
import { encoderPreferenceFromEnv, probeH264Encoder } from '../encode/encoder-probe.js';
import { createProgressTracker, type RenderProgress } from '../progress.js';
import { FramesmithError } from '../errors.js';
import { prepareNodeResources } from './node-resources.js';

/** Encoding defaults for renders (docs/encoding.md). */
export const RENDER_DEFAULTS = { x264Preset: 'veryfast', crf: 18 } as const;

export interface RenderVideoOptions {
  /** Final MP4 path. */
  output: string;
  signal?: AbortSignal;
  onProgress?: (progress: RenderProgress) => void;
  /** `auto` probes (NVENC when a test encode works, else libx264). */
  encoder?: H264Encoder | 'auto';
  preset?: string;
  crf?: number;
  /** x264 threads; undefined lets ffmpeg choose. */
  threads?: number;
  /** Frames [start, end) to render; default the whole timeline. */
  frameRange?: [number, number];
  /** Environment for ffmpeg path and encoder preference (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Where wall time went, summed over frames (milliseconds). */
export interface FrameTimings {
  drawMs: number;
  readbackMs: number;
  /** Time spent waiting for ffmpeg to take frames (back-pressure). */
  pipeWaitMs: number;
  totalMs: number;
}

export interface RenderVideoResult {
  output: string;
  frames: number;
  fps: number;
  durationSeconds: number;
  encoder: H264Encoder;
  encoderReason: string;
  warnings: string[];
  timings: FrameTimings;
}

async function moveIntoPlace(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyFile(from, to);
    await unlink(from).catch(() => undefined);
  }
}

function cancelledError(): FramesmithError {
  return new FramesmithError('ERR_RENDER_CANCELLED', 'render cancelled', { stage: 'render' });
}

/** Renders `comp` to `options.output`. Never leaves a partial output or temporary files behind. */
export async function renderComposition(comp: Composition, options: RenderVideoOptions): Promise<RenderVideoResult> {
  const [first, end] = options.frameRange ?? [0, comp.durationInFrames];
  if (end <= first) throw new FramesmithError('ERR_TIMELINE_INVALID', 'the composition has no frames to render (duration is 0)');
  const progress = createProgressTracker(end - first, options.onProgress);
  progress.stage('prepare');
  const env = options.env ?? process.env;
  const { ffmpeg } = resolveFfmpegPaths(env);
  const requested = options.encoder ?? encoderPreferenceFromEnv(env) ?? 'auto';
  const choice = await probeH264Encoder(ffmpeg, requested === 'auto' ? {} : { force: requested });
  const resources = await prepareNodeResources(comp);
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'framesmith-'));
  const tempOutput = path.join(tempDir, `out${path.extname(options.output) || '.mp4'}`);
  let encoder: VideoEncoder | undefined;
  try {
    encoder = startVideoEncoder({
      ffmpegPath: ffmpeg,
      signal: options.signal,
      frameBytes: comp.width * comp.height * 4,
      args: buildVideoEncodeArgs({
        width: comp.width, height: comp.height, fps: comp.fps, inputPixelFormat: 'rgba', encoder: choice.encoder,
        output: tempOutput, preset: options.preset ?? (choice.encoder === 'libx264' ? RENDER_DEFAULTS.x264Preset : undefined),
        crf: options.crf ?? RENDER_DEFAULTS.crf, threads: options.threads,
      }),
    });
    progress.stage('render');
    const timings = await pumpFrames(comp, resources, encoder, first, end, options.signal, () => progress.frameDone());
    progress.stage('finalize');
    await encoder.finish();
    if (options.signal?.aborted) throw cancelledError();
    await moveIntoPlace(tempOutput, options.output).catch((cause) => {
      throw new FramesmithError('ERR_OUTPUT_WRITE', `cannot write ${options.output}: ${(cause as Error).message}`, { stage: 'encode', cause });
    });
    progress.stage('done');
    return {
      output: options.output, frames: end - first, fps: comp.fps, durationSeconds: (end - first) / comp.fps,
      encoder: choice.encoder, encoderReason: choice.reason, warnings: resources.warnings, timings,
    };
  } catch (err) {
    await encoder?.abort();
    throw err;
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

/**
 * Frames queued to ffmpeg before drawing waits: drawing runs ahead while ffmpeg reads
 * and converts earlier frames. Each costs one frame of memory (8 MB at 1080p).
 * Chosen by measurement (bench/README.md).
 */
export const FRAMES_IN_FLIGHT = Number(process.env.FRAMESMITH_FRAMES_IN_FLIGHT ?? 2);

/**
 * Draws frames [first, end) and feeds them to the encoder, keeping up to
 * {@link FRAMES_IN_FLIGHT} writes queued so drawing overlaps ffmpeg's work.
 */
async function pumpFrames(
  comp: Composition,
  resources: Awaited<ReturnType<typeof prepareNodeResources>>,
  encoder: VideoEncoder,
  first: number,
  end: number,
  signal: AbortSignal | undefined,
  onFrame: () => void,
): Promise<FrameTimings> {
  const canvas = createCanvas(comp.width, comp.height);
  const ctx = canvas.getContext('2d') as unknown as Canvas2D & { lang?: string };
  ctx.lang = 'en';
  const drawer = createFrameDrawer(comp, resources);
  const timings: FrameTimings = { drawMs: 0, readbackMs: 0, pipeWaitMs: 0, totalMs: 0 };
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  const settleOldest = async () => {
    const t = performance.now();
    await inFlight.shift();
    timings.pipeWaitMs += performance.now() - t;
    onFrame();
  };
  for (let n = first; n < end; n++) {
    if (signal?.aborted) throw cancelledError();
    const t0 = performance.now();
    drawer.drawFrame(ctx, n);
    const t1 = performance.now();
    // data() flushes Skia's deferred drawing and copies the premultiplied pixels out.
    const pixels = canvas.data();
    timings.drawMs += t1 - t0;
    timings.readbackMs += performance.now() - t1;
    const write = encoder.writeFrame(pixels);
    // A rejected write is re-thrown when awaited; keep Node from flagging it as unhandled meanwhile.
    write.catch(() => undefined);
    inFlight.push(write);
    if (inFlight.length >= Math.max(1, FRAMES_IN_FLIGHT)) await settleOldest();
    // One event-loop turn per frame: @napi-rs/canvas frees the buffers data() returned in
    // finalizers that run only then. Without it every frame lands on fresh, cold pages:
    // readback triples and memory grows by a frame per frame (bench/README.md).
    await nextTurn();
  }
  while (inFlight.length > 0) await settleOldest();
  timings.totalMs = performance.now() - started;
  return timings;
}
