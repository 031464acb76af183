/** `rect`, `circle` (ellipse, pie or arc) and `polygon`. */
import type { VisualStyle } from '../model/composition.js';
import type { Canvas2D } from '../draw/canvas2d.js';
import { boxPath, fillStyleOf } from '../draw/paint.js';
import { defineElement, type Box } from './define-element.js';

/** Shapes with neither fill nor stroke are drawn white (docs/decisions.md). */
export const SHAPE_DEFAULT_FILL = '#ffffff';

/** Fills and strokes the current path; the stroke is centred on the outline, as in CSS/SVG. */
export function paintShape(ctx: Canvas2D, style: VisualStyle, box: Box): void {
  const fill = style.fill ?? (style.stroke ? undefined : { kind: 'color' as const, color: SHAPE_DEFAULT_FILL });
  if (fill) {
    ctx.fillStyle = fillStyleOf(ctx, fill, 0, 0, box.width, box.height);
    ctx.fill();
  }
  const strokeWidth = style.strokeWidth ?? (style.stroke ? 2 : 0);
  if (style.stroke && strokeWidth > 0) {
    if (fill) ctx.shadowColor = 'transparent';
    ctx.strokeStyle = style.stroke;
    ctx.lineWidth = strokeWidth;
    ctx.stroke();
  }
}

export const rectElement = defineElement({
  kind: 'rect',
  // A rect without a size covers the reference frame (the canvas): handy for overlays.
  measure: ({ frame }, fixed) => ({ width: fixed.width ?? frame.width, height: fixed.height ?? frame.height }),
  draw({ ctx, state }, box) {
    boxPath(ctx, box.width, box.height, state.style.borderRadius);
    paintShape(ctx, state.style, box);
  },
});

const DEG = Math.PI / 180;

export const ellipseElement = defineElement({
  kind: 'ellipse',
  measure: ({ element }, fixed) => ({ width: fixed.width ?? element.diameter, height: fixed.height ?? element.diameter }),
  draw({ ctx, element, state }, box) {
    const rx = box.width / 2;
    const ry = box.height / 2;
    const sweep = element.endAngleDegrees - element.startAngleDegrees;
    ctx.beginPath();
    if (Math.abs(sweep) >= 360) {
      ctx.ellipse(rx, ry, rx, ry, 0, 0, Math.PI * 2);
    } else {
      // 0° is 12 o'clock and angles run clockwise, like a clock face or a pie chart.
      const a0 = (element.startAngleDegrees - 90) * DEG;
      const a1 = (element.endAngleDegrees - 90) * DEG;
      const pie = state.style.fill !== undefined || !state.style.stroke;
      if (pie) ctx.moveTo(rx, ry);
      ctx.ellipse(rx, ry, rx, ry, 0, a0, a1, sweep < 0);
      if (pie) ctx.closePath();
    }
    paintShape(ctx, state.style, box);
  },
});

export const polygonElement = defineElement({
  kind: 'polygon',
  measure: ({ element }, fixed) => ({ width: fixed.width ?? element.diameter, height: fixed.height ?? element.diameter }),
  draw({ ctx, element, state }, box) {
    const rx = box.width / 2;
    const ry = box.height / 2;
    ctx.beginPath();
    for (let i = 0; i < element.sides; i++) {
      // The first vertex points straight up.
      const a = -Math.PI / 2 + (i * 2 * Math.PI) / element.sides;
      const px = rx + rx * Math.cos(a);
      const py = ry + ry * Math.sin(a);
      if (i === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.closePath();
    paintShape(ctx, state.style, box);
  },
});
