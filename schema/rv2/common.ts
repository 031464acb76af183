/**
 * Shared building blocks of RenderingVideo v2: lengths, colours, gradients, asset references,
 * Transform (§3.2), Style (§3.4), animations (§5), keyframes (§5.3), transitions (§6) and
 * subtitle words/config (§4.14).
 *
 * Every schema with an `$id` becomes one `$defs` entry of the emitted JSON Schema
 * (see json-schema.ts); the others are inlined where used.
 */
import { Type, type TObject, type TSchema } from '@sinclair/typebox';
import {
  ANCHORS, ANIMATION_TYPES, COMPOSITE_OPERATIONS, DIRECTIONS, EASING_NAMES, FILTER_TYPES,
  FONT_STYLES, GRADIENT_TYPES, KEYFRAME_PROPERTY_NAMES, OBJECT_FITS, StringEnum, SUBTITLE_MODES,
  SUBTITLE_POSITIONS, TEXT_ALIGNS, TRANSITION_TYPES,
} from './enums.js';
import { CSS_COLOUR_MESSAGE, CSS_COLOUR_PATTERN } from './colour.js';

/** Objects are closed: unknown properties are errors unless `allowUnknownFields` is set. */
export const closed = { additionalProperties: false } as const;

export const Num = (options: object = {}) => Type.Number(options);

/** A number ≥ 0. */
export const NonNegative = (options: object = {}) => Type.Number({ minimum: 0, ...options });

/** A number > 0. */
export const Positive = (options: object = {}) => Type.Number({ exclusiveMinimum: 0, ...options });

/** A number in [0, 1]. */
export const UnitInterval = (options: object = {}) => Type.Number({ minimum: 0, maximum: 1, ...options });
export const Opt = <T extends TSchema>(schema: T) => Type.Optional(schema);

/** Pattern of a percentage length: `"50%"`, `"-10%"`, `"12.5%"`. */
export const PERCENT_PATTERN = '^-?\\d+(\\.\\d+)?%$';

/**
 * A length: pixels (number) or a percentage string. `type` lists both JSON types and `pattern`
 * applies to strings only, so a bad value yields one error instead of a union of two.
 */
export const Length = Type.Unsafe<number | string>({
  $id: 'RvLength',
  type: ['number', 'string'],
  pattern: PERCENT_PATTERN,
  errorMessage: 'must be a number (px) or a percentage string such as "50%"',
});

/** A CSS colour string (see colour.ts for the accepted grammar). */
export const Color = Type.String({
  $id: 'RvColor',
  pattern: CSS_COLOUR_PATTERN,
  errorMessage: CSS_COLOUR_MESSAGE,
});

export const Easing = StringEnum(EASING_NAMES, { $id: 'RvEasing' });

const assetRefProperties = { $ref: Type.String({ minLength: 1 }) };
export interface TAssetRef extends TObject<typeof assetRefProperties> {}
/** `{ "$ref": "<asset id>" }`, resolved against an `assets` pool chosen by context (§1.4). */
export const AssetRef: TAssetRef = Type.Object(assetRefProperties, { ...closed, $id: 'RvAssetRef' });

/** A direct URL / path (or inline markup for `svg.svg`) or an asset reference. */
export const SourceOrRef = Type.Union([Type.String({ minLength: 1 }), AssetRef], {
  $id: 'RvSource',
  errorMessage: 'must be a non-empty string (URL or path) or an asset reference {"$ref": "<id>"}',
});

export const GradientStop = Type.Object({ offset: UnitInterval(), color: Color }, closed);

const gradientProperties = {
  type: StringEnum(GRADIENT_TYPES),
  angle: Opt(Num()),
  stops: Type.Array(GradientStop, { minItems: 2 }),
};
export interface TGradient extends TObject<typeof gradientProperties> {}
/** A gradient, for `meta.background` and `style.fill` (§1.2). `angle` is in degrees. */
export const Gradient: TGradient = Type.Object(gradientProperties, { ...closed, $id: 'RvGradient' });

/** A colour or a gradient. */
export const Paint = Type.Union([Color, Gradient], {
  $id: 'RvPaint',
  errorMessage: 'must be a CSS colour string or a gradient object {type, stops}',
});

export const FontWeight = Type.Union(
  [
    Type.Number({ minimum: 1, maximum: 1000 }),
    StringEnum(['normal', 'bold', 'bolder', 'lighter', '100', '200', '300', '400', '500', '600', '700', '800', '900']),
  ],
  { $id: 'RvFontWeight', errorMessage: 'must be a number 1–1000 or one of: normal, bold, bolder, lighter, 100…900' },
);

export const Pair = Type.Tuple([Num(), Num()]);
export const Quad = Type.Tuple([Num(), Num(), Num(), Num()]);
export const NonNegativeQuad = Type.Tuple([NonNegative(), NonNegative(), NonNegative(), NonNegative()]);

const transformProperties = {
  x: Opt(Length),
  y: Opt(Length),
  width: Opt(Length),
  height: Opt(Length),
  scale: Opt(Type.Union([Num(), Pair], { errorMessage: 'must be a number or a [sx, sy] pair' })),
  rotation: Opt(Num()),
  skew: Opt(Pair),
  anchor: Opt(StringEnum(ANCHORS)),
};
export interface TTransform extends TObject<typeof transformProperties> {}
/** Position, size and geometry of a clip (§3.2). */
export const Transform: TTransform = Type.Object(transformProperties, { ...closed, $id: 'RvTransform' });

const filterProperties = { type: StringEnum(FILTER_TYPES), value: Num() };
export interface TFilter extends TObject<typeof filterProperties> {}
/** One style filter (§3.4). */
export const Filter: TFilter = Type.Object(filterProperties, { ...closed, $id: 'RvFilter' });

const styleProperties = {
  opacity: Opt(UnitInterval()),
  objectFit: Opt(StringEnum(OBJECT_FITS)),
  fill: Opt(Paint),
  stroke: Opt(Color),
  strokeWidth: Opt(NonNegative()),
  fontFamily: Opt(Type.String({ minLength: 1 })),
  fontSize: Opt(Positive()),
  fontWeight: Opt(FontWeight),
  fontStyle: Opt(StringEnum(FONT_STYLES)),
  lineHeight: Opt(Positive()),
  letterSpacing: Opt(Num()),
  textAlign: Opt(StringEnum(TEXT_ALIGNS)),
  textWrap: Opt(Type.Boolean()),
  shadowColor: Opt(Color),
  shadowBlur: Opt(NonNegative()),
  shadowOffset: Opt(Pair),
  borderRadius: Opt(
    Type.Union([NonNegative(), NonNegativeQuad], {
      errorMessage: 'must be a number ≥ 0 or [topLeft, topRight, bottomRight, bottomLeft]',
    }),
  ),
  filters: Opt(Type.Array(Filter)),
  cache: Opt(Type.Boolean()),
  cachePadding: Opt(Type.Union([Num(), Quad], { errorMessage: 'must be a number or 4 numbers' })),
  composite: Opt(Type.Boolean()),
  compositeOperation: Opt(StringEnum(COMPOSITE_OPERATIONS)),
};
export interface TStyle extends TObject<typeof styleProperties> {}
/** Visual style of a clip (§3.4). */
export const Style: TStyle = Type.Object(styleProperties, { ...closed, $id: 'RvStyle' });

/** `true` (repeat while the clip lasts), `false`, or a number of cycles ≥ 1. */
export const Loop = Type.Union([Type.Boolean(), Type.Integer({ minimum: 1 })], {
  $id: 'RvLoop',
  errorMessage: 'must be true, false or a whole number of cycles ≥ 1',
});

/** Timing and ends shared by preset animations and 3D tweens (`ThreeAnimation` in three.ts). */
export const tweenProperties = {
  duration: Positive(),
  delay: Opt(NonNegative()),
  easing: Opt(Easing),
  loop: Opt(Loop),
  from: Opt(Type.Unknown()),
  to: Opt(Type.Unknown()),
};

const animationProperties = {
  type: StringEnum(ANIMATION_TYPES),
  ...tweenProperties,
  direction: Opt(StringEnum(DIRECTIONS)),
  distance: Opt(Num()),
  filter: Opt(StringEnum(FILTER_TYPES)),
};
export interface TAnimation extends TObject<typeof animationProperties> {}
/** A preset animation (§5.1–5.2). */
export const Animation: TAnimation = Type.Object(animationProperties, { ...closed, $id: 'RvAnimation' });

const keyframeProperties = { time: NonNegative(), value: Type.Unknown(), easing: Opt(Easing) };
export interface TKeyframe extends TObject<typeof keyframeProperties> {}
/** One keyframe; `time` is seconds from the clip start, `easing` shapes the segment ending here. */
export const Keyframe: TKeyframe = Type.Object(keyframeProperties, { ...closed, $id: 'RvKeyframe' });

const keyframeTrackProperties = {
  property: StringEnum(KEYFRAME_PROPERTY_NAMES),
  frames: Type.Array(Keyframe, { minItems: 1 }),
};
export interface TKeyframeTrack extends TObject<typeof keyframeTrackProperties> {}
/** A keyframe track on one property (§5.3). */
export const KeyframeTrack: TKeyframeTrack = Type.Object(keyframeTrackProperties, { ...closed, $id: 'RvKeyframeTrack' });

const transitionProperties = {
  type: StringEnum(TRANSITION_TYPES),
  duration: Positive(),
  direction: Opt(StringEnum(DIRECTIONS)),
  easing: Opt(Easing),
  blur: Opt(NonNegative()),
  intensity: Opt(Num()),
  rotation: Opt(Num()),
  scale: Opt(Num()),
};
export interface TTransition extends TObject<typeof transitionProperties> {}
/** A clip's visual transition (§6). */
export const Transition: TTransition = Type.Object(transitionProperties, { ...closed, $id: 'RvTransition' });

const mediaSourceProperties = { start: Opt(NonNegative()), end: Opt(Positive()) };
export interface TMediaSource extends TObject<typeof mediaSourceProperties> {}
/** Trim window inside a media file, in seconds (§4.1). */
export const MediaSource: TMediaSource = Type.Object(mediaSourceProperties, { ...closed, $id: 'RvMediaSource' });

const subtitleWordProperties = {
  word: Type.String(),
  punctuated_word: Type.String(),
  start: NonNegative(),
  end: NonNegative(),
  confidence: Opt(UnitInterval()),
};
export interface TSubtitleWord extends TObject<typeof subtitleWordProperties> {}
/** One timed word of a subtitle track (§4.14). */
export const SubtitleWord: TSubtitleWord = Type.Object(subtitleWordProperties, { ...closed, $id: 'RvSubtitleWord' });

const subtitleConfigProperties = {
  mode: Opt(StringEnum(SUBTITLE_MODES)),
  wordsPerBatch: Opt(Type.Integer({ minimum: 1 })),
  fontSize: Opt(Positive()),
  fontFamily: Opt(Type.String({ minLength: 1 })),
  fontWeight: Opt(FontWeight),
  textAlign: Opt(StringEnum(TEXT_ALIGNS)),
  textBoxWidth: Opt(Length),
  textColor: Opt(Color),
  highlightColor: Opt(Color),
  backgroundColor: Opt(Color),
  shadowColor: Opt(Color),
  shadowBlur: Opt(NonNegative()),
  borderColor: Opt(Color),
  borderWidth: Opt(NonNegative()),
  fadeInAnimation: Opt(Type.Boolean()),
  position: Opt(StringEnum(SUBTITLE_POSITIONS)),
  paddingBottom: Opt(Num()),
};
export interface TSubtitleConfig extends TObject<typeof subtitleConfigProperties> {}
/** Subtitle rendering options (§4.14). */
export const SubtitleConfig: TSubtitleConfig = Type.Object(subtitleConfigProperties, { ...closed, $id: 'RvSubtitleConfig' });

/** A vertex of a `line`: `[x, y]` or `{x, y}`, in px. */
export const CurvePoint = Type.Union([Pair, Type.Object({ x: Num(), y: Num() }, closed)], {
  $id: 'RvCurvePoint',
  errorMessage: 'must be an [x, y] pair or an {x, y} object',
});
