/**
 * `video`: the current decoded frame of the clip, fed in by the host before each frame is
 * drawn (Node: engine/render/video-feeder.ts), fitted into the box. The decoder already
 * applied objectFit at the box size, so drawing fills the box.
 */
import { pictureElement } from './image.js';

export const videoElement = pictureElement('video', () => 'fill');
