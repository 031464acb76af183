/**
 * Small 3D math for the software renderer: 4×4 matrices stored column-major in a
 * Float64Array (the layout of three.js and glTF), right-handed, y up, camera looking down −z.
 * Browser-safe: no imports.
 */
import type { Vec3 } from '../model/composition.js';

export type Mat4 = Float64Array;
/** A 3×3 matrix, column-major. */
export type Mat3 = Float64Array;

export const DEG = Math.PI / 180;

export function identity(out: Mat4 = new Float64Array(16)): Mat4 {
  out.fill(0);
  out[0] = out[5] = out[10] = out[15] = 1;
  return out;
}

/** out = a × b (out may alias a or b). */
export function multiply(out: Mat4, a: Mat4, b: Mat4): Mat4 {
  const r = new Float64Array(16);
  for (let c = 0; c < 4; c++) {
    const b0 = b[c * 4]!, b1 = b[c * 4 + 1]!, b2 = b[c * 4 + 2]!, b3 = b[c * 4 + 3]!;
    for (let row = 0; row < 4; row++) {
      r[c * 4 + row] = a[row]! * b0 + a[4 + row]! * b1 + a[8 + row]! * b2 + a[12 + row]! * b3;
    }
  }
  out.set(r);
  return out;
}

/** The rotation of Euler angles in radians, order XYZ (R = Rx · Ry · Rz, as three.js). */
export function rotationXYZ(out: Mat4, x: number, y: number, z: number): Mat4 {
  const a = Math.cos(x), b = Math.sin(x), c = Math.cos(y), d = Math.sin(y), e = Math.cos(z), f = Math.sin(z);
  const ae = a * e, af = a * f, be = b * e, bf = b * f;
  identity(out);
  out[0] = c * e; out[4] = -c * f; out[8] = d;
  out[1] = af + be * d; out[5] = ae - bf * d; out[9] = -b * c;
  out[2] = bf - ae * d; out[6] = be + af * d; out[10] = a * c;
  return out;
}

/** Translation · rotation (Euler XYZ, radians) · scale. */
export function composeEuler(out: Mat4, position: Vec3, rotation: Vec3, scale: Vec3): Mat4 {
  rotationXYZ(out, rotation[0], rotation[1], rotation[2]);
  for (let c = 0; c < 3; c++) {
    const s = scale[c]!;
    out[c * 4] = out[c * 4]! * s;
    out[c * 4 + 1] = out[c * 4 + 1]! * s;
    out[c * 4 + 2] = out[c * 4 + 2]! * s;
  }
  out[12] = position[0]; out[13] = position[1]; out[14] = position[2];
  return out;
}

/** Translation · rotation (unit quaternion x, y, z, w) · scale, as glTF nodes. */
export function composeQuaternion(out: Mat4, t: ArrayLike<number>, q: ArrayLike<number>, s: ArrayLike<number>): Mat4 {
  const x = q[0]!, y = q[1]!, z = q[2]!, w = q[3]!;
  const x2 = x + x, y2 = y + y, z2 = z + z;
  const xx = x * x2, xy = x * y2, xz = x * z2, yy = y * y2, yz = y * z2, zz = z * z2, wx = w * x2, wy = w * y2, wz = w * z2;
  const sx = s[0]!, sy = s[1]!, sz = s[2]!;
  out[0] = (1 - (yy + zz)) * sx; out[1] = (xy + wz) * sx; out[2] = (xz - wy) * sx; out[3] = 0;
  out[4] = (xy - wz) * sy; out[5] = (1 - (xx + zz)) * sy; out[6] = (yz + wx) * sy; out[7] = 0;
  out[8] = (xz + wy) * sz; out[9] = (yz - wx) * sz; out[10] = (1 - (xx + yy)) * sz; out[11] = 0;
  out[12] = t[0]!; out[13] = t[1]!; out[14] = t[2]!; out[15] = 1;
  return out;
}

/** Inverse of a 4×4 matrix; the zero matrix when it is singular. */
export function invert(out: Mat4, m: Mat4): Mat4 {
  const a00 = m[0]!, a01 = m[1]!, a02 = m[2]!, a03 = m[3]!;
  const a10 = m[4]!, a11 = m[5]!, a12 = m[6]!, a13 = m[7]!;
  const a20 = m[8]!, a21 = m[9]!, a22 = m[10]!, a23 = m[11]!;
  const a30 = m[12]!, a31 = m[13]!, a32 = m[14]!, a33 = m[15]!;
  const b00 = a00 * a11 - a01 * a10, b01 = a00 * a12 - a02 * a10, b02 = a00 * a13 - a03 * a10;
  const b03 = a01 * a12 - a02 * a11, b04 = a01 * a13 - a03 * a11, b05 = a02 * a13 - a03 * a12;
  const b06 = a20 * a31 - a21 * a30, b07 = a20 * a32 - a22 * a30, b08 = a20 * a33 - a23 * a30;
  const b09 = a21 * a32 - a22 * a31, b10 = a21 * a33 - a23 * a31, b11 = a22 * a33 - a23 * a32;
  const det = b00 * b11 - b01 * b10 + b02 * b09 + b03 * b08 - b04 * b07 + b05 * b06;
  if (det === 0 || !Number.isFinite(det)) return out.fill(0);
  const inv = 1 / det;
  const r = [
    (a11 * b11 - a12 * b10 + a13 * b09) * inv, (a02 * b10 - a01 * b11 - a03 * b09) * inv,
    (a31 * b05 - a32 * b04 + a33 * b03) * inv, (a22 * b04 - a21 * b05 - a23 * b03) * inv,
    (a12 * b08 - a10 * b11 - a13 * b07) * inv, (a00 * b11 - a02 * b08 + a03 * b07) * inv,
    (a32 * b02 - a30 * b05 - a33 * b01) * inv, (a20 * b05 - a22 * b02 + a23 * b01) * inv,
    (a10 * b10 - a11 * b08 + a13 * b06) * inv, (a01 * b08 - a00 * b10 - a03 * b06) * inv,
    (a30 * b04 - a31 * b02 + a33 * b00) * inv, (a21 * b02 - a20 * b04 - a23 * b00) * inv,
    (a11 * b07 - a10 * b09 - a12 * b06) * inv, (a00 * b09 - a01 * b07 + a02 * b06) * inv,
    (a31 * b01 - a30 * b03 - a32 * b00) * inv, (a20 * b03 - a21 * b01 + a22 * b00) * inv,
  ];
  out.set(r);
  return out;
}

/** Determinant of the upper 3×3 (negative: the matrix mirrors, so the winding flips). */
export function determinant3(m: Mat4): number {
  return m[0]! * (m[5]! * m[10]! - m[9]! * m[6]!) - m[4]! * (m[1]! * m[10]! - m[9]! * m[2]!) + m[8]! * (m[1]! * m[6]! - m[5]! * m[2]!);
}

/** The inverse transpose of the upper 3×3: transforms normals. */
export function normalMatrix(out: Mat3, m: Mat4): Mat3 {
  const a00 = m[0]!, a01 = m[1]!, a02 = m[2]!, a10 = m[4]!, a11 = m[5]!, a12 = m[6]!, a20 = m[8]!, a21 = m[9]!, a22 = m[10]!;
  const b01 = a22 * a11 - a12 * a21, b11 = -a22 * a10 + a12 * a20, b21 = a21 * a10 - a11 * a20;
  const det = a00 * b01 + a01 * b11 + a02 * b21;
  const inv = det === 0 ? 0 : 1 / det;
  // inverse (column-major), then transposed
  const i00 = b01 * inv, i01 = (-a22 * a01 + a02 * a21) * inv, i02 = (a12 * a01 - a02 * a11) * inv;
  const i10 = b11 * inv, i11 = (a22 * a00 - a02 * a20) * inv, i12 = (-a12 * a00 + a02 * a10) * inv;
  const i20 = b21 * inv, i21 = (-a21 * a00 + a01 * a20) * inv, i22 = (a11 * a00 - a01 * a10) * inv;
  out[0] = i00; out[1] = i10; out[2] = i20;
  out[3] = i01; out[4] = i11; out[5] = i21;
  out[6] = i02; out[7] = i12; out[8] = i22;
  return out;
}

/** OpenGL-style perspective projection (clip z in [−w, w]); `fovY` in radians. */
export function perspective(out: Mat4, fovY: number, aspect: number, near: number, far: number): Mat4 {
  const f = 1 / Math.tan(fovY / 2);
  out.fill(0);
  out[0] = f / aspect;
  out[5] = f;
  out[10] = -(far + near) / (far - near);
  out[11] = -1;
  out[14] = (-2 * far * near) / (far - near);
  return out;
}

/** Orthographic projection onto the box [l, r] × [b, t] × [−n, −f] of view space. */
export function orthographic(out: Mat4, l: number, r: number, b: number, t: number, n: number, f: number): Mat4 {
  out.fill(0);
  out[0] = 2 / (r - l);
  out[5] = 2 / (t - b);
  out[10] = -2 / (f - n);
  out[12] = -(r + l) / (r - l);
  out[13] = -(t + b) / (t - b);
  out[14] = -(f + n) / (f - n);
  out[15] = 1;
  return out;
}

/**
 * The world matrix of an eye at `eye` looking at `target` (its −z axis points at it), `up` +y
 * unless the view is vertical. Invert it for a view matrix.
 */
export function lookAtWorld(out: Mat4, eye: Vec3, target: Vec3): Mat4 {
  let zx = eye[0] - target[0], zy = eye[1] - target[1], zz = eye[2] - target[2];
  let len = Math.hypot(zx, zy, zz);
  if (len === 0) { zz = 1; len = 1; }
  zx /= len; zy /= len; zz /= len;
  let ux = 0, uy = 1, uz = 0;
  if (Math.abs(zy) > 0.999999) { ux = 0; uy = 0; uz = zy > 0 ? -1 : 1; }
  // x = up × z
  let xx = uy * zz - uz * zy, xy = uz * zx - ux * zz, xz = ux * zy - uy * zx;
  const xl = Math.hypot(xx, xy, xz) || 1;
  xx /= xl; xy /= xl; xz /= xl;
  // y = z × x
  const yx = zy * xz - zz * xy, yy = zz * xx - zx * xz, yz = zx * xy - zy * xx;
  out[0] = xx; out[1] = xy; out[2] = xz; out[3] = 0;
  out[4] = yx; out[5] = yy; out[6] = yz; out[7] = 0;
  out[8] = zx; out[9] = zy; out[10] = zz; out[11] = 0;
  out[12] = eye[0]; out[13] = eye[1]; out[14] = eye[2]; out[15] = 1;
  return out;
}

/** m × (x, y, z, 1), returned as [x, y, z, w]. */
export function transformPoint4(m: Mat4, x: number, y: number, z: number): [number, number, number, number] {
  return [
    m[0]! * x + m[4]! * y + m[8]! * z + m[12]!,
    m[1]! * x + m[5]! * y + m[9]! * z + m[13]!,
    m[2]! * x + m[6]! * y + m[10]! * z + m[14]!,
    m[3]! * x + m[7]! * y + m[11]! * z + m[15]!,
  ];
}

/** m × (x, y, z, 1) with the perspective divide. */
export function transformPoint(m: Mat4, p: Vec3): Vec3 {
  const [x, y, z, w] = transformPoint4(m, p[0], p[1], p[2]);
  const iw = w === 0 ? 1 : 1 / w;
  return [x * iw, y * iw, z * iw];
}

export function normalize(v: Vec3): Vec3 {
  const l = Math.hypot(v[0], v[1], v[2]);
  return l === 0 ? [0, 0, 0] : [v[0] / l, v[1] / l, v[2] / l];
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
