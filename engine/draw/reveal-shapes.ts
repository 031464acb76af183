/**
 * The shapes of masked transitions (model `RevealShape`): at progress p each fills the part of a
 * rectangle that is revealed (p = 0 nothing, p = 1 all of it), opaque, or with a soft edge.
 * Used with `destination-in` / `destination-out` on an isolated layer. Browser-safe.
 */
import type { CanvasRect, RevealShape } from '../model/composition.js';
import type { Canvas2D } from './canvas2d.js';

const clamp01 = (v: number) => Math.max(0, Math.min(1, v));

/** Feather of soft shapes, as a fraction of the rectangle's longer side. */
export const SOFT_EDGE = 0.2;

function polygon(ctx: Canvas2D, points: Array<[number, number]>): void {
  points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
  ctx.closePath();
}

/** The part of the rectangle with x/w + y/h ≤ 2q (measured from its top-left corner). */
function diagonalPath(ctx: Canvas2D, r: CanvasRect, q: number, fromBottomRight = false): void {
  const t = 2 * q;
  const map = ([u, v]: [number, number]): [number, number] =>
    fromBottomRight ? [r.x + r.width * (1 - u), r.y + r.height * (1 - v)] : [r.x + r.width * u, r.y + r.height * v];
  const pts: Array<[number, number]> = t <= 1
    ? [[0, 0], [t, 0], [0, t]]
    : [[0, 0], [1, 0], [1, t - 1], [t - 1, 1], [0, 1]];
  polygon(ctx, pts.map(map));
}

function heartPath(ctx: Canvas2D, cx: number, cy: number, size: number): void {
  // A heart of height `size` centred on (cx, cy): two arcs and a point.
  const s = size / 2;
  ctx.moveTo(cx, cy + s);
  ctx.bezierCurveTo(cx - s * 1.6, cy - s * 0.2, cx - s * 0.8, cy - s * 1.3, cx, cy - s * 0.45);
  ctx.bezierCurveTo(cx + s * 0.8, cy - s * 1.3, cx + s * 1.6, cy - s * 0.2, cx, cy + s);
  ctx.closePath();
}

/** Fills the revealed part of `r` at progress `p` on `ctx` (canvas coordinates). */
export function fillReveal(ctx: Canvas2D, shape: RevealShape, r: CanvasRect, p: number): void {
  const q = clamp01(p);
  const { x, y, width: w, height: h } = r;
  const cx = x + w / 2, cy = y + h / 2;
  const half = Math.hypot(w, h) / 2;
  ctx.fillStyle = '#000000';
  ctx.beginPath();
  switch (shape.kind) {
    case 'wipe': {
      const horizontal = shape.direction === 'left' || shape.direction === 'right';
      const length = horizontal ? w : h;
      if (shape.soft) {
        // A gradient edge travelling across: revealed behind it, hidden ahead of it.
        const f = SOFT_EDGE * length;
        const edge = -f + (length + 2 * f) * q;
        const forward = shape.direction === 'right' || shape.direction === 'down';
        const start = forward ? edge - f : length - edge - f;
        const [x0, y0, x1, y1] = horizontal ? [x + start, y, x + start + 2 * f, y] : [x, y + start, x, y + start + 2 * f];
        const g = ctx.createLinearGradient(x0, y0, x1, y1);
        g.addColorStop(0, forward ? '#000000' : 'rgba(0,0,0,0)');
        g.addColorStop(1, forward ? 'rgba(0,0,0,0)' : '#000000');
        ctx.fillStyle = g;
        ctx.rect(x, y, w, h);
        break;
      }
      if (shape.direction === 'right') ctx.rect(x, y, w * q, h);
      else if (shape.direction === 'left') ctx.rect(x + w * (1 - q), y, w * q, h);
      else if (shape.direction === 'down') ctx.rect(x, y, w, h * q);
      else ctx.rect(x, y + h * (1 - q), w, h * q);
      break;
    }
    case 'diagonal': diagonalPath(ctx, r, q); break;
    case 'page': diagonalPath(ctx, r, q, true); break;
    case 'doors':
      if (shape.axis === 'horizontal') ctx.rect(x + (w * (1 - q)) / 2, y, w * q, h);
      else ctx.rect(x, y + (h * (1 - q)) / 2, w, h * q);
      break;
    case 'circle': {
      const radius = half * q * (shape.soft ? 1 + SOFT_EDGE : 1);
      if (shape.soft) {
        const g = ctx.createRadialGradient(cx, cy, Math.max(0, radius - SOFT_EDGE * half), cx, cy, Math.max(1e-3, radius));
        g.addColorStop(0, '#000000');
        g.addColorStop(1, 'rgba(0,0,0,0)');
        ctx.fillStyle = g;
        ctx.rect(x, y, w, h);
      } else {
        ctx.arc(cx, cy, Math.max(0, radius), 0, Math.PI * 2);
      }
      break;
    }
    case 'box': ctx.rect(cx - (w * q) / 2, cy - (h * q) / 2, w * q, h * q); break;
    case 'bands': {
      // Alternate bands slide in from opposite sides.
      const n = Math.max(1, shape.count);
      for (let i = 0; i < n; i++) {
        if (shape.axis === 'horizontal') {
          const by = y + (h * i) / n;
          ctx.rect(i % 2 === 0 ? x : x + w * (1 - q), by, w * q, h / n + 0.5);
        } else {
          const bx = x + (w * i) / n;
          ctx.rect(bx, i % 2 === 0 ? y : y + h * (1 - q), w / n + 0.5, h * q);
        }
      }
      break;
    }
    case 'clock':
      if (q >= 1) ctx.rect(x, y, w, h);
      else if (q > 0) {
        ctx.moveTo(cx, cy);
        ctx.arc(cx, cy, half, -Math.PI / 2, -Math.PI / 2 + 2 * Math.PI * q);
        ctx.closePath();
      }
      break;
    case 'pinwheel': {
      const n = Math.max(1, shape.blades);
      const blade = (2 * Math.PI) / n;
      if (q >= 1) ctx.rect(x, y, w, h);
      else if (q > 0) {
        for (let i = 0; i < n; i++) {
          const a0 = -Math.PI / 2 + i * blade;
          ctx.moveTo(cx, cy);
          ctx.arc(cx, cy, half, a0, a0 + blade * q);
          ctx.closePath();
        }
      }
      break;
    }
    case 'heart':
      // Grows to 1.8 times the longer side, then the last corners close.
      if (q >= 1) ctx.rect(x, y, w, h);
      else if (q > 0) heartPath(ctx, cx, cy + h * 0.05 * q, Math.max(w, h) * 1.8 * q);
      break;
    case 'hatch': {
      // Two sets of diagonal stripes thickening until they cover everything.
      const n = Math.max(1, shape.count);
      const spacing = (w + h) / n;
      const thick = spacing * q;
      for (const sign of [1, -1]) {
        for (let k = -1; k <= n + 1; k++) {
          const o = k * spacing;
          const pts: Array<[number, number]> = sign > 0
            ? [[x + o - h, y + h], [x + o, y], [x + o + thick, y], [x + o + thick - h, y + h]]
            : [[x + o, y + h], [x + o - h, y], [x + o - h + thick, y], [x + o + thick, y + h]];
          polygon(ctx, pts);
        }
      }
      break;
    }
    case 'squares': {
      // A grid of squares growing from their centres, in a diagonal sweep.
      const cols = Math.max(1, shape.columns), rows = Math.max(1, shape.rows);
      const cw = w / cols, chh = h / rows;
      const last = Math.max(1, cols + rows - 2);
      for (let i = 0; i < cols; i++) {
        for (let j = 0; j < rows; j++) {
          const s = clamp01((q - ((i + j) / last) * 0.5) / 0.5);
          if (s <= 0) continue;
          const sx = cw * s, sy = chh * s;
          ctx.rect(x + i * cw + (cw - sx) / 2, y + j * chh + (chh - sy) / 2, sx + 0.5, sy + 0.5);
        }
      }
      break;
    }
    case 'slices': {
      // Vertical slices opening left to right, each a little after the previous one.
      const n = Math.max(1, shape.count);
      const sw = w / n;
      for (let i = 0; i < n; i++) {
        const s = clamp01((q - (i / n) * 0.5) / 0.5);
        if (s > 0) ctx.rect(x + i * sw, y, sw * s + 0.5, h);
      }
      break;
    }
  }
  ctx.fill();
}

/**
 * The shaded fold of a page turn: a soft shadow band along the fold line, on the corner's side
 * (`towardsCorner`, drawn on the incoming layer) or on the page's side. Draw it before masking:
 * the mask removes the gradient's far side.
 */
export function drawPageFold(ctx: Canvas2D, r: CanvasRect, p: number, towardsCorner: boolean): void {
  const q = clamp01(p);
  if (q <= 0 || q >= 1) return;
  // Points where the fold line x/w + y/h = 2(1 − q) (from the bottom-right corner) meets the box.
  const t = 2 * q;
  const a: [number, number] = t <= 1 ? [1 - t, 1] : [0, 2 - t];
  const b: [number, number] = t <= 1 ? [1, 1 - t] : [2 - t, 0];
  const ax = r.x + r.width * a[0], ay = r.y + r.height * a[1];
  const bx = r.x + r.width * b[0], by = r.y + r.height * b[1];
  const mx = (ax + bx) / 2, my = (ay + by) / 2;
  // Normal of the fold: towards the bottom-right (revealed) corner, or away from it.
  const sign = towardsCorner ? 1 : -1;
  const nx = sign * r.height, ny = sign * r.width;
  const nl = Math.hypot(nx, ny);
  const band = Math.min(r.width, r.height) * 0.08 * Math.sin(Math.PI * q);
  const g = ctx.createLinearGradient(mx, my, mx + (nx / nl) * band, my + (ny / nl) * band);
  g.addColorStop(0, 'rgba(0,0,0,0.45)');
  g.addColorStop(1, 'rgba(0,0,0,0)');
  ctx.globalCompositeOperation = 'source-atop';
  ctx.fillStyle = g;
  ctx.fillRect(r.x, r.y, r.width, r.height);
}
