/**
 * The offscreen canvases a host hands to drawing: one reusable surface (effects, sweeps, masked
 * transitions) and one raster target per 3-D layer. Shared by the Node renderer (Skia canvases)
 * and the browser player (`<canvas>` elements); only how a canvas is made differs. Browser-safe.
 */
import type { Canvas2D, DrawResources, ImageLike, Surface } from './canvas2d.js';
import type { RasterHost, RasterTarget } from '../three/host.js';

/** Makes a canvas of the given size with its 2-D context. */
export type CanvasMaker = (width: number, height: number) => { canvas: ImageLike; ctx: Canvas2D };

export function canvasHost(make: CanvasMaker): Pick<DrawResources, 'surface'> & RasterHost {
  const targets = new Map<string, RasterTarget>();
  const surfaces: Array<{ canvas: ImageLike; ctx: Canvas2D }> = [];
  return {
    rasterTarget(key, width, height): RasterTarget {
      const existing = targets.get(key);
      if (existing && existing.width === width && existing.height === height) return existing;
      const { canvas, ctx } = make(width, height);
      const data = ctx.createImageData(width, height);
      const target: RasterTarget = {
        width,
        height,
        pixels: data.data,
        commit() {
          ctx.putImageData(data, 0, 0);
          return canvas;
        },
      };
      targets.set(key, target);
      return target;
    },
    surface(width, height, depth = 0): Surface {
      let current = surfaces[depth];
      if (!current || current.canvas.width !== width || current.canvas.height !== height) current = surfaces[depth] = make(width, height);
      current.ctx.clearRect(0, 0, width, height);
      return { image: current.canvas, ctx: current.ctx };
    },
  };
}
