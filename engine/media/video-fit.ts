/**
 * Where a video frame goes inside the box it is decoded at. The renderer lets ffmpeg scale
 * (video-decoder.ts `videoFilterChain`); the browser preview draws the `<video>` with these
 * rectangles, which follow the same arithmetic. Browser-safe.
 */
import type { Composition, Layer } from '../model/composition.js';
import { resolveLength } from '../timeline/evaluate-layer.js';

export type VideoFit = 'fill' | 'cover' | 'contain';

/** The box a video is decoded at: the transform's size (one side from the media's aspect), else the media's size. */
export function videoDecodeSize(layer: Layer, comp: Composition, media: { width: number; height: number }, sx = 1, sy = 1): { width: number; height: number } {
  const w = resolveLength(layer.transform.width, comp.width);
  const h = resolveLength(layer.transform.height, comp.height);
  const aspect = media.height > 0 ? media.width / media.height : 1;
  const width = w ?? (h !== undefined ? h * aspect : media.width);
  const height = h ?? (w !== undefined ? w / aspect : media.height);
  return { width: Math.max(2, Math.round(width * sx)), height: Math.max(2, Math.round(height * sy)) };
}

/**
 * The rectangle, in a W×H box, that a frame of display size `media` is scaled into: `fill`
 * stretches; `cover` scales up to cover (ceil) and is cut to the box around its centre;
 * `contain` scales to fit (round) and is centred between transparent bars.
 */
export function videoFitRect(fit: VideoFit, W: number, H: number, media: { width: number; height: number }): { x: number; y: number; width: number; height: number } {
  const dar = media.height > 0 ? media.width / media.height : 1;
  if (fit === 'fill') return { x: 0, y: 0, width: W, height: H };
  if (fit === 'cover') {
    const wide = W / H > dar;
    const width = wide ? W : Math.ceil(H * dar);
    const height = wide ? Math.ceil(W / dar) : H;
    return { x: -Math.floor((width - W) / 2), y: -Math.floor((height - H) / 2), width, height };
  }
  const wide = W / H > dar;
  const width = wide ? Math.max(1, Math.round(H * dar)) : W;
  const height = wide ? H : Math.max(1, Math.round(W / dar));
  return { x: Math.floor((W - width) / 2), y: Math.floor((H - height) / 2), width, height };
}
