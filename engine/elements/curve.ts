/** `line` and `path`: stroked polylines cut by drawStart/drawEnd and offsets, with arrowheads. */
import type { ElementSpec, Layer } from '../model/composition.js';
import type { Canvas2D } from '../draw/canvas2d.js';
import { fillStyleOf } from '../draw/paint.js';
import { paintColor } from '../timeline/evaluate-layer.js';
import { flattenPathData, polylineLength, roundedPolyline, trimPolylines, type Point, type Polyline } from '../draw/path-geometry.js';
import { defineElement } from './define-element.js';

type CurveSpec = Extract<ElementSpec, { kind: 'curve' }>;

const geometryCache = new WeakMap<Layer, { lines: Polyline[]; length: number; bounds: { width: number; height: number } }>();

/** The flattened geometry of a curve, computed once per layer. */
export function curveGeometry(layer: Layer, spec: CurveSpec): { lines: Polyline[]; length: number; bounds: { width: number; height: number } } {
  const cached = geometryCache.get(layer);
  if (cached) return cached;
  const lines = spec.pathData !== undefined
    ? flattenPathData(spec.pathData)
    : [roundedPolyline(spec.points ?? [], spec.cornerRadius, spec.closed)];
  if (spec.closed) for (const l of lines) l.closed = true;
  let maxX = 0;
  let maxY = 0;
  for (const l of lines) for (const [x, y] of l.points) { maxX = Math.max(maxX, x); maxY = Math.max(maxY, y); }
  const geometry = { lines, length: polylineLength(lines), bounds: { width: maxX, height: maxY } };
  geometryCache.set(layer, geometry);
  return geometry;
}

function tracePolylines(ctx: Canvas2D, lines: Polyline[]): void {
  ctx.beginPath();
  for (const line of lines) {
    line.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
    if (line.closed) ctx.closePath();
  }
}

function arrowHead(ctx: Canvas2D, tip: Point, from: Point, size: number): void {
  const angle = Math.atan2(tip[1] - from[1], tip[0] - from[0]);
  const spread = Math.PI / 7;
  ctx.beginPath();
  ctx.moveTo(tip[0], tip[1]);
  ctx.lineTo(tip[0] - size * Math.cos(angle - spread), tip[1] - size * Math.sin(angle - spread));
  ctx.lineTo(tip[0] - size * Math.cos(angle + spread), tip[1] - size * Math.sin(angle + spread));
  ctx.closePath();
  ctx.fill();
}

export const curveElement = defineElement({
  kind: 'curve',
  // Curves draw in their own coordinates placed at (x, y); the box is their extent.
  measure: ({ layer, element }) => curveGeometry(layer, element).bounds,
  draw({ ctx, layer, element, state }) {
    const { lines, length } = curveGeometry(layer, element);
    const from = state.drawStart * length + element.startOffset;
    const to = state.drawEnd * length - element.endOffset;
    if (to <= from) return;
    const visible = from <= 0 && to >= length ? lines : trimPolylines(lines, from, to);
    const style = state.style;
    const color = style.stroke ?? paintColor(style.fill) ?? '#ffffff';
    if (style.fill && lines.some((l) => l.closed)) {
      tracePolylines(ctx, visible.map((l) => ({ ...l, closed: true })));
      ctx.fillStyle = fillStyleOf(ctx, style.fill, 0, 0, Math.max(1, state.width ?? 1), Math.max(1, state.height ?? 1));
      ctx.fill();
    }
    ctx.strokeStyle = color;
    ctx.lineWidth = state.style.strokeWidth ?? element.lineWidth;
    ctx.lineCap = element.lineCap;
    ctx.lineJoin = element.lineJoin;
    tracePolylines(ctx, visible);
    if (ctx.lineWidth > 0) ctx.stroke();
    if (!element.startArrow && !element.endArrow) return;
    const size = element.arrowSize ?? ctx.lineWidth * 3;
    ctx.fillStyle = color;
    const first = visible[0];
    const last = visible[visible.length - 1];
    if (element.startArrow && first && first.points.length > 1) arrowHead(ctx, first.points[0]!, first.points[1]!, size);
    if (element.endArrow && last && last.points.length > 1) {
      const n = last.points.length;
      arrowHead(ctx, last.points[n - 1]!, last.points[n - 2]!, size);
    }
  },
});
