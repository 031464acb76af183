/**
 * The 16 clip types of RenderingVideo v2 (spec digest §4) and the discriminated unions over them.
 *
 * - {@link Clip}: every clip type, discriminated on `type` (tracks[].clips[]).
 * - {@link LayoutChild}: every clip type except `subtitle` (layout.children[], recursive through
 *   nested layouts).
 *
 * A union carries `discriminator: {propertyName: "type"}`; json-schema.ts turns its `anyOf`
 * into `oneOf` so that ajv validates only the branch named by `type`.
 */
import { Type, type TLiteral, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import {
  ALIGN_ITEMS, CLIP_TYPES, JUSTIFY_CONTENTS, LAYOUT_DIRECTIONS, LINE_CAPS, LINE_JOINS, StringEnum, TEMPLATE_NAMES,
} from './enums.js';
import {
  Animation, AssetRef, closed, Color, CurvePoint, Easing, KeyframeTrack, MediaSource, NonNegative,
  NonNegativeQuad, Num, Opt, Positive, SourceOrRef, Style, SubtitleConfig, SubtitleWord, Transform, Transition,
  UnitInterval,
} from './common.js';
import { ThreeAnimation, ThreeCamera, ThreeLight, ThreeObject, ThreeRenderer } from './three.js';

/** Fields every clip has (§4.0). */
export const baseClipProperties = {
  id: Opt(Type.String()),
  start: NonNegative({ description: 'timeline start, seconds' }),
  duration: Positive({ description: 'length of the clip window, seconds' }),
  transform: Opt(Transform),
  zIndex: Opt(Num()),
  opacity: Opt(UnitInterval()),
  style: Opt(Style),
  animations: Opt(Type.Array(Animation)),
  keyframes: Opt(Type.Array(KeyframeTrack)),
  transition: Opt(Transition),
};

/** The shared clip fields with `type` left open (for code that handles any clip). */
export const BaseClip = Type.Object(
  { type: StringEnum(CLIP_TYPES), ...baseClipProperties },
  { additionalProperties: true, $id: 'RvBaseClip' },
);

const defName = (type: string): string =>
  `Rv${type.charAt(0).toUpperCase()}${type.slice(1)}Clip`;

export type BaseClipProperties = typeof baseClipProperties;

/** TypeBox type of a clip of `type` K with type-specific properties P. */
export type ClipSchema<K extends string, P extends TProperties> = TObject<{ type: TLiteral<K> } & BaseClipProperties & P>;

function clip<K extends string, P extends TProperties>(type: K, properties: P, options: object = {}): ClipSchema<K, P> {
  const all: { type: TLiteral<K> } & BaseClipProperties & P = {
    type: Type.Literal(type),
    ...baseClipProperties,
    ...properties,
  };
  return Type.Object(all, { ...closed, $id: defName(type), ...options });
}

const videoClipProperties = {
  src: SourceOrRef,
  source: Opt(MediaSource),
  volume: Opt(UnitInterval()),
  muted: Opt(Type.Boolean()),
  playbackRate: Opt(Positive()),
};
export interface TVideoClip extends ClipSchema<'video', typeof videoClipProperties> {}
export const VideoClip: TVideoClip = clip('video', videoClipProperties);

const imageClipProperties = { src: SourceOrRef };
export interface TImageClip extends ClipSchema<'image', typeof imageClipProperties> {}
export const ImageClip: TImageClip = clip('image', imageClipProperties);

const textClipProperties = { text: Type.String() };
export interface TTextClip extends ClipSchema<'text', typeof textClipProperties> {}
export const TextClip: TTextClip = clip('text', textClipProperties);

const rectClipProperties = {};
export interface TRectClip extends ClipSchema<'rect', typeof rectClipProperties> {}
export const RectClip: TRectClip = clip('rect', rectClipProperties);

const circleClipProperties = {
  size: Positive({ description: 'diameter, px' }),
  startAngle: Opt(Num()),
  endAngle: Opt(Num()),
};
export interface TCircleClip extends ClipSchema<'circle', typeof circleClipProperties> {}
export const CircleClip: TCircleClip = clip('circle', circleClipProperties);

const polygonClipProperties = {
  sides: Type.Integer({ minimum: 3 }),
  size: Positive({ description: 'diameter of the circumscribed circle, px' }),
};
export interface TPolygonClip extends ClipSchema<'polygon', typeof polygonClipProperties> {}
export const PolygonClip: TPolygonClip = clip('polygon', polygonClipProperties);

const codeClipProperties = {
  code: Type.String(),
  language: Opt(Type.String({ minLength: 1 })),
  fontFamily: Opt(Type.String({ minLength: 1 })),
  fontSize: Opt(Positive()),
  lineHeight: Opt(Positive()),
  selection: Opt(Type.Unknown()),
  theme: Opt(Type.String({ minLength: 1 })),
};
export interface TCodeClip extends ClipSchema<'code', typeof codeClipProperties> {}
export const CodeClip: TCodeClip = clip('code', codeClipProperties);

const svgClipProperties = { svg: Opt(SourceOrRef), src: Opt(SourceOrRef) };
export interface TSvgClip extends ClipSchema<'svg', typeof svgClipProperties> {}
export const SvgClip: TSvgClip = clip('svg', svgClipProperties, {
  anyOf: [{ required: ['svg'] }, { required: ['src'] }],
  errorMessage: 'must have "svg" (inline markup or {"$ref"}) or "src" (URL or {"$ref"})',
});

export const ICON_PATTERN = '^[a-z0-9-]+:[a-z0-9-]+$';

const iconClipProperties = {
  icon: Type.String({ pattern: ICON_PATTERN, errorMessage: 'must be an Iconify name "set:name", e.g. "mdi:home"' }),
  color: Opt(Color),
};
export interface TIconClip extends ClipSchema<'icon', typeof iconClipProperties> {}
export const IconClip: TIconClip = clip('icon', iconClipProperties);

/** Fields shared by `line` and `path` (the SDK's CurveClip, §4.10). */
const curveProperties = {
  closed: Opt(Type.Boolean()),
  drawStart: Opt(UnitInterval()),
  drawEnd: Opt(UnitInterval()),
  startOffset: Opt(Num()),
  endOffset: Opt(Num()),
  startArrow: Opt(Type.Boolean()),
  endArrow: Opt(Type.Boolean()),
  arrowSize: Opt(NonNegative()),
  lineWidth: Opt(NonNegative()),
  lineCap: Opt(StringEnum(LINE_CAPS)),
  lineJoin: Opt(StringEnum(LINE_JOINS)),
};

const lineClipProperties = {
  points: Type.Array(CurvePoint, { minItems: 2 }),
  data: Opt(Type.String({ minLength: 1 })),
  ...curveProperties,
  radius: Opt(NonNegative()),
};
export interface TLineClip extends ClipSchema<'line', typeof lineClipProperties> {}
export const LineClip: TLineClip = clip('line', lineClipProperties);

const pathClipProperties = {
  data: Type.String({ minLength: 1, description: 'SVG path data (d attribute syntax)' }),
  points: Opt(Type.Array(CurvePoint)),
  ...curveProperties,
};
export interface TPathClip extends ClipSchema<'path', typeof pathClipProperties> {}
export const PathClip: TPathClip = clip('path', pathClipProperties);

const threeClipProperties = {
  camera: Opt(ThreeCamera),
  renderer: Opt(ThreeRenderer),
  lights: Opt(Type.Array(ThreeLight)),
  objects: Opt(Type.Array(ThreeObject)),
  cameraAnimations: Opt(Type.Array(ThreeAnimation)),
};
export interface TThreeClip extends ClipSchema<'three', typeof threeClipProperties> {}
export const ThreeClip: TThreeClip = clip('three', threeClipProperties);

export const GainPoint = Type.Object(
  { time: NonNegative(), volume: UnitInterval(), easing: Opt(Easing) },
  { ...closed, $id: 'RvGainPoint' },
);

export const Ducking = Type.Object(
  {
    targets: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    amount: Opt(UnitInterval()),
    attack: Opt(NonNegative()),
    release: Opt(NonNegative()),
  },
  { ...closed, $id: 'RvDucking' },
);

const audioClipProperties = {
  src: SourceOrRef,
  source: Opt(MediaSource),
  volume: Opt(UnitInterval()),
  loop: Opt(Type.Boolean()),
  playbackRate: Opt(Positive()),
  fadeIn: Opt(NonNegative()),
  fadeOut: Opt(NonNegative()),
  pan: Opt(Type.Number({ minimum: -1, maximum: 1 })),
  detune: Opt(Num()),
  gainEnvelope: Opt(Type.Array(GainPoint)),
  ducking: Opt(Ducking),
};
export interface TAudioClip extends ClipSchema<'audio', typeof audioClipProperties> {}
export const AudioClip: TAudioClip = clip('audio', audioClipProperties);

/** Inline words, a `subtitles` asset reference, or `{src}`: a URL returning the words as JSON. */
export const SubtitleWords = Type.Union(
  [Type.Array(SubtitleWord), AssetRef, Type.Object({ src: Type.String({ minLength: 1 }) }, closed)],
  {
    $id: 'RvSubtitleWords',
    errorMessage: 'must be an array of subtitle words, {"$ref": "<subtitles id>"} or {"src": "<url>"}',
  },
);

const subtitleClipProperties = { words: SubtitleWords, config: Opt(SubtitleConfig) };
export interface TSubtitleClip extends ClipSchema<'subtitle', typeof subtitleClipProperties> {}
export const SubtitleClip: TSubtitleClip = clip('subtitle', subtitleClipProperties);

/** Template data: free-form parameters (their fields depend on the template). */
export const TemplateData = Type.Record(Type.String(), Type.Unknown());

export const TemplateOverrides = Type.Object(
  {
    data: Opt(TemplateData),
    style: Opt(Style),
    transition: Opt(Transition),
    zIndexOffset: Opt(Num()),
  },
  { ...closed, $id: 'RvTemplateOverrides' },
);

const templateClipProperties = {
  template: StringEnum(TEMPLATE_NAMES),
  variant: Opt(Type.String()),
  version: Opt(Type.String()),
  data: TemplateData,
  overrides: Opt(TemplateOverrides),
};
export interface TTemplateClip extends ClipSchema<'template', typeof templateClipProperties> {}
export const TemplateClip: TTemplateClip = clip('template', templateClipProperties);

function layoutProperties<T extends TSchema>(child: T) {
  return {
    direction: Opt(StringEnum(LAYOUT_DIRECTIONS)),
    gap: Opt(NonNegative()),
    padding: Opt(Type.Union([NonNegative(), NonNegativeQuad], {
      errorMessage: 'must be a number ≥ 0 or [top, right, bottom, left]',
    })),
    alignItems: Opt(StringEnum(ALIGN_ITEMS)),
    justifyContent: Opt(StringEnum(JUSTIFY_CONTENTS)),
    clip: Opt(Type.Boolean()),
    children: Type.Array(child),
  };
}

const discriminated = { type: 'object', discriminator: { propertyName: 'type' } } as const;

/**
 * A clip inside `layout.children`: any clip type but `subtitle`. Recursive: a nested `layout`
 * has children of this same type.
 */
export const LayoutChild = Type.Recursive(
  (Self) =>
    Type.Union(
      [
        VideoClip, ImageClip, TextClip, RectClip, CircleClip, PolygonClip, CodeClip, SvgClip, IconClip,
        LineClip, PathClip, ThreeClip, AudioClip, clip('layout', layoutProperties(Self)), TemplateClip,
      ],
      discriminated,
    ),
  { $id: 'RvLayoutChild' },
);

/** Properties of a layout clip whose children have schema T. */
export type LayoutProperties<T extends TSchema> = ReturnType<typeof layoutProperties<T>>;
export interface TLayoutClip extends ClipSchema<'layout', LayoutProperties<typeof LayoutChild>> {}
export const LayoutClip: TLayoutClip = clip('layout', layoutProperties(LayoutChild));

/** Any clip of a track: the union of the 16 clip types, discriminated on `type`. */
export const Clip = Type.Union(
  [
    VideoClip, ImageClip, TextClip, RectClip, CircleClip, PolygonClip, CodeClip, SvgClip, IconClip,
    LineClip, PathClip, ThreeClip, AudioClip, SubtitleClip, LayoutClip, TemplateClip,
  ],
  { ...discriminated, $id: 'RvClip' },
);
