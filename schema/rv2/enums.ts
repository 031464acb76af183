/**
 * Closed vocabularies of RenderingVideo v2 (spec digest §3–§6, appendix "Enums to hard-code").
 *
 * Each list is a `const` tuple so that both the JSON Schema (`enum`) and the TypeScript string
 * union come from the same array.
 */
import { Type, type TUnsafe, type SchemaOptions } from '@sinclair/typebox';

/** The 16 clip `type` values (§4). */
export const CLIP_TYPES = [
  'video', 'image', 'text', 'rect', 'circle', 'polygon', 'code', 'svg',
  'icon', 'line', 'path', 'three', 'audio', 'subtitle', 'layout', 'template',
] as const;
export type ClipType = (typeof CLIP_TYPES)[number];

/** Clip types allowed inside `layout.children`: every clip type except `subtitle` (§4.13). */
export const LAYOUT_CHILD_TYPES = CLIP_TYPES.filter(
  (t): t is Exclude<ClipType, 'subtitle'> => t !== 'subtitle',
);
export type LayoutChildType = Exclude<ClipType, 'subtitle'>;

/** The 22 easing names (§5.4); the default is `linear`. */
export const EASING_NAMES = [
  'linear',
  'easeInSine', 'easeOutSine', 'easeInOutSine',
  'easeInQuad', 'easeOutQuad', 'easeInOutQuad',
  'easeInCubic', 'easeOutCubic', 'easeInOutCubic',
  'easeInQuart', 'easeOutQuart', 'easeInOutQuart',
  'easeInBack', 'easeOutBack', 'easeInOutBack',
  'easeInElastic', 'easeOutElastic', 'easeInOutElastic',
  'easeInBounce', 'easeOutBounce', 'easeInOutBounce',
] as const;
export type EasingName = (typeof EASING_NAMES)[number];

/** Preset animation types (§5.2): the 9 documented ones plus the SDK-only `filter`. */
export const ANIMATION_TYPES = [
  'fadeIn', 'fadeOut', 'zoomIn', 'zoomOut', 'slideIn', 'slideOut', 'move', 'scale', 'rotate', 'filter',
] as const;
export type AnimationType = (typeof ANIMATION_TYPES)[number];

/** Clip transition types (§6). */
export const TRANSITION_TYPES = [
  'fade', 'slide', 'zoom', 'wipe', 'blur', 'push', 'iris', 'spin', 'lightSweep',
] as const;
export type TransitionType = (typeof TRANSITION_TYPES)[number];

/** Style filter types (§3.4). */
export const FILTER_TYPES = [
  'blur', 'brightness', 'contrast', 'saturate', 'hue', 'grayscale', 'sepia', 'invert',
] as const;
export type FilterType = (typeof FILTER_TYPES)[number];

/** Transform anchors (§3.2); the default is `center`. */
export const ANCHORS = [
  'center', 'top-left', 'top', 'top-right', 'left', 'right', 'bottom-left', 'bottom', 'bottom-right',
] as const;
export type Anchor = (typeof ANCHORS)[number];

/** Built-in template names (§4.15). */
export const TEMPLATE_NAMES = [
  'product-intro', 'slideshow', 'subtitle-video', 'talking-head', 'comparison',
  'countdown', 'text-reveal', 'news', 'quote', 'list',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** Gradient kinds (§1.2). */
export const GRADIENT_TYPES = ['linear', 'radial', 'conic'] as const;
export type GradientType = (typeof GRADIENT_TYPES)[number];

/** Canvas `globalCompositeOperation` names accepted by `style.compositeOperation` (§3.4). */
export const COMPOSITE_OPERATIONS = [
  'source-over', 'source-in', 'source-out', 'source-atop',
  'destination-over', 'destination-in', 'destination-out', 'destination-atop',
  'lighter', 'copy', 'xor',
  'multiply', 'screen', 'overlay', 'darken', 'lighten', 'color-dodge', 'color-burn',
  'hard-light', 'soft-light', 'difference', 'exclusion', 'hue', 'saturation', 'color', 'luminosity',
] as const;
export type CompositeOperation = (typeof COMPOSITE_OPERATIONS)[number];

/** Canonical keyframe property names (§5.3, decided list; see docs/schema.md). */
export const KEYFRAME_PROPERTIES = [
  'opacity', 'x', 'y', 'width', 'height', 'scale', 'scaleX', 'scaleY', 'rotation', 'skewX', 'skewY',
  'drawStart', 'drawEnd', 'fill', 'stroke', 'strokeWidth', 'fontSize', 'letterSpacing', 'shadowBlur',
  'borderRadius', 'volume',
] as const;
export type KeyframeProperty = (typeof KEYFRAME_PROPERTIES)[number];

/**
 * Accepted aliases of keyframe properties and the canonical name each stands for.
 * `transform.x` animates the same value as `x`; `style.fill` the same as `fill`.
 */
export const KEYFRAME_PROPERTY_ALIASES = {
  'transform.x': 'x',
  'transform.y': 'y',
  'transform.width': 'width',
  'transform.height': 'height',
  'transform.scale': 'scale',
  'transform.rotation': 'rotation',
  'style.opacity': 'opacity',
  'style.fill': 'fill',
  'style.stroke': 'stroke',
  'style.strokeWidth': 'strokeWidth',
  'style.fontSize': 'fontSize',
  'style.letterSpacing': 'letterSpacing',
  'style.shadowBlur': 'shadowBlur',
  'style.borderRadius': 'borderRadius',
} as const satisfies Record<string, KeyframeProperty>;
export type KeyframePropertyAlias = keyof typeof KEYFRAME_PROPERTY_ALIASES;

/** Every name `keyframes[].property` accepts: canonical names, then aliases. */
export const KEYFRAME_PROPERTY_NAMES = [
  ...KEYFRAME_PROPERTIES,
  ...(Object.keys(KEYFRAME_PROPERTY_ALIASES) as KeyframePropertyAlias[]),
] as const;
export type KeyframePropertyName = KeyframeProperty | KeyframePropertyAlias;

/** Maps an accepted keyframe property name (canonical or alias) to its canonical name. */
export function canonicalKeyframeProperty(name: KeyframePropertyName): KeyframeProperty {
  return (KEYFRAME_PROPERTY_ALIASES as Record<string, KeyframeProperty>)[name] ?? (name as KeyframeProperty);
}

/** Properties a 3D animation (`objects[].animations`, `cameraAnimations`) can drive (§4.11). */
export const THREE_ANIMATION_PROPERTIES = [
  'position', 'position.x', 'position.y', 'position.z',
  'rotation', 'rotation.x', 'rotation.y', 'rotation.z',
  'scale', 'scale.x', 'scale.y', 'scale.z',
  'material.color', 'material.opacity', 'fov',
] as const;
export type ThreeAnimationProperty = (typeof THREE_ANIMATION_PROPERTIES)[number];

export const OBJECT_FITS = ['fill', 'cover', 'contain'] as const;
export const TEXT_ALIGNS = ['left', 'center', 'right'] as const;
export const FONT_STYLES = ['normal', 'italic'] as const;
export const DIRECTIONS = ['left', 'right', 'up', 'down'] as const;
export const LAYOUT_DIRECTIONS = ['horizontal', 'vertical'] as const;
export const ALIGN_ITEMS = ['start', 'center', 'end', 'stretch'] as const;
export const JUSTIFY_CONTENTS = ['start', 'center', 'end', 'space-between', 'space-around'] as const;
export const SUBTITLE_MODES = ['batch', 'stream'] as const;
export const SUBTITLE_POSITIONS = ['bottom', 'top', 'center'] as const;
export const LINE_CAPS = ['butt', 'round', 'square'] as const;
export const LINE_JOINS = ['round', 'bevel', 'miter'] as const;
export const THREE_LIGHT_TYPES = ['ambient', 'directional', 'point', 'spot'] as const;
export const THREE_SHAPES = [
  'box', 'sphere', 'plane', 'cylinder', 'cone', 'torus', 'icosahedron', 'dodecahedron',
] as const;
export const THREE_MATERIAL_TYPES = ['normal', 'basic', 'standard', 'phong', 'lambert', 'toon'] as const;
export const THREE_SIDES = ['front', 'back', 'double'] as const;

export type ObjectFit = (typeof OBJECT_FITS)[number];
export type TextAlign = (typeof TEXT_ALIGNS)[number];
export type FontStyle = (typeof FONT_STYLES)[number];
export type Direction = (typeof DIRECTIONS)[number];
export type LayoutDirection = (typeof LAYOUT_DIRECTIONS)[number];
export type AlignItems = (typeof ALIGN_ITEMS)[number];
export type JustifyContent = (typeof JUSTIFY_CONTENTS)[number];
export type SubtitleMode = (typeof SUBTITLE_MODES)[number];
export type SubtitlePosition = (typeof SUBTITLE_POSITIONS)[number];
export type LineCap = (typeof LINE_CAPS)[number];
export type LineJoin = (typeof LINE_JOINS)[number];
export type ThreeLightType = (typeof THREE_LIGHT_TYPES)[number];
export type ThreeShape = (typeof THREE_SHAPES)[number];
export type ThreeMaterialType = (typeof THREE_MATERIAL_TYPES)[number];
export type ThreeSide = (typeof THREE_SIDES)[number];

/**
 * A string enum as one JSON Schema `enum` keyword (rather than TypeBox's `anyOf` of literals),
 * so that ajv reports one "must be one of" error instead of one error per member.
 */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: SchemaOptions = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ ...options, type: 'string', enum: [...values] });
}
