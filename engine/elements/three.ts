/**
 * `three`: a 3D scene rendered in software (engine/three/) into the layer's box and drawn as an
 * image, so the layer's transform, opacity, animations and transitions act on it like on any
 * picture (`style.borderRadius` rounds its corners). The host supplies the pixel target
 * (engine/three/host.ts); without one nothing draws.
 */
import type { Canvas2D } from '../draw/canvas2d.js';
import type { ThreeElementSpec } from '../model/composition.js';
import { isRasterHost } from '../three/host.js';
import { ThreeSceneRenderer } from '../three/renderer.js';
import { defineElement, fitIntrinsic } from './define-element.js';
import { drawFitted } from './image.js';

/** Longest side of the rendered picture, px (before supersampling). */
export const MAX_THREE_RASTER_SIDE = 4096;

const renderers = new WeakMap<ThreeElementSpec, ThreeSceneRenderer>();

/** How many device pixels one unit of the current transform covers (output scale × layer scale). */
function deviceScale(ctx: Canvas2D): number {
  const m = (ctx as Canvas2D & { getTransform?: () => { a: number; b: number; c: number; d: number } }).getTransform?.();
  if (!m) return 1;
  const s = Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
  return Number.isFinite(s) && s > 0 ? Math.min(4, s) : 1;
}

/** The pixel size to render a box at: its device size, capped. */
export function rasterSize(box: { width: number; height: number }, scale: number): { width: number; height: number } {
  let w = Math.max(1, Math.round(box.width * scale));
  let h = Math.max(1, Math.round(box.height * scale));
  const over = Math.max(w, h) / MAX_THREE_RASTER_SIDE;
  if (over > 1) {
    w = Math.max(1, Math.floor(w / over));
    h = Math.max(1, Math.floor(h / over));
  }
  return { width: w, height: h };
}

export const threeElement = defineElement({
  kind: 'three',
  clipsToRadius: true,
  /** `transform.width`/`height` size the scene; missing: the reference frame's (one side: its aspect). */
  measure({ frame }, fixed) {
    return fitIntrinsic(fixed, { width: frame.width, height: frame.height });
  },
  draw({ ctx, layer, element, state, resources, frame, frameIndex }, box) {
    if (!isRasterHost(resources) || !(box.width > 0) || !(box.height > 0)) return;
    const size = rasterSize(box, deviceScale(ctx));
    const target = resources.rasterTarget(layer.pointer, size.width, size.height);
    let renderer = renderers.get(element);
    if (!renderer) {
      renderer = new ThreeSceneRenderer(element);
      renderers.set(element, renderer);
    }
    renderer.render((frameIndex - layer.startFrame) / frame.fps, size.width, size.height, target.pixels);
    drawFitted(ctx, target.commit(), box, 'fill', state.style.borderRadius);
  },
});
