/**
 * The software 3D renderer: draws a {@link ThreeElementSpec} at one moment into a straight-alpha
 * RGBA buffer, with no GPU. Pure TypeScript over typed arrays, so the Node renderer and the
 * browser preview produce the same pixels (docs/three.md).
 *
 * Pipeline per frame: evaluate the scene (tweens) → transform every mesh to world and clip
 * space → shadow maps (directional and spot lights) → opaque triangles front to back with a
 * z-buffer → transparent triangles sorted back to front, blended → 2×2 box-filter resolve when
 * antialiasing. Triangles are clipped against the near plane, rasterised with edge functions on
 * vertices snapped to 1/256 px (exact top-left fill rule, so shared edges are drawn once), and
 * interpolated perspective-correctly; lighting is per pixel, in linear light, encoded to sRGB.
 */
import type {
  ThreeElementSpec, ThreeLightSpec, ThreeMeshGeometry, ThreeModelMesh, ThreeObjectSpec, Vec3,
} from '../model/composition.js';
import { encodeSrgb, linearColor, LUT_SIZE, SRGB_LUT } from './color.js';
import {
  composeEuler, DEG, determinant3, identity, invert, lookAtWorld, multiply, normalMatrix, orthographic, perspective, type Mat4,
} from './math.js';
import { shapeMesh, uniqueEdges } from './meshes.js';
import { cameraAt, objectAt, type ObjectState } from './scene.js';

/** Side of the square shadow map of each shadow-casting light, in texels. */
export const SHADOW_MAP_SIZE = 1024;
/** Largest internal buffer side (the box times the supersampling factor). */
export const MAX_RASTER_SIDE = 8192;

/** Per clipped or projected vertex: x, y, z, w (clip) or sx, sy, z, 1/w (screen); world position; normal. */
const STRIDE = 10;
const LUT_SCALE = LUT_SIZE - 1;

// Shading modes, sides and light kinds as small integers (cheap to compare per pixel).
const Mode = { Normals: 0, Unlit: 1, Physical: 2, Phong: 3, Lambert: 4, Toon: 5 } as const;
type Mode = (typeof Mode)[keyof typeof Mode];
const Side = { Front: 0, Back: 1, Double: 2 } as const;
type Side = (typeof Side)[keyof typeof Side];
const LightKind = { Directional: 0, Point: 1, Spot: 2 } as const;

/** Floats per light in the light table. */
const L = 20;
// Light table layout (offsets).
const L_KIND = 0, L_PX = 1, L_PY = 2, L_PZ = 3, L_DX = 4, L_DY = 5, L_DZ = 6, L_R = 7, L_G = 8, L_B = 9;
const L_RANGE = 10, L_DECAY = 11, L_COS_OUTER = 12, L_COS_INNER = 13, L_SHADOW = 14, L_TEXEL = 15;

interface DrawItem {
  objectIndex: number;
  object: ThreeObjectSpec;
  geometry: ThreeMeshGeometry;
  mesh?: ThreeModelMesh;
  /** Applied before the object's own transform (autoCenter / autoScale of models). */
  pre: Mat4;
  edges?: Uint32Array;
  world: Float32Array;
  normals: Float32Array;
  clip: Float32Array;
  /** Light-space clip coordinates, reused per shadow map. */
  lightClip?: Float32Array;
  // Per frame:
  matrix: Mat4;
  mirrored: boolean;
  min: Vec3;
  max: Vec3;
  viewDepth: number;
  visible: boolean;
  blend: boolean;
  material: FrameMaterial;
}

interface FrameMaterial {
  mode: Mode;
  side: Side;
  flat: boolean;
  wireframe: boolean;
  alpha: number;
  diffuse: Vec3;
  specular: Vec3;
  shininess: number;
  /** pow(x, shininess) sampled over [specCut, 1] (linear interpolation between entries). */
  specTable: Float64Array;
  /** Below this n·h the highlight is too weak to matter. */
  specCut: number;
  emissive: Vec3;
  receiveShadow: boolean;
}

interface ShadowMap {
  depth: Float32Array;
  viewProj: Mat4;
  /** Orthographic: world size of a texel; perspective: texel size per unit of distance. */
  texel: number;
  perspective: boolean;
}

function vec(v: Vec3): Vec3 {
  return [v[0], v[1], v[2]];
}

export class ThreeSceneRenderer {
  private items: DrawItem[] | undefined;

  private W = 0;
  private H = 0;
  private depth = new Float32Array(0);
  private color = new Uint8Array(0);
  private color32 = new Uint32Array(0);
  private readonly shadowMaps: ShadowMap[] = [];

  /** The triangle being rasterised (screen space, attributes divided by w). */
  private readonly tri = new Float64Array(STRIDE * 3);
  private readonly polyA = new Float64Array(STRIDE * 8);
  private readonly polyB = new Float64Array(STRIDE * 8);

  // Scene state of the frame being drawn.
  private viewProj: Mat4 = identity();
  private view: Mat4 = identity();
  private camX = 0;
  private camY = 0;
  private camZ = 0;
  private ambR = 0;
  private ambG = 0;
  private ambB = 0;
  private lights = new Float64Array(0);
  private lightCount = 0;

  // Material of the triangle being drawn.
  private mMode: Mode = Mode.Physical;
  private mDr = 1; private mDg = 1; private mDb = 1;
  private mSr = 0; private mSg = 0; private mSb = 0;
  private mEr = 0; private mEg = 0; private mEb = 0;
  private mSpecTable: Float64Array = new Float64Array(SPEC_TABLE + 1);
  private mSpecCut = 1;
  private mSpecScale = 0;
  private mSpecNorm = 0;
  private mAlpha = 1;
  private mReceive = false;
  private faceNx = 0; private faceNy = 0; private faceNz = 0;
  private flat = false;
  /** −1 when the back of the surface is drawn (normals turned towards the viewer). */
  private normalSign = 1;

  /**
   * Inputs and outputs of shade(), in a typed array so no double is boxed per call:
   * [0..2] world position, [3..5] normal, [6..8] the linear colour out, [9] distance to a light.
   */
  private readonly io = new Float64Array(10);
  /** Supersampling: the triangle that last shaded each output pixel, and the colour it got. */
  private shadedBy = new Int32Array(0);
  private shadedColor = new Uint32Array(0);
  private triangleId = 0;
  private ss = 1;
  private outW = 0;
  /** Samples drawn this frame lie in [x0, x1] × [y0, y1]; only that part is resolved, and cleared next frame. */
  private dirtyX0 = 0; private dirtyY0 = 0; private dirtyX1 = -1; private dirtyY1 = -1;
  /** The clear colour the buffer outside the dirty rectangle holds (undefined: unknown). */
  private clearPattern: number | undefined;

  constructor(private readonly spec: ThreeElementSpec) {}

  /**
   * Draws the scene at `t` seconds into `out` (straight RGBA, `width` × `height`, row-major).
   * Model objects whose data the host has not filled in are left out.
   */
  render(t: number, width: number, height: number, out: Uint8ClampedArray | Uint8Array): void {
    const ss = this.spec.antialias && width * 2 <= MAX_RASTER_SIDE && height * 2 <= MAX_RASTER_SIDE ? 2 : 1;
    const W = Math.min(MAX_RASTER_SIDE, width * ss);
    const H = Math.min(MAX_RASTER_SIDE, height * ss);
    this.ss = ss;
    this.ensureBuffers(W, H, width, height);
    const items = this.items ??= this.buildItems();
    this.setupCamera(t, width / height);
    this.setupLights();
    const states = this.spec.objects.map((o) => objectAt(o, t));
    for (const item of items) this.prepareItem(item, states[item.objectIndex]!);
    this.renderShadowMaps(items);
    this.clear();
    const opaque = items.filter((i) => i.visible && !i.blend).sort((a, b) => a.viewDepth - b.viewDepth);
    for (const item of opaque) this.drawItem(item, false);
    this.drawTransparent(items.filter((i) => i.visible && i.blend));
    this.resolve(ss, width, height, out);
  }

  // ---------------------------------------------------------------------------------------------
  // Setup

  private ensureBuffers(W: number, H: number, width: number, height: number): void {
    if (this.W === W && this.H === H && this.outW === width && this.shadedBy.length === width * height) return;
    this.W = W;
    this.H = H;
    this.outW = width;
    this.depth = new Float32Array(W * H);
    this.color = new Uint8Array(W * H * 4);
    this.color32 = new Uint32Array(this.color.buffer);
    this.shadedBy = new Int32Array(width * height);
    this.shadedColor = new Uint32Array(width * height);
    this.triangleId = 0;
    this.clearPattern = undefined;
  }

  private markDirty(x0: number, y0: number, x1: number, y1: number): void {
    if (x0 < this.dirtyX0) this.dirtyX0 = x0;
    if (y0 < this.dirtyY0) this.dirtyY0 = y0;
    if (x1 > this.dirtyX1) this.dirtyX1 = x1;
    if (y1 > this.dirtyY1) this.dirtyY1 = y1;
  }

  private buildItems(): DrawItem[] {
    const items: DrawItem[] = [];
    this.spec.objects.forEach((object, objectIndex) => {
      const g = object.geometry;
      if (g.kind === 'shape') {
        const geometry = shapeMesh(g.shape, g.params);
        items.push(this.newItem(object, objectIndex, geometry, undefined, identity()));
        return;
      }
      const data = g.data;
      if (!data) return;
      const pre = identity();
      const size = Math.max(data.max[0] - data.min[0], data.max[1] - data.min[1], data.max[2] - data.min[2]);
      const s = g.autoScale !== undefined && size > 0 ? g.autoScale / size : 1;
      const centre = g.autoCenter ? [(data.min[0] + data.max[0]) / 2, (data.min[1] + data.max[1]) / 2, (data.min[2] + data.max[2]) / 2] : [0, 0, 0];
      pre[0] = pre[5] = pre[10] = s;
      pre[12] = -centre[0]! * s;
      pre[13] = -centre[1]! * s;
      pre[14] = -centre[2]! * s;
      for (const mesh of data.meshes) items.push(this.newItem(object, objectIndex, mesh, mesh, pre));
    });
    return items;
  }

  private newItem(object: ThreeObjectSpec, objectIndex: number, geometry: ThreeMeshGeometry, mesh: ThreeModelMesh | undefined, pre: Mat4): DrawItem {
    const n = geometry.positions.length / 3;
    return {
      objectIndex, object, geometry, mesh, pre,
      world: new Float32Array(n * 3),
      normals: new Float32Array(n * 3),
      clip: new Float32Array(n * 4),
      matrix: identity(),
      mirrored: false,
      min: [0, 0, 0],
      max: [0, 0, 0],
      viewDepth: 0,
      visible: true,
      blend: false,
      material: {
        mode: Mode.Physical, side: Side.Front, flat: false, wireframe: false, alpha: 1,
        diffuse: [1, 1, 1], specular: [0, 0, 0], shininess: 1, specTable: new Float64Array(SPEC_TABLE + 1), specCut: 1,
        emissive: [0, 0, 0], receiveShadow: false,
      },
    };
  }

  private setupCamera(t: number, aspect: number): void {
    const cam = cameraAt(this.spec.camera, t);
    const world = cam.lookAt
      ? lookAtWorld(new Float64Array(16), cam.position, cam.lookAt)
      : cam.rotationDegrees
        ? composeEuler(new Float64Array(16), cam.position, [cam.rotationDegrees[0] * DEG, cam.rotationDegrees[1] * DEG, cam.rotationDegrees[2] * DEG], [1, 1, 1])
        : lookAtWorld(new Float64Array(16), cam.position, [0, 0, 0]);
    this.view = invert(new Float64Array(16), world);
    const near = Math.max(1e-4, cam.near);
    const far = Math.max(near * 1.0001, cam.far);
    const proj = perspective(new Float64Array(16), cam.fovDegrees * DEG, aspect > 0 ? aspect : 1, near, far);
    this.viewProj = multiply(new Float64Array(16), proj, this.view);
    [this.camX, this.camY, this.camZ] = cam.position;
  }

  private setupLights(): void {
    const lights = this.spec.lights;
    this.ambR = this.ambG = this.ambB = 0;
    const table = new Float64Array(Math.max(1, lights.length) * L);
    let n = 0;
    for (const light of lights) {
      const { rgb } = linearColor(light.color);
      const r = rgb[0] * light.intensity, g = rgb[1] * light.intensity, b = rgb[2] * light.intensity;
      if (light.kind === 'ambient') {
        this.ambR += r; this.ambG += g; this.ambB += b;
        continue;
      }
      const o = n * L;
      table[o + L_KIND] = light.kind === 'directional' ? LightKind.Directional : light.kind === 'point' ? LightKind.Point : LightKind.Spot;
      table[o + L_PX] = light.position[0]; table[o + L_PY] = light.position[1]; table[o + L_PZ] = light.position[2];
      // Directional: unit vector towards the light. Spot: unit vector along the beam.
      let dx = light.position[0] - light.target[0], dy = light.position[1] - light.target[1], dz = light.position[2] - light.target[2];
      const len = Math.hypot(dx, dy, dz);
      if (len > 0) { dx /= len; dy /= len; dz /= len; } else dy = 1;
      if (light.kind === 'spot') { dx = -dx; dy = -dy; dz = -dz; }
      table[o + L_DX] = dx; table[o + L_DY] = dy; table[o + L_DZ] = dz;
      table[o + L_R] = r; table[o + L_G] = g; table[o + L_B] = b;
      table[o + L_RANGE] = light.range;
      table[o + L_DECAY] = light.decay;
      const angle = Math.min(89.9, Math.max(0.01, light.coneAngleDegrees)) * DEG;
      table[o + L_COS_OUTER] = Math.cos(angle);
      table[o + L_COS_INNER] = Math.cos(angle * (1 - Math.min(1, Math.max(0, light.penumbra))));
      table[o + L_SHADOW] = -1;
      n++;
    }
    this.lights = table;
    this.lightCount = n;
  }

  /** The object's world matrix, material and transformed vertices for this frame. */
  private prepareItem(item: DrawItem, state: ObjectState): void {
    const o = item.object;
    const m = composeEuler(item.matrix, state.position, [state.rotationDegrees[0] * DEG, state.rotationDegrees[1] * DEG, state.rotationDegrees[2] * DEG], state.scale);
    multiply(m, m, item.pre);
    item.mirrored = determinant3(m) < 0;
    this.resolveMaterial(item, state);
    item.visible = item.material.alpha > 0 && determinant3(m) !== 0;
    if (!item.visible) return;
    const nm = normalMatrix(new Float64Array(9), m);
    const p = item.geometry.positions;
    const srcN = item.geometry.normals;
    const world = item.world, normals = item.normals, clip = item.clip, vp = this.viewProj;
    let minX = Infinity, minY = Infinity, minZ = Infinity, maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity;
    for (let i = 0, j = 0, k = 0; i < p.length; i += 3, j += 3, k += 4) {
      const x = p[i]!, y = p[i + 1]!, z = p[i + 2]!;
      const wx = m[0]! * x + m[4]! * y + m[8]! * z + m[12]!;
      const wy = m[1]! * x + m[5]! * y + m[9]! * z + m[13]!;
      const wz = m[2]! * x + m[6]! * y + m[10]! * z + m[14]!;
      world[j] = wx; world[j + 1] = wy; world[j + 2] = wz;
      if (wx < minX) minX = wx; if (wx > maxX) maxX = wx;
      if (wy < minY) minY = wy; if (wy > maxY) maxY = wy;
      if (wz < minZ) minZ = wz; if (wz > maxZ) maxZ = wz;
      clip[k] = vp[0]! * wx + vp[4]! * wy + vp[8]! * wz + vp[12]!;
      clip[k + 1] = vp[1]! * wx + vp[5]! * wy + vp[9]! * wz + vp[13]!;
      clip[k + 2] = vp[2]! * wx + vp[6]! * wy + vp[10]! * wz + vp[14]!;
      clip[k + 3] = vp[3]! * wx + vp[7]! * wy + vp[11]! * wz + vp[15]!;
      if (srcN) {
        const nx = srcN[i]!, ny = srcN[i + 1]!, nz = srcN[i + 2]!;
        normals[j] = nm[0]! * nx + nm[3]! * ny + nm[6]! * nz;
        normals[j + 1] = nm[1]! * nx + nm[4]! * ny + nm[7]! * nz;
        normals[j + 2] = nm[2]! * nx + nm[5]! * ny + nm[8]! * nz;
      }
    }
    item.min = [minX, minY, minZ];
    item.max = [maxX, maxY, maxZ];
    const v = this.view;
    const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2, cz = (minZ + maxZ) / 2;
    item.viewDepth = -(v[2]! * cx + v[6]! * cy + v[10]! * cz + v[14]!);
  }

  private resolveMaterial(item: DrawItem, state: ObjectState): void {
    const spec = item.object.material;
    const mesh = item.mesh;
    const mat = item.material;
    const shading = spec.shading ?? (mesh?.unlit ? 'unlit' : 'physical');
    mat.mode = shading === 'normals' ? Mode.Normals : shading === 'unlit' ? Mode.Unlit : shading === 'phong' ? Mode.Phong
      : shading === 'lambert' ? Mode.Lambert : shading === 'toon' ? Mode.Toon : Mode.Physical;
    const side = spec.side ?? (mesh?.doubleSided ? 'double' : 'front');
    mat.side = side === 'back' ? Side.Back : side === 'double' ? Side.Double : Side.Front;
    mat.flat = spec.flatShading || !item.geometry.normals;
    mat.wireframe = spec.wireframe;
    const albedo: Vec3 = state.color ? vec(state.color) : mesh ? [mesh.baseColor[0], mesh.baseColor[1], mesh.baseColor[2]] : [1, 1, 1];
    const blendFromFile = mesh?.blend ?? false;
    mat.alpha = state.opacity * (blendFromFile ? mesh!.baseColor[3] : 1);
    item.blend = (spec.transparent || blendFromFile) && mat.alpha < 1;
    mat.emissive = spec.emissive !== undefined ? linearColor(spec.emissive).rgb : mesh ? vec(mesh.emissive) : [0, 0, 0];
    mat.receiveShadow = item.object.receiveShadow;
    const roughness = Math.min(1, Math.max(0.04, spec.roughness ?? mesh?.roughness ?? 1));
    const metalness = Math.min(1, Math.max(0, spec.metalness ?? mesh?.metalness ?? 0));
    switch (mat.mode) {
      case Mode.Physical: {
        // Blinn-Phong standing in for GGX: exponent from roughness (α = roughness²).
        const a2 = roughness ** 4;
        mat.shininess = Math.min(4096, 2 / a2 - 2);
        mat.diffuse = [albedo[0] * (1 - metalness), albedo[1] * (1 - metalness), albedo[2] * (1 - metalness)];
        mat.specular = [0.04 + (albedo[0] - 0.04) * metalness, 0.04 + (albedo[1] - 0.04) * metalness, 0.04 + (albedo[2] - 0.04) * metalness];
        break;
      }
      case Mode.Phong:
        // three.js MeshPhongMaterial defaults: specular #111111, shininess 30.
        mat.shininess = 30;
        mat.diffuse = albedo;
        mat.specular = [0.0056, 0.0056, 0.0056];
        break;
      default:
        mat.shininess = 1;
        mat.diffuse = albedo;
        mat.specular = [0, 0, 0];
    }
    if (mat.mode === Mode.Physical || mat.mode === Mode.Phong) {
      const n = mat.shininess;
      // Cut where the highlight falls under 1/4096 of the light.
      const cut = n > 0 ? Math.min(0.999, Math.exp(Math.log(1 / 4096 / ((n + 2) / 8)) / n)) : 0;
      if (cut !== mat.specCut) {
        mat.specCut = cut;
        for (let i = 0; i <= SPEC_TABLE; i++) mat.specTable[i] = Math.pow(cut + ((1 - cut) * i) / SPEC_TABLE, n);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Shadow maps

  private renderShadowMaps(items: DrawItem[]): void {
    if (!this.spec.shadows) return;
    const casters = items.filter((i) => i.visible && i.object.castShadow && !i.material.wireframe);
    const receivers = items.filter((i) => i.visible && i.object.receiveShadow);
    if (casters.length === 0 || receivers.length === 0) return;
    // Bounding sphere of everything that casts or receives.
    let minX = Infinity, minY = Infinity, minZ = Infinity, maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity;
    for (const i of [...casters, ...receivers]) {
      minX = Math.min(minX, i.min[0]); minY = Math.min(minY, i.min[1]); minZ = Math.min(minZ, i.min[2]);
      maxX = Math.max(maxX, i.max[0]); maxY = Math.max(maxY, i.max[1]); maxZ = Math.max(maxZ, i.max[2]);
    }
    const centre: Vec3 = [(minX + maxX) / 2, (minY + maxY) / 2, (minZ + maxZ) / 2];
    const radius = Math.max(1e-3, Math.hypot(maxX - minX, maxY - minY, maxZ - minZ) / 2);
    let used = 0;
    let lightIndex = 0;
    for (const light of this.spec.lights) {
      if (light.kind === 'ambient') continue;
      const o = lightIndex++ * L;
      if (!light.castShadow || light.kind === 'point') continue;
      const map = this.shadowMaps[used] ??= {
        depth: new Float32Array(SHADOW_MAP_SIZE * SHADOW_MAP_SIZE), viewProj: identity(), texel: 0, perspective: false,
      };
      this.setupShadowCamera(map, light, centre, radius);
      map.depth.fill(Infinity);
      for (const caster of casters) this.drawShadowCaster(map, caster);
      this.lights[o + L_SHADOW] = used;
      this.lights[o + L_TEXEL] = map.texel;
      used++;
    }
  }

  private setupShadowCamera(map: ShadowMap, light: ThreeLightSpec, centre: Vec3, radius: number): void {
    const proj = new Float64Array(16);
    let world: Mat4;
    if (light.kind === 'directional') {
      let dx = light.position[0] - light.target[0], dy = light.position[1] - light.target[1], dz = light.position[2] - light.target[2];
      const len = Math.hypot(dx, dy, dz) || 1;
      dx /= len; dy /= len; dz /= len;
      if (dx === 0 && dy === 0 && dz === 0) dy = 1;
      const eye: Vec3 = [centre[0] + dx * radius * 2, centre[1] + dy * radius * 2, centre[2] + dz * radius * 2];
      world = lookAtWorld(new Float64Array(16), eye, centre);
      orthographic(proj, -radius, radius, -radius, radius, radius * 0.9, radius * 3.1);
      map.texel = (2 * radius) / SHADOW_MAP_SIZE;
      map.perspective = false;
    } else {
      world = lookAtWorld(new Float64Array(16), light.position, light.target);
      const dist = Math.hypot(centre[0] - light.position[0], centre[1] - light.position[1], centre[2] - light.position[2]);
      const far = dist + radius * 1.1;
      const near = Math.max(far / 1000, dist - radius * 1.1, 0.01);
      const half = Math.min(89, light.coneAngleDegrees * 1.05 + 1) * DEG;
      perspective(proj, half * 2, 1, near, far);
      map.texel = (2 * Math.tan(half)) / SHADOW_MAP_SIZE;
      map.perspective = true;
    }
    map.viewProj = multiply(new Float64Array(16), proj, invert(new Float64Array(16), world));
  }

  private drawShadowCaster(map: ShadowMap, item: DrawItem): void {
    const n = item.world.length / 3;
    const lc = (item.lightClip && item.lightClip.length === n * 4) ? item.lightClip : (item.lightClip = new Float32Array(n * 4));
    const m = map.viewProj, w = item.world;
    for (let i = 0, k = 0; i < w.length; i += 3, k += 4) {
      const x = w[i]!, y = w[i + 1]!, z = w[i + 2]!;
      lc[k] = m[0]! * x + m[4]! * y + m[8]! * z + m[12]!;
      lc[k + 1] = m[1]! * x + m[5]! * y + m[9]! * z + m[13]!;
      lc[k + 2] = m[2]! * x + m[6]! * y + m[10]! * z + m[14]!;
      lc[k + 3] = m[3]! * x + m[7]! * y + m[11]! * z + m[15]!;
    }
    const idx = item.geometry.indices;
    const poly = this.polyA;
    const S = SHADOW_MAP_SIZE;
    for (let t = 0; t < idx.length; t += 3) {
      let count = 3;
      for (let v = 0; v < 3; v++) {
        const k = idx[t + v]! * 4;
        poly[v * STRIDE] = lc[k]!; poly[v * STRIDE + 1] = lc[k + 1]!; poly[v * STRIDE + 2] = lc[k + 2]!; poly[v * STRIDE + 3] = lc[k + 3]!;
      }
      if (outside(poly)) continue;
      let src = poly;
      if (poly[2]! < -poly[3]! || poly[STRIDE + 2]! < -poly[STRIDE + 3]! || poly[2 * STRIDE + 2]! < -poly[2 * STRIDE + 3]!) {
        count = clipNear(poly, 3, this.polyB, 4);
        src = this.polyB;
        if (count < 3) continue;
      }
      for (let v = 0; v < count; v++) {
        const o = v * STRIDE;
        const iw = 1 / src[o + 3]!;
        src[o] = (src[o]! * iw * 0.5 + 0.5) * S;
        src[o + 1] = (0.5 - src[o + 1]! * iw * 0.5) * S;
        src[o + 2] = src[o + 2]! * iw;
      }
      for (let v = 1; v + 1 < count; v++) {
        rasterDepth(map.depth, S, src[0]!, src[1]!, src[2]!, src[v * STRIDE]!, src[v * STRIDE + 1]!, src[v * STRIDE + 2]!,
          src[(v + 1) * STRIDE]!, src[(v + 1) * STRIDE + 1]!, src[(v + 1) * STRIDE + 2]!);
      }
    }
  }

  /** Fraction 0..1 of light that reaches a point (bilinear 2×2 percentage-closer filtering). */
  private shadowFactor(mapIndex: number, texel: number, nx: number, ny: number, nz: number): number {
    const map = this.shadowMaps[mapIndex]!;
    const io = this.io;
    const px = io[0]!, py = io[1]!, pz = io[2]!, distance = io[9]!;
    // Normal offset: move the lookup off the surface by about a texel, against acne.
    const off = (map.perspective ? texel * distance : texel) * 1.5;
    const x = px + nx * off, y = py + ny * off, z = pz + nz * off;
    const m = map.viewProj;
    const cw = m[3]! * x + m[7]! * y + m[11]! * z + m[15]!;
    if (cw <= 0) return 1;
    const iw = 1 / cw;
    const S = SHADOW_MAP_SIZE;
    const u = ((m[0]! * x + m[4]! * y + m[8]! * z + m[12]!) * iw * 0.5 + 0.5) * S - 0.5;
    const v = (0.5 - (m[1]! * x + m[5]! * y + m[9]! * z + m[13]!) * iw * 0.5) * S - 0.5;
    const d = (m[2]! * x + m[6]! * y + m[10]! * z + m[14]!) * iw - (map.perspective ? 2e-4 : 1e-3);
    if (!(u > -1 && v > -1 && u < S && v < S) || d > 1) return 1;
    const x0 = Math.floor(u), y0 = Math.floor(v);
    const fx = u - x0, fy = v - y0;
    const depth = map.depth;
    const inX0 = x0 >= 0, inX1 = x0 + 1 < S, inY0 = y0 >= 0, inY1 = y0 + 1 < S;
    const a = inX0 && inY0 ? (d <= depth[y0 * S + x0]! ? 1 : 0) : 1;
    const b = inX1 && inY0 ? (d <= depth[y0 * S + x0 + 1]! ? 1 : 0) : 1;
    const c = inX0 && inY1 ? (d <= depth[(y0 + 1) * S + x0]! ? 1 : 0) : 1;
    const e = inX1 && inY1 ? (d <= depth[(y0 + 1) * S + x0 + 1]! ? 1 : 0) : 1;
    return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + e * fx) * fy;
  }

  // ---------------------------------------------------------------------------------------------
  // Shading

  private useMaterial(item: DrawItem): void {
    const m = item.material;
    this.mMode = m.mode;
    [this.mDr, this.mDg, this.mDb] = m.diffuse;
    [this.mSr, this.mSg, this.mSb] = m.specular;
    [this.mEr, this.mEg, this.mEb] = m.emissive;
    this.mSpecTable = m.specTable;
    this.mSpecCut = m.specCut;
    this.mSpecScale = m.specCut < 1 ? SPEC_TABLE / (1 - m.specCut) : 0;
    this.mSpecNorm = (m.shininess + 2) / 8;
    this.mAlpha = m.alpha;
    this.mReceive = m.receiveShadow;
    this.flat = m.flat;
  }

  /** Lights the surface point in io[0..5]; the linear colour lands in io[6..8]. */
  private shade(): void {
    const io = this.io;
    const mode = this.mMode;
    if (mode === Mode.Unlit) {
      io[6] = this.mDr; io[7] = this.mDg; io[8] = this.mDb;
      return;
    }
    const px = io[0]!, py = io[1]!, pz = io[2]!;
    let nx = io[3]!, ny = io[4]!, nz = io[5]!;
    const nl = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (nl > 0) { nx /= nl; ny /= nl; nz /= nl; }
    if (mode === Mode.Normals) {
      // View-space normal mapped to 0..1 (written as sRGB bytes directly, see encode).
      const v = this.view;
      io[6] = (v[0]! * nx + v[4]! * ny + v[8]! * nz) * 0.5 + 0.5;
      io[7] = (v[1]! * nx + v[5]! * ny + v[9]! * nz) * 0.5 + 0.5;
      io[8] = (v[2]! * nx + v[6]! * ny + v[10]! * nz) * 0.5 + 0.5;
      return;
    }
    let vx = this.camX - px, vy = this.camY - py, vz = this.camZ - pz;
    const vl = Math.sqrt(vx * vx + vy * vy + vz * vz) || 1;
    vx /= vl; vy /= vl; vz /= vl;
    let dR = this.ambR, dG = this.ambG, dB = this.ambB;
    let sR = 0, sG = 0, sB = 0;
    const specular = mode === Mode.Physical || mode === Mode.Phong;
    const toon = mode === Mode.Toon;
    const lights = this.lights;
    for (let i = 0, o = 0; i < this.lightCount; i++, o += L) {
      const kind = lights[o + L_KIND]!;
      let lx: number, ly: number, lz: number;
      let atten = 1;
      let distance = 0;
      if (kind === LightKind.Directional) {
        lx = lights[o + L_DX]!; ly = lights[o + L_DY]!; lz = lights[o + L_DZ]!;
      } else {
        lx = lights[o + L_PX]! - px; ly = lights[o + L_PY]! - py; lz = lights[o + L_PZ]! - pz;
        distance = Math.sqrt(lx * lx + ly * ly + lz * lz) || 1e-9;
        lx /= distance; ly /= distance; lz /= distance;
        const range = lights[o + L_RANGE]!;
        if (range > 0) {
          const f = 1 - distance / range;
          if (f <= 0) continue;
          atten = Math.pow(f, lights[o + L_DECAY]!);
        }
        if (kind === LightKind.Spot) {
          const cosAngle = -(lx * lights[o + L_DX]! + ly * lights[o + L_DY]! + lz * lights[o + L_DZ]!);
          const outer = lights[o + L_COS_OUTER]!, inner = lights[o + L_COS_INNER]!;
          if (cosAngle <= outer) continue;
          if (cosAngle < inner) {
            const s = (cosAngle - outer) / (inner - outer);
            atten *= s * s * (3 - 2 * s);
          }
        }
      }
      const ndl = nx * lx + ny * ly + nz * lz;
      let irradiance: number;
      if (toon) irradiance = ndl * 0.5 + 0.5 < 0.7 ? 0.7 : 1;
      else {
        if (ndl <= 0) continue;
        irradiance = ndl;
      }
      const shadowIndex = lights[o + L_SHADOW]!;
      if (shadowIndex >= 0 && this.mReceive) {
        io[9] = distance;
        atten *= this.shadowFactor(shadowIndex, lights[o + L_TEXEL]!, nx, ny, nz);
        if (atten <= 0) continue;
      }
      const e = irradiance * atten;
      const cr = lights[o + L_R]!, cg = lights[o + L_G]!, cb = lights[o + L_B]!;
      dR += cr * e; dG += cg * e; dB += cb * e;
      if (specular) {
        let hx = lx + vx, hy = ly + vy, hz = lz + vz;
        const hl = Math.sqrt(hx * hx + hy * hy + hz * hz) || 1;
        hx /= hl; hy /= hl; hz /= hl;
        const ndh = nx * hx + ny * hy + nz * hz;
        if (ndh > this.mSpecCut) {
          // pow(ndh, shininess) from the material's table.
          const f = (ndh - this.mSpecCut) * this.mSpecScale;
          const k = f >= SPEC_TABLE ? SPEC_TABLE - 1 : f | 0;
          const table = this.mSpecTable;
          const p = table[k]! + (table[k + 1]! - table[k]!) * (f - k);
          const s = p * this.mSpecNorm * e;
          sR += cr * s; sG += cg * s; sB += cb * s;
        }
      }
    }
    if (mode === Mode.Physical) {
      // Ambient light reflected by the specular colour too, so metals are not black.
      sR += this.ambR; sG += this.ambG; sB += this.ambB;
    }
    io[6] = this.mDr * dR + this.mSr * sR + this.mEr;
    io[7] = this.mDg * dG + this.mSg * sG + this.mEg;
    io[8] = this.mDb * dB + this.mSb * sB + this.mEb;
  }

  // ---------------------------------------------------------------------------------------------
  // Drawing

  private clear(): void {
    const { rgb } = linearColor(this.spec.clearColor, [0, 0, 0]);
    const a = Math.round(Math.min(1, Math.max(0, this.spec.clearAlpha)) * 255);
    const bytes = new Uint8Array([encodeSrgb(rgb[0]), encodeSrgb(rgb[1]), encodeSrgb(rgb[2]), a]);
    const pattern = new Uint32Array(bytes.buffer)[0]!;
    const W = this.W;
    if (this.clearPattern === pattern) {
      // Only what the last frame drew differs from the cleared state.
      for (let y = this.dirtyY0; y <= this.dirtyY1; y++) {
        this.color32.fill(pattern, y * W + this.dirtyX0, y * W + this.dirtyX1 + 1);
        this.depth.fill(1, y * W + this.dirtyX0, y * W + this.dirtyX1 + 1);
      }
    } else {
      this.color32.fill(pattern);
      this.depth.fill(1);
      this.clearPattern = pattern;
    }
    this.dirtyX0 = W; this.dirtyY0 = this.H; this.dirtyX1 = -1; this.dirtyY1 = -1;
  }

  private drawItem(item: DrawItem, blend: boolean): void {
    this.useMaterial(item);
    if (item.material.wireframe) {
      this.drawWireframe(item, blend);
      return;
    }
    const idx = item.geometry.indices;
    for (let t = 0; t < idx.length; t += 3) this.drawTriangle(item, idx[t]!, idx[t + 1]!, idx[t + 2]!, blend);
  }

  /** Transparent triangles of every blended object, farthest first. */
  private drawTransparent(items: DrawItem[]): void {
    if (items.length === 0) return;
    let total = 0;
    for (const item of items) total += item.geometry.indices.length / 3;
    const owner = new Uint32Array(total);
    const tri = new Uint32Array(total);
    const depth = new Float64Array(total);
    let n = 0;
    items.forEach((item, k) => {
      const idx = item.geometry.indices, clip = item.clip;
      for (let t = 0; t < idx.length; t += 3, n++) {
        owner[n] = k;
        tri[n] = t;
        depth[n] = clip[idx[t]! * 4 + 3]! + clip[idx[t + 1]! * 4 + 3]! + clip[idx[t + 2]! * 4 + 3]!;
      }
    });
    const order = Array.from({ length: total }, (_, i) => i).sort((a, b) => depth[b]! - depth[a]! || a - b);
    const wire = items.filter((i) => i.material.wireframe);
    for (const item of wire) this.drawItem(item, true);
    let current = -1;
    for (const i of order) {
      const item = items[owner[i]!]!;
      if (item.material.wireframe) continue;
      if (owner[i] !== current) {
        current = owner[i]!;
        this.useMaterial(item);
      }
      const idx = item.geometry.indices, t = tri[i]!;
      this.drawTriangle(item, idx[t]!, idx[t + 1]!, idx[t + 2]!, true);
    }
  }

  /** Culls, clips against the near plane, projects and rasterises one triangle. */
  private drawTriangle(item: DrawItem, i0: number, i1: number, i2: number, blend: boolean): void {
    const clip = item.clip, world = item.world, normals = item.normals;
    const poly = this.polyA;
    const c0 = i0 * 4, c1 = i1 * 4, c2 = i2 * 4;
    // Trivially outside one frustum plane?
    const x0 = clip[c0]!, y0 = clip[c0 + 1]!, z0 = clip[c0 + 2]!, w0 = clip[c0 + 3]!;
    const x1 = clip[c1]!, y1 = clip[c1 + 1]!, z1 = clip[c1 + 2]!, w1 = clip[c1 + 3]!;
    const x2 = clip[c2]!, y2 = clip[c2 + 1]!, z2 = clip[c2 + 2]!, w2 = clip[c2 + 3]!;
    if (outsideFrustum(x0, y0, z0, w0, x1, y1, z1, w1, x2, y2, z2, w2)) return;
    // Facing, in world space: counter-clockwise seen from the camera is the front.
    const p0 = i0 * 3, p1 = i1 * 3, p2 = i2 * 3;
    const ax = world[p1]! - world[p0]!, ay = world[p1 + 1]! - world[p0 + 1]!, az = world[p1 + 2]! - world[p0 + 2]!;
    const bx = world[p2]! - world[p0]!, by = world[p2 + 1]! - world[p0 + 1]!, bz = world[p2 + 2]! - world[p0 + 2]!;
    let fnx = ay * bz - az * by, fny = az * bx - ax * bz, fnz = ax * by - ay * bx;
    if (item.mirrored) { fnx = -fnx; fny = -fny; fnz = -fnz; }
    const facing = fnx * (this.camX - world[p0]!) + fny * (this.camY - world[p0 + 1]!) + fnz * (this.camZ - world[p0 + 2]!);
    const front = facing > 0;
    const side = item.material.side;
    if ((side === Side.Front && !front) || (side === Side.Back && front)) return;
    this.normalSign = front ? 1 : -1;
    if (this.flat) {
      const l = Math.sqrt(fnx * fnx + fny * fny + fnz * fnz) || 1;
      this.faceNx = (fnx / l) * this.normalSign; this.faceNy = (fny / l) * this.normalSign; this.faceNz = (fnz / l) * this.normalSign;
    }
    const ns = this.normalSign;
    loadVertex(poly, 0, i0, clip, world, normals, ns);
    loadVertex(poly, STRIDE, i1, clip, world, normals, ns);
    loadVertex(poly, 2 * STRIDE, i2, clip, world, normals, ns);
    let src = poly;
    let count = 3;
    if (z0 < -w0 || z1 < -w1 || z2 < -w2) {
      count = clipNear(poly, 3, this.polyB, STRIDE);
      src = this.polyB;
      if (count < 3) return;
    }
    const W = this.W, H = this.H;
    for (let v = 0; v < count; v++) {
      const o = v * STRIDE;
      const iw = 1 / src[o + 3]!;
      src[o] = Math.round((src[o]! * iw * 0.5 + 0.5) * W * 256) / 256;
      src[o + 1] = Math.round((0.5 - src[o + 1]! * iw * 0.5) * H * 256) / 256;
      src[o + 2] = src[o + 2]! * iw;
      src[o + 3] = iw;
      for (let a = 4; a < STRIDE; a++) src[o + a] = src[o + a]! * iw;
    }
    const tri = this.tri;
    for (let k = 0; k < STRIDE; k++) tri[k] = src[k]!;
    for (let v = 1; v + 1 < count; v++) {
      for (let k = 0; k < 2 * STRIDE; k++) tri[STRIDE + k] = src[v * STRIDE + k]!;
      this.rasterTriangle(blend);
    }
  }

  /** Fills `this.tri` (screen space) with depth test and per-pixel shading. */
  private rasterTriangle(blend: boolean): void {
    const t = this.tri;
    const x0 = t[0]!, y0 = t[1]!, x1 = t[STRIDE]!, y1 = t[STRIDE + 1]!, x2 = t[2 * STRIDE]!, y2 = t[2 * STRIDE + 1]!;
    const area = setupEdges(x0, y0, x1, y1, x2, y2);
    if (area === 0) return;
    const E = EDGES;
    const A0 = E[0]!, B0 = E[1]!, C0 = E[2]!, A1 = E[3]!, B1 = E[4]!, C1 = E[5]!, A2 = E[6]!, B2 = E[7]!, C2 = E[8]!;
    // Top-left rule: a sample exactly on a top or left edge is inside, on other edges outside.
    // Edge values are exact multiples of 2⁻¹⁶ (vertices snapped to 1/256 px), so "≥ 0" is "> −2⁻¹⁷".
    const t0 = A0 > 0 || (A0 === 0 && B0 > 0) ? -EDGE_EPS : 0;
    const t1 = A1 > 0 || (A1 === 0 && B1 > 0) ? -EDGE_EPS : 0;
    const t2 = A2 > 0 || (A2 === 0 && B2 > 0) ? -EDGE_EPS : 0;
    const W = this.W, H = this.H;
    const minX = Math.max(0, Math.floor(Math.min(x0, x1, x2)));
    const maxX = Math.min(W - 1, Math.ceil(Math.max(x0, x1, x2)));
    const minY = Math.max(0, Math.floor(Math.min(y0, y1, y2)));
    const maxY = Math.min(H - 1, Math.ceil(Math.max(y0, y1, y2)));
    if (minX > maxX || minY > maxY) return;
    this.markDirty(minX, minY, maxX, maxY);
    const inv = 1 / area;
    // Plane equations q = qa·x + qb·y + qc of z, 1/w and the six attributes (÷ w).
    const planes = PLANES;
    for (let q = 0; q < 8; q++) {
      const k = q + 2;
      const q0 = t[k]!, q1 = t[STRIDE + k]!, q2 = t[2 * STRIDE + k]!;
      planes[q * 3] = (A0 * q0 + A1 * q1 + A2 * q2) * inv;
      planes[q * 3 + 1] = (B0 * q0 + B1 * q1 + B2 * q2) * inv;
      planes[q * 3 + 2] = (C0 * q0 + C1 * q1 + C2 * q2) * inv;
    }
    const za = planes[0]!, zb = planes[1]!, zc = planes[2]!;
    const wa = planes[3]!, wb = planes[4]!, wc = planes[5]!;
    const pxa = planes[6]!, pxb = planes[7]!, pxc = planes[8]!;
    const pya = planes[9]!, pyb = planes[10]!, pyc = planes[11]!;
    const pza = planes[12]!, pzb = planes[13]!, pzc = planes[14]!;
    const nxa = planes[15]!, nxb = planes[16]!, nxc = planes[17]!;
    const nya = planes[18]!, nyb = planes[19]!, nyc = planes[20]!;
    const nza = planes[21]!, nzb = planes[22]!, nzc = planes[23]!;
    const depth = this.depth, color = this.color, color32 = this.color32;
    const flat = this.flat;
    const fnx = this.faceNx, fny = this.faceNy, fnz = this.faceNz;
    const raw = this.mMode === Mode.Normals;
    const alpha = this.mAlpha;
    const io = this.io;
    // With supersampling, a triangle is shaded once per output pixel (the first sample it
    // covers there) and the colour reused for its other samples, as multisampling does.
    const ssShift = this.ss === 2 ? 1 : 0;
    const shadedBy = this.shadedBy, shadedColor = this.shadedColor, outW = this.outW;
    if (this.triangleId >= 0x7ffffff0) {
      this.triangleId = 0;
      shadedBy.fill(0);
    }
    const id = ++this.triangleId;
    for (let y = minY; y <= maxY; y++) {
      const outRow = (y >> ssShift) * outW;
      const yc = y + 0.5;
      // The span of this row inside all three edges: estimated, then made exact with the edge
      // functions at its two ends (the row's inside is one interval), so samples between need no test.
      let xl = minX, xr = maxX;
      const r0 = B0 * yc + C0, r1 = B1 * yc + C1, r2 = B2 * yc + C2;
      if (A0 > 0) xl = Math.max(xl, Math.ceil(-r0 / A0 - 0.5) - SPAN_MARGIN); else if (A0 < 0) xr = Math.min(xr, Math.floor(-r0 / A0 - 0.5) + SPAN_MARGIN); else if (r0 <= t0) continue;
      if (A1 > 0) xl = Math.max(xl, Math.ceil(-r1 / A1 - 0.5) - SPAN_MARGIN); else if (A1 < 0) xr = Math.min(xr, Math.floor(-r1 / A1 - 0.5) + SPAN_MARGIN); else if (r1 <= t1) continue;
      if (A2 > 0) xl = Math.max(xl, Math.ceil(-r2 / A2 - 0.5) - SPAN_MARGIN); else if (A2 < 0) xr = Math.min(xr, Math.floor(-r2 / A2 - 0.5) + SPAN_MARGIN); else if (r2 <= t2) continue;
      let e0 = A0 * (xl + 0.5) + r0, e1 = A1 * (xl + 0.5) + r1, e2 = A2 * (xl + 0.5) + r2;
      while (xl <= xr && !(e0 > t0 && e1 > t1 && e2 > t2)) {
        xl++; e0 += A0; e1 += A1; e2 += A2;
      }
      if (xl > xr) continue;
      e0 = A0 * (xr + 0.5) + r0; e1 = A1 * (xr + 0.5) + r1; e2 = A2 * (xr + 0.5) + r2;
      while (xr > xl && !(e0 > t0 && e1 > t1 && e2 > t2)) {
        xr--; e0 -= A0; e1 -= A1; e2 -= A2;
      }
      const xc = xl + 0.5;
      let z = za * xc + zb * yc + zc;
      // Attributes are evaluated only where a sample gets shaded.
      const wRow = wb * yc + wc, pxRow = pxb * yc + pxc, pyRow = pyb * yc + pyc, pzRow = pzb * yc + pzc;
      const nxRow = nxb * yc + nxc, nyRow = nyb * yc + nyc, nzRow = nzb * yc + nzc;
      let i = y * W + xl;
      for (let x = xl; x <= xr; x++, i++) {
        if (z < depth[i]!) {
          const op = outRow + (x >> ssShift);
          let packed: number;
          if (shadedBy[op] === id) packed = shadedColor[op]!;
          else {
            const sx = x + 0.5;
            const w = 1 / (wa * sx + wRow);
            io[0] = (pxa * sx + pxRow) * w; io[1] = (pya * sx + pyRow) * w; io[2] = (pza * sx + pzRow) * w;
            if (flat) { io[3] = fnx; io[4] = fny; io[5] = fnz; } else { io[3] = (nxa * sx + nxRow) * w; io[4] = (nya * sx + nyRow) * w; io[5] = (nza * sx + nzRow) * w; }
            this.shade();
            packed = raw
              ? clampByte(io[6]! * 255) | (clampByte(io[7]! * 255) << 8) | (clampByte(io[8]! * 255) << 16)
              : lut(io[6]!) | (lut(io[7]!) << 8) | (lut(io[8]!) << 16);
            shadedBy[op] = id;
            shadedColor[op] = packed;
          }
          if (blend) blendPixel(color, i * 4, packed & 255, (packed >> 8) & 255, (packed >> 16) & 255, alpha);
          else {
            if (LITTLE_ENDIAN) color32[i] = packed | 0xff000000;
            else {
              const o = i * 4;
              color[o] = packed & 255; color[o + 1] = (packed >> 8) & 255; color[o + 2] = (packed >> 16) & 255; color[o + 3] = 255;
            }
            depth[i] = z;
          }
        }
        z += za;
      }
    }
  }

  /** Each edge once, as a line one output pixel wide, lit at its ends. */
  private drawWireframe(item: DrawItem, blend: boolean): void {
    const edges = item.edges ??= uniqueEdges(item.geometry.indices, item.geometry.positions);
    const clip = item.clip, world = item.world, normals = item.normals;
    const W = this.W, H = this.H;
    const thickness = this.spec.antialias ? 2 : 1;
    for (let e = 0; e < edges.length; e += 2) {
      const a = edges[e]!, b = edges[e + 1]!;
      let ax = clip[a * 4]!, ay = clip[a * 4 + 1]!, az = clip[a * 4 + 2]!, aw = clip[a * 4 + 3]!;
      let bx = clip[b * 4]!, by = clip[b * 4 + 1]!, bz = clip[b * 4 + 2]!, bw = clip[b * 4 + 3]!;
      const da = az + aw, db = bz + bw;
      if (da < 0 && db < 0) continue;
      let ta = 0, tb = 1;
      if (da < 0) ta = da / (da - db);
      if (db < 0) tb = da / (da - db);
      const io = this.io;
      for (let k = 0; k < 3; k++) { io[k] = world[a * 3 + k]!; io[3 + k] = normals[a * 3 + k]!; }
      this.shade();
      const ra = io[6]!, ga = io[7]!, ba = io[8]!;
      for (let k = 0; k < 3; k++) { io[k] = world[b * 3 + k]!; io[3 + k] = normals[b * 3 + k]!; }
      this.shade();
      const rb = io[6]!, gb = io[7]!, bb = io[8]!;
      if (ta > 0 || tb < 1) {
        const nax = ax + (bx - ax) * ta, nay = ay + (by - ay) * ta, naz = az + (bz - az) * ta, naw = aw + (bw - aw) * ta;
        const nbx = ax + (bx - ax) * tb, nby = ay + (by - ay) * tb, nbz = az + (bz - az) * tb, nbw = aw + (bw - aw) * tb;
        ax = nax; ay = nay; az = naz; aw = naw; bx = nbx; by = nby; bz = nbz; bw = nbw;
      }
      const sax = (ax / aw * 0.5 + 0.5) * W, say = (0.5 - ay / aw * 0.5) * H, saz = az / aw;
      const sbx = (bx / bw * 0.5 + 0.5) * W, sby = (0.5 - by / bw * 0.5) * H, sbz = bz / bw;
      this.rasterLine(sax, say, saz, sbx, sby, sbz, ra + (rb - ra) * ta, ga + (gb - ga) * ta, ba + (bb - ba) * ta,
        ra + (rb - ra) * tb, ga + (gb - ga) * tb, ba + (bb - ba) * tb, thickness, blend);
    }
  }

  private rasterLine(
    x0: number, y0: number, z0: number, x1: number, y1: number, z1: number,
    r0: number, g0: number, b0: number, r1: number, g1: number, b1: number, thickness: number, blend: boolean,
  ): void {
    const dx = x1 - x0, dy = y1 - y0;
    const steps = Math.min(1 << 16, Math.max(1, Math.ceil(Math.max(Math.abs(dx), Math.abs(dy)))));
    const xMajor = Math.abs(dx) >= Math.abs(dy);
    const W = this.W, H = this.H, depth = this.depth, color = this.color;
    const m = thickness;
    this.markDirty(Math.max(0, Math.floor(Math.min(x0, x1)) - m), Math.max(0, Math.floor(Math.min(y0, y1)) - m),
      Math.min(W - 1, Math.ceil(Math.max(x0, x1)) + m), Math.min(H - 1, Math.ceil(Math.max(y0, y1)) + m));
    const raw = this.mMode === Mode.Normals;
    const half = (thickness - 1) / 2;
    for (let s = 0; s <= steps; s++) {
      const f = s / steps;
      const z = z0 + (z1 - z0) * f;
      if (z < -1 || z > 1) continue;
      const cx = x0 + dx * f, cy = y0 + dy * f;
      const rl = r0 + (r1 - r0) * f, gl = g0 + (g1 - g0) * f, bl = b0 + (b1 - b0) * f;
      const r = raw ? clampByte(rl * 255) : lut(rl), g = raw ? clampByte(gl * 255) : lut(gl), b = raw ? clampByte(bl * 255) : lut(bl);
      for (let k = 0; k < thickness; k++) {
        const px = Math.floor(xMajor ? cx : cx - half + k), py = Math.floor(xMajor ? cy - half + k : cy);
        if (px < 0 || py < 0 || px >= W || py >= H) continue;
        const i = py * W + px;
        if (!(z < depth[i]!)) continue;
        if (blend) blendPixel(color, i * 4, r, g, b, this.mAlpha);
        else {
          color[i * 4] = r; color[i * 4 + 1] = g; color[i * 4 + 2] = b; color[i * 4 + 3] = 255;
          depth[i] = z;
        }
      }
    }
  }

  /** Copies (or averages down, 2×2) the internal buffer into `out`. */
  private resolve(ss: number, width: number, height: number, out: Uint8ClampedArray | Uint8Array): void {
    const src = this.color, W = this.W;
    if (ss === 1) {
      out.set(src.subarray(0, width * height * 4));
      return;
    }
    const rowBytes = W * 4;
    const src32 = this.color32;
    const out32 = out.byteOffset % 4 === 0 ? new Uint32Array(out.buffer, out.byteOffset, width * height) : undefined;
    // Outside the drawn rectangle every sample holds the clear colour.
    let ox0 = 0, oy0 = 0, ox1 = width - 1, oy1 = height - 1;
    if (out32 && this.clearPattern !== undefined) {
      out32.fill(this.clearPattern);
      ox0 = this.dirtyX0 >> 1; oy0 = this.dirtyY0 >> 1;
      ox1 = Math.min(width - 1, this.dirtyX1 >> 1); oy1 = Math.min(height - 1, this.dirtyY1 >> 1);
    }
    for (let y = oy0; y <= oy1; y++) {
      const rowA = y * 2 * rowBytes;
      let o = (y * width + ox0) * 4;
      for (let x = ox0; x <= ox1; x++, o += 4) {
        const a = rowA + x * 8, b = a + 4, c = a + rowBytes, d = c + 4;
        if (out32) {
          // Four equal samples (background, inside a surface): copy one.
          const s0 = src32[a >> 2]!;
          if (s0 === src32[(a >> 2) + 1] && s0 === src32[c >> 2] && s0 === src32[(c >> 2) + 1]) {
            out32[o >> 2] = s0;
            continue;
          }
        }
        const aa = src[a + 3]!, ab = src[b + 3]!, ac = src[c + 3]!, ad = src[d + 3]!;
        const sumA = aa + ab + ac + ad;
        if (sumA === 1020) {
          out[o] = (src[a]! + src[b]! + src[c]! + src[d]! + 2) >> 2;
          out[o + 1] = (src[a + 1]! + src[b + 1]! + src[c + 1]! + src[d + 1]! + 2) >> 2;
          out[o + 2] = (src[a + 2]! + src[b + 2]! + src[c + 2]! + src[d + 2]! + 2) >> 2;
          out[o + 3] = 255;
        } else if (sumA === 0) {
          out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0;
        } else {
          // Average premultiplied colour, then divide the alpha back out.
          for (let ch = 0; ch < 3; ch++) {
            out[o + ch] = Math.round((src[a + ch]! * aa + src[b + ch]! * ab + src[c + ch]! * ac + src[d + ch]! * ad) / sumA);
          }
          out[o + 3] = (sumA + 2) >> 2;
        }
      }
    }
  }
}

const PLANES = new Float64Array(24);
/** Half the resolution of edge values (see rasterTriangle). */
const EDGE_EPS = 2 ** -17;
/** Whether a Uint32Array view writes RGBA bytes as r | g << 8 | b << 16 | a << 24. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Entries of each material's highlight table. */
const SPEC_TABLE = 1024;

function loadVertex(poly: Float64Array, o: number, id: number, clip: Float32Array, world: Float32Array, normals: Float32Array, ns: number): void {
  const c = id * 4, p = id * 3;
  poly[o] = clip[c]!; poly[o + 1] = clip[c + 1]!; poly[o + 2] = clip[c + 2]!; poly[o + 3] = clip[c + 3]!;
  poly[o + 4] = world[p]!; poly[o + 5] = world[p + 1]!; poly[o + 6] = world[p + 2]!;
  poly[o + 7] = normals[p]! * ns; poly[o + 8] = normals[p + 1]! * ns; poly[o + 9] = normals[p + 2]! * ns;
}

function lut(v: number): number {
  if (!(v > 0)) return 0;
  if (v >= 1) return 255;
  return SRGB_LUT[(v * LUT_SCALE + 0.5) | 0]!;
}

function clampByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : (v + 0.5) | 0;
}

/** Straight-alpha "source over" of an sRGB colour with `alpha` onto the buffer (blending in sRGB, as WebGL does). */
function blendPixel(color: Uint8Array, o: number, r: number, g: number, b: number, alpha: number): void {
  const da = color[o + 3]! / 255;
  if (da >= 1) {
    color[o] = (r * alpha + color[o]! * (1 - alpha) + 0.5) | 0;
    color[o + 1] = (g * alpha + color[o + 1]! * (1 - alpha) + 0.5) | 0;
    color[o + 2] = (b * alpha + color[o + 2]! * (1 - alpha) + 0.5) | 0;
    return;
  }
  const oa = alpha + da * (1 - alpha);
  if (oa <= 0) return;
  const k = (da * (1 - alpha)) / oa, s = alpha / oa;
  color[o] = (r * s + color[o]! * k + 0.5) | 0;
  color[o + 1] = (g * s + color[o + 1]! * k + 0.5) | 0;
  color[o + 2] = (b * s + color[o + 2]! * k + 0.5) | 0;
  color[o + 3] = (oa * 255 + 0.5) | 0;
}

/** All three clip-space vertices outside the same frustum plane: the triangle cannot be seen. */
function outsideFrustum(
  x0: number, y0: number, z0: number, w0: number,
  x1: number, y1: number, z1: number, w1: number,
  x2: number, y2: number, z2: number, w2: number,
): boolean {
  return (x0 > w0 && x1 > w1 && x2 > w2) || (x0 < -w0 && x1 < -w1 && x2 < -w2) || (y0 > w0 && y1 > w1 && y2 > w2)
    || (y0 < -w0 && y1 < -w1 && y2 < -w2) || (z0 > w0 && z1 > w1 && z2 > w2) || (z0 < -w0 && z1 < -w1 && z2 < -w2);
}

/** {@link outsideFrustum} for a triangle stored as three vertices of STRIDE floats. */
function outside(p: Float64Array): boolean {
  const S = STRIDE;
  return outsideFrustum(p[0]!, p[1]!, p[2]!, p[3]!, p[S]!, p[S + 1]!, p[S + 2]!, p[S + 3]!, p[2 * S]!, p[2 * S + 1]!, p[2 * S + 2]!, p[2 * S + 3]!);
}

/**
 * The edge functions of the last triangle given to {@link setupEdges}: edge k (opposite vertex k)
 * is A·x + B·y + C, positive inside, stored as [A0, B0, C0, A1, B1, C1, A2, B2, C2].
 */
const EDGES = new Float64Array(9);

/**
 * Sets {@link EDGES} for a screen-space triangle, oriented so the inside is positive whatever the
 * winding. Returns twice its area, or 0 when it is degenerate (or not finite) and covers nothing.
 */
function setupEdges(x0: number, y0: number, x1: number, y1: number, x2: number, y2: number): number {
  let area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
  if (!(area !== 0 && Number.isFinite(area))) return 0;
  let A0 = y1 - y2, B0 = x2 - x1, C0 = x1 * y2 - x2 * y1;
  let A1 = y2 - y0, B1 = x0 - x2, C1 = x2 * y0 - x0 * y2;
  let A2 = y0 - y1, B2 = x1 - x0, C2 = x0 * y1 - x1 * y0;
  if (area < 0) {
    A0 = -A0; B0 = -B0; C0 = -C0; A1 = -A1; B1 = -B1; C1 = -C1; A2 = -A2; B2 = -B2; C2 = -C2;
    area = -area;
  }
  const e = EDGES;
  e[0] = A0; e[1] = B0; e[2] = C0; e[3] = A1; e[4] = B1; e[5] = C1; e[6] = A2; e[7] = B2; e[8] = C2;
  return area;
}

/**
 * Pixels a row's span is widened by on each side when estimated from the edge crossings, so
 * that rounding never cuts off a covered pixel (the exact edge test decides within the span).
 */
const SPAN_MARGIN = 2;

/**
 * Clips a convex polygon (clip space, `count` vertices of STRIDE floats) against the near plane
 * z = −w, interpolating the first `floats` values of each vertex. Returns the new vertex count.
 */
export function clipNear(src: Float64Array, count: number, dst: Float64Array, floats: number): number {
  let n = 0;
  for (let i = 0; i < count; i++) {
    const a = i * STRIDE, b = ((i + 1) % count) * STRIDE;
    const da = src[a + 2]! + src[a + 3]!, db = src[b + 2]! + src[b + 3]!;
    if (da >= 0) {
      for (let k = 0; k < floats; k++) dst[n * STRIDE + k] = src[a + k]!;
      n++;
    }
    if ((da >= 0) !== (db >= 0)) {
      const t = da / (da - db);
      for (let k = 0; k < floats; k++) dst[n * STRIDE + k] = src[a + k]! + (src[b + k]! - src[a + k]!) * t;
      n++;
    }
  }
  return n;
}

/** Depth-only rasterisation (shadow maps): keeps the nearest z per texel. */
function rasterDepth(depth: Float32Array, S: number, x0: number, y0: number, z0: number, x1: number, y1: number, z1: number, x2: number, y2: number, z2: number): void {
  const area = setupEdges(x0, y0, x1, y1, x2, y2);
  if (area === 0) return;
  const E = EDGES;
  const A0 = E[0]!, B0 = E[1]!, C0 = E[2]!, A1 = E[3]!, B1 = E[4]!, C1 = E[5]!, A2 = E[6]!, B2 = E[7]!, C2 = E[8]!;
  const minX = Math.max(0, Math.floor(Math.min(x0, x1, x2))), maxX = Math.min(S - 1, Math.ceil(Math.max(x0, x1, x2)));
  const minY = Math.max(0, Math.floor(Math.min(y0, y1, y2))), maxY = Math.min(S - 1, Math.ceil(Math.max(y0, y1, y2)));
  if (minX > maxX || minY > maxY) return;
  const inv = 1 / area;
  const za = (A0 * z0 + A1 * z1 + A2 * z2) * inv, zb = (B0 * z0 + B1 * z1 + B2 * z2) * inv, zc = (C0 * z0 + C1 * z1 + C2 * z2) * inv;
  for (let y = minY; y <= maxY; y++) {
    const yc = y + 0.5;
    let xl = minX, xr = maxX;
    const r0 = B0 * yc + C0, r1 = B1 * yc + C1, r2 = B2 * yc + C2;
    if (A0 > 0) xl = Math.max(xl, Math.ceil(-r0 / A0 - 0.5) - SPAN_MARGIN); else if (A0 < 0) xr = Math.min(xr, Math.floor(-r0 / A0 - 0.5) + SPAN_MARGIN); else if (r0 < 0) continue;
    if (A1 > 0) xl = Math.max(xl, Math.ceil(-r1 / A1 - 0.5) - SPAN_MARGIN); else if (A1 < 0) xr = Math.min(xr, Math.floor(-r1 / A1 - 0.5) + SPAN_MARGIN); else if (r1 < 0) continue;
    if (A2 > 0) xl = Math.max(xl, Math.ceil(-r2 / A2 - 0.5) - SPAN_MARGIN); else if (A2 < 0) xr = Math.min(xr, Math.floor(-r2 / A2 - 0.5) + SPAN_MARGIN); else if (r2 < 0) continue;
    const xc = xl + 0.5;
    let e0 = A0 * xc + r0, e1 = A1 * xc + r1, e2 = A2 * xc + r2;
    let z = za * xc + zb * yc + zc;
    let i = y * S + xl;
    for (let x = xl; x <= xr; x++, i++) {
      if (e0 >= 0 && e1 >= 0 && e2 >= 0 && z < depth[i]!) depth[i] = z;
      e0 += A0; e1 += A1; e2 += A2; z += za;
    }
  }
}
