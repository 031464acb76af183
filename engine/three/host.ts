/**
 * What the `three` element needs from its host besides the ordinary {@link DrawResources}: a
 * place to put the rendered pixels that `drawImage` can then draw. Node implements it with a
 * Skia canvas (engine/render/node-resources.ts); a browser host with a `<canvas>` or an
 * `OffscreenCanvas` and `ImageData` (docs/three.md). Browser-safe: types only.
 */
import type { DrawResources, ImageLike } from '../draw/canvas2d.js';

/** A pixel buffer bound to a drawable image of the same size. */
export interface RasterTarget {
  readonly width: number;
  readonly height: number;
  /** Straight (not premultiplied) RGBA, row-major, `width × height × 4` bytes. */
  readonly pixels: Uint8ClampedArray;
  /** Publishes `pixels` to the image and returns it, ready for `drawImage`. */
  commit(): ImageLike;
}

/** The optional host capability the `three` element draws through. */
export interface RasterHost {
  /** A target of the given size for `key` (a layer pointer); reused while the size stays the same. */
  rasterTarget(key: string, width: number, height: number): RasterTarget;
}

/** Whether the host can take rendered pixels. */
export function isRasterHost(resources: DrawResources): resources is DrawResources & RasterHost {
  return typeof (resources as Partial<RasterHost>).rasterTarget === 'function';
}
