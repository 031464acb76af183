/**
 * The four rendered element types of Framelane v1 (digest §3.2–§3.6) and their shared field
 * groups, as TypeBox schemas. Every object is closed: an unknown or misspelt field is an error
 * (§9.1, docs/framelane.md). The element union is discriminated on `type`.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { StringEnum } from '../rv2/enums.js';
import { closed, Opt } from '../rv2/common.js';
import {
  FL_BLEND_MODES, FL_EASINGS, FL_EFFECT_TYPES, FL_FONT_STYLES, FL_MOTION_SCOPES, FL_MOTION_TYPES, FL_TEXT_ALIGNS,
  FL_TEXT_DECORATIONS, FL_TEXT_WRAPS, FL_WORD_ANIMATION_STYLES,
} from './enums.js';
import { Angle, Colour, Dimension, Percent, PositiveSeconds, Scale, Seconds, SignedPercent, Url } from './values.js';

/** `motion[]` item (§5.2). */
export const Motion = Type.Object(
  {
    type: StringEnum(FL_MOTION_TYPES),
    time: Seconds({ description: 'absolute timeline second the motion starts' }),
    duration: PositiveSeconds(),
    easing: Opt(StringEnum(FL_EASINGS)),
    reversed: Opt(Type.Boolean()),
    scope: Opt(StringEnum(FL_MOTION_SCOPES)),
    delay: Opt(Seconds()),
    loop: Opt(Type.Boolean()),
  },
  { ...closed, $id: 'FlMotion' },
);

/** `effects[].chroma_settings` (§5.1): hue in degrees, saturation and lightness 0–1. */
export const ChromaSettings = Type.Object(
  {
    hue_min: Opt(Type.Number({ minimum: 0, maximum: 360 })),
    hue_max: Opt(Type.Number({ minimum: 0, maximum: 360 })),
    sat_min: Opt(Type.Number({ minimum: 0, maximum: 1 })),
    sat_max: Opt(Type.Number({ minimum: 0, maximum: 1 })),
    lum_min: Opt(Type.Number({ minimum: 0, maximum: 1 })),
    lum_max: Opt(Type.Number({ minimum: 0, maximum: 1 })),
  },
  { ...closed, $id: 'FlChromaSettings' },
);

/** `effects[]` item (§5.1). */
export const Effect = Type.Object(
  {
    type: StringEnum(FL_EFFECT_TYPES),
    intensity: Opt(Percent()),
    chroma_settings: Opt(ChromaSettings),
  },
  { ...closed, $id: 'FlEffect' },
);

/** One timed word of `word_animation.words` (absolute timeline seconds). */
export const Word = Type.Object(
  { text: Type.String({ minLength: 1 }), start: Seconds(), end: PositiveSeconds() },
  { ...closed, $id: 'FlWord' },
);

/** `word_animation` (§3.6.1). */
export const WordAnimation = Type.Object(
  { style: StringEnum(FL_WORD_ANIMATION_STYLES), words: Type.Array(Word, { minItems: 1 }) },
  { ...closed, $id: 'FlWordAnimation' },
);

/** `schema` or `null` (one node: `type: [<type>, "null"]`). */
const nullable = <T extends TSchema>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [String(schema.type), 'null'] });

/** Fields of every element (§3.2); `type` and `duration` are added per type. */
const common = {
  id: Opt(Type.String()),
  time: Opt(Seconds({ description: 'start on the output timeline, seconds' })),
  visible: Opt(Type.Boolean()),
  name: Opt(nullable(Type.String())),
  track: Opt(nullable(Type.Integer({ minimum: 0, maximum: 255 }))),
};

/** Geometry & compositing (§3.3): video, image, text. */
const geometry = {
  x: Opt(Dimension),
  y: Opt(Dimension),
  width: Opt(Dimension),
  height: Opt(Dimension),
  aspect_ratio: Opt(Type.Number({ exclusiveMinimum: 0 })),
  x_anchor: Opt(Dimension),
  y_anchor: Opt(Dimension),
  x_rotation: Opt(Angle),
  y_rotation: Opt(Angle),
  z_rotation: Opt(Angle),
  x_scale: Opt(Scale),
  y_scale: Opt(Scale),
  flip_horizontal: Opt(Type.Boolean()),
  flip_vertical: Opt(Type.Boolean()),
  opacity: Opt(Percent()),
  z_index: Opt(Type.Integer()),
  blend_mode: Opt(StringEnum(FL_BLEND_MODES)),
  clip: Opt(Type.Boolean()),
  color_overlay: Opt(Colour),
};

/** Border & shadow (§3.3): video, image, text. */
const borderShadow = {
  border_radius: Opt(Dimension),
  border_color: Opt(Colour),
  border_width: Opt(Dimension),
  shadow_color: Opt(Colour),
  shadow_blur: Opt(Dimension),
  shadow_x: Opt(Dimension),
  shadow_y: Opt(Dimension),
};

const fraction = () => Type.Number({ minimum: 0, maximum: 1 });

/** Crop (§3.3): video, image. Fractions of the picture's edge. */
const crop = {
  crop_top: Opt(fraction()),
  crop_bottom: Opt(fraction()),
  crop_left: Opt(fraction()),
  crop_right: Opt(fraction()),
};

/** Colour adjustments and LUT (§3.3): video, image. Ranges decided in docs/framelane.md. */
const colour = {
  brightness: Opt(SignedPercent()),
  contrast: Opt(SignedPercent()),
  saturation: Opt(SignedPercent()),
  exposure: Opt(SignedPercent()),
  sharpness: Opt(Percent()),
  blur: Opt(Percent()),
  noise: Opt(Percent()),
  vignette: Opt(Percent()),
  hue_rotate: Opt(Type.Number({ minimum: -180, maximum: 180 })),
  lut_url: Opt(Url),
  lut_intensity: Opt(Percent()),
};

const motion = { motion: Opt(Type.Array(Motion)) };
const effects = { effects: Opt(Type.Array(Effect)) };

/** Playback fields shared by video and audio (§3.4, §3.5). */
const playback = {
  source_url: Url,
  in_point: Opt(Seconds()),
  out_point: Opt(PositiveSeconds()),
  speed: Opt(Type.Number({ minimum: 0.25, maximum: 4 })),
  fade_in_duration: Opt(Seconds()),
  fade_out_duration: Opt(Seconds()),
};

export const VideoElement = Type.Object(
  {
    type: Type.Literal('video'),
    ...common,
    ...geometry,
    ...borderShadow,
    ...crop,
    ...colour,
    ...effects,
    ...motion,
    ...playback,
    volume: Opt(Percent()),
  },
  { ...closed, $id: 'FlVideoElement' },
);

export const AudioElement = Type.Object(
  {
    type: Type.Literal('audio'),
    ...common,
    ...playback,
    volume: Opt(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
  },
  { ...closed, $id: 'FlAudioElement' },
);

export const ImageElement = Type.Object(
  {
    type: Type.Literal('image'),
    ...common,
    id: Type.String({ minLength: 1, description: 'required on images (docs/framelane.md)' }),
    duration: PositiveSeconds(),
    ...geometry,
    ...borderShadow,
    ...crop,
    ...colour,
    ...effects,
    ...motion,
    source_url: Url,
  },
  { ...closed, $id: 'FlImageElement' },
);

export const TextElement = Type.Object(
  {
    type: Type.Literal('text'),
    ...common,
    duration: PositiveSeconds(),
    ...geometry,
    ...borderShadow,
    ...motion,
    text: Type.String({ minLength: 1 }),
    font_family: Opt(Type.String({ minLength: 1 })),
    font_size: Opt(Type.Number({ exclusiveMinimum: 0 })),
    font_weight: Opt(Type.Integer({ minimum: 100, maximum: 900 })),
    font_style: Opt(StringEnum(FL_FONT_STYLES)),
    text_color: Opt(Colour),
    text_align: Opt(StringEnum(FL_TEXT_ALIGNS)),
    text_decoration: Opt(StringEnum(FL_TEXT_DECORATIONS)),
    tracking: Opt(Type.Number()),
    leading: Opt(Type.Number({ exclusiveMinimum: 0 })),
    stroke_color: Opt(Colour),
    stroke_width: Opt(Type.Number({ minimum: 0 })),
    stroke: Opt(Type.Boolean()),
    background: Opt(Type.Boolean()),
    background_color: Opt(Colour),
    background_opacity: Opt(Percent()),
    x_padding: Opt(Dimension),
    y_padding: Opt(Dimension),
    shadow: Opt(Type.Boolean()),
    text_wrap: Opt(StringEnum(FL_TEXT_WRAPS)),
    word_animation: Opt(WordAnimation),
    animation_preset: Opt(Type.String()),
  },
  { ...closed, $id: 'FlTextElement' },
);

/** Any rendered element, discriminated on `type`. */
export const Element = Type.Union([VideoElement, AudioElement, TextElement, ImageElement], {
  $id: 'FlElement',
  type: 'object',
  discriminator: { propertyName: 'type' },
});
