import { describe, expect, it } from 'vitest';
import { activeTween, cameraAt, colorAt, numberAt, objectAt, tweenProgress } from '../../../engine/three/scene.js';
import { compileDocument } from '../../../engine/load-composition.js';
import { linearColor } from '../../../engine/three/color.js';
import type { ThreeElementSpec, ThreeTweenSpec } from '../../../engine/model/composition.js';

const tween = (over: Partial<ThreeTweenSpec>): ThreeTweenSpec => ({
  channel: 'position.x', from: 0, to: 10, delaySeconds: 0, durationSeconds: 2, easing: 'linear', cycles: 1, ...over,
});

function compileThree(clip: Record<string, unknown>): { element: ThreeElementSpec; warnings: string[] } {
  const { composition, warnings } = compileDocument({
    meta: { version: '2.0.0', width: 320, height: 180, fps: 10 },
    tracks: [{ clips: [{ type: 'three', start: 0, duration: 4, ...clip }] }],
  }, { baseDir: '/tmp' });
  const element = composition.layers[0]!.element;
  if (element.kind !== 'three') throw new Error(`expected three, got ${element.kind}`);
  return { element, warnings };
}

describe('3D tween timing (clip-relative seconds, like the 2D presets)', () => {
  it('holds from before the delay, eases through, holds to after the end', () => {
    const t = tween({ delaySeconds: 1, easing: 'easeInQuad' });
    expect(numberAt([t], 'position.x', 5, 0)).toBe(0);
    expect(numberAt([t], 'position.x', 5, 1)).toBe(0);
    expect(numberAt([t], 'position.x', 5, 2)).toBeCloseTo(2.5, 12);
    expect(numberAt([t], 'position.x', 5, 3)).toBe(10);
    expect(numberAt([t], 'position.x', 5, 99)).toBe(10);
    expect(numberAt([t], 'position.y', 5, 2)).toBe(5); // other channels keep their base
  });

  it('uses the base value for a missing end', () => {
    expect(numberAt([tween({ from: undefined })], 'position.x', 4, 1)).toBe(7);
    expect(numberAt([tween({ to: undefined })], 'position.x', 4, 1)).toBe(2);
  });

  it('loops: true restarts for the whole window, a number for that many cycles', () => {
    const forever = tween({ cycles: Infinity });
    expect(tweenProgress(forever, 0.5)).toBe(0.25);
    expect(tweenProgress(forever, 2.5)).toBe(0.25);
    expect(tweenProgress(forever, 41)).toBe(0.5);
    const twice = tween({ cycles: 2 });
    expect(tweenProgress(twice, 3)).toBe(0.5);
    expect(tweenProgress(twice, 5)).toBe(1);
  });

  it('lets the tween that started last drive a channel; before any, the first holds its from', () => {
    const a = tween({ from: 0, to: 1, delaySeconds: 1, durationSeconds: 1 });
    const b = tween({ from: 1, to: 0, delaySeconds: 2, durationSeconds: 1 });
    expect(activeTween([b, a], 'position.x', 0)).toBe(a);
    expect(numberAt([b, a], 'position.x', 9, 0.5)).toBe(0);
    expect(numberAt([b, a], 'position.x', 9, 1.5)).toBe(0.5);
    expect(numberAt([b, a], 'position.x', 9, 2.5)).toBe(0.5);
    expect(numberAt([b, a], 'position.x', 9, 3.5)).toBe(0);
  });

  it('interpolates colours in linear light', () => {
    const c = tween({ channel: 'color', from: '#000000', to: '#ffffff' });
    expect(colorAt([c], undefined, 1)).toEqual([0.5, 0.5, 0.5]);
    expect(colorAt([], '#ff0000', 1)).toEqual([1, 0, 0]);
    expect(colorAt([], undefined, 1)).toBeUndefined();
    expect(linearColor('#808080').rgb[0]).toBeCloseTo(0.2158605, 6);
  });
});

describe('three clips compile to neutral scene specs', () => {
  it('fill the documented defaults: camera, lights, renderer, objects', () => {
    const { element, warnings } = compileThree({ objects: [{}] });
    expect(warnings).toEqual([]);
    expect(element.camera).toEqual({ fovDegrees: 50, near: 0.1, far: 2000, position: [0, 0, 5], tweens: [] });
    expect(element.lights.map((l) => [l.kind, l.intensity])).toEqual([['ambient', 0.5], ['directional', 1]]);
    expect(element).toMatchObject({ antialias: true, clearColor: '#000000', clearAlpha: 1, shadows: false });
    expect(element.objects[0]).toMatchObject({
      geometry: { kind: 'shape', shape: 'box', params: {} }, position: [0, 0, 0], rotationDegrees: [0, 0, 0], scale: [1, 1, 1],
      material: { wireframe: false, opacity: 1, transparent: false, flatShading: false }, castShadow: false, receiveShadow: false,
    });
    expect(compileThree({ lights: [] }).element.lights).toEqual([]);
  });

  it('decides the background alpha from alpha and clearAlpha', () => {
    const alphaOf = (renderer: Record<string, unknown>) => compileThree({ renderer }).element.clearAlpha;
    expect(alphaOf({})).toBe(1);
    expect(alphaOf({ alpha: true })).toBe(0);
    expect(alphaOf({ alpha: true, clearAlpha: 0.4 })).toBe(0.4);
    expect(alphaOf({ clearAlpha: 0 })).toBe(0);
    expect(alphaOf({ alpha: false, clearAlpha: 0 })).toBe(1);
  });

  it('maps vectors, materials and lights', () => {
    const { element } = compileThree({
      camera: { fov: 30, position: { y: 2 }, lookAt: [1, 2, 3] },
      lights: [{ type: 'spot', angle: 20, penumbra: 0.5, distance: 9, castShadow: true }, { type: 'point' }],
      objects: [{ shape: 'torus', scale: 2, rotation: { y: 90 }, color: '#ff0000', material: { type: 'basic', opacity: 0.5, side: 'double' } },
        { shape: 'sphere', color: '#ff0000', material: { color: '#00ff00', type: 'normal', transparent: false, opacity: 0.5 } }],
    });
    expect(element.camera).toMatchObject({ fovDegrees: 30, position: [0, 2, 5], lookAt: [1, 2, 3] });
    expect(element.lights[0]).toMatchObject({ kind: 'spot', coneAngleDegrees: 20, penumbra: 0.5, range: 9, decay: 2, position: [0, 1, 0], castShadow: true });
    expect(element.lights[1]).toMatchObject({ kind: 'point', position: [0, 0, 0], range: 0 });
    expect(element.objects[0]).toMatchObject({ scale: [2, 2, 2], rotationDegrees: [0, 90, 0],
      material: { shading: 'unlit', color: '#ff0000', opacity: 0.5, transparent: true, side: 'double' } });
    expect(element.objects[1]!.material).toMatchObject({ shading: 'normals', color: '#00ff00', transparent: false });
  });

  it('splits vector animations into channels and checks their ends', () => {
    const { element, warnings } = compileThree({
      objects: [{ animations: [
        { property: 'position', from: [0, 1, 2], to: { y: 5 }, duration: 1 },
        { property: 'scale', from: 0.5, to: 2, duration: 1, loop: 3, delay: 1, easing: 'easeOutBack' },
        { property: 'material.color', from: '#000', to: 3, duration: 1 },
        { property: 'material.opacity', to: 0, duration: 1 },
        { property: 'fov', to: 10, duration: 1 },
        { property: 'rotation.x', from: 'a lot', to: 90, duration: 1, loop: true },
      ] }],
      cameraAnimations: [{ property: 'scale', to: 2, duration: 1 }, { property: 'fov', from: 50, to: 20, duration: 2 }],
    });
    const tweens = element.objects[0]!.tweens;
    expect(tweens.map((t) => [t.channel, t.from, t.to])).toEqual([
      ['position.x', 0, undefined], ['position.y', 1, 5], ['position.z', 2, undefined],
      ['scale.x', 0.5, 2], ['scale.y', 0.5, 2], ['scale.z', 0.5, 2],
      ['color', '#000', undefined], ['opacity', undefined, 0], ['rotation.x', undefined, 90],
    ]);
    expect(tweens[3]).toMatchObject({ cycles: 3, delaySeconds: 1, easing: 'easeOutBack' });
    expect(tweens[8]!.cycles).toBe(Infinity);
    expect(element.objects[0]!.material.transparent).toBe(true); // opacity is animated
    expect(element.camera.tweens.map((t) => t.channel)).toEqual(['fov']);
    expect(warnings).toEqual([
      '/tracks/0/clips/0/cameraAnimations/0/property: "scale" does not apply to the camera; the animation is ignored',
      '/tracks/0/clips/0/objects/0/animations/2/to: expected a CSS colour for "material.color"; the base value is used',
      '/tracks/0/clips/0/objects/0/animations/4/property: "fov" does not apply to an object; the animation is ignored',
      '/tracks/0/clips/0/objects/0/animations/5/from: expected a number for "rotation.x"; the base value is used',
    ]);
  });

  it('warns about what the renderer does not draw or clamps', () => {
    const { warnings } = compileThree({
      lights: [{ type: 'point', castShadow: true }, { type: 'spot', angle: 120 }],
      camera: { near: 5, far: 1 },
      objects: [{ shape: 'sphere', model: 'm.glb' }, { shape: 'sphere', geometry: { widthSegments: 5000 } }],
    });
    expect(warnings).toEqual([
      '/tracks/0/clips/0/lights/0/castShadow: point lights cast no shadows in this renderer (directional and spot lights do)',
      '/tracks/0/clips/0/lights/1/angle: a spot light\'s half-angle is in degrees, above 0 and at most 90; clamped',
      '/tracks/0/clips/0/camera/far: must be greater than near (5); nothing would be visible',
      '/tracks/0/clips/0/objects/0/shape: ignored, the object has a model',
      '/tracks/0/clips/0/objects/1/geometry: widthSegments 5000 > 256; clamped',
    ]);
  });

  it('renders three children of layouts (no longer skipped)', () => {
    const { composition, warnings } = compileDocument({
      meta: { version: '2.0.0', width: 320, height: 180, fps: 10 },
      tracks: [{ clips: [{ type: 'layout', start: 0, duration: 1, children: [{ type: 'three', start: 0, duration: 1 }] }] }],
    }, { baseDir: '/tmp' });
    expect(warnings).toEqual([]);
    const layout = composition.layers[0]!.element;
    expect(layout.kind === 'layout' && layout.children[0]!.element.kind).toBe('three');
  });
});

describe('scene state at a moment', () => {
  it('animates the camera (position, fov, rotation) and objects (transform, colour, opacity)', () => {
    const { element } = compileThree({
      camera: { position: [0, 0, 10] },
      cameraAnimations: [{ property: 'position.z', to: 5, duration: 2 }, { property: 'fov', from: 60, to: 20, duration: 2 }, { property: 'rotation.z', to: 90, duration: 2 }],
      objects: [{ position: [1, 2, 3], material: { color: '#ffffff', opacity: 0.8 }, animations: [
        { property: 'rotation.y', to: 360, duration: 4 },
        { property: 'scale.x', from: 1, to: 3, duration: 2 },
        { property: 'material.color', to: '#000000', duration: 2 },
        { property: 'material.opacity', to: 0, duration: 2, delay: 2 },
      ] }],
    });
    const cam = cameraAt(element.camera, 1);
    expect(cam).toMatchObject({ position: [0, 0, 7.5], fovDegrees: 40, rotationDegrees: [0, 0, 45] });
    const obj = objectAt(element.objects[0]!, 1);
    expect(obj).toMatchObject({ position: [1, 2, 3], rotationDegrees: [0, 90, 0], scale: [2, 1, 1], opacity: 0.8 });
    expect(obj.color).toEqual([0.5, 0.5, 0.5]);
    expect(objectAt(element.objects[0]!, 3).opacity).toBeCloseTo(0.4, 12);
  });
});
