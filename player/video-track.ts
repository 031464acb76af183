/**
 * One video layer in the browser: a hidden `<video>` (muted: sound goes through sound.ts),
 * scaled into a canvas of the size the renderer decodes at, with the same fit arithmetic.
 *
 * Paused, {@link VideoTrack.seekFrame} shows the exact frame the renderer shows for timeline
 * frame n: the source frame displayed at T(k) = trimStart + k × playbackRate / fps (k = n −
 * the layer's first frame), the last one once the media runs out. Playing, the element plays
 * at the clip's rate and is pulled back when it drifts more than {@link MAX_DRIFT_SECONDS}.
 */
import type { Composition, ElementSpec, Layer } from '../engine/model/composition.js';
import { videoDecodeSize, videoFitRect } from '../engine/media/video-fit.js';
import type { Canvas2D } from '../engine/draw/canvas2d.js';
import { context2d } from './browser-resources.js';

type VideoSpec = Extract<ElementSpec, { kind: 'video' }>;

/** Playing: how far a video or sound element may drift from the timeline before it is re-seeked. */
export const MAX_DRIFT_SECONDS = 0.15;
/** Seek a little past T(k), so rounding never lands on the frame before (the renderer's tolerance: 10 µs). */
const SEEK_NUDGE_SECONDS = 1e-4;

function once(target: EventTarget, events: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const done = (name: string) => {
      for (const e of events) target.removeEventListener(e, handlers[e]!);
      clearTimeout(timer);
      resolve(name);
    };
    const handlers: Record<string, () => void> = {};
    for (const e of events) {
      handlers[e] = () => done(e);
      target.addEventListener(e, handlers[e]!);
    }
    const timer = setTimeout(() => done('timeout'), timeoutMs);
  });
}

export class VideoTrack {
  readonly video: HTMLVideoElement;
  private canvas = document.createElement('canvas');
  private ctx: Canvas2D | undefined;
  private readonly spec: VideoSpec;
  /** Settles when the first frame is decoded and the canvas sized (started by the constructor). */
  readonly ready: Promise<void>;
  private loaded = false;

  /** `setImage` hands each painted frame to the drawing resources. */
  constructor(readonly layer: Layer, private readonly comp: Composition, url: string, private readonly setImage: (pointer: string, image: HTMLCanvasElement) => void) {
    this.spec = layer.element as VideoSpec;
    const v = document.createElement('video');
    v.muted = true;
    v.playsInline = true;
    v.preload = 'auto';
    v.crossOrigin = 'anonymous';
    v.src = url;
    this.video = v;
    this.ready = this.load();
    this.ready.catch(() => undefined); // observed by whoever needs the video
  }

  /** Waits for the first frame; sizes the canvas as the renderer does. */
  private async load(): Promise<void> {
    const v = this.video;
    if (v.readyState < 2) {
      const event = await once(v, ['loadeddata', 'error'], 30_000);
      if (event !== 'loadeddata') throw new Error(`cannot play the video of ${this.layer.pointer} (${v.error?.message || event})`);
    }
    const size = videoDecodeSize(this.layer, this.comp, { width: v.videoWidth, height: v.videoHeight });
    this.canvas.width = size.width;
    this.canvas.height = size.height;
    this.ctx = context2d(this.canvas);
    this.loaded = true;
  }

  /** Whether timeline frame `n` shows this layer. */
  visibleAt(n: number): boolean {
    return n >= this.layer.startFrame && n < this.layer.endFrame;
  }

  /**
   * The source time timeline frame `n` shows: T(k) = trimStart + k × playbackRate / fps. Once
   * T(k) reaches the end of the trim (or of the media), the renderer holds the frame of the last
   * k still inside it; `held` says so.
   */
  sourceTime(n: number): { time: number; held: boolean } {
    const { trimStartSeconds: trim, playbackRate: rate } = this.spec;
    const fps = this.comp.fps;
    const k = Math.max(0, n - this.layer.startFrame);
    const end = Math.min(this.spec.trimEndSeconds ?? Infinity, Number.isFinite(this.video.duration) ? this.video.duration : Infinity);
    const t = trim + (k * rate) / fps;
    if (t < end) return { time: t + SEEK_NUDGE_SECONDS, held: false };
    const lastK = Math.max(0, Math.ceil(((end - trim) * fps) / rate) - 1);
    return { time: trim + (lastK * rate) / fps + SEEK_NUDGE_SECONDS, held: true };
  }

  /** Seeks the element to `target` and waits until it shows it (a stale `seeked` of an earlier seek does not count). */
  private async seekTo(target: number): Promise<void> {
    const v = this.video;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!v.seeking && Math.abs(v.currentTime - target) <= 1e-6) return;
      if (Math.abs(v.currentTime - target) > 1e-6) v.currentTime = target;
      await once(v, ['seeked'], 10_000);
    }
  }

  /** Paused: shows exactly the frame of timeline frame `n`. */
  async seekFrame(n: number): Promise<void> {
    const v = this.video;
    if (!v.paused) v.pause();
    if (!this.visibleAt(n)) return;
    await this.ready;
    await this.seekTo(this.sourceTime(n).time);
    this.paint();
  }

  /**
   * Playing: keeps the element running in step with the timeline at `time` (frame `n`). Drift is
   * measured against the continuous source time, not the start of frame n: at a high rate or a
   * low fps one frame spans more source time than the drift allowed.
   */
  follow(n: number, time: number, playing: boolean): void {
    const v = this.video;
    if (!this.loaded) return;
    if (!playing || !this.visibleAt(n)) {
      if (!v.paused) v.pause();
      return;
    }
    const frame = this.sourceTime(n);
    if (frame.held) {
      // Past the trim: the held frame, not the frames after it.
      if (!v.paused) v.pause();
      if (Math.abs(v.currentTime - frame.time) > 1e-3 && !v.seeking) v.currentTime = frame.time;
      return;
    }
    const { trimStartSeconds, playbackRate } = this.spec;
    const at = trimStartSeconds + (time - this.layer.startFrame / this.comp.fps) * playbackRate;
    v.playbackRate = playbackRate;
    if (Math.abs(v.currentTime - at) > MAX_DRIFT_SECONDS) v.currentTime = at;
    if (v.paused) void v.play().catch(() => undefined);
  }

  pause(): void {
    if (!this.video.paused) this.video.pause();
  }

  /** Draws the element's current frame into the layer's picture. */
  paint(): void {
    const ctx = this.ctx;
    if (!ctx || this.video.readyState < 2) return;
    const W = this.canvas.width;
    const H = this.canvas.height;
    const r = videoFitRect(this.layer.style.objectFit ?? 'cover', W, H, { width: this.video.videoWidth, height: this.video.videoHeight });
    ctx.clearRect(0, 0, W, H);
    ctx.drawImage(this.video, r.x, r.y, r.width, r.height);
    this.setImage(this.layer.pointer, this.canvas);
  }

  dispose(): void {
    this.video.pause();
    this.video.removeAttribute('src');
    this.video.load();
  }
}
