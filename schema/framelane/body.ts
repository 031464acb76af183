/**
 * The top level of a Framelane v1 render body (`POST /v1/renders`, digest §2) and the
 * between-element transitions of `transitions[]` (§4).
 */
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from '../rv2/enums.js';
import { closed, Opt } from '../rv2/common.js';
import { FL_OUTPUT_FORMATS, FL_TRANSITION_TYPE_NAMES } from './enums.js';
import { AudioElement, Element, ImageElement, TextElement, VideoElement, Motion, Effect, Word, WordAnimation, ChromaSettings } from './elements.js';
import { Colour, HttpUrl, PositiveSeconds, Url } from './values.js';

/** `transitions[]` item (§4). `from_id` and `to_id` are required here (semantically required, §4). */
export const Transition = Type.Object(
  {
    type: StringEnum(FL_TRANSITION_TYPE_NAMES),
    duration: PositiveSeconds(),
    from_id: Type.String({ minLength: 1 }),
    to_id: Type.String({ minLength: 1 }),
    z_index: Opt(Type.Integer()),
  },
  { ...closed, $id: 'FlTransition' },
);

/** A Framelane v1 render body. */
export const FramelaneBody = Type.Object(
  {
    width: Opt(Type.Integer({ minimum: 16, maximum: 8192, description: 'output width, px (with height)' })),
    height: Opt(Type.Integer({ minimum: 16, maximum: 8192, description: 'output height, px (with width)' })),
    duration: Opt(PositiveSeconds({ description: 'total length, s; default: the latest element end' })),
    frame_rate: Opt(Type.Integer({ minimum: 1, maximum: 240 })),
    output_format: Opt(StringEnum(FL_OUTPUT_FORMATS)),
    output_filename: Opt(Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: '^[^/\\\\]+$',
      errorMessage: 'must be a file name without an extension or folder (no "/" or "\\")',
    })),
    background_color: Opt(Colour),
    background_image_url: Opt(Url),
    alpha: Opt(Type.Boolean()),
    elements: Opt(Type.Array(Element)),
    transitions: Opt(Type.Array(Transition)),
    metadata: Opt(Type.Record(Type.String(), Type.String(), { errorMessage: 'must be an object of string values' })),
    webhook_url: Opt(HttpUrl),
    ingest_external: Opt(Type.Unsafe<boolean | null>({ type: ['boolean', 'null'] })),
  },
  { ...closed, title: 'Framelane v1 render body' },
);

export type FlBody = Static<typeof FramelaneBody>;
export type FlElement = Static<typeof Element>;
export type FlVideoElement = Static<typeof VideoElement>;
export type FlAudioElement = Static<typeof AudioElement>;
export type FlTextElement = Static<typeof TextElement>;
export type FlImageElement = Static<typeof ImageElement>;
export type FlVisualElement = FlVideoElement | FlImageElement | FlTextElement;
export type FlTransition = Static<typeof Transition>;
export type FlMotion = Static<typeof Motion>;
export type FlEffect = Static<typeof Effect>;
export type FlChromaSettings = Static<typeof ChromaSettings>;
export type FlWord = Static<typeof Word>;
export type FlWordAnimation = Static<typeof WordAnimation>;
