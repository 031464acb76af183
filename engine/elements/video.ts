/**
 * `video`: the current decoded frame of the clip, fed in by the host before each frame is
 * drawn (Node: engine/render/video-feeder.ts), fitted into the box. The decoder already
 * applied objectFit at the box size, so drawing fills the box.
 */
import { defineElement, fitIntrinsic } from './define-element.js';
import { drawFitted } from './image.js';

export const videoElement = defineElement({
  kind: 'video',
  clipsToRadius: true,
  measure({ layer, resources }, fixed) {
    const frame = resources.imageFor(layer.pointer);
    return fitIntrinsic(fixed, frame ? { width: frame.width, height: frame.height } : { width: 0, height: 0 });
  },
  draw({ ctx, layer, state, resources }, box) {
    const frame = resources.imageFor(layer.pointer);
    if (frame) drawFitted(ctx, frame, box, 'fill', state.style.borderRadius);
  },
});
