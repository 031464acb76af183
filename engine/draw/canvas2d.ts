/**
 * The small Canvas2D surface the drawing code uses. It is a subset of the DOM's
 * CanvasRenderingContext2D, so the same drawing code runs on @napi-rs/canvas (Skia)
 * in Node and on a `<canvas>` in the browser preview.
 */
export type Canvas2D = Pick<
  CanvasRenderingContext2D,
  | 'save' | 'restore' | 'translate' | 'rotate' | 'scale' | 'transform' | 'setTransform' | 'resetTransform'
  | 'globalAlpha' | 'globalCompositeOperation' | 'filter'
  | 'fillStyle' | 'strokeStyle' | 'lineWidth' | 'lineCap' | 'lineJoin' | 'miterLimit'
  | 'shadowColor' | 'shadowBlur' | 'shadowOffsetX' | 'shadowOffsetY'
  | 'font' | 'textAlign' | 'textBaseline' | 'letterSpacing' | 'measureText' | 'fillText' | 'strokeText'
  | 'beginPath' | 'closePath' | 'moveTo' | 'lineTo' | 'arc' | 'arcTo' | 'rect' | 'roundRect' | 'ellipse'
  | 'bezierCurveTo' | 'quadraticCurveTo' | 'fill' | 'stroke' | 'clip' | 'fillRect' | 'clearRect'
  | 'drawImage' | 'createLinearGradient' | 'createRadialGradient' | 'createConicGradient'
  | 'getTransform' | 'getImageData' | 'putImageData' | 'createImageData'
>;

/** Anything `drawImage` accepts, with its natural size. */
export type ImageLike = CanvasImageSource & { width: number; height: number };

/** An offscreen surface for effects that need isolation (light sweep, pixel effects, masked transitions). */
export interface Surface {
  image: ImageLike;
  ctx: Canvas2D;
}

/**
 * What drawing needs from its host: decoded media, fonts, offscreen surfaces.
 * Built once per composition by the Node renderer or the browser player.
 */
export interface DrawResources {
  /** A decoded image (bitmap, rasterised SVG or icon) for a layer, by its JSON pointer. */
  imageFor(layerId: string): ImageLike | undefined;
  /** The registered family that draws text asked for `requested`. */
  fontFamily(requested: string | undefined): string;
  /** The bundled monospace family. */
  monospaceFamily: string;
  /**
   * A cleared offscreen surface of the given size, one per nesting `depth` (0: a top-level
   * layer; a layer drawn inside an isolated one uses the next depth, so its surface is not its
   * parent's). Reused between calls at the same depth.
   */
  surface(width: number, height: number, depth?: number): Surface;
}
