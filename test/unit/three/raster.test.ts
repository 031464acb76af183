import { describe, expect, it } from 'vitest';
import { ThreeSceneRenderer, clipNear } from '../../../engine/three/renderer.js';
import { rasterSize, MAX_THREE_RASTER_SIDE } from '../../../engine/elements/three.js';
import type { ThreeElementSpec, ThreeLightSpec, ThreeObjectSpec } from '../../../engine/model/composition.js';

const W = 64, H = 48;

function object(over: Partial<ThreeObjectSpec> & { material?: Partial<ThreeObjectSpec['material']> } = {}): ThreeObjectSpec {
  return {
    pointer: '/o',
    geometry: { kind: 'shape', shape: 'plane', params: { width: 2, height: 2 } },
    position: [0, 0, 0], rotationDegrees: [0, 0, 0], scale: [1, 1, 1],
    castShadow: false, receiveShadow: false, tweens: [],
    ...over,
    material: { shading: 'unlit', color: '#ffffff', wireframe: false, opacity: 1, transparent: false, flatShading: false, ...over.material },
  };
}

const light = (over: Partial<ThreeLightSpec>): ThreeLightSpec => ({
  kind: 'directional', color: '#ffffff', intensity: 1, position: [0, 1, 0], target: [0, 0, 0], range: 0, decay: 2, coneAngleDegrees: 60, penumbra: 0, castShadow: false, ...over,
});

function scene(objects: ThreeObjectSpec[], over: Partial<ThreeElementSpec> = {}): ThreeElementSpec {
  return {
    kind: 'three', camera: { fovDegrees: 50, near: 0.1, far: 100, position: [0, 0, 5], lookAt: [0, 0, 0], tweens: [] },
    antialias: false, clearColor: '#000000', clearAlpha: 1, shadows: false, lights: [], objects, ...over,
  };
}

function render(spec: ThreeElementSpec, t = 0, w = W, h = H): (x: number, y: number) => number[] {
  const out = new Uint8ClampedArray(w * h * 4);
  new ThreeSceneRenderer(spec).render(t, w, h, out);
  return (x, y) => [...out.subarray((y * w + x) * 4, (y * w + x) * 4 + 4)];
}

describe('software rasteriser', () => {
  it('keeps the nearest surface whatever the drawing order (z-buffer)', () => {
    const near = object({ material: { color: '#ff0000' } });
    const far = object({ position: [0.5, 0, -1], material: { color: '#00ff00' } });
    for (const objects of [[near, far], [far, near]]) {
      const px = render(scene(objects));
      expect(px(32, 24)).toEqual([255, 0, 0, 255]);
      expect(px(43, 24)).toEqual([0, 255, 0, 255]); // only the far quad reaches there
      expect(px(1, 1)).toEqual([0, 0, 0, 255]);
    }
  });

  it('draws shared edges once (top-left rule): a half-transparent quad blends evenly', () => {
    const quad = object({ geometry: { kind: 'shape', shape: 'plane', params: { width: 2, height: 2, widthSegments: 3, heightSegments: 2 } },
      material: { opacity: 0.5, transparent: true } });
    const out = new Uint8ClampedArray(W * H * 4);
    new ThreeSceneRenderer(scene([quad])).render(0, W, H, out);
    const values = new Set<number>();
    for (let i = 0; i < out.length; i += 4) values.add(out[i]!);
    expect([...values].sort((a, b) => a - b)).toEqual([0, 128]);
  });

  it('culls by side: front faces by default, back faces on request, both with double', () => {
    const turned = { rotationDegrees: [0, 180, 0] as [number, number, number] };
    expect(render(scene([object()]))(32, 24)).toEqual([255, 255, 255, 255]);
    expect(render(scene([object(turned)]))(32, 24)).toEqual([0, 0, 0, 255]);
    expect(render(scene([object({ ...turned, material: { side: 'back' } })]))(32, 24)).toEqual([255, 255, 255, 255]);
    expect(render(scene([object({ material: { side: 'back' } })]))(32, 24)).toEqual([0, 0, 0, 255]);
    expect(render(scene([object({ ...turned, material: { side: 'double' } })]))(32, 24)).toEqual([255, 255, 255, 255]);
    // A mirroring scale keeps the front the front.
    expect(render(scene([object({ scale: [-1, 1, 1] })]))(32, 24)).toEqual([255, 255, 255, 255]);
  });

  it('clips triangles that reach behind the camera (near plane)', () => {
    const floor = object({ geometry: { kind: 'shape', shape: 'plane', params: { width: 100, height: 100 } }, rotationDegrees: [-90, 0, 0], position: [0, -1, 0] });
    const px = render(scene([floor], { camera: { fovDegrees: 60, near: 0.1, far: 100, position: [0, 0, 0], rotationDegrees: [0, 0, 0], tweens: [] } }));
    expect(px(32, 47)).toEqual([255, 255, 255, 255]); // the floor under the camera
    expect(px(32, 2)).toEqual([0, 0, 0, 255]); // sky
    const poly = new Float64Array(80);
    // One vertex behind the near plane (z < −w): the triangle becomes a quad.
    poly.set([0, 0, 0.5, 1], 0); poly.set([1, 0, 0.5, 1], 10); poly.set([0, 1, -3, 1], 20);
    expect(clipNear(poly, 3, new Float64Array(80), 4)).toBe(4);
  });

  it('sorts transparent surfaces back to front, independently of their order', () => {
    const a = object({ position: [0, 0, 0], material: { color: '#ff0000', opacity: 0.5, transparent: true } });
    const b = object({ position: [0, 0, -1], material: { color: '#0000ff', opacity: 0.5, transparent: true } });
    const one = render(scene([a, b]))(32, 24);
    expect(render(scene([b, a]))(32, 24)).toEqual(one);
    expect(one[0]).toBeGreaterThan(one[2]!); // red is in front
  });

  it('antialiases edges and keeps the background transparent with clearAlpha 0', () => {
    const tilted = object({ rotationDegrees: [0, 0, 17], material: { color: '#ffffff' } });
    const out = new Uint8ClampedArray(W * H * 4);
    new ThreeSceneRenderer(scene([tilted], { antialias: true, clearAlpha: 0 })).render(0, W, H, out);
    const alphas = new Set<number>();
    for (let i = 3; i < out.length; i += 4) alphas.add(out[i]!);
    expect(alphas.has(0)).toBe(true);
    expect(alphas.has(255)).toBe(true);
    expect([...alphas].some((a) => a > 0 && a < 255)).toBe(true); // partly covered edge pixels
    expect([...out.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
  });

  it('lights per pixel: facing the light is brighter, point lights fade to zero at their range', () => {
    const sphere = object({ geometry: { kind: 'shape', shape: 'sphere', params: { radius: 1.5 } }, material: { shading: 'lambert' } });
    const side = render(scene([sphere], { lights: [light({ position: [5, 0, 0] })] }));
    expect(side(44, 24)[0]!).toBeGreaterThan(side(20, 24)[0]! + 100);
    const wall = object({ geometry: { kind: 'shape', shape: 'plane', params: { width: 6, height: 6 } }, material: { shading: 'lambert' } });
    const lamp = render(scene([wall], { lights: [light({ kind: 'point', position: [-1.5, 0, 0.3], range: 1.5, decay: 1 })] }));
    expect(lamp(22, 24)[0]!).toBeGreaterThan(100);
    expect(lamp(50, 24)[0]).toBe(0);
  });

  it('casts shadows from directional lights onto receivers', () => {
    const floor = object({ geometry: { kind: 'shape', shape: 'plane', params: { width: 8, height: 8 } }, rotationDegrees: [-90, 0, 0], position: [0, -1, 0],
      receiveShadow: true, material: { shading: 'lambert' } });
    const bar = object({ geometry: { kind: 'shape', shape: 'box', params: { width: 2, height: 0.2, depth: 0.2 } }, position: [0, 0.5, 0], castShadow: true,
      material: { shading: 'unlit', color: '#ff0000' } });
    // Seen from straight above (screen up is −z); the light leans towards +z, so the bar's shadow
    // falls 0.75 behind it (−z), about 5.5 px above the bar on screen.
    const camera = { fovDegrees: 50, near: 0.1, far: 100, position: [0, 6, 0] as [number, number, number], lookAt: [0, 0, 0] as [number, number, number], tweens: [] };
    const lights = [light({ position: [0, 10, 5], castShadow: true })];
    const px = render(scene([floor, bar], { camera, lights, shadows: true }));
    expect(px(32, 24)).toEqual([255, 0, 0, 255]);
    expect(px(32, 18)[1]!).toBeLessThan(30);
    expect(px(32, 40)[1]!).toBeGreaterThan(200);
    expect(px(10, 18)[1]!).toBeGreaterThan(200); // beside the bar's shadow
    const off = render(scene([floor, bar], { camera, lights, shadows: false }));
    expect(off(32, 18)[1]!).toBeGreaterThan(200);
  });

  it('colours by surface direction with the normal material, draws wireframes and skips models without data', () => {
    const n = render(scene([object({ material: { shading: 'normals' } })]))(32, 24);
    expect(n).toEqual([128, 128, 255, 255]); // facing the camera: (0, 0, 1) → (0.5, 0.5, 1)
    const wire = render(scene([object({ geometry: { kind: 'shape', shape: 'box', params: {} }, material: { wireframe: true } })]));
    let lit = 0;
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (wire(x, y)[0]! > 0) lit++;
    expect(lit).toBeGreaterThan(50);
    expect(lit).toBeLessThan(600); // lines, not faces
    const pending = object({ geometry: { kind: 'model', source: { uri: 'x.glb', pointer: '/m' }, autoCenter: true } });
    expect(render(scene([pending]))(32, 24)).toEqual([0, 0, 0, 255]);
  });

  it('renders the box at device resolution, capped', () => {
    expect(rasterSize({ width: 320, height: 180 }, 1)).toEqual({ width: 320, height: 180 });
    expect(rasterSize({ width: 320, height: 180 }, 2)).toEqual({ width: 640, height: 360 });
    expect(rasterSize({ width: 10_000, height: 100 }, 1)).toEqual({ width: MAX_THREE_RASTER_SIDE, height: 40 });
    expect(rasterSize({ width: 0.2, height: 0.2 }, 1)).toEqual({ width: 1, height: 1 });
  });
});
