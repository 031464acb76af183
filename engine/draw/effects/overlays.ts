/**
 * Effects drawn over an isolated layer in its own box coordinates (the current transform maps
 * the box): vignettes, light leaks, lens flares, snow, scanlines and a viewfinder frame.
 * Drawn `source-atop` (only over the layer's pixels) or `screen` (lights), clipped to the box.
 */
import type { Canvas2D } from '../canvas2d.js';
import { hashUnit } from '../../timeline/tween.js';
import { parseColor, formatRgba } from '../../timeline/color.js';

export interface BoxSize {
  width: number;
  height: number;
}

/** `color` with its alpha multiplied by `alpha`. */
function fade(color: string, alpha: number): string {
  const rgba = parseColor(color) ?? [0, 0, 0, 1];
  return formatRgba([rgba[0], rgba[1], rgba[2], rgba[3] * Math.max(0, Math.min(1, alpha))]);
}

export function vignette(ctx: Canvas2D, box: BoxSize, amount: number, color: string): void {
  const cx = box.width / 2, cy = box.height / 2;
  const outer = Math.hypot(cx, cy);
  const g = ctx.createRadialGradient(cx, cy, outer * 0.35, cx, cy, outer);
  g.addColorStop(0, fade(color, 0));
  g.addColorStop(1, fade(color, Math.min(1, amount * 1.1)));
  ctx.globalCompositeOperation = 'source-atop';
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, box.width, box.height);
}

/** Warm glows drifting over the picture (film burn, light leaks), moving with time. */
export function lightLeak(ctx: Canvas2D, box: BoxSize, colors: readonly string[], amount: number, t: number): void {
  ctx.globalCompositeOperation = 'screen';
  const r = Math.max(box.width, box.height) * 0.6;
  colors.forEach((color, k) => {
    const x = box.width * (0.5 + 0.5 * Math.sin(t * 0.7 + k * 2.1));
    const y = box.height * (0.5 + 0.45 * Math.cos(t * 0.5 + k * 1.3));
    const g = ctx.createRadialGradient(x, y, 0, x, y, r);
    g.addColorStop(0, fade(color, 0.75 * amount));
    g.addColorStop(1, fade(color, 0));
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, box.width, box.height);
  });
}

/** A bright glow at (x, y) (fractions of the box) with ghosts towards the opposite side. */
export function flare(ctx: Canvas2D, box: BoxSize, x: number, y: number, amount: number): void {
  ctx.globalCompositeOperation = 'screen';
  const px = x * box.width, py = y * box.height;
  const size = Math.min(box.width, box.height);
  const glow = (gx: number, gy: number, radius: number, color: string, alpha: number) => {
    const g = ctx.createRadialGradient(gx, gy, 0, gx, gy, radius);
    g.addColorStop(0, fade(color, alpha));
    g.addColorStop(1, fade(color, 0));
    ctx.fillStyle = g;
    ctx.fillRect(gx - radius, gy - radius, radius * 2, radius * 2);
  };
  glow(px, py, size * 0.45, '#fff4d6', 0.9 * amount);
  glow(px, py, size * 0.08, '#ffffff', amount);
  const cx = box.width / 2, cy = box.height / 2;
  [0.6, 1.2, 1.6].forEach((k, i) => {
    glow(px + (cx - px) * k * 1.2, py + (cy - py) * k * 1.2, size * (0.05 + 0.03 * i), ['#7fd4ff', '#ffb0f0', '#b0ffb8'][i]!, 0.45 * amount);
  });
}

/** Falling snowflakes, moving with time; `amount` sets how many. */
export function snow(ctx: Canvas2D, box: BoxSize, amount: number, t: number): void {
  ctx.globalCompositeOperation = 'source-atop';
  const count = Math.round(amount * 0.006 * box.width * box.height) + 1;
  const size = Math.min(box.width, box.height);
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  for (let i = 0; i < count; i++) {
    const speed = 0.08 + 0.12 * (hashUnit(i, 1) + 1) / 2;
    const y = ((((hashUnit(i, 2) + 1) / 2 + t * speed) % 1) + 1) % 1;
    const x = (hashUnit(i, 3) + 1) / 2 + 0.02 * Math.sin(t * 1.5 + i);
    const r = size * (0.008 + 0.012 * (hashUnit(i, 4) + 1) / 2);
    ctx.beginPath();
    ctx.arc(x * box.width, y * box.height, Math.max(0.75, r), 0, Math.PI * 2);
    ctx.fill();
  }
}

/** Dark horizontal lines every `spacing` of the box height. */
export function scanlines(ctx: Canvas2D, box: BoxSize, spacing: number, amount: number): void {
  ctx.globalCompositeOperation = 'source-atop';
  const step = Math.max(2, spacing * box.height);
  ctx.fillStyle = `rgba(0,0,0,${Math.min(1, amount)})`;
  for (let y = 0; y < box.height; y += step) ctx.fillRect(0, y + step / 2, box.width, step / 2);
}

/** Camera viewfinder marks: corner brackets, a centre cross and a red recording dot. */
export function viewfinder(ctx: Canvas2D, box: BoxSize, color: string): void {
  ctx.globalCompositeOperation = 'source-over';
  const size = Math.min(box.width, box.height);
  const m = size * 0.06, l = size * 0.1;
  ctx.strokeStyle = color;
  ctx.lineWidth = Math.max(1, size * 0.008);
  ctx.lineCap = 'square';
  ctx.beginPath();
  const corners: Array<[number, number, number, number]> = [
    [m, m, 1, 1], [box.width - m, m, -1, 1], [m, box.height - m, 1, -1], [box.width - m, box.height - m, -1, -1],
  ];
  for (const [x, y, sx, sy] of corners) {
    ctx.moveTo(x, y + sy * l);
    ctx.lineTo(x, y);
    ctx.lineTo(x + sx * l, y);
  }
  const cx = box.width / 2, cy = box.height / 2, c = size * 0.03;
  ctx.moveTo(cx - c, cy); ctx.lineTo(cx + c, cy);
  ctx.moveTo(cx, cy - c); ctx.lineTo(cx, cy + c);
  ctx.stroke();
  ctx.fillStyle = '#ff2d2d';
  ctx.beginPath();
  ctx.arc(m + l * 0.7, m + l * 0.7, size * 0.035, 0, Math.PI * 2);
  ctx.fill();
}
