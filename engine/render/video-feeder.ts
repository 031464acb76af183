/**
 * Feeds decoded video frames to the drawing: one streaming decoder per video layer (and
 * per segment), opened at the layer's first frame in the range, advanced exactly once per
 * timeline frame, closed when the layer ends. When the media runs out before the clip
 * does, the last frame stays on screen (docs/media.md).
 */
import { createCanvas, type Canvas, type ImageData as SkiaImageData, type SKRSContext2D } from '@napi-rs/canvas';
import type { Composition, ElementSpec, Layer } from '../model/composition.js';
import type { ImageLike } from '../draw/canvas2d.js';
import { flattenLayers } from '../elements/layout.js';
import { videoDecodeSize } from '../media/video-fit.js';
import { resolveMediaFile } from '../assets/read-media.js';
import { openVideoFrames, probeVideo, type VideoFrameSource } from '../media/video-decoder.js';
import type { NodeResources } from './node-resources.js';

type VideoSpec = Extract<ElementSpec, { kind: 'video' }>;

export interface VideoFeeder {
  /** Decodes the frame every visible video layer shows at `frameIndex` (call in order). */
  prepare(frameIndex: number): Promise<void>;
  /** Stops every decoder. Idempotent. */
  close(): Promise<void>;
}

export interface VideoFeederOptions {
  composition: Composition;
  resources: NodeResources;
  range: [number, number];
  /** Output size over composition size (resolution tiers): frames are decoded at the drawn size. */
  scaleX: number;
  scaleY: number;
  ffmpegPath: string;
  ffprobePath: string;
  /** Already resolved and probed (the render's pre-flight); absent: done here. */
  sources?: VideoSources;
  signal?: AbortSignal;
}

interface Track {
  layer: Layer;
  spec: VideoSpec;
  file: string;
  width: number;
  height: number;
  decoder?: VideoFrameSource;
  done: boolean;
  /** Seconds of media in the file (ffprobe). */
  mediaSeconds: number;
  /** A frame of this layer has been drawn in this feeder. */
  shown: boolean;
  canvas: Canvas;
  ctx: SKRSContext2D;
  image: SkiaImageData;
}

/** A video source resolved to a local file and probed, by source URI. Serialisable (segment jobs carry it). */
export type VideoSources = Record<string, { file: string; width: number; height: number; durationSeconds: number }>;

/**
 * Resolves (fetching remote ones) and probes every distinct video source of the layers in
 * `range`, once each: the render's pre-flight, so a missing or broken video fails before any
 * worker starts, and no worker probes again.
 */
export async function probeVideoSources(
  comp: Composition, range: [number, number], o: { ffprobePath: string; signal?: AbortSignal },
): Promise<VideoSources> {
  const sources: VideoSources = {};
  for (const layer of videoLayers(comp, range)) {
    const { source } = layer.element as VideoSpec;
    if (sources[source.uri]) continue;
    const file = await resolveMediaFile(source, { signal: o.signal });
    const { width, height, durationSeconds } = await probeVideo(o.ffprobePath, file, { signal: o.signal });
    sources[source.uri] = { file, width, height, durationSeconds };
  }
  return sources;
}

function videoLayers(comp: Composition, range: [number, number]): Layer[] {
  return flattenLayers(comp.layers).filter((l) => l.element.kind === 'video' && l.endFrame > range[0] && l.startFrame < range[1]);
}

/** Opens nothing yet: decoders start lazily at each layer's first frame. Undefined when there is no video. */
export async function createVideoFeeder(o: VideoFeederOptions): Promise<VideoFeeder | undefined> {
  const layers = videoLayers(o.composition, o.range);
  if (layers.length === 0) return undefined;
  const sources = o.sources ?? await probeVideoSources(o.composition, o.range, o);
  const tracks: Track[] = [];
  for (const layer of layers) {
    const spec = layer.element as VideoSpec;
    const media = sources[spec.source.uri]!;
    const file = media.file;
    const size = videoDecodeSize(layer, o.composition, media, o.scaleX, o.scaleY);
    const canvas = createCanvas(size.width, size.height);
    const ctx = canvas.getContext('2d');
    tracks.push({
      layer, spec, file, ...size, done: false, mediaSeconds: media.durationSeconds, shown: false, canvas, ctx, image: ctx.createImageData(size.width, size.height),
    });
  }
  const open = (t: Track, firstFrame: number) => openVideoFrames({
    ffmpegPath: o.ffmpegPath, file: t.file, fps: o.composition.fps, width: t.width, height: t.height,
    trimStartSeconds: t.spec.trimStartSeconds, trimEndSeconds: t.spec.trimEndSeconds, playbackRate: t.spec.playbackRate,
    firstFrame, fit: t.layer.style.objectFit ?? 'cover', pointer: t.spec.source.pointer,
    threads: 1, signal: o.signal,
  });
  const show = (t: Track, frame: Uint8Array) => {
    t.image.data.set(frame);
    t.ctx.putImageData(t.image, 0, 0);
    o.resources.setImage(t.layer.pointer, t.canvas as unknown as ImageLike);
    t.shown = true;
  };
  /**
   * A feeder that starts after the media (or its trim) has run out has no last frame to keep:
   * it decodes the frame a feeder started earlier would be holding, the one of the last clip
   * frame k whose source time T(k) is still inside the media. So every segment of a render
   * draws the same held frame.
   */
  const showHeld = async (t: Track) => {
    const { trimStartSeconds: trim, playbackRate: rate } = t.spec;
    const end = Math.min(t.spec.trimEndSeconds ?? Infinity, t.mediaSeconds);
    if (!(end > trim)) return;
    const lastK = Math.max(0, Math.ceil(((end - trim) * o.composition.fps) / rate) - 1);
    const decoder = await open(t, lastK);
    try {
      const frame = await decoder.next();
      if (frame) show(t, frame);
    } finally {
      await decoder.close();
    }
  };
  const closeTrack = async (t: Track) => {
    t.done = true;
    await t.decoder?.close();
    t.decoder = undefined;
  };
  return {
    async prepare(n) {
      for (const t of tracks) {
        if (t.done || n < t.layer.startFrame) continue;
        if (n >= t.layer.endFrame) {
          await closeTrack(t);
          continue;
        }
        t.decoder ??= await open(t, n - t.layer.startFrame);
        const frame = await t.decoder.next();
        if (frame) show(t, frame);
        else if (!t.shown) await showHeld(t); // media ran out before this feeder began
        // else: media ran out, the last frame stays
      }
    },
    async close() {
      await Promise.all(tracks.map(closeTrack));
    },
  };
}
