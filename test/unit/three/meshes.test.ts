import { describe, expect, it } from 'vitest';
import { clampedParams, MAX_SEGMENTS, shapeMesh, uniqueEdges } from '../../../engine/three/meshes.js';
import type { ThreeMeshGeometry, ThreeShapeKind } from '../../../engine/model/composition.js';

/** Signed volume of a closed mesh: positive when every triangle winds counter-clockwise seen from outside. */
function volume(m: ThreeMeshGeometry): number {
  const p = m.positions, idx = m.indices;
  let v = 0;
  for (let t = 0; t < idx.length; t += 3) {
    const a = idx[t]! * 3, b = idx[t + 1]! * 3, c = idx[t + 2]! * 3;
    v += (p[a]! * (p[b + 1]! * p[c + 2]! - p[b + 2]! * p[c + 1]!) - p[a + 1]! * (p[b]! * p[c + 2]! - p[b + 2]! * p[c]!)
      + p[a + 2]! * (p[b]! * p[c + 1]! - p[b + 1]! * p[c]!)) / 6;
  }
  return v;
}

/** Every normal has unit length and agrees with its triangles' geometric facing. */
function checkNormals(m: ThreeMeshGeometry): void {
  const p = m.positions, n = m.normals!, idx = m.indices;
  for (let i = 0; i < n.length; i += 3) expect(Math.hypot(n[i]!, n[i + 1]!, n[i + 2]!)).toBeCloseTo(1, 5);
  let agree = 0;
  for (let t = 0; t < idx.length; t += 3) {
    const a = idx[t]! * 3, b = idx[t + 1]! * 3, c = idx[t + 2]! * 3;
    const ux = p[b]! - p[a]!, uy = p[b + 1]! - p[a + 1]!, uz = p[b + 2]! - p[a + 2]!;
    const vx = p[c]! - p[a]!, vy = p[c + 1]! - p[a + 1]!, vz = p[c + 2]! - p[a + 2]!;
    const fx = uy * vz - uz * vy, fy = uz * vx - ux * vz, fz = ux * vy - uy * vx;
    if (fx * n[a]! + fy * n[a + 1]! + fz * n[a + 2]! > 0) agree++;
  }
  expect(agree).toBe(idx.length / 3);
}

const triangles = (m: ThreeMeshGeometry) => m.indices.length / 3;
const vertices = (m: ThreeMeshGeometry) => m.positions.length / 3;

describe('built-in shapes (three.js geometry conventions)', () => {
  it('box: six grids of segments, outward, w × h × d', () => {
    const box = shapeMesh('box', { width: 2, height: 3, depth: 4 });
    expect([vertices(box), triangles(box)]).toEqual([24, 12]);
    expect(volume(box)).toBeCloseTo(24, 5);
    checkNormals(box);
    const split = shapeMesh('box', { widthSegments: 2, heightSegments: 3, depthSegments: 4 });
    expect(triangles(split)).toBe(2 * 2 * (2 * 3 + 3 * 4 + 2 * 4));
    expect(volume(split)).toBeCloseTo(1, 5);
  });

  it('sphere: defaults 32 × 16 segments, radius 1', () => {
    const s = shapeMesh('sphere', {});
    expect([vertices(s), triangles(s)]).toEqual([33 * 17, 2 * 32 * 15]);
    expect(volume(s)).toBeGreaterThan(0.97 * (4 / 3) * Math.PI);
    expect(volume(s)).toBeLessThan((4 / 3) * Math.PI);
    checkNormals(s);
    expect(triangles(shapeMesh('sphere', { widthSegments: 1, heightSegments: 1 }))).toBe(2 * 3 * 1); // minimums 3 × 2
  });

  it('plane: in the x-y plane facing +z', () => {
    const p = shapeMesh('plane', { width: 4, height: 2, widthSegments: 2 });
    expect([vertices(p), triangles(p)]).toEqual([6, 4]);
    expect([...p.normals!.slice(0, 3)]).toEqual([0, 0, 1]);
    checkNormals(p);
    expect(Math.max(...p.positions.filter((_, i) => i % 3 === 0))).toBe(2);
    expect(Math.max(...p.positions.filter((_, i) => i % 3 === 1))).toBe(1);
  });

  it('cylinder and cone: closed, outward, capped (no cap at a zero radius)', () => {
    const c = shapeMesh('cylinder', { radiusTop: 1, radiusBottom: 1, height: 2, radialSegments: 64 });
    expect(volume(c)).toBeCloseTo(2 * Math.PI, 1);
    checkNormals(c);
    const cone = shapeMesh('cone', { radius: 1, height: 3 });
    expect(volume(cone)).toBeCloseTo(Math.PI, 1);
    expect(triangles(cone)).toBe(32 + 32); // side (no top row) + bottom cap
    checkNormals(cone);
  });

  it('torus: 2 × radial × tubular triangles, volume 2π²Rr²', () => {
    const t = shapeMesh('torus', { radius: 1, tube: 0.25, radialSegments: 32, tubularSegments: 96 });
    expect(triangles(t)).toBe(2 * 32 * 96);
    expect(volume(t)).toBeCloseTo(2 * Math.PI ** 2 * 1 * 0.0625, 1);
    checkNormals(t);
  });

  it('icosahedron and dodecahedron: inscribed in the radius, flat at detail 0, subdivided above', () => {
    const ico = shapeMesh('icosahedron', { radius: 2 });
    expect(triangles(ico)).toBe(20);
    for (let i = 0; i < ico.positions.length; i += 3) expect(Math.hypot(ico.positions[i]!, ico.positions[i + 1]!, ico.positions[i + 2]!)).toBeCloseTo(2, 5);
    checkNormals(ico);
    expect(volume(ico)).toBeGreaterThan(0);
    expect(triangles(shapeMesh('icosahedron', { detail: 2 }))).toBe(20 * 9);
    const dodeca = shapeMesh('dodecahedron', {});
    expect(triangles(dodeca)).toBe(36);
    checkNormals(dodeca);
    expect(volume(dodeca)).toBeGreaterThan(0);
    // Flat faces: the three normals of each triangle are equal.
    expect([...dodeca.normals!.slice(0, 3)]).toEqual([...dodeca.normals!.slice(3, 6)]);
  });

  it.each(['box', 'sphere', 'plane', 'cylinder', 'cone', 'torus', 'icosahedron', 'dodecahedron'] as ThreeShapeKind[])('%s: indices stay inside the vertices', (shape) => {
    const m = shapeMesh(shape, {});
    expect(Math.max(...m.indices)).toBeLessThan(vertices(m));
    expect(m.normals!.length).toBe(m.positions.length);
  });

  it('clamps segment counts and reports it', () => {
    expect(triangles(shapeMesh('sphere', { widthSegments: 10_000, heightSegments: 2 }))).toBe(2 * MAX_SEGMENTS);
    expect(clampedParams({ widthSegments: 10_000, detail: 99, radius: 5 })).toEqual(['widthSegments 10000 > 256', 'detail 99 > 32']);
  });

  it('lists each wireframe edge once, seams merged', () => {
    expect(uniqueEdges(shapeMesh('box', {}).indices, shapeMesh('box', {}).positions).length / 2).toBe(12 + 6);
    const tetra = new Uint32Array([0, 1, 2, 0, 2, 3, 0, 3, 1, 1, 3, 2]);
    expect(uniqueEdges(tetra).length / 2).toBe(6);
  });
});
