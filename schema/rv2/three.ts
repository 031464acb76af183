/**
 * The `three` clip's scene description (spec digest §4.11): camera, renderer, lights, objects
 * (built-in shapes or glTF/GLB models) and property tweens.
 */
import { Type, type TObject } from '@sinclair/typebox';
import {
  StringEnum, THREE_ANIMATION_PROPERTIES, THREE_LIGHT_TYPES, THREE_MATERIAL_TYPES, THREE_SHAPES, THREE_SIDES,
} from './enums.js';
import { AssetRef, closed, Color, NonNegative, Num, Opt, Positive, tweenProperties, UnitInterval } from './common.js';

/** `[x, y, z]` or `{x?, y?, z?}` (missing components keep their default). */
export const Vector3 = Type.Union(
  [Type.Tuple([Num(), Num(), Num()]), Type.Object({ x: Opt(Num()), y: Opt(Num()), z: Opt(Num()) }, closed)],
  { $id: 'RvVector3', errorMessage: 'must be an [x, y, z] triple or an {x, y, z} object' },
);

const threeCameraProperties = {
  fov: Opt(Positive({ maximum: 180 })),
  near: Opt(Positive()),
  far: Opt(Positive()),
  position: Opt(Vector3),
  rotation: Opt(Vector3),
  lookAt: Opt(Vector3),
};
export interface TThreeCamera extends TObject<typeof threeCameraProperties> {}
export const ThreeCamera: TThreeCamera = Type.Object(threeCameraProperties, { ...closed, $id: 'RvThreeCamera' });

const threeRendererProperties = {
  alpha: Opt(Type.Boolean()),
  antialias: Opt(Type.Boolean()),
  clearColor: Opt(Color),
  clearAlpha: Opt(UnitInterval()),
  shadows: Opt(Type.Boolean()),
};
export interface TThreeRenderer extends TObject<typeof threeRendererProperties> {}
export const ThreeRenderer: TThreeRenderer = Type.Object(threeRendererProperties, { ...closed, $id: 'RvThreeRenderer' });

const threeLightProperties = {
  type: StringEnum(THREE_LIGHT_TYPES),
  color: Opt(Color),
  intensity: Opt(NonNegative()),
  position: Opt(Vector3),
  target: Opt(Vector3),
  distance: Opt(NonNegative()),
  decay: Opt(NonNegative()),
  angle: Opt(Num()),
  penumbra: Opt(UnitInterval()),
  castShadow: Opt(Type.Boolean()),
};
export interface TThreeLight extends TObject<typeof threeLightProperties> {}
export const ThreeLight: TThreeLight = Type.Object(threeLightProperties, { ...closed, $id: 'RvThreeLight' });

const threeGeometryProperties = {
  width: Opt(Positive()),
  height: Opt(Positive()),
  depth: Opt(Positive()),
  radius: Opt(Positive()),
  radiusTop: Opt(NonNegative()),
  radiusBottom: Opt(NonNegative()),
  tube: Opt(Positive()),
  radialSegments: Opt(Type.Integer({ minimum: 1 })),
  tubularSegments: Opt(Type.Integer({ minimum: 1 })),
  widthSegments: Opt(Type.Integer({ minimum: 1 })),
  heightSegments: Opt(Type.Integer({ minimum: 1 })),
  depthSegments: Opt(Type.Integer({ minimum: 1 })),
  detail: Opt(Type.Integer({ minimum: 0 })),
};
export interface TThreeGeometry extends TObject<typeof threeGeometryProperties> {}
export const ThreeGeometry: TThreeGeometry = Type.Object(threeGeometryProperties, { ...closed, $id: 'RvThreeGeometry' });

const threeMaterialProperties = {
  type: Opt(StringEnum(THREE_MATERIAL_TYPES)),
  color: Opt(Color),
  emissive: Opt(Color),
  wireframe: Opt(Type.Boolean()),
  opacity: Opt(UnitInterval()),
  transparent: Opt(Type.Boolean()),
  roughness: Opt(UnitInterval()),
  metalness: Opt(UnitInterval()),
  flatShading: Opt(Type.Boolean()),
  side: Opt(StringEnum(THREE_SIDES)),
};
export interface TThreeMaterial extends TObject<typeof threeMaterialProperties> {}
export const ThreeMaterial: TThreeMaterial = Type.Object(threeMaterialProperties, { ...closed, $id: 'RvThreeMaterial' });

const threeAnimationProperties = {
  property: StringEnum(THREE_ANIMATION_PROPERTIES),
  ...tweenProperties,
};
export interface TThreeAnimation extends TObject<typeof threeAnimationProperties> {}
/** A tween of one scene property (objects and camera). */
export const ThreeAnimation: TThreeAnimation = Type.Object(threeAnimationProperties, { ...closed, $id: 'RvThreeAnimation' });

const threeObjectProperties = {
  id: Opt(Type.String()),
  model: Opt(Type.Union([Type.String({ minLength: 1 }), AssetRef], {
    errorMessage: 'must be a model URL or an asset reference {"$ref": "<models id>"}',
  })),
  autoCenter: Opt(Type.Boolean()),
  autoScale: Opt(Positive()),
  shape: Opt(StringEnum(THREE_SHAPES)),
  geometry: Opt(ThreeGeometry),
  position: Opt(Vector3),
  rotation: Opt(Vector3),
  scale: Opt(Type.Union([Num(), Vector3], { errorMessage: 'must be a number or an [x, y, z] / {x, y, z} vector' })),
  color: Opt(Color),
  material: Opt(ThreeMaterial),
  castShadow: Opt(Type.Boolean()),
  receiveShadow: Opt(Type.Boolean()),
  animations: Opt(Type.Array(ThreeAnimation)),
};
export interface TThreeObject extends TObject<typeof threeObjectProperties> {}
/** A scene object: a glTF/GLB `model` (URL or `{$ref}` into `assets.models`) or a built-in `shape`. */
export const ThreeObject: TThreeObject = Type.Object(threeObjectProperties, { ...closed, $id: 'RvThreeObject' });
