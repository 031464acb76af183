/**
 * Closed vocabularies of the Framelane render API v1 (digest /work/shared/spec/framelane-v1.md,
 * §2–§5). Each list is a `const` tuple, so the JSON Schema `enum` and the TypeScript union come
 * from the same array. Values are carried over exactly as the digest lists them.
 */

/** `output_format` (§2, §6). */
export const FL_OUTPUT_FORMATS = ['mp4', 'webm', 'mov', 'gif', 'png', 'jpg'] as const;
export type FlOutputFormat = (typeof FL_OUTPUT_FORMATS)[number];

/** Formats that may carry an alpha channel (`alpha: true`, §6). */
export const FL_ALPHA_FORMATS: readonly FlOutputFormat[] = ['webm', 'mov'];

/** Element types that render (§3). */
export const FL_ELEMENT_TYPES = ['video', 'audio', 'text', 'image'] as const;
export type FlElementType = (typeof FL_ELEMENT_TYPES)[number];

/**
 * Element types the API knows but refuses with 422 `unsupported_feature` (§3.7): `composition` is
 * declared without fields and rejected by the reference translator; the others exist in its type
 * module but are not accepted in requests.
 */
export const FL_REFUSED_ELEMENT_TYPES = ['composition', 'progress_bar', 'audio_visualization', 'countdown'] as const;

/** `blend_mode` (§3.3). */
export const FL_BLEND_MODES = [
  'none', 'multiply', 'screen', 'overlay', 'darken', 'lighten', 'color_dodge', 'color_burn', 'hard_light', 'soft_light',
] as const;
export type FlBlendMode = (typeof FL_BLEND_MODES)[number];

/** Motion `easing` (§5.2). */
export const FL_EASINGS = ['linear', 'ease_in', 'ease_out', 'ease_in_out'] as const;
export type FlEasing = (typeof FL_EASINGS)[number];

/** Text `font_style` (§3.6). */
export const FL_FONT_STYLES = ['normal', 'italic', 'bold', 'bolditalic'] as const;
/** Text `text_align`. */
export const FL_TEXT_ALIGNS = ['left', 'center', 'right'] as const;
/** Text `text_decoration`. */
export const FL_TEXT_DECORATIONS = ['none', 'underline', 'strikethrough'] as const;
/** Text `text_wrap`. */
export const FL_TEXT_WRAPS = ['wrap', 'nowrap'] as const;

/** `word_animation.style` (§3.6.1). */
export const FL_WORD_ANIMATION_STYLES = ['glow', 'box', 'scale_pop', 'slide_up', 'fly_in', 'color'] as const;
export type FlWordAnimationStyle = (typeof FL_WORD_ANIMATION_STYLES)[number];

/** Motion `scope` (§5.2). */
export const FL_MOTION_SCOPES = ['element', 'character'] as const;

/** The 31 transition types of `transitions[]` (§4). */
export const FL_TRANSITION_TYPES = [
  'cross_dissolve', 'dip_to_black', 'dip_to_white', 'wipe_left', 'wipe_right', 'wipe_up', 'wipe_down',
  'diagonal_wipe', 'barn_doors_horizontal', 'barn_doors_vertical', 'iris', 'page_turn', 'cross_zoom',
  'gradient_wipe', 'band_wipe', 'box_wipe', 'swirl', 'glitch_memories', 'window_slice', 'cube', 'doorway',
  'pinwheel', 'water_drop', 'crosshatch', 'dreamy', 'angular', 'burn', 'heart', 'circle_open', 'color_phase',
  'squares_wire',
] as const;
export type FlTransitionType = (typeof FL_TRANSITION_TYPES)[number];

/**
 * Accepted transition `type` values: the 31 types plus `fade`, which the API's own OpenAPI example
 * uses; it is read as `cross_dissolve` with a warning (§9.2, docs/framelane.md).
 */
export const FL_TRANSITION_TYPE_NAMES = [...FL_TRANSITION_TYPES, 'fade'] as const;

/** The 46 effect types of `effects[]` (§5.1). */
export const FL_EFFECT_TYPES = [
  'vintage', 'polaroid', 'portra', 'super8', 'filmic', 'add_grain', 'film_burn', 'light_leaks', 'sepia', 'duotone',
  'cross_process', 'bleach_bypass',
  'vhs', 'vhs_overlay', 'crt', 'television', 'scanlines', 'glitch', 'compression_glitch', 'rgb_split',
  'chromatic_aberration', 'ghosting', 'echo', 'displacement_map',
  'posterize', 'mosaic', 'mosaic_blur', 'mosaic_posterize', 'cc_halftone', 'cc_halftone_red', 'cc_halftone_green',
  'cc_halftone_blue', 'invert', 'prism', 'glow',
  'optics_compensation', 'camera_lens_blur', 'camera_lens_blur_bg', 'box_blur', 'lens_flare', 'viewfinder',
  'night_vision', 'thermal', 'snow', 'strobe_light',
  'chroma_key',
] as const;
export type FlEffectType = (typeof FL_EFFECT_TYPES)[number];

/** The motion presets of `motion[]` (§5.2). */
export const FL_MOTION_TYPES = [
  'fade', 'slide_up', 'slide_down', 'slide_left', 'slide_right', 'zoom_in', 'zoom_out', 'rotate_cw', 'rotate_ccw',
  'bounce', 'wipe_left', 'wipe_right', 'wipe_up', 'wipe_down', 'ken_burns_in', 'ken_burns_out', 'ken_burns_in_out',
  'loop_wiggle', 'loop_rotate', 'loop_rotate_smooth', 'loop_3d_spin', 'loop_3d_sway', 'loop_orbit', 'loop_breathe',
  'loop_shimmer', 'blur', 'bounce_motion', 'explode', 'evaporate', 'overlay', 'difference', 'rubber_in', 'whip_up',
  'glitch_pop', 'drift_in', 'whip_down', 'drift_out', 'swing_in', 'elastic_rise', 'tilt_zoom', 'smooth_pop',
  'swing_out', 'elastic_drop',
] as const;
export type FlMotionType = (typeof FL_MOTION_TYPES)[number];

/**
 * Which variants of a motion exist (§5.2 availability table): `entrance` (reversed: false),
 * `exit` (reversed: true), and the per-character variants (`scope: "character"`, text only).
 * `loop` presets repeat inside their window; `window` presets (Ken Burns, blend styles) span it.
 * A pair the table does not list is refused with 422 (§5.2, §9.15).
 */
export interface FlMotionAvailability {
  entrance: boolean;
  exit: boolean;
  characterEntrance: boolean;
  characterExit: boolean;
  /** Exit-only presets are played as exits whatever `reversed` says (`evaporate`). */
  forceExit?: boolean;
}

const av = (entrance: boolean, exit: boolean, characterEntrance = false, characterExit = false, forceExit = false): FlMotionAvailability =>
  ({ entrance, exit, characterEntrance, characterExit, ...(forceExit ? { forceExit } : {}) });

export const FL_MOTION_AVAILABILITY: Readonly<Record<FlMotionType, FlMotionAvailability>> = {
  fade: av(true, true, true, true),
  slide_up: av(true, true, true, true),
  slide_down: av(true, true, true, true),
  slide_left: av(true, true, true, true),
  slide_right: av(true, true, true, true),
  zoom_in: av(true, false, true, true),
  zoom_out: av(false, true),
  rotate_cw: av(true, true),
  rotate_ccw: av(true, true),
  bounce: av(true, true, true, false),
  wipe_left: av(true, true),
  wipe_right: av(true, true),
  wipe_up: av(true, true),
  wipe_down: av(true, true),
  ken_burns_in: av(true, false),
  ken_burns_out: av(true, false),
  ken_burns_in_out: av(true, false),
  loop_wiggle: av(true, false),
  loop_rotate: av(true, false),
  loop_rotate_smooth: av(true, false),
  loop_3d_spin: av(true, false),
  loop_3d_sway: av(true, false),
  loop_orbit: av(true, false),
  loop_breathe: av(true, false, true, false),
  loop_shimmer: av(true, false, true, false),
  blur: av(true, false, true, false),
  bounce_motion: av(true, false, true, false),
  explode: av(true, false, true, false),
  evaporate: av(false, true, false, true, true),
  overlay: av(true, false),
  difference: av(true, false),
  rubber_in: av(true, false, true, false),
  whip_up: av(true, false, true, false),
  glitch_pop: av(true, false, true, false),
  drift_in: av(true, false, true, false),
  whip_down: av(false, true, false, true),
  drift_out: av(false, true, false, true),
  swing_in: av(true, false),
  elastic_rise: av(true, false),
  tilt_zoom: av(true, false),
  smooth_pop: av(true, false),
  swing_out: av(false, true),
  elastic_drop: av(false, true),
};
