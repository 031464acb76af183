/** Turns neutral paints into canvas fill styles laid over a box. */
import type { Paint, VisualStyle } from '../model/composition.js';
import type { Canvas2D } from './canvas2d.js';

/**
 * A fill style for `paint` over the box (x, y, w, h).
 * @remarks Linear angles follow CSS `linear-gradient`: 0° points up, 90° right,
 * and the gradient line spans the box corner to corner along that angle. Radial
 * gradients reach the farthest corner; conic gradients start at the angle, 0° up.
 */
export function fillStyleOf(
  ctx: Canvas2D,
  paint: Paint,
  x: number,
  y: number,
  w: number,
  h: number,
): string | CanvasGradient {
  if (paint.kind === 'color') return paint.color;
  const cx = x + w / 2;
  const cy = y + h / 2;
  const rad = (paint.angleDegrees * Math.PI) / 180;
  let gradient: CanvasGradient;
  if (paint.kind === 'linear') {
    const half = (Math.abs(w * Math.sin(rad)) + Math.abs(h * Math.cos(rad))) / 2;
    const dx = Math.sin(rad) * half;
    const dy = -Math.cos(rad) * half;
    gradient = ctx.createLinearGradient(cx - dx, cy - dy, cx + dx, cy + dy);
  } else if (paint.kind === 'radial') {
    gradient = ctx.createRadialGradient(cx, cy, 0, cx, cy, Math.hypot(w, h) / 2);
  } else {
    // Canvas conic gradients start at 3 o'clock; CSS (and we) start at 12.
    gradient = ctx.createConicGradient(rad - Math.PI / 2, cx, cy);
  }
  for (const stop of paint.stops) gradient.addColorStop(Math.max(0, Math.min(1, stop.offset)), stop.color);
  return gradient;
}

/** The CSS filter string for the canvas `filter` property, or `none`. */
export function cssFilter(filters: ReadonlyArray<{ kind: string; value: number }>): string {
  if (filters.length === 0) return 'none';
  return filters
    .map((f) => {
      switch (f.kind) {
        case 'blur': return `blur(${Math.max(0, f.value)}px)`;
        case 'hue': return `hue-rotate(${f.value}deg)`;
        default: return `${f.kind}(${Math.max(0, f.value)})`;
      }
    })
    .join(' ');
}

/** Adds a rounded (or plain) rectangle to the current path. */
export function boxPath(ctx: Canvas2D, w: number, h: number, radii: [number, number, number, number] | undefined): void {
  ctx.beginPath();
  if (radii && radii.some((r) => r > 0)) {
    const max = Math.min(w, h) / 2;
    ctx.roundRect(0, 0, w, h, radii.map((r) => Math.max(0, Math.min(r, max))));
  } else {
    ctx.rect(0, 0, w, h);
  }
}

/**
 * Strokes `border` inside the edge of the rectangle (x, y, width, height) rounded by `radii`: the
 * line's outer edge on the rectangle's, the radii shrunk by half the line so the curves stay
 * parallel. The line is at most half the rectangle thick.
 */
export function strokeInnerBorder(
  ctx: Canvas2D,
  rect: { x: number; y: number; width: number; height: number },
  radii: [number, number, number, number] | undefined,
  border: { width: number; color: string },
): void {
  if (!(border.width > 0)) return;
  const w = Math.min(border.width, rect.width / 2, rect.height / 2);
  const inset = (radii ?? [0, 0, 0, 0]).map((r) => Math.max(0, r - w / 2)) as [number, number, number, number];
  ctx.save();
  ctx.translate(rect.x + w / 2, rect.y + w / 2);
  boxPath(ctx, rect.width - w, rect.height - w, inset);
  ctx.strokeStyle = border.color;
  ctx.lineWidth = w;
  ctx.stroke();
  ctx.restore();
}

/** True when the style casts a drop shadow (a colour, and a blur or an offset). */
export function hasShadow(style: VisualStyle): boolean {
  return !!style.shadowColor && ((style.shadowBlur ?? 0) > 0 || !!style.shadowOffset);
}

/** Sets the style's drop shadow on `ctx`, when it has one ({@link hasShadow}). */
export function applyShadow(ctx: Canvas2D, style: VisualStyle): void {
  if (!hasShadow(style)) return;
  ctx.shadowColor = style.shadowColor!;
  ctx.shadowBlur = style.shadowBlur ?? 0;
  ctx.shadowOffsetX = style.shadowOffset?.[0] ?? 0;
  ctx.shadowOffsetY = style.shadowOffset?.[1] ?? 0;
}
