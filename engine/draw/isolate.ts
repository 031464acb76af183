/**
 * Drawing a layer in isolation: onto an offscreen surface of the output's device size first,
 * where pixel effects, colour fades, distortions, transition masks and the light sweep act on
 * the layer's own pixels only, then onto the frame with the layer's opacity, blend mode and drop
 * shadow (so the shadow follows what is left after crops, rounded corners and masks).
 * Browser-safe.
 *
 * Layers nested in containers (layout and group children) are isolated too, each depth on its
 * own surface (DrawResources.surface), composited into its parent's surface or the frame.
 */
import type { Layer } from '../model/composition.js';
import type { EvaluationFrame, LayerState } from '../timeline/evaluate-layer.js';
import type { WindowFx } from '../timeline/window-transition.js';
import type { Box, ElementDefinition, ElementKind } from '../elements/define-element.js';
import type { Canvas2D, DrawResources } from './canvas2d.js';
import { applyEffects, deviceBounds } from './effects/index.js';
import * as px from './effects/pixels.js';
import { applyShadow, hasShadow } from './paint.js';
import { drawPageFold, fillReveal } from './reveal-shapes.js';

/** What isolation needs to know about the layer's element type. */
export type IsolationTraits = Pick<ElementDefinition<ElementKind>, 'clipsToRadius' | 'framesItself'>;

/** True when the layer must be drawn through {@link drawIsolated}. */
export function needsIsolation(element: IsolationTraits, state: LayerState): boolean {
  if (state.sweep || state.windowFx.length > 0 || (state.style.effects?.length ?? 0) > 0) return true;
  const style = state.style;
  if (!hasShadow(style) || element.framesItself) return false;
  // A picture clipped by a crop, a border frame or rounded corners casts the shadow of what is left.
  const rounded = !!element.clipsToRadius && (style.borderRadius ?? []).some((r) => r > 0);
  return !!style.crop || !!style.border || rounded;
}

export interface IsolationInput {
  ctx: Canvas2D;
  /** Nesting depth: the surface used (see DrawResources.surface). */
  depth: number;
  /** Output size in pixels. */
  device: { width: number; height: number };
  layer: Layer;
  /** The layer's element type. */
  element: IsolationTraits;
  state: LayerState;
  box: Box;
  frame: EvaluationFrame;
  frameIndex: number;
  resources: DrawResources;
  /** Draws the layer (transform, clips, element) onto `target` in `state`. */
  drawBody(target: Canvas2D, state: LayerState): void;
  /** Applies the layer's transform (box coordinates → the current ones) to `target`. */
  applyTransform(target: Canvas2D): void;
}

function applyWindowFx(s: Canvas2D, fx: WindowFx, base: DOMMatrix, surface: { width: number; height: number }): void {
  s.save();
  s.setTransform(base);
  switch (fx.kind) {
    case 'color':
      s.globalCompositeOperation = 'source-atop';
      s.globalAlpha = Math.min(1, fx.amount);
      s.fillStyle = fx.color;
      s.fillRect(-1e5, -1e5, 2e5, 2e5);
      break;
    case 'distort': {
      const d = deviceBounds(base, fx.region, surface);
      if (d.width <= 0 || d.height <= 0) break;
      const image = s.getImageData(d.x, d.y, d.width, d.height);
      const buf = { data: image.data, width: image.width, height: image.height };
      if (fx.distortion === 'swirl') px.swirl(buf, fx.amount);
      else if (fx.distortion === 'ripple') px.ripple(buf, fx.amount);
      else if (fx.distortion === 'wave') px.wave(buf, fx.amount * 0.03 * buf.width, 3, fx.amount);
      else px.glitch(buf, fx.amount, Math.round(fx.amount * 37));
      s.putImageData(image, d.x, d.y);
      break;
    }
    case 'mask':
      if (fx.shape.kind === 'page') drawPageFold(s, fx.region, fx.progress, !fx.invert);
      s.globalCompositeOperation = fx.invert ? 'destination-out' : 'destination-in';
      s.globalAlpha = 1;
      fillReveal(s, fx.shape, fx.region, fx.progress);
      break;
  }
  s.restore();
}

/** A bright diagonal band swept across the layer's own pixels (source-atop, in box coordinates). */
function drawSweep(s: Canvas2D, box: Box, sweep: { progress: number; intensity: number }): void {
  const span = box.width + box.height;
  const centre = -box.height + span * sweep.progress * 1.2;
  const band = Math.max(box.width, box.height) * 0.25;
  const gradient = s.createLinearGradient(centre - band, 0, centre + band, box.height);
  gradient.addColorStop(0, 'rgba(255,255,255,0)');
  gradient.addColorStop(0.5, `rgba(255,255,255,${Math.max(0, Math.min(1, sweep.intensity))})`);
  gradient.addColorStop(1, 'rgba(255,255,255,0)');
  s.globalCompositeOperation = 'source-atop';
  s.globalAlpha = 1;
  s.filter = 'none';
  s.shadowColor = 'transparent';
  s.fillStyle = gradient;
  s.fillRect(0, 0, box.width, box.height);
}

/** Draws the layer through the offscreen surface (see the module comment). */
export function drawIsolated(input: IsolationInput): void {
  const { ctx, layer, state, box, frame, resources } = input;
  const base = ctx.getTransform();
  // Device space: the surface covers the output, whatever containers the layer is drawn in.
  const size = input.device;
  const surface = resources.surface(size.width, size.height, input.depth);
  const s = surface.ctx;
  const style = state.style;
  // Pictures cast their shadow when composited; text keeps its glyph shadow in the body.
  const shadowLater = !input.element.framesItself;
  const bodyStyle = { ...style, compositeOperation: undefined };
  if (shadowLater) Object.assign(bodyStyle, { shadowColor: undefined, shadowBlur: undefined, shadowOffset: undefined });
  s.save();
  s.setTransform(base);
  input.drawBody(s, { ...state, opacity: 1, windowFx: [], sweep: undefined, style: bodyStyle });
  s.restore();

  s.save();
  s.setTransform(base);
  input.applyTransform(s);
  const boxMatrix = s.getTransform();
  s.restore();
  if (style.effects && style.effects.length > 0) {
    applyEffects(s, style.effects, {
      boxMatrix,
      box,
      region: deviceBounds(boxMatrix, box, size),
      frameIndex: input.frameIndex,
      timeSeconds: (input.frameIndex - layer.startFrame) / frame.fps,
    });
  }
  for (const fx of state.windowFx) applyWindowFx(s, fx, base, size);
  if (state.sweep) {
    // The band lights only the layer's own pixels, after its effects and masks.
    s.save();
    s.setTransform(boxMatrix);
    drawSweep(s, box, state.sweep);
    s.restore();
  }

  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.globalAlpha = state.opacity;
  if (style.compositeOperation) ctx.globalCompositeOperation = style.compositeOperation as GlobalCompositeOperation;
  if (shadowLater) applyShadow(ctx, style);
  ctx.drawImage(surface.image, 0, 0, size.width, size.height, 0, 0, size.width, size.height);
  ctx.restore();
}
