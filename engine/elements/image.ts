/** `image`, and the image-backed `svg` and `icon`: a decoded picture fitted into the box (and the factory `video` shares). */
import type { VisualStyle } from '../model/composition.js';
import type { Canvas2D, ImageLike } from '../draw/canvas2d.js';
import { boxPath } from '../draw/paint.js';
import { defineElement, fitIntrinsic, type Box } from './define-element.js';

/** How a picture fills its box. */
export type ObjectFit = 'fill' | 'cover' | 'contain';

/** Default objectFit when the style names none (docs/decisions.md). */
export const DEFAULT_OBJECT_FIT = 'cover';

/** Source and destination rectangles that fit `image` into `box`. */
export function fitRects(
  image: { width: number; height: number },
  box: Box,
  fit: ObjectFit,
): { sx: number; sy: number; sw: number; sh: number; dx: number; dy: number; dw: number; dh: number } {
  const iw = image.width;
  const ih = image.height;
  if (fit === 'fill' || iw === 0 || ih === 0) return { sx: 0, sy: 0, sw: iw, sh: ih, dx: 0, dy: 0, dw: box.width, dh: box.height };
  const scale = fit === 'cover' ? Math.max(box.width / iw, box.height / ih) : Math.min(box.width / iw, box.height / ih);
  if (fit === 'contain') {
    const dw = iw * scale;
    const dh = ih * scale;
    return { sx: 0, sy: 0, sw: iw, sh: ih, dx: (box.width - dw) / 2, dy: (box.height - dh) / 2, dw, dh };
  }
  const sw = box.width / scale;
  const sh = box.height / scale;
  return { sx: (iw - sw) / 2, sy: (ih - sh) / 2, sw, sh, dx: 0, dy: 0, dw: box.width, dh: box.height };
}

/** Draws `image` fitted into the box, clipped to rounded corners when asked. */
export function drawFitted(
  ctx: Canvas2D,
  image: ImageLike,
  box: Box,
  fit: ObjectFit,
  radii: [number, number, number, number] | undefined,
): void {
  if (radii && radii.some((r) => r > 0)) {
    boxPath(ctx, box.width, box.height, radii);
    ctx.clip();
  }
  const r = fitRects(image, box, fit);
  ctx.drawImage(image, r.sx, r.sy, r.sw, r.sh, r.dx, r.dy, r.dw, r.dh);
}

/** Element types that draw one decoded picture from the host, fitted into the box. */
export type PictureKind = 'image' | 'svg' | 'icon' | 'video';

/**
 * A picture element: measured by the picture's intrinsic size (or `fallbackSize` square when
 * there is none, or it has no width), drawn fitted by `fit` and clipped to the rounded corners.
 */
export function pictureElement<K extends PictureKind>(
  kind: K,
  fit: (style: VisualStyle) => ObjectFit,
  fallbackSize?: number,
) {
  return defineElement({
    kind,
    clipsToRadius: true,
    measure({ layer, resources }, fixed) {
      const image = resources.imageFor(layer.pointer);
      const intrinsic = image && (fallbackSize === undefined || image.width > 0)
        ? { width: image.width, height: image.height }
        : { width: fallbackSize ?? 0, height: fallbackSize ?? 0 };
      return fitIntrinsic(fixed, intrinsic);
    },
    draw({ ctx, layer, state, resources }, box) {
      const image = resources.imageFor(layer.pointer);
      if (image) drawFitted(ctx, image, box, fit(state.style), state.style.borderRadius);
    },
  });
}

export const imageElement = pictureElement('image', (style) => style.objectFit ?? DEFAULT_OBJECT_FIT);

/** SVG and icons keep their proportions inside the box. */
const vectorElement = <K extends 'svg' | 'icon'>(kind: K, fallbackSize: number) =>
  pictureElement(kind, (style) => style.objectFit ?? 'contain', fallbackSize);

export const svgElement = vectorElement('svg', 100);
/** Icons without a size are 64 px square. */
export const ICON_DEFAULT_SIZE = 64;
export const iconElement = vectorElement('icon', ICON_DEFAULT_SIZE);
