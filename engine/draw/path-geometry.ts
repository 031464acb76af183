/**
 * Path geometry for `line` and `path`: SVG path data and rounded polylines flattened
 * into polylines, so that drawStart/drawEnd and offsets can cut them by length.
 */
export type Point = [number, number];

export interface Polyline {
  points: Point[];
  closed: boolean;
}

const TOKEN = /([MmLlHhVvCcSsQqTtAaZz])|(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/g;

function segmentsFor(length: number): number {
  return Math.max(8, Math.min(96, Math.ceil(length / 3)));
}

function cubic(out: Point[], p0: Point, p1: Point, p2: Point, p3: Point): void {
  const n = segmentsFor(dist(p0, p1) + dist(p1, p2) + dist(p2, p3));
  for (let i = 1; i <= n; i++) {
    const t = i / n;
    const u = 1 - t;
    out.push([
      u * u * u * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t * t * t * p3[0],
      u * u * u * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t * t * t * p3[1],
    ]);
  }
}

function quad(out: Point[], p0: Point, p1: Point, p2: Point): void {
  const n = segmentsFor(dist(p0, p1) + dist(p1, p2));
  for (let i = 1; i <= n; i++) {
    const t = i / n;
    const u = 1 - t;
    out.push([u * u * p0[0] + 2 * u * t * p1[0] + t * t * p2[0], u * u * p0[1] + 2 * u * t * p1[1] + t * t * p2[1]]);
  }
}

/** SVG elliptical arc (endpoint form) flattened, per the SVG 1.1 implementation notes F.6.5. */
function arc(out: Point[], p0: Point, rxIn: number, ryIn: number, phiDeg: number, large: boolean, sweep: boolean, p1: Point): void {
  let rx = Math.abs(rxIn);
  let ry = Math.abs(ryIn);
  if (rx === 0 || ry === 0) {
    out.push(p1);
    return;
  }
  const phi = (phiDeg * Math.PI) / 180;
  const cos = Math.cos(phi);
  const sin = Math.sin(phi);
  const dx = (p0[0] - p1[0]) / 2;
  const dy = (p0[1] - p1[1]) / 2;
  const x1 = cos * dx + sin * dy;
  const y1 = -sin * dx + cos * dy;
  const lambda = (x1 * x1) / (rx * rx) + (y1 * y1) / (ry * ry);
  if (lambda > 1) {
    rx *= Math.sqrt(lambda);
    ry *= Math.sqrt(lambda);
  }
  const num = rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1;
  const den = rx * rx * y1 * y1 + ry * ry * x1 * x1;
  const coef = (large === sweep ? -1 : 1) * Math.sqrt(Math.max(0, num / den));
  const cxp = (coef * rx * y1) / ry;
  const cyp = (-coef * ry * x1) / rx;
  const cx = cos * cxp - sin * cyp + (p0[0] + p1[0]) / 2;
  const cy = sin * cxp + cos * cyp + (p0[1] + p1[1]) / 2;
  const angle = (ux: number, uy: number, vx: number, vy: number) => Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy);
  const theta1 = angle(1, 0, (x1 - cxp) / rx, (y1 - cyp) / ry);
  let delta = angle((x1 - cxp) / rx, (y1 - cyp) / ry, (-x1 - cxp) / rx, (-y1 - cyp) / ry);
  if (!sweep && delta > 0) delta -= 2 * Math.PI;
  if (sweep && delta < 0) delta += 2 * Math.PI;
  const n = segmentsFor(Math.abs(delta) * Math.max(rx, ry));
  for (let i = 1; i <= n; i++) {
    const a = theta1 + (delta * i) / n;
    out.push([cx + rx * Math.cos(a) * cos - ry * Math.sin(a) * sin, cy + rx * Math.cos(a) * sin + ry * Math.sin(a) * cos]);
  }
}

function dist(a: Point, b: Point): number {
  return Math.hypot(b[0] - a[0], b[1] - a[1]);
}

/**
 * Flattens SVG path data (all commands, absolute and relative) into polylines.
 * @throws Error naming the offending token when the data is malformed.
 */
export function flattenPathData(d: string): Polyline[] {
  const tokens = [...d.matchAll(TOKEN)].map((m) => m[0]);
  const result: Polyline[] = [];
  let current: Polyline | undefined;
  let pos: Point = [0, 0];
  let start: Point = [0, 0];
  let lastControl: Point | undefined;
  let lastCmd = '';
  let i = 0;
  const num = (): number => {
    const t = tokens[i++];
    const v = t === undefined ? Number.NaN : Number(t);
    if (!Number.isFinite(v)) throw new Error(`path data: expected a number at token ${i} ("${t ?? 'end'}")`);
    return v;
  };
  const ensure = (): Polyline => {
    if (!current) {
      current = { points: [pos], closed: false };
      result.push(current);
    }
    return current;
  };
  let cmd = '';
  while (i < tokens.length) {
    const tok = tokens[i]!;
    if (/[A-Za-z]/.test(tok)) {
      cmd = tok;
      i++;
    } else if (cmd === '') {
      throw new Error('path data: must start with a command (M)');
    } else if (cmd === 'M') cmd = 'L';
    else if (cmd === 'm') cmd = 'l';
    const rel = cmd === cmd.toLowerCase();
    const ox = rel ? pos[0] : 0;
    const oy = rel ? pos[1] : 0;
    const C = cmd.toUpperCase();
    let control: Point | undefined;
    if (C === 'M') {
      pos = [num() + ox, num() + oy];
      start = pos;
      current = { points: [pos], closed: false };
      result.push(current);
    } else if (C === 'L') {
      pos = [num() + ox, num() + oy];
      ensure().points.push(pos);
    } else if (C === 'H') {
      pos = [num() + ox, pos[1]];
      ensure().points.push(pos);
    } else if (C === 'V') {
      pos = [pos[0], num() + oy];
      ensure().points.push(pos);
    } else if (C === 'C' || C === 'S') {
      const reflect = /[CcSs]/.test(lastCmd) && lastControl ? ([2 * pos[0] - lastControl[0], 2 * pos[1] - lastControl[1]] as Point) : pos;
      const c1: Point = C === 'C' ? [num() + ox, num() + oy] : reflect;
      const c2: Point = [num() + ox, num() + oy];
      const end: Point = [num() + ox, num() + oy];
      cubic(ensure().points, pos, c1, c2, end);
      control = c2;
      pos = end;
    } else if (C === 'Q' || C === 'T') {
      const reflect = /[QqTt]/.test(lastCmd) && lastControl ? ([2 * pos[0] - lastControl[0], 2 * pos[1] - lastControl[1]] as Point) : pos;
      const c1: Point = C === 'Q' ? [num() + ox, num() + oy] : reflect;
      const end: Point = [num() + ox, num() + oy];
      quad(ensure().points, pos, c1, end);
      control = c1;
      pos = end;
    } else if (C === 'A') {
      const rx = num();
      const ry = num();
      const rot = num();
      const large = num() !== 0;
      const sweep = num() !== 0;
      const end: Point = [num() + ox, num() + oy];
      arc(ensure().points, pos, rx, ry, rot, large, sweep, end);
      pos = end;
    } else if (C === 'Z') {
      if (current) current.closed = true;
      pos = start;
      current = undefined;
    } else {
      throw new Error(`path data: unknown command "${cmd}"`);
    }
    lastControl = control;
    lastCmd = cmd;
  }
  return result.filter((p) => p.points.length > 1 || p.closed);
}

/** A polyline through `points`, each inner corner rounded with `radius` (clamped to half the shorter leg). */
export function roundedPolyline(points: Point[], radius: number, closed: boolean): Polyline {
  if (radius <= 0 || points.length < 3) return { points: [...points], closed };
  const out: Point[] = [points[0]!];
  for (let i = 1; i < points.length - 1; i++) {
    const prev = points[i - 1]!;
    const corner = points[i]!;
    const next = points[i + 1]!;
    const r = Math.min(radius, dist(prev, corner) / 2, dist(corner, next) / 2);
    const a: Point = towards(corner, prev, r);
    const b: Point = towards(corner, next, r);
    out.push(a);
    quad(out, a, corner, b);
  }
  out.push(points[points.length - 1]!);
  return { points: out, closed };
}

function towards(from: Point, to: Point, distance: number): Point {
  const d = dist(from, to);
  if (d === 0) return from;
  return [from[0] + ((to[0] - from[0]) * distance) / d, from[1] + ((to[1] - from[1]) * distance) / d];
}

/** Total length of polylines (closed ones include the closing segment). */
export function polylineLength(lines: Polyline[]): number {
  let total = 0;
  for (const line of lines) total += lineLength(line);
  return total;
}

function lineLength(line: Polyline): number {
  let total = 0;
  const pts = line.closed ? [...line.points, line.points[0]!] : line.points;
  for (let i = 1; i < pts.length; i++) total += dist(pts[i - 1]!, pts[i]!);
  return total;
}

/**
 * The parts of `lines` between lengths `from` and `to` (measured along all of them in order).
 * A fully kept closed line stays closed.
 */
export function trimPolylines(lines: Polyline[], from: number, to: number): Polyline[] {
  const out: Polyline[] = [];
  let offset = 0;
  for (const line of lines) {
    const length = lineLength(line);
    const a = from - offset;
    const b = to - offset;
    offset += length;
    if (b <= 0 || a >= length) continue;
    if (a <= 0 && b >= length) {
      out.push({ points: [...line.points], closed: line.closed });
      continue;
    }
    const pts = line.closed ? [...line.points, line.points[0]!] : line.points;
    const kept: Point[] = [];
    let walked = 0;
    for (let i = 1; i < pts.length; i++) {
      const p = pts[i - 1]!;
      const q = pts[i]!;
      const seg = dist(p, q);
      const s0 = walked;
      const s1 = walked + seg;
      walked = s1;
      if (s1 < a || s0 > b || seg === 0) continue;
      const lerp = (s: number): Point => [p[0] + ((q[0] - p[0]) * (s - s0)) / seg, p[1] + ((q[1] - p[1]) * (s - s0)) / seg];
      if (kept.length === 0) kept.push(s0 >= a ? p : lerp(a));
      kept.push(s1 <= b ? q : lerp(b));
    }
    if (kept.length > 1) out.push({ points: kept, closed: false });
  }
  return out;
}
