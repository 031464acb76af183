/**
 * RenderingVideo v2 ("2.0.0") schema: the one source of truth for the JSON Schema
 * (renderingvideo-v2.schema.json, emitted by {@link buildJsonSchema}) and for the engine's
 * static types (`Rv*`, all `Static<typeof …>` of the TypeBox definitions).
 *
 * The definitions live in ./rv2/*.ts; this module re-exports them.
 * Field-level reference: /work/shared/spec/renderingvideo-v2.md; decisions: docs/schema.md.
 */
import type { Static } from '@sinclair/typebox';
import type {
  AssetRef, Animation, CurvePoint, Filter, Gradient, Keyframe, KeyframeTrack, Length, MediaSource, Style,
  SubtitleConfig, SubtitleWord, Transform, Transition,
} from './rv2/common.js';
import type {
  AudioClip, BaseClip, CircleClip, Clip, CodeClip, Ducking, GainPoint, IconClip, ImageClip, LayoutChild,
  LayoutClip, LineClip, PathClip, PolygonClip, RectClip, SubtitleClip, SubtitleWords, SvgClip, TemplateClip,
  TemplateOverrides, TextClip, ThreeClip, VideoClip,
} from './rv2/clips.js';
import type {
  Assets, FontAsset, MediaAsset, Meta, RenderingVideoDocument, SubtitleAsset, SvgAsset, Track,
} from './rv2/document.js';
import type {
  ThreeAnimation, ThreeCamera, ThreeGeometry, ThreeLight, ThreeMaterial, ThreeObject, ThreeRenderer, Vector3,
} from './rv2/three.js';

export * from './rv2/enums.js';
export * from './rv2/colour.js';
export * from './rv2/common.js';
export * from './rv2/three.js';
export * from './rv2/clips.js';
export * from './rv2/document.js';
export { buildJsonSchema, withUnknownFieldsAllowed, SCHEMA_ID, type JsonSchemaObject } from './rv2/json-schema.js';

/** A whole RenderingVideo v2 document. */
export type RvDocument = Static<typeof RenderingVideoDocument>;
export type RvMeta = Static<typeof Meta>;
export type RvAssets = Static<typeof Assets>;
export type RvFontAsset = Static<typeof FontAsset>;
export type RvMediaAsset = Static<typeof MediaAsset>;
export type RvSubtitleAsset = Static<typeof SubtitleAsset>;
export type RvSvgAsset = Static<typeof SvgAsset>;
export type RvTrack = Static<typeof Track>;

/** Any clip of a track (union of the 16 clip types, discriminated on `type`). */
export type RvClip = Static<typeof Clip>;
/** Fields shared by every clip, with `type` open to all 16 names. */
export type RvBaseClip = Static<typeof BaseClip>;
export type RvVideoClip = Static<typeof VideoClip>;
export type RvImageClip = Static<typeof ImageClip>;
export type RvTextClip = Static<typeof TextClip>;
export type RvRectClip = Static<typeof RectClip>;
export type RvCircleClip = Static<typeof CircleClip>;
export type RvPolygonClip = Static<typeof PolygonClip>;
export type RvCodeClip = Static<typeof CodeClip>;
export type RvSvgClip = Static<typeof SvgClip>;
export type RvIconClip = Static<typeof IconClip>;
export type RvLineClip = Static<typeof LineClip>;
export type RvPathClip = Static<typeof PathClip>;
export type RvThreeClip = Static<typeof ThreeClip>;
export type RvAudioClip = Static<typeof AudioClip>;
export type RvSubtitleClip = Static<typeof SubtitleClip>;
export type RvLayoutClip = Static<typeof LayoutClip>;
export type RvTemplateClip = Static<typeof TemplateClip>;
/** A clip inside `layout.children`: any clip type but `subtitle` (nested layouts recurse). */
export type RvLayoutChild = Static<typeof LayoutChild>;

export type RvTransform = Static<typeof Transform>;
export type RvStyle = Static<typeof Style>;
export type RvGradient = Static<typeof Gradient>;
export type RvFilter = Static<typeof Filter>;
export type RvAnimation = Static<typeof Animation>;
export type RvKeyframeTrack = Static<typeof KeyframeTrack>;
export type RvKeyframe = Static<typeof Keyframe>;
export type RvTransition = Static<typeof Transition>;
export type RvAssetRef = Static<typeof AssetRef>;
export type RvSubtitleWord = Static<typeof SubtitleWord>;
export type RvSubtitleWords = Static<typeof SubtitleWords>;
export type RvSubtitleConfig = Static<typeof SubtitleConfig>;
export type RvCurvePoint = Static<typeof CurvePoint>;
/** A length: px (number) or a percentage string matching `^-?\d+(\.\d+)?%$`. */
export type RvLength = Static<typeof Length>;
export type RvMediaSource = Static<typeof MediaSource>;
export type RvGainPoint = Static<typeof GainPoint>;
export type RvDucking = Static<typeof Ducking>;
export type RvTemplateOverrides = Static<typeof TemplateOverrides>;

export type RvVector3 = Static<typeof Vector3>;
export type RvThreeCamera = Static<typeof ThreeCamera>;
export type RvThreeRenderer = Static<typeof ThreeRenderer>;
export type RvThreeLight = Static<typeof ThreeLight>;
export type RvThreeGeometry = Static<typeof ThreeGeometry>;
export type RvThreeMaterial = Static<typeof ThreeMaterial>;
export type RvThreeObject = Static<typeof ThreeObject>;
export type RvThreeAnimation = Static<typeof ThreeAnimation>;
