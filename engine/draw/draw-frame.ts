/**
 * Draws one frame: background, then every visible layer bottom to top. Browser-safe:
 * it only touches the {@link Canvas2D} interface and the {@link DrawResources} it is given.
 */
import type { Composition, Layer } from '../model/composition.js';
import { elementDefinition } from '../elements/index.js';
import type { Box, ElementInput } from '../elements/define-element.js';
import type { EvaluationFrame, LayerState, Reveal } from '../timeline/evaluate-layer.js';
import { layersAtFrame, stackingOrder } from '../timeline/frame-graph.js';
import type { Canvas2D, DrawResources } from './canvas2d.js';
import { applyShadow, boxPath, cssFilter, fillStyleOf, strokeInnerBorder } from './paint.js';
import { drawIsolated, needsIsolation } from './isolate.js';

const DEG = Math.PI / 180;

/** A composition ready to draw: its layers sorted once. */
export interface FrameDrawer {
  composition: Composition;
  /** Draws frame `frameIndex` onto `ctx` (a canvas of the composition's size). */
  drawFrame(ctx: Canvas2D, frameIndex: number): void;
}

function applyLayerTransform(ctx: Canvas2D, state: LayerState, box: Box, placement: 'box' | 'origin'): void {
  ctx.translate(state.x, state.y);
  if (state.rotationDegrees !== 0) ctx.rotate(state.rotationDegrees * DEG);
  if (state.rotationXDegrees !== 0 || state.rotationYDegrees !== 0) {
    // Tilts about the anchor, projected orthographically: the plane's x and y axes as seen after
    // rotating about x, then y.
    const cx = Math.cos(state.rotationXDegrees * DEG), sx = Math.sin(state.rotationXDegrees * DEG);
    const cy = Math.cos(state.rotationYDegrees * DEG), sy = Math.sin(state.rotationYDegrees * DEG);
    ctx.transform(cy, 0, sy * sx, cx, 0, 0);
  }
  if (state.skewXDegrees !== 0 || state.skewYDegrees !== 0) {
    ctx.transform(1, Math.tan(state.skewYDegrees * DEG), Math.tan(state.skewXDegrees * DEG), 1, 0, 0);
  }
  if (state.scaleX !== 1 || state.scaleY !== 1) ctx.scale(state.scaleX, state.scaleY);
  if (placement === 'box') {
    ctx.translate(-state.anchorX * box.width - state.anchorOffsetX, -state.anchorY * box.height - state.anchorOffsetY);
  }
}

/** The part of the box left by a crop (fractions of the box cut away at each edge). */
export function visibleRect(box: Box, crop: LayerState['style']['crop']): { x: number; y: number; width: number; height: number } {
  if (!crop) return { x: 0, y: 0, width: box.width, height: box.height };
  const x = box.width * crop.left;
  const y = box.height * crop.top;
  return { x, y, width: Math.max(0, box.width * (1 - crop.left - crop.right)), height: Math.max(0, box.height * (1 - crop.top - crop.bottom)) };
}

/**
 * Draws a picture-like element inside its visible box: cut by the crop, rounded by the radius,
 * framed by a border drawn inside the edge. (Text draws its own frame around the text block.)
 */
function drawFramed(ctx: Canvas2D, state: LayerState, draw: (s: LayerState) => void, box: Box): void {
  const style = state.style;
  const r = visibleRect(box, style.crop);
  ctx.save();
  ctx.translate(r.x, r.y);
  boxPath(ctx, r.width, r.height, style.borderRadius);
  ctx.restore();
  ctx.clip();
  draw({ ...state, style: { ...style, borderRadius: undefined } });
  if (style.border && style.border.width > 0) {
    ctx.save();
    ctx.shadowColor = 'transparent';
    ctx.filter = 'none';
    strokeInnerBorder(ctx, r, style.borderRadius, style.border);
    ctx.restore();
  }
}

function clipReveal(ctx: Canvas2D, reveal: Reveal, box: Box): void {
  ctx.beginPath();
  if (reveal.kind === 'iris') {
    const radius = (Math.hypot(box.width, box.height) / 2) * reveal.progress;
    ctx.arc(box.width / 2, box.height / 2, Math.max(0, radius), 0, Math.PI * 2);
  } else {
    const p = reveal.progress;
    // A wipe uncovers the box travelling in its direction: `right` reveals left to right.
    switch (reveal.direction) {
      case 'right': ctx.rect(0, 0, box.width * p, box.height); break;
      case 'left': ctx.rect(box.width * (1 - p), 0, box.width * p, box.height); break;
      case 'down': ctx.rect(0, 0, box.width, box.height * p); break;
      case 'up': ctx.rect(0, box.height * (1 - p), box.width, box.height * p); break;
    }
  }
  ctx.clip();
}

function applyLayerStyle(ctx: Canvas2D, state: LayerState): void {
  ctx.globalAlpha = state.opacity;
  if (state.style.compositeOperation) ctx.globalCompositeOperation = state.style.compositeOperation as GlobalCompositeOperation;
  if (state.filters.length > 0) ctx.filter = cssFilter(state.filters);
  applyShadow(ctx, state.style);
}

/** What drawing one frame carries down to every layer, nested ones included. */
interface DrawEnv {
  resources: DrawResources;
  frameIndex: number;
  /** How deep in containers (layouts, groups) the layer is: its isolation surface is the one of that depth. */
  depth: number;
  /** The device (output) size in pixels: isolation surfaces cover it. */
  device: { width: number; height: number };
}

function drawLayer(ctx: Canvas2D, layer: Layer, state: LayerState, env: DrawEnv, frame: EvaluationFrame): void {
  const definition = elementDefinition(layer.element.kind);
  if (!definition) return;
  const { resources, frameIndex } = env;
  const drawChild = (c: Canvas2D, l: Layer, s: LayerState, f: EvaluationFrame) => drawLayer(c, l, s, { ...env, depth: env.depth + 1 }, f);
  const input = {
    ctx, layer, element: layer.element, state, resources, frame, frameIndex, drawLayer: drawChild,
  } as ElementInput<typeof layer.element.kind>;
  const fixed = { width: state.width, height: state.height };
  const box = definition.measure(input, fixed);
  if (needsIsolation(definition, state)) {
    drawIsolated({
      ctx, layer, element: definition, state, box, frame, frameIndex, resources, depth: env.depth, device: env.device,
      drawBody: (c, s) => drawLayerBody(c, s, layer, definition, { ...input, ctx: c, state: s }, box),
      applyTransform: (c) => applyLayerTransform(c, state, box, layer.transform.placement),
    });
    return;
  }
  drawLayerBody(ctx, state, layer, definition, input, box);
}

function drawLayerBody(
  ctx: Canvas2D,
  state: LayerState,
  layer: Layer,
  definition: NonNullable<ReturnType<typeof elementDefinition>>,
  input: ElementInput<typeof layer.element.kind>,
  box: Box,
): void {
  ctx.save();
  applyLayerStyle(ctx, state);
  applyLayerTransform(ctx, state, box, layer.transform.placement);
  for (const reveal of state.reveals) clipReveal(ctx, reveal, box);
  const style = state.style;
  if (style.clipToBox) {
    ctx.beginPath();
    ctx.rect(0, 0, box.width, box.height);
    ctx.clip();
  }
  if (!definition.framesItself && (style.crop || style.border)) {
    drawFramed(ctx, state, (s) => definition.draw({ ...input, ctx, state: s }, box), box);
  } else {
    definition.draw({ ...input, ctx }, box);
  }
  ctx.restore();
}

/** Paints the composition background (or clears for transparency). */
export function drawBackground(ctx: Canvas2D, comp: Composition): void {
  if (!comp.background) {
    ctx.clearRect(0, 0, comp.width, comp.height);
    return;
  }
  ctx.fillStyle = fillStyleOf(ctx, comp.background, 0, 0, comp.width, comp.height);
  ctx.fillRect(0, 0, comp.width, comp.height);
}

/** Prepares a composition for drawing frame after frame. */
export function createFrameDrawer(comp: Composition, resources: DrawResources): FrameDrawer {
  const sorted = stackingOrder(comp.layers);
  const frame: EvaluationFrame = { width: comp.width, height: comp.height, fps: comp.fps };
  return {
    composition: comp,
    drawFrame(ctx, frameIndex) {
      ctx.save();
      drawBackground(ctx, comp);
      const m = ctx.getTransform();
      const device = { width: Math.max(1, Math.round(frame.width * m.a)), height: Math.max(1, Math.round(frame.height * m.d)) };
      const env: DrawEnv = { resources, frameIndex, depth: 0, device };
      for (const { layer, state } of layersAtFrame(comp, sorted, frameIndex)) drawLayer(ctx, layer, state, env, frame);
      ctx.restore();
    },
  };
}
