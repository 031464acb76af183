import { describe, expect, it } from 'vitest';
import {
  composeEuler, composeQuaternion, DEG, determinant3, identity, invert, lookAtWorld, multiply, normalMatrix, perspective, rotationXYZ,
  transformPoint, transformPoint4,
} from '../../../engine/three/math.js';
import type { Vec3 } from '../../../engine/model/composition.js';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, digits = 9) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, digits);
};

const rx = (a: number) => { const m = identity(); m[5] = Math.cos(a); m[6] = Math.sin(a); m[9] = -Math.sin(a); m[10] = Math.cos(a); return m; };
const ry = (a: number) => { const m = identity(); m[0] = Math.cos(a); m[2] = -Math.sin(a); m[8] = Math.sin(a); m[10] = Math.cos(a); return m; };
const rz = (a: number) => { const m = identity(); m[0] = Math.cos(a); m[1] = Math.sin(a); m[4] = -Math.sin(a); m[5] = Math.cos(a); return m; };

describe('three math', () => {
  it('multiplies and inverts 4×4 matrices (column-major)', () => {
    const m = composeEuler(new Float64Array(16), [1, -2, 3], [0.3, -0.7, 1.1], [2, 0.5, 3]);
    close(multiply(new Float64Array(16), m, invert(new Float64Array(16), m)), identity());
    close(invert(new Float64Array(16), new Float64Array(16)), new Float64Array(16)); // singular → zeros
  });

  it('builds Euler XYZ rotations as Rx · Ry · Rz (three.js order), angles in radians', () => {
    const [a, b, c] = [0.4, -1.2, 2.5];
    close(rotationXYZ(new Float64Array(16), a, b, c), multiply(new Float64Array(16), multiply(new Float64Array(16), rx(a), ry(b)), rz(c)));
    // +90° about y turns +z into +x (counter-clockwise seen from above).
    close(transformPoint(rotationXYZ(new Float64Array(16), 0, 90 * DEG, 0), [0, 0, 1]), [1, 0, 0]);
  });

  it('composes translation · rotation · scale, from Euler angles or a quaternion', () => {
    const q = [0, Math.sin(Math.PI / 4), 0, Math.cos(Math.PI / 4)]; // 90° about y
    const fromQ = composeQuaternion(new Float64Array(16), [1, 2, 3], q, [2, 2, 2]);
    const fromE = composeEuler(new Float64Array(16), [1, 2, 3], [0, Math.PI / 2, 0], [2, 2, 2]);
    close(fromQ, fromE);
    close(transformPoint(fromE, [0, 0, 1]), [3, 2, 3]);
  });

  it('transforms normals with the inverse transpose, and detects mirroring', () => {
    const m = composeEuler(new Float64Array(16), [0, 0, 0], [0, 0, 0], [2, 1, 1]);
    const n = normalMatrix(new Float64Array(9), m);
    // A 45° slope stretched ×2 in x: its normal leans towards y.
    const nx = 1 / Math.SQRT2, ny = 1 / Math.SQRT2;
    const out = [n[0]! * nx + n[3]! * ny, n[1]! * nx + n[4]! * ny];
    expect(out[0]! / out[1]!).toBeCloseTo(0.5, 9);
    expect(determinant3(m)).toBeCloseTo(2, 12);
    expect(determinant3(composeEuler(new Float64Array(16), [0, 0, 0], [0, 0, 0], [-1, 1, 1]))).toBeLessThan(0);
  });

  it('projects like OpenGL: near → −1, far → +1, the field of view spans the height', () => {
    const p = perspective(new Float64Array(16), 90 * DEG, 2, 1, 10);
    close(transformPoint(p, [0, 0, -1]).slice(2), [-1]);
    close(transformPoint(p, [0, 0, -10]).slice(2), [1]);
    close(transformPoint(p, [0, 1, -1]).slice(1, 2), [1]); // top edge at 45° up
    close(transformPoint(p, [2, 0, -1]).slice(0, 1), [1]); // aspect 2
    expect(transformPoint4(p, 0, 0, -4)[3]).toBeCloseTo(4, 12); // w = view depth
  });

  it('aims a camera at a target, keeping +y up (and coping with vertical views)', () => {
    const eye: Vec3 = [3, 4, 5];
    const view = invert(new Float64Array(16), lookAtWorld(new Float64Array(16), eye, [0, 0, 0]));
    close(transformPoint(view, [0, 0, 0]), [0, 0, -Math.hypot(3, 4, 5)]);
    expect(transformPoint(view, [0, 10, 0])[1]).toBeGreaterThan(0);
    const down = invert(new Float64Array(16), lookAtWorld(new Float64Array(16), [0, 5, 0], [0, 0, 0]));
    close(transformPoint(down, [0, 0, 0]), [0, 0, -5]);
    expect(Number.isFinite(down[0]!)).toBe(true);
  });
});
