/**
 * The eight built-in shapes as indexed triangle meshes with normals. Vertex order, winding
 * (counter-clockwise seen from outside), sizes and default segment counts follow the three.js
 * geometries of the same names, so a scene looks as it would there. Browser-safe.
 */
import type { ThreeMeshGeometry, ThreeShapeKind, ThreeShapeParams } from '../model/composition.js';

/** Most segments (per parameter) a shape is tessellated into; more is clamped. */
export const MAX_SEGMENTS = 256;
/** Highest `detail` of icosahedra and dodecahedra; more is clamped. */
export const MAX_DETAIL = 32;

class Builder {
  positions: number[] = [];
  normals: number[] = [];
  indices: number[] = [];
  get count(): number {
    return this.positions.length / 3;
  }
  vertex(x: number, y: number, z: number, nx: number, ny: number, nz: number): number {
    this.positions.push(x, y, z);
    this.normals.push(nx, ny, nz);
    return this.count - 1;
  }
  face(a: number, b: number, c: number): void {
    this.indices.push(a, b, c);
  }
  build(): ThreeMeshGeometry {
    return { positions: new Float32Array(this.positions), normals: new Float32Array(this.normals), indices: new Uint32Array(this.indices) };
  }
}

function segments(value: number | undefined, fallback: number, min: number): number {
  const v = value === undefined || !Number.isFinite(value) ? fallback : Math.floor(value);
  return Math.min(MAX_SEGMENTS, Math.max(min, v));
}

function box(p: ThreeShapeParams): ThreeMeshGeometry {
  const width = p.width ?? 1, height = p.height ?? 1, depth = p.depth ?? 1;
  const ws = segments(p.widthSegments, 1, 1), hs = segments(p.heightSegments, 1, 1), ds = segments(p.depthSegments, 1, 1);
  const b = new Builder();
  // One grid per face: axes u, v span it, w is its normal axis (0 = x, 1 = y, 2 = z).
  const plane = (u: number, v: number, w: number, udir: number, vdir: number, sw: number, sh: number, sd: number, gx: number, gy: number) => {
    const start = b.count;
    const vec = [0, 0, 0];
    const nrm = [0, 0, 0];
    for (let iy = 0; iy <= gy; iy++) {
      const y = (iy * sh) / gy - sh / 2;
      for (let ix = 0; ix <= gx; ix++) {
        const x = (ix * sw) / gx - sw / 2;
        vec[u] = x * udir; vec[v] = y * vdir; vec[w] = sd / 2;
        nrm[u] = 0; nrm[v] = 0; nrm[w] = sd > 0 ? 1 : -1;
        b.vertex(vec[0]!, vec[1]!, vec[2]!, nrm[0]!, nrm[1]!, nrm[2]!);
      }
    }
    for (let iy = 0; iy < gy; iy++) {
      for (let ix = 0; ix < gx; ix++) {
        const a = start + ix + (gx + 1) * iy;
        const bb = start + ix + (gx + 1) * (iy + 1);
        const c = start + ix + 1 + (gx + 1) * (iy + 1);
        const d = start + ix + 1 + (gx + 1) * iy;
        b.face(a, bb, d);
        b.face(bb, c, d);
      }
    }
  };
  plane(2, 1, 0, -1, -1, depth, height, width, ds, hs); // +x
  plane(2, 1, 0, 1, -1, depth, height, -width, ds, hs); // −x
  plane(0, 2, 1, 1, 1, width, depth, height, ws, ds); // +y
  plane(0, 2, 1, 1, -1, width, depth, -height, ws, ds); // −y
  plane(0, 1, 2, 1, -1, width, height, depth, ws, hs); // +z
  plane(0, 1, 2, -1, -1, width, height, -depth, ws, hs); // −z
  return b.build();
}

/** A flat rectangle in the x-y plane, facing +z. */
function plane(p: ThreeShapeParams): ThreeMeshGeometry {
  const width = p.width ?? 1, height = p.height ?? 1;
  const gx = segments(p.widthSegments, 1, 1), gy = segments(p.heightSegments, 1, 1);
  const b = new Builder();
  for (let iy = 0; iy <= gy; iy++) {
    const y = (iy * height) / gy - height / 2;
    for (let ix = 0; ix <= gx; ix++) b.vertex((ix * width) / gx - width / 2, -y, 0, 0, 0, 1);
  }
  for (let iy = 0; iy < gy; iy++) {
    for (let ix = 0; ix < gx; ix++) {
      const a = ix + (gx + 1) * iy, bb = ix + (gx + 1) * (iy + 1), c = ix + 1 + (gx + 1) * (iy + 1), d = ix + 1 + (gx + 1) * iy;
      b.face(a, bb, d);
      b.face(bb, c, d);
    }
  }
  return b.build();
}

function sphere(p: ThreeShapeParams): ThreeMeshGeometry {
  const radius = p.radius ?? 1;
  const ws = segments(p.widthSegments, 32, 3), hs = segments(p.heightSegments, 16, 2);
  const b = new Builder();
  const grid: number[][] = [];
  for (let iy = 0; iy <= hs; iy++) {
    const row: number[] = [];
    const theta = (iy / hs) * Math.PI;
    for (let ix = 0; ix <= ws; ix++) {
      const phi = (ix / ws) * Math.PI * 2;
      const x = -Math.cos(phi) * Math.sin(theta), y = Math.cos(theta), z = Math.sin(phi) * Math.sin(theta);
      row.push(b.vertex(radius * x, radius * y, radius * z, x, y, z));
    }
    grid.push(row);
  }
  for (let iy = 0; iy < hs; iy++) {
    for (let ix = 0; ix < ws; ix++) {
      const a = grid[iy]![ix + 1]!, bb = grid[iy]![ix]!, c = grid[iy + 1]![ix]!, d = grid[iy + 1]![ix + 1]!;
      if (iy !== 0) b.face(a, bb, d);
      if (iy !== hs - 1) b.face(bb, c, d);
    }
  }
  return b.build();
}

function cylinder(radiusTop: number, radiusBottom: number, height: number, radial: number, rows: number): ThreeMeshGeometry {
  const b = new Builder();
  const half = height / 2;
  const slope = (radiusBottom - radiusTop) / height;
  const grid: number[][] = [];
  for (let y = 0; y <= rows; y++) {
    const v = y / rows;
    const radius = v * (radiusBottom - radiusTop) + radiusTop;
    const row: number[] = [];
    for (let x = 0; x <= radial; x++) {
      const theta = (x / radial) * Math.PI * 2;
      const s = Math.sin(theta), c = Math.cos(theta);
      const l = Math.hypot(s, slope, c);
      row.push(b.vertex(radius * s, -v * height + half, radius * c, s / l, slope / l, c / l));
    }
    grid.push(row);
  }
  for (let x = 0; x < radial; x++) {
    for (let y = 0; y < rows; y++) {
      const a = grid[y]![x]!, bb = grid[y + 1]![x]!, c = grid[y + 1]![x + 1]!, d = grid[y]![x + 1]!;
      if (radiusTop > 0 || y !== 0) b.face(a, bb, d);
      if (radiusBottom > 0 || y !== rows - 1) b.face(bb, c, d);
    }
  }
  const cap = (top: boolean) => {
    const radius = top ? radiusTop : radiusBottom;
    const sign = top ? 1 : -1;
    const centre = b.count;
    for (let x = 0; x < radial; x++) b.vertex(0, half * sign, 0, 0, sign, 0);
    const ring = b.count;
    for (let x = 0; x <= radial; x++) {
      const theta = (x / radial) * Math.PI * 2;
      b.vertex(radius * Math.sin(theta), half * sign, radius * Math.cos(theta), 0, sign, 0);
    }
    for (let x = 0; x < radial; x++) {
      const c = centre + x, i = ring + x;
      if (top) b.face(i, i + 1, c);
      else b.face(i + 1, i, c);
    }
  };
  if (radiusTop > 0) cap(true);
  if (radiusBottom > 0) cap(false);
  return b.build();
}

function torus(p: ThreeShapeParams): ThreeMeshGeometry {
  const radius = p.radius ?? 1, tube = p.tube ?? 0.4;
  const radial = segments(p.radialSegments, 12, 2), tubular = segments(p.tubularSegments, 48, 3);
  const b = new Builder();
  for (let j = 0; j <= radial; j++) {
    for (let i = 0; i <= tubular; i++) {
      const u = (i / tubular) * Math.PI * 2;
      const v = (j / radial) * Math.PI * 2;
      const x = (radius + tube * Math.cos(v)) * Math.cos(u), y = (radius + tube * Math.cos(v)) * Math.sin(u), z = tube * Math.sin(v);
      const nx = x - radius * Math.cos(u), ny = y - radius * Math.sin(u), nz = z;
      const l = Math.hypot(nx, ny, nz) || 1;
      b.vertex(x, y, z, nx / l, ny / l, nz / l);
    }
  }
  for (let j = 1; j <= radial; j++) {
    for (let i = 1; i <= tubular; i++) {
      const a = (tubular + 1) * j + i - 1, bb = (tubular + 1) * (j - 1) + i - 1, c = (tubular + 1) * (j - 1) + i, d = (tubular + 1) * j + i;
      b.face(a, bb, d);
      b.face(bb, c, d);
    }
  }
  return b.build();
}

const PHI = (1 + Math.sqrt(5)) / 2;
const ICOSAHEDRON = {
  vertices: [-1, PHI, 0, 1, PHI, 0, -1, -PHI, 0, 1, -PHI, 0, 0, -1, PHI, 0, 1, PHI, 0, -1, -PHI, 0, 1, -PHI, PHI, 0, -1, PHI, 0, 1, -PHI, 0, -1, -PHI, 0, 1],
  indices: [0, 11, 5, 0, 5, 1, 0, 1, 7, 0, 7, 10, 0, 10, 11, 1, 5, 9, 5, 11, 4, 11, 10, 2, 10, 7, 6, 7, 1, 8, 3, 9, 4, 3, 4, 2, 3, 2, 6, 3, 6, 8, 3, 8, 9, 4, 9, 5, 2, 4, 11, 6, 2, 10, 8, 6, 7, 9, 8, 1],
};
const R = 1 / PHI;
const DODECAHEDRON = {
  vertices: [
    -1, -1, -1, -1, -1, 1, -1, 1, -1, -1, 1, 1, 1, -1, -1, 1, -1, 1, 1, 1, -1, 1, 1, 1,
    0, -R, -PHI, 0, -R, PHI, 0, R, -PHI, 0, R, PHI,
    -R, -PHI, 0, -R, PHI, 0, R, -PHI, 0, R, PHI, 0,
    -PHI, 0, -R, PHI, 0, -R, -PHI, 0, R, PHI, 0, R,
  ],
  indices: [
    3, 11, 7, 3, 7, 15, 3, 15, 13, 7, 19, 17, 7, 17, 6, 7, 6, 15, 17, 4, 8, 17, 8, 10, 17, 10, 6, 8, 0, 16, 8, 16, 2, 8, 2, 10,
    0, 12, 1, 0, 1, 18, 0, 18, 16, 6, 10, 2, 6, 2, 13, 6, 13, 15, 2, 16, 18, 2, 18, 3, 2, 3, 13, 18, 1, 9, 18, 9, 11, 18, 11, 3,
    4, 14, 12, 4, 12, 0, 4, 0, 8, 11, 9, 5, 11, 5, 19, 11, 19, 7, 19, 5, 14, 19, 14, 4, 19, 4, 17, 1, 12, 14, 1, 14, 5, 1, 5, 9,
  ],
};

/**
 * A polyhedron inscribed in a sphere of `radius`, each face subdivided `detail` times (three.js
 * PolyhedronGeometry): flat faces at detail 0, smooth sphere normals above.
 */
function polyhedron(base: { vertices: number[]; indices: number[] }, p: ThreeShapeParams): ThreeMeshGeometry {
  const radius = p.radius ?? 1;
  const detail = Math.min(MAX_DETAIL, Math.max(0, Math.floor(p.detail ?? 0)));
  const corner = (i: number): [number, number, number] => [base.vertices[i * 3]!, base.vertices[i * 3 + 1]!, base.vertices[i * 3 + 2]!];
  const lerp = (a: number[], b: number[], t: number): number[] => [a[0]! + (b[0]! - a[0]!) * t, a[1]! + (b[1]! - a[1]!) * t, a[2]! + (b[2]! - a[2]!) * t];
  const points: number[][] = [];
  for (let f = 0; f < base.indices.length; f += 3) {
    const a = corner(base.indices[f]!), b = corner(base.indices[f + 1]!), c = corner(base.indices[f + 2]!);
    const cols = detail + 1;
    const v: number[][][] = [];
    for (let i = 0; i <= cols; i++) {
      const aj = lerp(a, c, i / cols), bj = lerp(b, c, i / cols);
      const rows = cols - i;
      const row: number[][] = [];
      for (let j = 0; j <= rows; j++) row.push(j === 0 && i === cols ? aj : lerp(aj, bj, j / rows));
      v.push(row);
    }
    for (let i = 0; i < cols; i++) {
      for (let j = 0; j < 2 * (cols - i) - 1; j++) {
        const k = Math.floor(j / 2);
        if (j % 2 === 0) points.push(v[i]![k + 1]!, v[i + 1]![k]!, v[i]![k]!);
        else points.push(v[i]![k + 1]!, v[i + 1]![k + 1]!, v[i + 1]![k]!);
      }
    }
  }
  const positions = new Float32Array(points.length * 3);
  const normals = new Float32Array(points.length * 3);
  points.forEach((pt, i) => {
    const l = Math.hypot(pt[0]!, pt[1]!, pt[2]!) || 1;
    positions[i * 3] = (pt[0]! / l) * radius;
    positions[i * 3 + 1] = (pt[1]! / l) * radius;
    positions[i * 3 + 2] = (pt[2]! / l) * radius;
    normals[i * 3] = pt[0]! / l;
    normals[i * 3 + 1] = pt[1]! / l;
    normals[i * 3 + 2] = pt[2]! / l;
  });
  if (detail === 0) faceNormals(positions, normals);
  const indices = new Uint32Array(points.length);
  for (let i = 0; i < indices.length; i++) indices[i] = i;
  return { positions, normals, indices };
}

/** Writes each triangle's face normal to its three vertices (non-indexed meshes). */
function faceNormals(positions: Float32Array, normals: Float32Array): void {
  for (let i = 0; i < positions.length; i += 9) {
    const ux = positions[i + 3]! - positions[i]!, uy = positions[i + 4]! - positions[i + 1]!, uz = positions[i + 5]! - positions[i + 2]!;
    const vx = positions[i + 6]! - positions[i]!, vy = positions[i + 7]! - positions[i + 1]!, vz = positions[i + 8]! - positions[i + 2]!;
    let nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    const l = Math.hypot(nx, ny, nz) || 1;
    nx /= l; ny /= l; nz /= l;
    for (let k = 0; k < 9; k += 3) {
      normals[i + k] = nx; normals[i + k + 1] = ny; normals[i + k + 2] = nz;
    }
  }
}

/** The mesh of a built-in shape; absent parameters take the three.js defaults. */
export function shapeMesh(shape: ThreeShapeKind, params: ThreeShapeParams): ThreeMeshGeometry {
  switch (shape) {
    case 'box': return box(params);
    case 'plane': return plane(params);
    case 'sphere': return sphere(params);
    case 'cylinder':
      return cylinder(params.radiusTop ?? params.radius ?? 1, params.radiusBottom ?? params.radius ?? 1, params.height ?? 1,
        segments(params.radialSegments, 32, 3), segments(params.heightSegments, 1, 1));
    case 'cone':
      return cylinder(0, params.radius ?? params.radiusBottom ?? 1, params.height ?? 1, segments(params.radialSegments, 32, 3), segments(params.heightSegments, 1, 1));
    case 'torus': return torus(params);
    case 'icosahedron': return polyhedron(ICOSAHEDRON, params);
    case 'dodecahedron': return polyhedron(DODECAHEDRON, params);
  }
}

/** Geometry parameters above the caps, for a warning. */
export function clampedParams(params: ThreeShapeParams): string[] {
  const out: string[] = [];
  for (const key of ['radialSegments', 'tubularSegments', 'widthSegments', 'heightSegments', 'depthSegments'] as const) {
    const v = params[key];
    if (v !== undefined && v > MAX_SEGMENTS) out.push(`${key} ${v} > ${MAX_SEGMENTS}`);
  }
  if (params.detail !== undefined && params.detail > MAX_DETAIL) out.push(`detail ${params.detail} > ${MAX_DETAIL}`);
  return out;
}

/** Each edge of the mesh once (pairs of vertex indices), for wireframes. */
export function uniqueEdges(indices: Uint32Array, positions?: Float32Array): Uint32Array {
  const seen = new Set<string | number>();
  const out: number[] = [];
  // Vertices at the same place (seams, flat-shaded copies) count as one, so no edge is drawn twice.
  const key = (i: number): string | number => (positions ? `${positions[i * 3]},${positions[i * 3 + 1]},${positions[i * 3 + 2]}` : i);
  for (let t = 0; t < indices.length; t += 3) {
    for (let e = 0; e < 3; e++) {
      const a = indices[t + e]!, b = indices[t + ((e + 1) % 3)]!;
      const ka = key(a), kb = key(b);
      const k = ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(a, b);
    }
  }
  return new Uint32Array(out);
}
