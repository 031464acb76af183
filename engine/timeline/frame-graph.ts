/**
 * The frame graph: for frame n, the ordered visible layers with their evaluated state.
 */
import type { Composition, Layer } from '../model/composition.js';
import { evaluateLayer, type LayerState } from './evaluate-layer.js';

export interface FrameLayer {
  layer: Layer;
  state: LayerState;
}

/**
 * Stacking order: zIndex, then start frame, then document order; later draws on top.
 * Returns a new sorted array; computed once per composition.
 */
export function stackingOrder(layers: readonly Layer[]): Layer[] {
  return [...layers].sort(
    (a, b) => a.zIndex - b.zIndex || a.startFrame - b.startFrame || a.documentOrder - b.documentOrder,
  );
}

/** Layers visible at `frameIndex` (start ≤ n < end), bottom first, each evaluated. */
export function layersAtFrame(comp: Composition, sortedLayers: readonly Layer[], frameIndex: number): FrameLayer[] {
  const out: FrameLayer[] = [];
  const frame = { width: comp.width, height: comp.height, fps: comp.fps };
  for (const layer of sortedLayers) {
    if (frameIndex < layer.startFrame || frameIndex >= layer.endFrame) continue;
    if (layer.element.kind === 'unsupported') continue;
    const state = evaluateLayer(layer, frameIndex, frame);
    if (state.opacity <= 0) continue;
    out.push({ layer, state });
  }
  return out;
}
