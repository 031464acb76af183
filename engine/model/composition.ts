/**
 * The dialect-neutral composition model. Both input dialects (RenderingVideo v2 and,
 * later, Framelane) compile into these types; the frame graph, the drawing code and
 * the encoders read only these. Nothing here names a field of either dialect.
 *
 * @remarks Units: integer frames for time on the timeline, seconds only for the
 * local timing of animations (so easing stays exact at any frame rate), pixels for
 * geometry once a composition is compiled (percentages are resolved by then, except
 * {@link Length} values that keyframes may animate, resolved per frame).
 */

/** A CSS colour string, already validated. */
export type Color = string;

export interface GradientStop {
  offset: number;
  color: Color;
}

/** A paint: a flat colour or a gradient laid over the element's box. */
export type Paint =
  | { kind: 'color'; color: Color }
  | { kind: 'linear' | 'radial' | 'conic'; angleDegrees: number; stops: GradientStop[] };

/** A length that is either pixels or a fraction of a reference size (percent / 100). */
export type Length = { px: number } | { fraction: number };

export type EasingName = string;

export interface FilterSpec {
  kind: 'blur' | 'brightness' | 'contrast' | 'saturate' | 'hue' | 'grayscale' | 'sepia' | 'invert';
  value: number;
}

export type Direction = 'left' | 'right' | 'up' | 'down';

/** A preset animation in neutral terms. Times are seconds, local to the layer's start. */
export interface AnimationSpec {
  kind: 'fadeIn' | 'fadeOut' | 'zoomIn' | 'zoomOut' | 'slideIn' | 'slideOut' | 'move' | 'scale' | 'rotate' | 'filter';
  delaySeconds: number;
  durationSeconds: number;
  easing: EasingName;
  /** Number of cycles; Infinity for "as often as fits". */
  cycles: number;
  direction: Direction;
  distancePx: number;
  from?: unknown;
  to?: unknown;
  filter?: FilterSpec['kind'];
}

/** Names of animatable properties (neutral). */
export type AnimatableProperty =
  | 'opacity' | 'x' | 'y' | 'width' | 'height' | 'scale' | 'scaleX' | 'scaleY' | 'rotation'
  | 'skewX' | 'skewY' | 'drawStart' | 'drawEnd' | 'fill' | 'stroke' | 'strokeWidth' | 'fontSize'
  | 'letterSpacing' | 'shadowBlur' | 'borderRadius' | 'volume';

export interface KeyframeSpec {
  timeSeconds: number;
  value: number | string;
  /** Easing of the segment that ENDS at this keyframe. */
  easing: EasingName;
}

export interface KeyframeTrackSpec {
  property: AnimatableProperty;
  frames: KeyframeSpec[];
}

export interface TransitionSpec {
  kind: 'fade' | 'slide' | 'zoom' | 'wipe' | 'blur' | 'push' | 'iris' | 'spin' | 'lightSweep';
  durationSeconds: number;
  direction: Direction;
  easing: EasingName;
  blurPx: number;
  intensity: number;
  rotationDegrees: number;
  scale: number;
  /** Entrance, exit, or both ends of the layer's window. */
  at: 'in' | 'out' | 'both';
}

/** Visual style shared by every drawn element. Absent fields take each element's default. */
export interface VisualStyle {
  fill?: Paint;
  stroke?: Color;
  strokeWidth?: number;
  fontFamily?: string;
  fontSize?: number;
  fontWeight?: string;
  fontStyle?: 'normal' | 'italic';
  lineHeight?: number;
  letterSpacing?: number;
  textAlign?: 'left' | 'center' | 'right';
  textWrap?: boolean;
  shadowColor?: Color;
  shadowBlur?: number;
  shadowOffset?: [number, number];
  /** Corner radii, clockwise from top-left. */
  borderRadius?: [number, number, number, number];
  objectFit?: 'fill' | 'cover' | 'contain';
  filters?: FilterSpec[];
  compositeOperation?: string;
}

/** Position and shape of a layer before animation. */
export interface LayerTransform {
  x: Length;
  y: Length;
  /** Absent: the element's intrinsic size. */
  width?: Length;
  height?: Length;
  /** Anchor point inside the box, 0..1 on each axis. */
  anchorX: number;
  anchorY: number;
  scaleX: number;
  scaleY: number;
  rotationDegrees: number;
  skewXDegrees: number;
  skewYDegrees: number;
  /**
   * `box`: (x, y) places the anchor of the element's box (most elements).
   * `origin`: (x, y) places the origin of the element's own coordinates (curves).
   */
  placement: 'box' | 'origin';
}

export type CurvePoint = [number, number];

/** What a layer draws. */
export type ElementSpec =
  | { kind: 'text'; text: string }
  | { kind: 'image'; source: MediaSource }
  | { kind: 'video'; source: MediaSource; trimStartSeconds: number; trimEndSeconds?: number; playbackRate: number; volume: number; muted: boolean }
  | { kind: 'rect' }
  | { kind: 'ellipse'; diameter: number; startAngleDegrees: number; endAngleDegrees: number }
  | { kind: 'polygon'; sides: number; diameter: number }
  | { kind: 'code'; code: string; language?: string; fontFamily?: string; fontSize?: number; lineHeight?: number; highlightLines?: number[]; theme: 'dark' | 'light' }
  | { kind: 'svg'; markup?: string; source?: MediaSource }
  | { kind: 'icon'; name: string; color?: Color }
  | {
      kind: 'curve';
      /** Sub-paths as SVG path data, or a polyline with rounded corners. */
      pathData?: string;
      points?: CurvePoint[];
      cornerRadius: number;
      closed: boolean;
      drawStart: number;
      drawEnd: number;
      startOffset: number;
      endOffset: number;
      startArrow: boolean;
      endArrow: boolean;
      arrowSize?: number;
      lineWidth: number;
      lineCap: 'butt' | 'round' | 'square';
      lineJoin: 'round' | 'bevel' | 'miter';
    }
  | LayoutElementSpec
  | GroupElementSpec
  | SubtitleElementSpec
  | { kind: 'unsupported'; what: string };

/**
 * A flow container: children are placed one after the other along `direction` inside the
 * layer's box less its padding (docs/decisions.md, row 14).
 * @remarks Children are ordinary layers, shown for the container's whole window (their
 * start/end frames equal the container's); their `x`/`y` are offsets from the flow position,
 * and their percent sizes resolve against the container's content box.
 */
export interface LayoutElementSpec {
  kind: 'layout';
  direction: 'horizontal' | 'vertical';
  gap: number;
  /** Top, right, bottom, left (px). */
  padding: [number, number, number, number];
  alignItems: 'start' | 'center' | 'end' | 'stretch';
  justifyContent: 'start' | 'center' | 'end' | 'space-between' | 'space-around';
  /** Clip children to the container's (rounded) box. */
  clip: boolean;
  children: Layer[];
}

/**
 * Layers drawn in their own coordinate space of `designWidth` × `designHeight`, scaled
 * uniformly (contain) into the group's box and clipped to it. Children keep their own
 * timeline windows (absolute frames). Used for templates placed inside layouts.
 */
export interface GroupElementSpec {
  kind: 'group';
  designWidth: number;
  designHeight: number;
  children: Layer[];
}

/** One timed word of a caption track. Seconds, relative to the layer's start. */
export interface TimedWord {
  /** The text shown (punctuation included). */
  text: string;
  startSeconds: number;
  endSeconds: number;
}

/** How a caption track looks and paces itself (docs/decisions.md, row 13). */
export interface CaptionStyle {
  /** `batch`: groups of `wordsPerGroup`, the spoken word highlighted; `stream`: words appear as spoken. */
  mode: 'batch' | 'stream';
  wordsPerGroup: number;
  fontSize: number;
  /** A CSS family list; resolved by the host like `style.fontFamily`. */
  fontFamily: string;
  fontWeight: string;
  textAlign: 'left' | 'center' | 'right';
  /** Width of the text box, px or a fraction of the layer's box width. */
  boxWidth: Length;
  textColor: Color;
  highlightColor: Color;
  /** Rounded box behind the word being spoken. */
  highlightBackground?: Color;
  shadowColor?: Color;
  shadowBlur: number;
  outlineColor?: Color;
  outlineWidth: number;
  fadeIn: boolean;
  position: 'bottom' | 'top' | 'center';
  /** Distance (px) of the text block from the bottom (or top) edge of the layer's box. */
  edgeDistance: number;
}

/**
 * Timed captions drawn inside the layer's box (the canvas by default).
 * @remarks When `source` is set, `words` is empty after compiling: the host reads the JSON
 * (`SubtitleWord[]` or `{words}`) before drawing and fills `words` in place.
 */
export interface SubtitleElementSpec {
  kind: 'subtitle';
  words: TimedWord[];
  source?: MediaSource;
  caption: CaptionStyle;
}

/** Where media comes from: a local file (absolute path), a data URI or a remote URL. */
export interface MediaSource {
  uri: string;
  /** JSON pointer of the field that named it, for errors. */
  pointer: string;
}

/** One drawable layer on the timeline. */
export interface Layer {
  /** Stable identifier: the clip id or its JSON pointer. */
  id: string;
  /** JSON pointer of the clip in the source document, for messages. */
  pointer: string;
  /** Position in document order (stacking tie-break: later on top). */
  documentOrder: number;
  zIndex: number;
  startFrame: number;
  /** Exclusive. */
  endFrame: number;
  transform: LayerTransform;
  opacity: number;
  style: VisualStyle;
  element: ElementSpec;
  animations: AnimationSpec[];
  keyframes: KeyframeTrackSpec[];
  transitions: TransitionSpec[];
}

/** An audio contribution to the mix (rendered by the media stage). */
/** One point of a sound's gain envelope. */
export interface GainPoint {
  /** Seconds from the clip's start. */
  timeSeconds: number;
  /** Gain 0..1, multiplied with the clip's `volume`. */
  volume: number;
  /** Shapes the segment that ENDS at this point (as keyframes do); default linear. */
  easing?: EasingName;
}

/** A sound turned down while target clips sound. */
export interface AudioDucking {
  /** Clip ids. Ids that name no sounding clip (unknown, muted, silent) duck nothing. */
  targets: string[];
  /** Gain reduction 0..1: the gain is multiplied by (1 − amount) while ducked. */
  amount: number;
  /** Seconds to go from no reduction to full reduction once a target starts. */
  attackSeconds: number;
  /** Seconds to go back to no reduction once the targets end. */
  releaseSeconds: number;
}

/** How a sound plays, in neutral terms; shared by the model and the mixer. */
export interface SoundSettings {
  /** Source time at which playback starts. */
  trimStartSeconds: number;
  /** Source time at which the used range ends (exclusive); default: the end of the file. */
  trimEndSeconds?: number;
  /** 0..1. */
  volume: number;
  /** True: the sound is left out of the mix. */
  muted: boolean;
  /** Source seconds per timeline second; pitch is kept. */
  playbackRate: number;
  /** Repeat the source range until the window is full. */
  loop: boolean;
  /** Linear fade from silence over the window's first seconds. */
  fadeInSeconds?: number;
  /** Linear fade to silence over the window's last seconds. */
  fadeOutSeconds?: number;
  /** −1 (left) .. 1 (right); 0 leaves the channels as they are. */
  pan?: number;
  /** Pitch shift in cents; duration is unchanged. */
  detuneCents?: number;
  /** Gain automation, clip-relative times. */
  gainEnvelope?: GainPoint[];
  ducking?: AudioDucking;
}

/** An audio contribution to the mix. */
export interface AudioSpec extends SoundSettings {
  id: string;
  pointer: string;
  source: MediaSource;
  startFrame: number;
  /** Exclusive; the window already shortened by the trim (digest §2). */
  endFrame: number;
}

export interface FontSpec {
  family: string;
  source: MediaSource;
  weight?: string;
  style?: 'normal' | 'italic';
}

/** A compiled composition: everything the renderer needs, in neutral terms. */
export interface Composition {
  width: number;
  height: number;
  fps: number;
  durationInFrames: number;
  /** Absent: transparent. */
  background?: Paint;
  layers: Layer[];
  audio: AudioSpec[];
  fonts: FontSpec[];
  /** Human-readable notes about what was ignored or substituted. */
  warnings: string[];
  title?: string;
}
