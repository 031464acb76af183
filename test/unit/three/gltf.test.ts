import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GltfError, gltfExternalUris, parseGltf } from '../../../engine/three/gltf.js';
import { compileDocument } from '../../../engine/load-composition.js';
import { prepareNodeResources } from '../../../engine/render/node-resources.js';
import { hasErrorCode } from '../../../engine/errors.js';
import { buildGltf, duckModel, tetraModel, tetrahedron, type GltfInput } from '../../setup/three-fixtures.js';

const tri = { positions: [0, 0, 0, 1, 0, 0, 0, 1, 0], normals: [0, 0, 1, 0, 0, 1, 0, 0, 1], indices: [0, 1, 2] };
const single = (over: Partial<GltfInput> = {}): GltfInput => ({ meshes: [[tri]], nodes: [{ mesh: 0 }], ...over });

/** A GLB with its JSON chunk replaced by `json` (the binary chunk kept). */
function withJson(glb: Buffer, edit: (json: Record<string, unknown>) => void): Buffer {
  const jsonLength = glb.readUInt32LE(12);
  const json = JSON.parse(glb.subarray(20, 20 + jsonLength).toString('utf8')) as Record<string, unknown>;
  edit(json);
  let text = Buffer.from(JSON.stringify(json));
  text = Buffer.concat([text, Buffer.alloc((4 - (text.length % 4)) % 4, 0x20)]);
  const bin = glb.subarray(20 + jsonLength);
  const header = Buffer.alloc(20);
  header.writeUInt32LE(0x46546c67, 0);
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(20 + text.length + bin.length, 8);
  header.writeUInt32LE(text.length, 12);
  header.writeUInt32LE(0x4e4f534a, 16);
  return Buffer.concat([header, text, bin]);
}

describe('glTF 2.0 reader', () => {
  it('reads a GLB: triangles, normals, material factors, node hierarchy baked in', () => {
    const model = parseGltf(buildGltf(tetraModel(), 'glb'));
    expect(model.meshes).toHaveLength(1);
    const mesh = model.meshes[0]!;
    expect(mesh.indices.length).toBe(12);
    expect(mesh.baseColor).toEqual([1, expect.closeTo(0.3, 6), expect.closeTo(0.2, 6), 1]);
    expect(mesh.metalness).toBe(0);
    expect(mesh.roughness).toBeCloseTo(0.6, 6);
    expect(model.warnings).toEqual([]);
    // Root matrix scales by 0.5, the child lifts by 0.5 and turns 45° about y: corners at radius √2·0.5.
    expect(model.max[1]).toBeCloseTo(0.75, 5);
    expect(model.min[1]).toBeCloseTo(-0.25, 5);
    expect(Math.max(model.max[0], model.max[2])).toBeCloseTo(Math.SQRT2 / 2, 5);
    for (let i = 0; i < mesh.normals!.length; i += 3) expect(Math.hypot(...mesh.normals!.slice(i, i + 3))).toBeCloseTo(1, 5);
  });

  it('reads the same model from .gltf JSON with a base64 buffer', () => {
    const a = parseGltf(buildGltf(tetraModel(), 'glb'));
    const b = parseGltf(buildGltf(tetraModel(), 'gltf'));
    expect([...b.meshes[0]!.positions]).toEqual([...a.meshes[0]!.positions]);
    expect(b.min).toEqual(a.min);
  });

  it('reads every index component type and several meshes and materials', () => {
    const model = parseGltf(buildGltf(duckModel(), 'glb'));
    expect(model.meshes.map((m) => m.indices.length / 3)).toEqual([2 * 48 * 31, 2 * 40 * 23, 24 + 24]);
    expect(model.meshes[2]!.baseColor[1]).toBeCloseTo(0.28, 5);
  });

  it('converts strips and fans, and reads non-indexed primitives', () => {
    const quad = [0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0];
    const strip = parseGltf(buildGltf(single({ meshes: [[{ positions: quad, mode: 5 }]] }), 'glb'));
    expect([...strip.meshes[0]!.indices]).toEqual([0, 1, 2, 2, 1, 3]);
    const fan = parseGltf(buildGltf(single({ meshes: [[{ positions: quad, indices: [0, 1, 3, 2], indexType: 5123, mode: 6 }]] }), 'glb'));
    expect([...fan.meshes[0]!.indices]).toEqual([0, 1, 3, 0, 3, 2]);
    const plain = parseGltf(buildGltf(single({ meshes: [[{ positions: quad.slice(0, 9) }]] }), 'glb'));
    expect([...plain.meshes[0]!.indices]).toEqual([0, 1, 2]);
    expect(plain.meshes[0]!.normals).toBeUndefined(); // drawn with flat normals
  });

  it('reads normalised integer and sparse accessors, strides, and node matrices that mirror', () => {
    const glb = buildGltf(single({ meshes: [[{ positions: [0, 0, 0, 1, 0, 0, 0, 1, 0], indices: [0, 1, 2], indexType: 5121 }]] }), 'glb');
    const edited = withJson(glb, (json) => {
      // Replace POSITION with SHORT normalised values from a new buffer view laid out with a stride of 8.
      const bin = (json.buffers as Array<{ byteLength: number }>)[0]!;
      const views = json.bufferViews as Array<Record<string, unknown>>;
      const accessors = json.accessors as Array<Record<string, unknown>>;
      views.push({ buffer: 0, byteOffset: 0, byteLength: 24, byteStride: 8 });
      accessors[0] = { bufferView: views.length - 1, componentType: 5122, normalized: true, count: 3, type: 'VEC3',
        sparse: { count: 1, indices: { bufferView: views.length, componentType: 5125 }, values: { bufferView: views.length + 1 } } };
      views.push({ buffer: 0, byteOffset: 24, byteLength: 4 }, { buffer: 0, byteOffset: 28, byteLength: 6 });
      bin.byteLength = Math.max(bin.byteLength, 36);
      (json.nodes as Array<Record<string, unknown>>)[0]!.matrix = [-1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
      json.extensionsUsed = ['KHR_mesh_quantization'];
      json.extensionsRequired = ['KHR_mesh_quantization'];
    });
    // Lay the bytes the edit refers to over the start of the binary chunk.
    const jsonLength = edited.readUInt32LE(12);
    const binStart = 20 + jsonLength + 8;
    const bytes = Buffer.concat([edited.subarray(0, binStart), Buffer.alloc(Math.max(36, edited.length - binStart))]);
    bytes.writeUInt32LE(Math.max(36, edited.length - binStart), binStart - 8);
    bytes.writeUInt32LE(bytes.length, 8);
    const shorts = [[0, 0, 0], [32767, 0, 0], [0, -32768, 0]];
    shorts.forEach((v, i) => v.forEach((c, k) => bytes.writeInt16LE(c, binStart + i * 8 + k * 2)));
    bytes.writeUInt32LE(2, binStart + 24); // sparse: vertex 2
    [0, 16384, 0].forEach((c, k) => bytes.writeInt16LE(c, binStart + 28 + k * 2));
    // Indices (UNSIGNED_BYTE) sat at the old offset 36; point the index accessor there again.
    const model = parseGltf(withJson(bytes, (json) => {
      const views = json.bufferViews as Array<Record<string, unknown>>;
      views[1] = { buffer: 0, byteOffset: 32, byteLength: 3 };
    }).subarray(0));
    const p = [...model.meshes[0]!.positions].map((v) => Math.round(v * 1000) / 1000);
    expect(p).toEqual([0, 0, 0, -1, 0, 0, 0, 0.5, 0]); // mirrored x, normalised, sparse override of vertex 2
  });

  it('reports ignored features as warnings', () => {
    const model = parseGltf(buildGltf(single({
      materials: [{ pbrMetallicRoughness: { baseColorTexture: { index: 0 } } }],
      meshes: [[{ ...tri, material: 0 }, { positions: tri.positions, mode: 1 }]],
      extra: { animations: [{ channels: [], samplers: [] }] },
    }), 'glb'));
    expect(model.warnings).toEqual([
      'textures are not drawn (material colour factors only)',
      'point and line primitives are not drawn',
      'glTF animations are not played (the model is drawn at rest)',
    ]);
  });

  it('honours alpha modes, double sides, emissive and the unlit extension', () => {
    const model = parseGltf(buildGltf(single({
      meshes: [[{ ...tri, material: 0 }, { ...tri, material: 1 }, { ...tri, material: 2 }]],
      materials: [
        { pbrMetallicRoughness: { baseColorFactor: [1, 1, 1, 0.5] }, alphaMode: 'BLEND', doubleSided: true, emissiveFactor: [0.2, 0, 0] },
        { pbrMetallicRoughness: { baseColorFactor: [1, 1, 1, 0.2] }, alphaMode: 'MASK' },
        { pbrMetallicRoughness: { baseColorFactor: [1, 1, 1, 0.2] }, extensions: { KHR_materials_unlit: {} } },
      ],
    }), 'glb'));
    expect(model.meshes).toHaveLength(2); // the masked-out mesh is gone
    expect(model.meshes[0]).toMatchObject({ blend: true, doubleSided: true, emissive: [0.2, 0, 0], baseColor: [1, 1, 1, 0.5] });
    expect(model.meshes[1]).toMatchObject({ unlit: true, blend: false, baseColor: [1, 1, 1, 1] });
  });

  it('names the problem in bad files', () => {
    const glb = buildGltf(single(), 'glb');
    const fails = (bytes: Uint8Array, message: RegExp) => {
      let err: unknown;
      try { parseGltf(bytes); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(GltfError);
      expect((err as Error).message).toMatch(message);
    };
    fails(Buffer.from('hello'), /not a glTF file/);
    fails(Buffer.from([0xff, 0xfe, 0x00, 0x81]), /not a glTF file/);
    fails(Buffer.from('{"asset": {"version": "1.0"}}'), /only glTF 2\.0/);
    fails(Buffer.from('{nope'), /JSON does not parse/);
    const v1 = Buffer.from(glb); v1.writeUInt32LE(1, 4);
    fails(v1, /GLB version 1/);
    fails(glb.subarray(0, glb.length - 8), /truncated|shorter than its byteLength|past the end/);
    fails(withJson(glb, (j) => { j.extensionsRequired = ['KHR_draco_mesh_compression']; }), /requires the extension KHR_draco_mesh_compression/);
    fails(withJson(glb, (j) => { (j.accessors as Array<Record<string, unknown>>)[2]!.count = 99; }), /reads past the end/);
    fails(withJson(glb, (j) => { (j.nodes as Array<Record<string, unknown>>)[0]!.mesh = 7; }), /mesh 7, which does not exist/);
    fails(withJson(glb, (j) => { (j.nodes as Array<Record<string, unknown>>)[0]!.children = [0]; }), /its own ancestor/);
    fails(withJson(glb, (j) => { j.meshes = []; j.nodes = []; j.scenes = [{ nodes: [] }]; }), /no triangle meshes/);
    fails(buildGltf(single({ meshes: [[{ ...tri, indices: [0, 1, 5] }]] }), 'glb'), /index 5, past the 3 vertices/);
    const external = Buffer.from(JSON.stringify({ ...JSON.parse(buildGltf(single(), 'gltf').toString()), buffers: [{ uri: 'mesh.bin', byteLength: 10 }] }));
    expect(gltfExternalUris(external)).toEqual(['mesh.bin']);
    fails(external, /buffer 0 \("mesh\.bin"\) could not be read/);
  });
});

describe('models in a composition (Node host)', () => {
  let dir: string | undefined;
  afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

  const compose = (models: string[], base: string) => compileDocument({
    meta: { version: '2.0.0', width: 320, height: 180, fps: 10 },
    assets: { models: [{ id: 'm', src: models[0]! }] },
    tracks: [{ clips: [{ type: 'three', start: 0, duration: 1, objects: [
      { shape: 'box' },
      ...models.map((src, i) => ({ model: i === 0 ? { $ref: 'm' } : src, autoCenter: true })),
    ] }] }],
  }, { baseDir: base }).composition;

  it('are read before drawing, once per file, with external buffers next to the model', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'fs-three-'));
    await writeFile(path.join(dir, 'tetra.glb'), buildGltf(tetraModel(), 'glb'));
    const gltf = JSON.parse(buildGltf(single(), 'gltf').toString()) as { buffers: Array<{ uri: string }> };
    const bin = Buffer.from(gltf.buffers[0]!.uri.split(',')[1]!, 'base64');
    gltf.buffers[0]!.uri = 'tri%20data.bin';
    await writeFile(path.join(dir, 'tri.gltf'), JSON.stringify(gltf));
    await writeFile(path.join(dir, 'tri data.bin'), bin);
    const comp = compose(['tetra.glb', 'tri.gltf', 'tetra.glb'], dir);
    await prepareNodeResources(comp);
    const el = comp.layers[0]!.element;
    if (el.kind !== 'three') throw new Error('expected a three element');
    const data = el.objects.map((o) => (o.geometry.kind === 'model' ? o.geometry.data : undefined));
    expect(data[1]?.meshes[0]!.indices.length).toBe(12);
    expect(data[2]?.meshes[0]!.indices.length).toBe(3);
    expect(data[3]).toBe(data[1]); // decoded once
  });

  it('fail with the pointer of the model field', async () => {
    dir ??= await mkdtemp(path.join(tmpdir(), 'fs-three-'));
    await writeFile(path.join(dir, 'corrupt.glb'), Buffer.from('glTF but not really, just some bytes'));
    const corrupt = await prepareNodeResources(compose(['corrupt.glb'], dir)).catch((e: unknown) => e);
    expect(hasErrorCode(corrupt, 'ERR_ASSET_UNREADABLE')).toBe(true);
    expect((corrupt as Error).message).toMatch(/^\/tracks\/0\/clips\/0\/objects\/1\/model: ".*corrupt\.glb": cannot decode the glTF model \(/);
    const missing = await prepareNodeResources(compose(['nope.glb'], dir)).catch((e: unknown) => e);
    expect(hasErrorCode(missing, 'ERR_FILE_NOT_FOUND')).toBe(true);
    expect((missing as Error).message).toMatch(/^\/tracks\/0\/clips\/0\/objects\/1\/model: /);
    const data = `data:model/gltf-binary;base64,${Buffer.from('nonsense').toString('base64')}`;
    const bad = await prepareNodeResources(compose(['tetra.glb', data], dir)).catch((e: unknown) => e);
    expect((bad as Error).message).toMatch(/^\/tracks\/0\/clips\/0\/objects\/2\/model: "data:model/);
  });

  it('builds a tetrahedron by hand that winds outward', () => {
    const t = tetrahedron();
    const p = t.positions;
    let volume = 0;
    for (let i = 0; i < 36; i += 9) {
      volume += (p[i]! * (p[i + 4]! * p[i + 8]! - p[i + 5]! * p[i + 7]!) - p[i + 1]! * (p[i + 3]! * p[i + 8]! - p[i + 5]! * p[i + 6]!)
        + p[i + 2]! * (p[i + 3]! * p[i + 7]! - p[i + 4]! * p[i + 6]!)) / 6;
    }
    expect(volume).toBeCloseTo(8 / 3, 9);
  });
});
