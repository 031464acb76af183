/**
 * A small glTF 2.0 reader for the software renderer: `.glb` (binary) and `.gltf` (JSON) with
 * embedded base64 buffers, or external buffers the host read beforehand. It keeps what the
 * renderer draws: triangle meshes (POSITION, NORMAL, indices of every component type,
 * normalised and sparse accessors, strips and fans), the node hierarchy (TRS or matrix) baked
 * into the vertices, and each material's base colour, emissive, metalness, roughness,
 * double-sidedness, alpha mode and unlit extension. Textures, vertex colours, skins, morph
 * targets and animations are ignored and reported as warnings (docs/three.md).
 *
 * Browser-safe: bytes in, plain typed arrays out. Failures throw {@link GltfError}, which the
 * host wraps in a FramesmithError naming the JSON pointer of the `model` field.
 */
import type { ThreeModelData, ThreeModelMesh, Vec3 } from '../model/composition.js';
import { composeQuaternion, determinant3, identity, multiply, normalMatrix, type Mat4 } from './math.js';

/** A model that cannot be read; the message says why. */
export class GltfError extends Error {
  override name = 'GltfError';
}

/** Largest number of triangles a model may have (all meshes together). */
export const MAX_MODEL_TRIANGLES = 4_000_000;

/** Extensions that change nothing this reader draws, or that it implements. */
const UNDERSTOOD_EXTENSIONS = new Set(['KHR_materials_unlit', 'KHR_mesh_quantization', 'KHR_texture_transform', 'KHR_materials_emissive_strength']);

const GLB_MAGIC = 0x46546c67; // "glTF"
const CHUNK_JSON = 0x4e4f534a;
const CHUNK_BIN = 0x004e4942;

interface GltfJson {
  asset?: { version?: string };
  extensionsRequired?: string[];
  scene?: number;
  scenes?: Array<{ nodes?: number[] }>;
  nodes?: Array<{
    children?: number[]; mesh?: number; matrix?: number[]; translation?: number[]; rotation?: number[]; scale?: number[];
    skin?: number;
  }>;
  meshes?: Array<{ primitives?: GltfPrimitive[] }>;
  accessors?: GltfAccessor[];
  bufferViews?: Array<{ buffer: number; byteOffset?: number; byteLength: number; byteStride?: number }>;
  buffers?: Array<{ uri?: string; byteLength: number }>;
  materials?: GltfMaterial[];
  animations?: unknown[];
}

interface GltfPrimitive {
  attributes?: Record<string, number>;
  indices?: number;
  material?: number;
  mode?: number;
  targets?: unknown[];
}

interface GltfAccessor {
  bufferView?: number;
  byteOffset?: number;
  componentType: number;
  normalized?: boolean;
  count: number;
  type: string;
  sparse?: {
    count: number;
    indices: { bufferView: number; byteOffset?: number; componentType: number };
    values: { bufferView: number; byteOffset?: number };
  };
}

interface GltfMaterial {
  pbrMetallicRoughness?: {
    baseColorFactor?: number[]; metallicFactor?: number; roughnessFactor?: number;
    baseColorTexture?: unknown; metallicRoughnessTexture?: unknown;
  };
  normalTexture?: unknown;
  occlusionTexture?: unknown;
  emissiveTexture?: unknown;
  emissiveFactor?: number[];
  alphaMode?: 'OPAQUE' | 'MASK' | 'BLEND';
  alphaCutoff?: number;
  doubleSided?: boolean;
  extensions?: Record<string, unknown>;
}

const COMPONENTS: Record<string, number> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4, MAT2: 4, MAT3: 9, MAT4: 16 };
const COMPONENT_BYTES: Record<number, number> = { 5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4 };

interface Container {
  json: GltfJson;
  /** The GLB's binary chunk. */
  bin?: Uint8Array;
}

function readContainer(bytes: Uint8Array): Container {
  if (bytes.length >= 12) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) === GLB_MAGIC) return readGlb(bytes, view);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new GltfError('not a glTF file (neither GLB nor UTF-8 JSON)');
  }
  if (!/^\s*\{/.test(text)) throw new GltfError('not a glTF file (neither GLB nor JSON)');
  return { json: parseJson(text) };
}

function parseJson(text: string): GltfJson {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new GltfError(`the glTF JSON does not parse (${(cause as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new GltfError('the glTF JSON is not an object');
  return json as GltfJson;
}

function readGlb(bytes: Uint8Array, view: DataView): Container {
  const version = view.getUint32(4, true);
  if (version !== 2) throw new GltfError(`GLB version ${version} is not supported (only glTF 2.0)`);
  const length = Math.min(view.getUint32(8, true), bytes.length);
  let offset = 12;
  let json: GltfJson | undefined;
  let bin: Uint8Array | undefined;
  while (offset + 8 <= length) {
    const chunkLength = view.getUint32(offset, true);
    const chunkType = view.getUint32(offset + 4, true);
    const start = offset + 8;
    if (start + chunkLength > length) throw new GltfError('the GLB is truncated (a chunk runs past the end of the file)');
    const chunk = bytes.subarray(start, start + chunkLength);
    if (chunkType === CHUNK_JSON && !json) json = parseJson(new TextDecoder().decode(chunk));
    else if (chunkType === CHUNK_BIN && !bin) bin = chunk;
    offset = start + chunkLength + ((4 - (chunkLength % 4)) % 4);
  }
  if (!json) throw new GltfError('the GLB has no JSON chunk');
  return { json, bin };
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ''));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** URIs of buffers that live in other files, relative to the model (the host reads them first). */
export function gltfExternalUris(bytes: Uint8Array): string[] {
  const { json } = readContainer(bytes);
  return (json.buffers ?? []).map((b) => b.uri).filter((uri): uri is string => typeof uri === 'string' && !uri.startsWith('data:'));
}

class Reader {
  private readonly buffers: Uint8Array[];
  readonly warnings = new Set<string>();

  constructor(readonly json: GltfJson, bin: Uint8Array | undefined, external: ReadonlyMap<string, Uint8Array> | undefined) {
    this.buffers = (json.buffers ?? []).map((buffer, i) => {
      let data: Uint8Array | undefined;
      if (buffer.uri === undefined) data = i === 0 ? bin : undefined;
      else if (buffer.uri.startsWith('data:')) {
        const comma = buffer.uri.indexOf(',');
        if (comma < 0 || !/;base64$/i.test(buffer.uri.slice(0, comma))) throw new GltfError(`buffer ${i} has a data URI that is not base64`);
        try {
          data = decodeBase64(buffer.uri.slice(comma + 1));
        } catch {
          throw new GltfError(`buffer ${i} has invalid base64 data`);
        }
      } else data = external?.get(buffer.uri);
      if (!data) throw new GltfError(buffer.uri === undefined ? `buffer ${i} has no data (no GLB binary chunk)` : `buffer ${i} ("${buffer.uri}") could not be read`);
      if (data.length < buffer.byteLength) throw new GltfError(`buffer ${i} is ${data.length} bytes, shorter than its byteLength ${buffer.byteLength}`);
      return data;
    });
  }

  private view(index: number): { bytes: Uint8Array; stride?: number } {
    const view = this.json.bufferViews?.[index];
    if (!view) throw new GltfError(`bufferView ${index} does not exist`);
    const buffer = this.buffers[view.buffer];
    if (!buffer) throw new GltfError(`bufferView ${index} names buffer ${view.buffer}, which does not exist`);
    const start = view.byteOffset ?? 0;
    if (start + view.byteLength > buffer.length) throw new GltfError(`bufferView ${index} runs past the end of buffer ${view.buffer}`);
    return { bytes: buffer.subarray(start, start + view.byteLength), stride: view.byteStride };
  }

  /** An accessor's values as floats (normalised integers scaled to −1..1 or 0..1). */
  floats(index: number): { data: Float32Array; size: number; count: number } {
    const acc = this.json.accessors?.[index];
    if (!acc) throw new GltfError(`accessor ${index} does not exist`);
    const size = COMPONENTS[acc.type];
    const bytesPer = COMPONENT_BYTES[acc.componentType];
    if (!size || !bytesPer) throw new GltfError(`accessor ${index} has an unknown type ${acc.type}/${acc.componentType}`);
    const count = acc.count;
    if (!Number.isInteger(count) || count < 0) throw new GltfError(`accessor ${index} has an invalid count`);
    const out = new Float32Array(count * size);
    if (acc.bufferView !== undefined) {
      const { bytes, stride } = this.view(acc.bufferView);
      readComponents(bytes, acc.byteOffset ?? 0, stride ?? size * bytesPer, acc.componentType, acc.normalized ?? false, size, count, out, index);
    }
    if (acc.sparse) {
      const sp = acc.sparse;
      const idx = new Float32Array(sp.count);
      const iv = this.view(sp.indices.bufferView);
      readComponents(iv.bytes, sp.indices.byteOffset ?? 0, COMPONENT_BYTES[sp.indices.componentType] ?? 4, sp.indices.componentType, false, 1, sp.count, idx, index);
      const values = new Float32Array(sp.count * size);
      const vv = this.view(sp.values.bufferView);
      readComponents(vv.bytes, sp.values.byteOffset ?? 0, size * bytesPer, acc.componentType, acc.normalized ?? false, size, sp.count, values, index);
      for (let i = 0; i < sp.count; i++) {
        const target = idx[i]!;
        if (target >= count) throw new GltfError(`accessor ${index} has a sparse index past its count`);
        out.set(values.subarray(i * size, i * size + size), target * size);
      }
    }
    return { data: out, size, count };
  }

  /** An index accessor as integers. */
  indices(index: number, vertexCount: number): Uint32Array {
    const { data, size } = this.floats(index);
    if (size !== 1) throw new GltfError(`accessor ${index} is used as indices but is not SCALAR`);
    const out = new Uint32Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (v >= vertexCount) throw new GltfError(`accessor ${index} has index ${v}, past the ${vertexCount} vertices`);
      out[i] = v;
    }
    return out;
  }
}

function readComponents(
  bytes: Uint8Array, offset: number, stride: number, type: number, normalized: boolean, size: number, count: number, out: Float32Array, index: number,
): void {
  const bytesPer = COMPONENT_BYTES[type]!;
  if (count > 0 && offset + (count - 1) * stride + size * bytesPer > bytes.length) {
    throw new GltfError(`accessor ${index} reads past the end of its bufferView`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) {
    const base = offset + i * stride;
    for (let c = 0; c < size; c++) {
      const at = base + c * bytesPer;
      let v: number;
      switch (type) {
        case 5120: v = view.getInt8(at); if (normalized) v = Math.max(v / 127, -1); break;
        case 5121: v = view.getUint8(at); if (normalized) v /= 255; break;
        case 5122: v = view.getInt16(at, true); if (normalized) v = Math.max(v / 32767, -1); break;
        case 5123: v = view.getUint16(at, true); if (normalized) v /= 65535; break;
        case 5125: v = view.getUint32(at, true); break;
        default: v = view.getFloat32(at, true);
      }
      out[i * size + c] = v;
    }
  }
}

/** Triangle list indices for a primitive of mode 4 (list), 5 (strip) or 6 (fan). */
function triangleList(mode: number, indices: Uint32Array): Uint32Array {
  if (mode === 4) return indices.subarray(0, indices.length - (indices.length % 3));
  const out: number[] = [];
  for (let i = 2; i < indices.length; i++) {
    if (mode === 5) {
      // Strips alternate winding.
      if (i % 2 === 0) out.push(indices[i - 2]!, indices[i - 1]!, indices[i]!);
      else out.push(indices[i - 1]!, indices[i - 2]!, indices[i]!);
    } else out.push(indices[0]!, indices[i - 1]!, indices[i]!);
  }
  return new Uint32Array(out);
}

function finiteNumbers(v: number[] | undefined, n: number, fallback: number[]): number[] {
  if (!Array.isArray(v) || v.length < n || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) return fallback;
  return v.slice(0, n);
}

function nodeMatrix(node: NonNullable<GltfJson['nodes']>[number]): Mat4 {
  if (Array.isArray(node.matrix) && node.matrix.length === 16) return Float64Array.from(node.matrix);
  return composeQuaternion(
    new Float64Array(16),
    finiteNumbers(node.translation, 3, [0, 0, 0]),
    finiteNumbers(node.rotation, 4, [0, 0, 0, 1]),
    finiteNumbers(node.scale, 3, [1, 1, 1]),
  );
}

/**
 * Decodes a glTF 2.0 model (GLB or JSON bytes). `external` holds the bytes of buffers named by
 * relative URI (see {@link gltfExternalUris}).
 * @throws GltfError when the bytes are not a readable glTF 2.0 model with at least one triangle.
 */
export function parseGltf(bytes: Uint8Array, external?: ReadonlyMap<string, Uint8Array>): ThreeModelData {
  const { json, bin } = readContainer(bytes);
  const version = json.asset?.version;
  if (typeof version !== 'string' || !version.startsWith('2')) {
    throw new GltfError(`asset.version is ${JSON.stringify(version)}; only glTF 2.0 is supported`);
  }
  for (const ext of json.extensionsRequired ?? []) {
    if (!UNDERSTOOD_EXTENSIONS.has(ext)) throw new GltfError(`the model requires the extension ${ext}, which is not supported`);
  }
  const reader = new Reader(json, bin, external);
  const nodes = json.nodes ?? [];
  let roots: number[];
  const scene = json.scenes?.[json.scene ?? 0];
  if (scene) roots = scene.nodes ?? [];
  else {
    const children = new Set(nodes.flatMap((n) => n.children ?? []));
    roots = nodes.map((_, i) => i).filter((i) => !children.has(i));
  }
  const meshes: ThreeModelMesh[] = [];
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  let triangles = 0;
  const visiting = new Set<number>();
  const visit = (index: number, parent: Mat4) => {
    const node = nodes[index];
    if (!node) throw new GltfError(`node ${index} does not exist`);
    if (visiting.has(index)) throw new GltfError(`node ${index} is its own ancestor`);
    visiting.add(index);
    const world = multiply(new Float64Array(16), parent, nodeMatrix(node));
    if (node.skin !== undefined) reader.warnings.add('skinned meshes are drawn in their bind pose');
    if (node.mesh !== undefined) {
      const mesh = json.meshes?.[node.mesh];
      if (!mesh) throw new GltfError(`node ${index} names mesh ${node.mesh}, which does not exist`);
      for (const primitive of mesh.primitives ?? []) {
        const out = readPrimitive(reader, primitive, world);
        if (!out) continue;
        triangles += out.indices.length / 3;
        if (triangles > MAX_MODEL_TRIANGLES) throw new GltfError(`the model has more than ${MAX_MODEL_TRIANGLES} triangles`);
        const p = out.positions;
        for (let i = 0; i < p.length; i += 3) {
          for (let c = 0; c < 3; c++) {
            const v = p[i + c]!;
            if (v < min[c]!) min[c] = v;
            if (v > max[c]!) max[c] = v;
          }
        }
        meshes.push(out);
      }
    }
    for (const child of node.children ?? []) visit(child, world);
    visiting.delete(index);
  };
  for (const root of roots) visit(root, identity());
  if (meshes.length === 0) throw new GltfError('the model has no triangle meshes');
  if ((json.animations?.length ?? 0) > 0) reader.warnings.add('glTF animations are not played (the model is drawn at rest)');
  return { meshes, min, max, warnings: [...reader.warnings] };
}

function readPrimitive(reader: Reader, primitive: GltfPrimitive, world: Mat4): ThreeModelMesh | undefined {
  const mode = primitive.mode ?? 4;
  if (mode !== 4 && mode !== 5 && mode !== 6) {
    reader.warnings.add('point and line primitives are not drawn');
    return undefined;
  }
  const attrs = primitive.attributes ?? {};
  if (attrs.POSITION === undefined) return undefined;
  const pos = reader.floats(attrs.POSITION);
  if (pos.size !== 3) throw new GltfError(`accessor ${attrs.POSITION} (POSITION) is not VEC3`);
  const vertexCount = pos.count;
  let normals: Float32Array | undefined;
  if (attrs.NORMAL !== undefined) {
    const n = reader.floats(attrs.NORMAL);
    if (n.size !== 3 || n.count !== vertexCount) throw new GltfError(`accessor ${attrs.NORMAL} (NORMAL) does not match POSITION`);
    normals = n.data;
  }
  if (attrs.COLOR_0 !== undefined) reader.warnings.add('vertex colours are not drawn (material colours only)');
  if ((primitive.targets?.length ?? 0) > 0) reader.warnings.add('morph targets are not applied');
  let indices: Uint32Array;
  if (primitive.indices !== undefined) indices = reader.indices(primitive.indices, vertexCount);
  else {
    indices = new Uint32Array(vertexCount);
    for (let i = 0; i < vertexCount; i++) indices[i] = i;
  }
  indices = Uint32Array.from(triangleList(mode, indices));
  // Bake the node's world transform into the vertices.
  const positions = pos.data;
  for (let i = 0; i < positions.length; i += 3) {
    const x = positions[i]!, y = positions[i + 1]!, z = positions[i + 2]!;
    positions[i] = world[0]! * x + world[4]! * y + world[8]! * z + world[12]!;
    positions[i + 1] = world[1]! * x + world[5]! * y + world[9]! * z + world[13]!;
    positions[i + 2] = world[2]! * x + world[6]! * y + world[10]! * z + world[14]!;
  }
  if (normals) {
    const nm = normalMatrix(new Float64Array(9), world);
    for (let i = 0; i < normals.length; i += 3) {
      const x = normals[i]!, y = normals[i + 1]!, z = normals[i + 2]!;
      const nx = nm[0]! * x + nm[3]! * y + nm[6]! * z, ny = nm[1]! * x + nm[4]! * y + nm[7]! * z, nz = nm[2]! * x + nm[5]! * y + nm[8]! * z;
      const l = Math.hypot(nx, ny, nz) || 1;
      normals[i] = nx / l; normals[i + 1] = ny / l; normals[i + 2] = nz / l;
    }
  }
  if (determinant3(world) < 0) {
    // A mirroring transform turns the winding around; turn it back.
    for (let i = 0; i < indices.length; i += 3) {
      const t = indices[i + 1]!;
      indices[i + 1] = indices[i + 2]!;
      indices[i + 2] = t;
    }
  }
  const material = primitive.material === undefined ? undefined : reader.json.materials?.[primitive.material];
  if (primitive.material !== undefined && !material) throw new GltfError(`a primitive names material ${primitive.material}, which does not exist`);
  const pbr = material?.pbrMetallicRoughness;
  if (pbr?.baseColorTexture || pbr?.metallicRoughnessTexture || material?.normalTexture || material?.occlusionTexture || material?.emissiveTexture) {
    reader.warnings.add('textures are not drawn (material colour factors only)');
  }
  const base = finiteNumbers(pbr?.baseColorFactor, 4, [1, 1, 1, 1]) as [number, number, number, number];
  const alphaMode = material?.alphaMode ?? 'OPAQUE';
  if (alphaMode === 'MASK') {
    // Without textures the mask is the factor's alpha alone: all or nothing.
    if (base[3] < (material?.alphaCutoff ?? 0.5)) return undefined;
    base[3] = 1;
  } else if (alphaMode === 'OPAQUE') base[3] = 1;
  const strength = (material?.extensions?.KHR_materials_emissive_strength as { emissiveStrength?: number } | undefined)?.emissiveStrength ?? 1;
  const emissive = finiteNumbers(material?.emissiveFactor, 3, [0, 0, 0]).map((v) => v * strength) as Vec3;
  return {
    positions,
    normals,
    indices,
    baseColor: base,
    emissive,
    metalness: clamp01(pbr?.metallicFactor ?? 1),
    roughness: clamp01(pbr?.roughnessFactor ?? 1),
    doubleSided: material?.doubleSided ?? false,
    blend: alphaMode === 'BLEND',
    unlit: material?.extensions?.KHR_materials_unlit !== undefined,
  };
}

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 1;
}
