/**
 * Geometry, compositing, border, shadow and crop of Framelane video, image and text elements
 * (digest §3.3) as a neutral transform and style. Units: docs/framelane.md.
 */
import type { FlTextElement, FlVisualElement } from '../../../schema/framelane/index.js';
import type { CanvasRect, EdgeFractions, LayerTransform, Length, VisualStyle } from '../../model/composition.js';
import { angleDegrees, COMPOSITE_OF, dimension, dimensionPx, scaleFactor } from './units.js';

/** The canvas the element is placed on. */
export interface Canvas {
  width: number;
  height: number;
}

/** Default `shadow_color` when only blur or offsets are given. */
export const DEFAULT_SHADOW_COLOR = '#00000080';
/** Default `border_color` when only `border_width` is given. */
export const DEFAULT_BORDER_COLOR = '#000000';

/** Width and height: fixed sizes, one side from `aspect_ratio`, or (media) the source's own aspect. */
function sizeOf(element: FlVisualElement): { width?: Length; height?: Length } {
  const width = dimension(element.width);
  const height = dimension(element.height);
  if (element.type === 'text') return { width, height };
  if (width === undefined && height === undefined) return { width: { fraction: 1 }, height: { fraction: 1 } };
  return { width, height };
}

/** An anchor: a percentage is a fraction of the box, px an offset from its left (top) edge. */
function anchorOf(value: number | string | undefined): { fraction: number; px: number } {
  const length = dimension(value ?? '50%')!;
  return 'px' in length ? { fraction: 0, px: length.px } : { fraction: length.fraction, px: 0 };
}

/** The element's transform; `aspect_ratio` turns one given side into both when the canvas resolves it. */
export function transformOf(element: FlVisualElement, canvas: Canvas): LayerTransform {
  let { width, height } = sizeOf(element);
  const aspect = element.aspect_ratio;
  if (aspect !== undefined && (width === undefined) !== (height === undefined)) {
    if (width !== undefined) height = { px: ('px' in width ? width.px : width.fraction * canvas.width) / aspect };
    else if (height !== undefined) width = { px: ('px' in height ? height.px : height.fraction * canvas.height) * aspect };
  }
  const ax = anchorOf(element.x_anchor);
  const ay = anchorOf(element.y_anchor);
  const out: LayerTransform = {
    x: dimension(element.x) ?? { fraction: 0.5 },
    y: dimension(element.y) ?? { fraction: 0.5 },
    width,
    height,
    anchorX: ax.fraction,
    anchorY: ay.fraction,
    scaleX: scaleFactor(element.x_scale) * (element.flip_horizontal ? -1 : 1),
    scaleY: scaleFactor(element.y_scale) * (element.flip_vertical ? -1 : 1),
    rotationDegrees: angleDegrees(element.z_rotation),
    skewXDegrees: 0,
    skewYDegrees: 0,
    placement: 'box',
  };
  const rx = angleDegrees(element.x_rotation);
  const ry = angleDegrees(element.y_rotation);
  if (rx !== 0) out.rotationXDegrees = rx;
  if (ry !== 0) out.rotationYDegrees = ry;
  if (ax.px !== 0) out.anchorOffsetXPx = ax.px;
  if (ay.px !== 0) out.anchorOffsetYPx = ay.px;
  return out;
}

/** The element's box on the canvas before rotation and scale, when its size does not depend on its content. */
export function declaredBox(element: FlVisualElement, transform: LayerTransform, canvas: Canvas): CanvasRect | undefined {
  const px = (length: Length | undefined, reference: number) =>
    length === undefined ? undefined : 'px' in length ? length.px : length.fraction * reference;
  const width = px(transform.width, canvas.width);
  const height = px(transform.height, canvas.height);
  if (width === undefined || height === undefined || element.type === 'text') return undefined;
  const x = px(transform.x, canvas.width)! - transform.anchorX * width - (transform.anchorOffsetXPx ?? 0);
  const y = px(transform.y, canvas.height)! - transform.anchorY * height - (transform.anchorOffsetYPx ?? 0);
  return { x, y, width, height };
}

/** The rectangle covering both boxes, or the canvas when either is unknown. */
export function unionRect(a: CanvasRect | undefined, b: CanvasRect | undefined, canvas: Canvas): CanvasRect {
  if (!a || !b) return { x: 0, y: 0, width: canvas.width, height: canvas.height };
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/**
 * Sizes without an axis (radius, border width, shadow blur): px, or a percentage of the canvas
 * width. Text strokes and text shadows under 1 are fractions of the font size (§9.4).
 */
function sizePx(value: number | string | undefined, canvas: Canvas): number {
  return dimensionPx(value, canvas.width);
}

/** Compositing, border, shadow and crop shared by every visual element. */
export function commonStyleOf(element: FlVisualElement, canvas: Canvas): VisualStyle {
  const style: VisualStyle = {};
  const composite = COMPOSITE_OF[element.blend_mode ?? 'none'];
  if (composite) style.compositeOperation = composite;
  if (element.clip) style.clipToBox = true;
  const radius = sizePx(element.border_radius, canvas);
  if (radius > 0) style.borderRadius = [radius, radius, radius, radius];
  const borderWidth = sizePx(element.border_width, canvas);
  if (borderWidth > 0) style.border = { color: element.border_color ?? DEFAULT_BORDER_COLOR, width: borderWidth };
  if (element.type !== 'text') {
    const crop: EdgeFractions = {
      top: element.crop_top ?? 0, right: element.crop_right ?? 0, bottom: element.crop_bottom ?? 0, left: element.crop_left ?? 0,
    };
    if (crop.top || crop.right || crop.bottom || crop.left) style.crop = crop;
    const shadowGiven = [element.shadow_color, element.shadow_blur, element.shadow_x, element.shadow_y].some((v) => v !== undefined);
    if (shadowGiven) applyShadow(style, element, canvas, undefined);
  }
  return style;
}

/** Shadow fields into the style; for text, values under 1 are fractions of `fontSize`. */
export function applyShadow(style: VisualStyle, element: FlVisualElement, canvas: Canvas, fontSize: number | undefined): void {
  const em = (value: number | string | undefined, reference: number): number =>
    fontSize !== undefined && typeof value === 'number' && Math.abs(value) < 1 ? value * fontSize : dimensionPx(value, reference);
  style.shadowColor = element.shadow_color ?? DEFAULT_SHADOW_COLOR;
  style.shadowBlur = Math.max(0, em(element.shadow_blur, canvas.width));
  style.shadowOffset = [em(element.shadow_x, canvas.width), em(element.shadow_y, canvas.height)];
}

/** Text shadow defaults when `shadow: true` names no blur or offset: a soft shadow under the glyphs. */
export function textShadowOf(element: FlTextElement, canvas: Canvas, fontSize: number): VisualStyle {
  const style: VisualStyle = {};
  applyShadow(style, {
    ...element,
    shadow_blur: element.shadow_blur ?? 0.15,
    shadow_y: element.shadow_y ?? 0.05,
    shadow_color: element.shadow_color ?? '#000000aa',
  }, canvas, fontSize);
  return style;
}
