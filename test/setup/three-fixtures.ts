/**
 * glTF 2.0 models for the 3D tests, written byte by byte (no binary is committed):
 *
 * - `tetra.glb`: a regular tetrahedron (flat normals, UNSIGNED_BYTE indices) under a two-node
 *   hierarchy (a root with a matrix, a child with translation/rotation/scale), coral, rough.
 * - `tetra.gltf`: the same model as JSON with the buffer embedded as a base64 data URI.
 * - `duck.glb`: a stand-in for example D's duck (about 4,600 triangles, like the Khronos Duck):
 *   a yellow body, a head and an orange beak in a node hierarchy, UNSIGNED_SHORT and
 *   UNSIGNED_INT indices.
 *
 * {@link buildGltf} is also used by the unit tests to make models in memory.
 */
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { shapeMesh } from '../../engine/three/meshes.js';
import { GENERATED_MEDIA_DIR as MEDIA_FIXTURES_DIR } from './fixture-media.js';

export interface GltfPrimitiveInput {
  positions: ArrayLike<number>;
  normals?: ArrayLike<number>;
  indices?: ArrayLike<number>;
  /** 5121 (UNSIGNED_BYTE), 5123 (UNSIGNED_SHORT) or 5125 (UNSIGNED_INT); default 5125. */
  indexType?: 5121 | 5123 | 5125;
  material?: number;
  mode?: number;
}

export interface GltfInput {
  /** Each mesh is a list of primitives. */
  meshes: GltfPrimitiveInput[][];
  /** glTF node objects as they appear in the JSON. */
  nodes: Array<Record<string, unknown>>;
  /** Root nodes of scene 0; default: node 0. */
  roots?: number[];
  materials?: Array<Record<string, unknown>>;
  /** Merged into the top-level JSON last (extensionsRequired, asset overrides...). */
  extra?: Record<string, unknown>;
}

/** Writes `input` as a GLB (binary chunk) or a .gltf (JSON with a base64 data URI buffer). */
export function buildGltf(input: GltfInput, format: 'glb' | 'gltf'): Buffer {
  const chunks: Buffer[] = [];
  let length = 0;
  const bufferViews: Array<Record<string, unknown>> = [];
  const accessors: Array<Record<string, unknown>> = [];
  const add = (data: Buffer, target: number): number => {
    const pad = (4 - (length % 4)) % 4;
    if (pad) { chunks.push(Buffer.alloc(pad)); length += pad; }
    bufferViews.push({ buffer: 0, byteOffset: length, byteLength: data.length, target });
    chunks.push(data);
    length += data.length;
    return bufferViews.length - 1;
  };
  const floats = (values: ArrayLike<number>): Buffer => {
    const b = Buffer.alloc(values.length * 4);
    for (let i = 0; i < values.length; i++) b.writeFloatLE(values[i]!, i * 4);
    return b;
  };
  const meshes = input.meshes.map((primitives) => ({
    primitives: primitives.map((p) => {
      const count = p.positions.length / 3;
      const min = [Infinity, Infinity, Infinity], max = [-Infinity, -Infinity, -Infinity];
      for (let i = 0; i < p.positions.length; i++) {
        min[i % 3] = Math.min(min[i % 3]!, p.positions[i]!);
        max[i % 3] = Math.max(max[i % 3]!, p.positions[i]!);
      }
      accessors.push({ bufferView: add(floats(p.positions), 34962), componentType: 5126, count, type: 'VEC3', min, max });
      const attributes: Record<string, number> = { POSITION: accessors.length - 1 };
      if (p.normals) {
        accessors.push({ bufferView: add(floats(p.normals), 34962), componentType: 5126, count, type: 'VEC3' });
        attributes.NORMAL = accessors.length - 1;
      }
      const out: Record<string, unknown> = { attributes };
      if (p.indices) {
        const type = p.indexType ?? 5125;
        const size = type === 5121 ? 1 : type === 5123 ? 2 : 4;
        const b = Buffer.alloc(p.indices.length * size);
        for (let i = 0; i < p.indices.length; i++) {
          if (size === 1) b.writeUInt8(p.indices[i]!, i);
          else if (size === 2) b.writeUInt16LE(p.indices[i]!, i * 2);
          else b.writeUInt32LE(p.indices[i]!, i * 4);
        }
        accessors.push({ bufferView: add(b, 34963), componentType: type, count: p.indices.length, type: 'SCALAR' });
        out.indices = accessors.length - 1;
      }
      if (p.material !== undefined) out.material = p.material;
      if (p.mode !== undefined) out.mode = p.mode;
      return out;
    }),
  }));
  const pad = (4 - (length % 4)) % 4;
  if (pad) { chunks.push(Buffer.alloc(pad)); length += pad; }
  const bin = Buffer.concat(chunks);
  const json: Record<string, unknown> = {
    asset: { version: '2.0', generator: 'framesmith test fixtures' },
    scene: 0,
    scenes: [{ nodes: input.roots ?? [0] }],
    nodes: input.nodes,
    meshes,
    materials: input.materials,
    accessors,
    bufferViews,
    buffers: [format === 'glb' ? { byteLength: bin.length } : { byteLength: bin.length, uri: `data:application/octet-stream;base64,${bin.toString('base64')}` }],
    ...input.extra,
  };
  if (!input.materials) delete json.materials;
  const text = JSON.stringify(json);
  if (format === 'gltf') return Buffer.from(text, 'utf8');
  let jsonBytes = Buffer.from(text, 'utf8');
  const jsonPad = (4 - (jsonBytes.length % 4)) % 4;
  if (jsonPad) jsonBytes = Buffer.concat([jsonBytes, Buffer.alloc(jsonPad, 0x20)]);
  const header = Buffer.alloc(12);
  header.writeUInt32LE(0x46546c67, 0);
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(12 + 8 + jsonBytes.length + 8 + bin.length, 8);
  const chunkHeader = (len: number, type: number) => {
    const h = Buffer.alloc(8);
    h.writeUInt32LE(len, 0);
    h.writeUInt32LE(type, 4);
    return h;
  };
  return Buffer.concat([header, chunkHeader(jsonBytes.length, 0x4e4f534a), jsonBytes, chunkHeader(bin.length, 0x004e4942), bin]);
}

/** A regular tetrahedron with edge 2√2 (corners of a cube of side 2), one flat normal per face. */
export function tetrahedron(): GltfPrimitiveInput {
  const c = [[1, 1, 1], [-1, -1, 1], [-1, 1, -1], [1, -1, -1]] as const;
  const faces = [[0, 1, 3], [0, 2, 1], [0, 3, 2], [1, 2, 3]] as const; // counter-clockwise seen from outside
  const positions: number[] = [];
  const normals: number[] = [];
  for (const f of faces) {
    const [a, b, d] = f.map((i) => c[i]!);
    const u = [b![0] - a![0], b![1] - a![1], b![2] - a![2]], v = [d![0] - a![0], d![1] - a![1], d![2] - a![2]];
    const n = [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
    const l = Math.hypot(n[0]!, n[1]!, n[2]!);
    for (const p of [a, b, d]) {
      positions.push(...p!);
      normals.push(n[0]! / l, n[1]! / l, n[2]! / l);
    }
  }
  return { positions, normals, indices: Array.from({ length: 12 }, (_, i) => i), indexType: 5121, material: 0 };
}

/** The tetrahedron model: root node (matrix: scale 0.5) → child (translation, rotation, scale). */
export function tetraModel(): GltfInput {
  const half = Math.PI / 8; // 45° about y
  return {
    meshes: [[tetrahedron()]],
    nodes: [
      { name: 'root', matrix: [0.5, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 1], children: [1] },
      { name: 'tetra', mesh: 0, translation: [0, 0.5, 0], rotation: [0, Math.sin(half), 0, Math.cos(half)], scale: [1, 1, 1] },
    ],
    materials: [{ name: 'coral', pbrMetallicRoughness: { baseColorFactor: [1, 0.3, 0.2, 1], metallicFactor: 0, roughnessFactor: 0.6 } }],
  };
}

function meshOf(shape: Parameters<typeof shapeMesh>[0], params: Parameters<typeof shapeMesh>[1], scale: [number, number, number], material: number, indexType: 5121 | 5123 | 5125): GltfPrimitiveInput {
  const m = shapeMesh(shape, params);
  const positions = Array.from(m.positions, (v, i) => v * scale[i % 3]!);
  const normals = Array.from(m.normals!);
  // Non-uniform scale: normals scale by the inverse, then renormalise.
  for (let i = 0; i < normals.length; i += 3) {
    const x = normals[i]! / scale[0], y = normals[i + 1]! / scale[1], z = normals[i + 2]! / scale[2];
    const l = Math.hypot(x, y, z) || 1;
    normals[i] = x / l; normals[i + 1] = y / l; normals[i + 2] = z / l;
  }
  return { positions, normals, indices: Array.from(m.indices), indexType, material };
}

/** A rubber-duck stand-in: body, head (child of body) and beak (child of head, rotated). */
export function duckModel(): GltfInput {
  const q = Math.sin(Math.PI / 4);
  return {
    meshes: [
      [meshOf('sphere', { radius: 1, widthSegments: 48, heightSegments: 32 }, [1.25, 0.8, 0.95], 0, 5123)],
      [meshOf('sphere', { radius: 0.6, widthSegments: 40, heightSegments: 24 }, [1, 1, 1], 0, 5125)],
      [meshOf('cone', { radius: 0.22, height: 0.5, radialSegments: 24 }, [1, 1, 0.6], 1, 5121)],
    ],
    nodes: [
      { name: 'body', mesh: 0, children: [1] },
      { name: 'head', mesh: 1, translation: [0.75, 0.95, 0], children: [2] },
      // The cone points up (+y); turn it −90° about z so it points forward along +x.
      { name: 'beak', mesh: 2, translation: [0.68, -0.05, 0], rotation: [0, 0, -q, q] },
    ],
    materials: [
      { name: 'yellow', pbrMetallicRoughness: { baseColorFactor: [1, 0.75, 0.05, 1], metallicFactor: 0, roughnessFactor: 0.45 } },
      { name: 'orange', pbrMetallicRoughness: { baseColorFactor: [1, 0.28, 0.02, 1], metallicFactor: 0, roughnessFactor: 0.5 } },
    ],
  };
}

export const THREE_FIXTURES = {
  tetraGlb: path.join(MEDIA_FIXTURES_DIR, 'tetra.glb'),
  tetraGltf: path.join(MEDIA_FIXTURES_DIR, 'tetra.gltf'),
  duckGlb: path.join(MEDIA_FIXTURES_DIR, 'duck.glb'),
} as const;

/** Writes `bytes` to `file` unless it already holds them (through a temporary name, atomically). */
async function writeIfChanged(file: string, bytes: Buffer): Promise<void> {
  const current = await readFile(file).catch(() => undefined);
  if (current?.equals(bytes)) return;
  const tmp = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, file);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Writes the 3D model fixtures (fixtures/media/generated/). */
export async function makeThreeFixtures(): Promise<typeof THREE_FIXTURES> {
  await mkdir(MEDIA_FIXTURES_DIR, { recursive: true });
  await writeIfChanged(THREE_FIXTURES.tetraGlb, buildGltf(tetraModel(), 'glb'));
  await writeIfChanged(THREE_FIXTURES.tetraGltf, buildGltf(tetraModel(), 'gltf'));
  await writeIfChanged(THREE_FIXTURES.duckGlb, buildGltf(duckModel(), 'glb'));
  return THREE_FIXTURES;
}
