/**
 * Applies a layer's pixel effects (model `EffectSpec`) to its isolated picture on an offscreen
 * surface: pixel operations on the device rectangle the layer covers, overlays in the layer's box
 * coordinates. Sizes in the specs are fractions of the box; this module turns them into device px.
 */
import type { EffectSpec } from '../../model/composition.js';
import type { Canvas2D } from '../canvas2d.js';
import { hashUnit } from '../../timeline/tween.js';
import { applyLut } from './lut.js';
import * as px from './pixels.js';
import * as overlay from './overlays.js';

/** A device-pixel rectangle of the surface. */
export interface DeviceRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An affine transform as the canvas reports it (x' = a·x + c·y + e, y' = b·x + d·y + f). */
export interface Matrix2D {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

/** Where the layer is on the surface and when. */
export interface EffectGeometry {
  /** Box coordinates → device pixels. */
  boxMatrix: Matrix2D;
  box: { width: number; height: number };
  /** The device rectangle the box covers (clamped to the surface). */
  region: DeviceRect;
  frameIndex: number;
  /** Seconds since the layer started (moving overlays). */
  timeSeconds: number;
}

/** The device rectangle covered by the rectangle `r` (default origin 0, 0) under `m`, clamped to a `surface`-sized canvas. */
export function deviceBounds(
  m: Matrix2D,
  r: { x?: number; y?: number; width: number; height: number },
  surface: { width: number; height: number },
): DeviceRect {
  const x = r.x ?? 0, y = r.y ?? 0;
  const corners = [[x, y], [x + r.width, y], [x, y + r.height], [x + r.width, y + r.height]].map(([u, v]) => [
    m.a * u! + m.c * v! + m.e, m.b * u! + m.d * v! + m.f,
  ]);
  const xs = corners.map((c) => c[0]!), ys = corners.map((c) => c[1]!);
  const x0 = Math.max(0, Math.floor(Math.min(...xs))), y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const x1 = Math.min(surface.width, Math.ceil(Math.max(...xs))), y1 = Math.min(surface.height, Math.ceil(Math.max(...ys)));
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

const isOverlay = (e: EffectSpec) => ['vignette', 'light-leak', 'flare', 'snow', 'scanlines', 'viewfinder'].includes(e.kind);

/** Runs `effects` in order on the surface `ctx` (its transform is restored afterwards). */
export function applyEffects(ctx: Canvas2D, effects: readonly EffectSpec[], g: EffectGeometry): void {
  const { region, box, boxMatrix: m } = g;
  if (region.width <= 0 || region.height <= 0) return;
  const scale = Math.max(1e-6, Math.hypot(m.a, m.b));
  const boxPx = { width: box.width * scale, height: box.height * scale };
  let buffer: ImageData | undefined;
  const flush = () => {
    if (!buffer) return;
    ctx.putImageData(buffer, region.x, region.y);
    buffer = undefined;
  };
  for (const effect of effects) {
    if (isOverlay(effect)) {
      flush();
      ctx.save();
      ctx.setTransform(m.a, m.b, m.c, m.d, m.e, m.f);
      ctx.beginPath();
      ctx.rect(0, 0, box.width, box.height);
      ctx.clip();
      drawOverlay(ctx, effect, box, g.timeSeconds);
      ctx.restore();
      continue;
    }
    buffer ??= ctx.getImageData(region.x, region.y, region.width, region.height);
    pixelEffect({ data: buffer.data, width: buffer.width, height: buffer.height }, effect, boxPx, g);
  }
  flush();
}

function drawOverlay(ctx: Canvas2D, e: EffectSpec, box: { width: number; height: number }, t: number): void {
  switch (e.kind) {
    case 'vignette': overlay.vignette(ctx, box, e.amount, e.color); break;
    case 'light-leak': overlay.lightLeak(ctx, box, e.colors, e.amount, t); break;
    case 'flare': overlay.flare(ctx, box, e.x, e.y, e.amount); break;
    case 'snow': overlay.snow(ctx, box, e.amount, t); break;
    case 'scanlines': overlay.scanlines(ctx, box, e.spacing, e.amount); break;
    case 'viewfinder': overlay.viewfinder(ctx, box, e.color); break;
    default: break;
  }
}

function pixelEffect(buf: px.PixelBuffer, e: EffectSpec, boxPx: { width: number; height: number }, g: EffectGeometry): void {
  const side = Math.min(boxPx.width, boxPx.height);
  switch (e.kind) {
    case 'grain': px.grain(buf, e.amount, e.monochrome, g.frameIndex); break;
    case 'sharpen': px.sharpen(buf, e.amount); break;
    case 'posterize': px.posterize(buf, e.levels); break;
    case 'pixelate': px.pixelate(buf, e.cell * side); break;
    case 'halftone': px.halftone(buf, e.cell * side, e.channel); break;
    case 'gradient-map': px.gradientMap(buf, e.stops, e.amount); break;
    case 'channel-shift': px.channelShift(buf, e.distance * boxPx.width, e.radial); break;
    case 'glitch': px.glitch(buf, e.amount, g.frameIndex); break;
    case 'tint': px.tint(buf, e.color, e.amount, e.blend); break;
    case 'levels': px.levels(buf, e.lift, e.gamma, e.gain); break;
    case 'chroma-key': px.chromaKey(buf, e); break;
    case 'lut':
      if (!e.table) throw new Error(`${e.source.pointer}: the LUT was not loaded before drawing (call loadLookupTables)`);
      applyLut(buf.data, e.table, e.amount);
      break;
    case 'flicker': {
      const step = Math.floor(g.timeSeconds / e.periodSeconds + 1e-9);
      if (e.flash) {
        // A white flash at the start of every period, fading over its first quarter.
        const phase = g.timeSeconds / e.periodSeconds - step;
        const k = Math.max(0, 1 - phase * 4) * e.amount * 0.85;
        if (k > 0) px.tint(buf, '#ffffff', k, 'source-atop');
      } else {
        px.brightness(buf, 1 + e.amount * hashUnit(step, 7));
      }
      break;
    }
    case 'ghost': px.ghost(buf, e.copies, e.distance * boxPx.width, e.amount); break;
    case 'bloom': px.bloom(buf, e.amount, Math.max(1, e.radius * boxPx.width)); break;
    case 'fisheye': px.fisheye(buf, e.amount); break;
    case 'wave': px.wave(buf, e.amount * boxPx.width, e.frequency, g.timeSeconds * 0.5); break;
    case 'edge-blur': px.edgeBlur(buf, e.amount); break;
    default: break;
  }
}
