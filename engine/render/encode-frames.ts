/**
 * The frame pump: draws frames [first, end) of a composition, reads the pixels back and
 * feeds them to one ffmpeg. Shared by single renders and by every segment worker.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createCanvas } from '@napi-rs/canvas';
import type { Composition } from '../model/composition.js';
import type { Canvas2D, DrawResources } from '../draw/canvas2d.js';
import { createFrameDrawer } from '../draw/draw-frame.js';
import { startVideoEncoder } from '../encode/ffmpeg-process.js';
import { cancelledError } from '../errors.js';
import type { VideoFeeder } from './video-feeder.js';

/** Where wall time went, summed over frames (milliseconds). */
export interface FrameTimings {
  drawMs: number;
  readbackMs: number;
  /** Time spent waiting for ffmpeg to take frames (back-pressure). */
  pipeWaitMs: number;
  totalMs: number;
}

/**
 * Frames queued to ffmpeg before drawing waits: drawing runs ahead while ffmpeg reads
 * and converts earlier frames. Each costs one frame of memory (8 MB at 1080p).
 * Chosen by measurement (bench/README.md).
 */
export const FRAMES_IN_FLIGHT = 2;

export interface EncodeFramesOptions {
  composition: Composition;
  resources: DrawResources;
  /** Frames [first, end) of the timeline. */
  range: [number, number];
  /** Encoded size; the drawing is scaled to it. */
  width: number;
  height: number;
  /** `straight` un-premultiplies alpha (transparent outputs); `premultiplied` is Skia's own, cheaper. */
  alpha: 'premultiplied' | 'straight';
  ffmpegPath: string;
  args: string[];
  signal?: AbortSignal;
  onFrame?: () => void;
  /** Decodes video frames before each frame is drawn, when the composition has video. */
  feeder?: VideoFeeder;
  /** Told the ffmpeg pid once it runs (for cleanup across process boundaries). */
  onEncoderPid?: (pid: number | undefined) => void;
}

function straightPixels(data: Uint8ClampedArray): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}


/** Draws, reads back and encodes the range. ffmpeg has exited (or been killed) when this settles. */
export async function encodeFrames(o: EncodeFramesOptions): Promise<FrameTimings> {
  const comp = o.composition;
  const encoder = startVideoEncoder({ ffmpegPath: o.ffmpegPath, args: o.args, signal: o.signal, frameBytes: o.width * o.height * 4 });
  o.onEncoderPid?.(encoder.pid);
  const canvas = createCanvas(o.width, o.height);
  const skia = canvas.getContext('2d');
  skia.lang = 'en';
  const ctx = skia as unknown as Canvas2D;
  const drawer = createFrameDrawer(comp, o.resources);
  const sx = o.width / comp.width;
  const sy = o.height / comp.height;
  const timings: FrameTimings = { drawMs: 0, readbackMs: 0, pipeWaitMs: 0, totalMs: 0 };
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  const settleOldest = async () => {
    const t = performance.now();
    await inFlight.shift();
    timings.pipeWaitMs += performance.now() - t;
    o.onFrame?.();
  };
  try {
    for (let n = o.range[0]; n < o.range[1]; n++) {
      if (o.signal?.aborted) throw cancelledError();
      await o.feeder?.prepare(n);
      const t0 = performance.now();
      ctx.setTransform(sx, 0, 0, sy, 0, 0);
      ctx.clearRect(0, 0, comp.width, comp.height);
      drawer.drawFrame(ctx, n);
      const t1 = performance.now();
      // data() flushes Skia's deferred drawing and copies the premultiplied pixels out;
      // getImageData un-premultiplies, which transparent formats need.
      const pixels = o.alpha === 'premultiplied' ? canvas.data() : straightPixels(skia.getImageData(0, 0, o.width, o.height).data);
      timings.drawMs += t1 - t0;
      timings.readbackMs += performance.now() - t1;
      const write = encoder.writeFrame(pixels);
      // A rejected write is re-thrown when awaited; keep Node from flagging it as unhandled meanwhile.
      write.catch(() => undefined);
      inFlight.push(write);
      if (inFlight.length >= FRAMES_IN_FLIGHT) await settleOldest();
      // One event-loop turn per frame: @napi-rs/canvas frees the buffers data() returned in
      // finalizers that run only then. Without it every frame lands on fresh, cold pages:
      // readback triples and memory grows by a frame per frame (bench/README.md).
      await nextTurn();
    }
    while (inFlight.length > 0) await settleOldest();
    await encoder.finish();
  } catch (err) {
    await encoder.abort();
    throw err;
  }
  timings.totalMs = performance.now() - started;
  return timings;
}
