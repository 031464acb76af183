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
  kind: 'fadeIn' | 'fadeOut' | 'zoomIn' | 'zoomOut' | 'slideIn' | 'slideOut' | 'move' | 'scale' | 'rotate' | 'filter' | 'tween';
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
  /** `tween`: the channels it moves (see {@link TweenSpec}). */
  tween?: TweenSpec;
  /**
   * Text only: the animation runs on every character instead of the whole layer, character i
   * starting `i × staggerSeconds` later (spaces count).
   */
  perCharacter?: { staggerSeconds: number };
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
  /** Fractions of the box cut away at each edge; the cut parts are transparent (radius and border follow the rest). */
  crop?: EdgeFractions;
  /** A border drawn inside the visible box (after `crop`), rounded by `borderRadius`. */
  border?: { color: Color; width: number };
  /** Pixel effects applied to the drawn layer, in order (engine/draw/effects/). */
  effects?: EffectSpec[];
  /** A line under or through text. */
  textDecoration?: 'underline' | 'line-through';
  /** A plate behind the text block, `padding` px around it, rounded by `borderRadius`. */
  backdrop?: { color: Color; paddingX: number; paddingY: number };
  /** Clip what the element draws to its box. */
  clipToBox?: boolean;
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
   * Rotation about the horizontal axis through the anchor, degrees (positive: the top leans away).
   * Drawn as an orthographic projection. Absent: 0.
   */
  rotationXDegrees?: number;
  /** Rotation about the vertical axis through the anchor, degrees (positive: the right side leans away). */
  rotationYDegrees?: number;
  /** Px added to the anchor point (anchors given in px rather than as fractions). Absent: 0. */
  anchorOffsetXPx?: number;
  anchorOffsetYPx?: number;
  /**
   * `box`: (x, y) places the anchor of the element's box (most elements).
   * `origin`: (x, y) places the origin of the element's own coordinates (curves).
   */
  placement: 'box' | 'origin';
}

export type CurvePoint = [number, number];

/** What a layer draws. */
export type ElementSpec =
  | {
      kind: 'text';
      text: string;
      /** Without a fixed width: the box hugs the text, lines wrap at this width. */
      maxWidth?: Length;
      /** Timed words: the spoken word is emphasised (captions). */
      words?: WordHighlightSpec;
    }
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
  | ThreeElementSpec
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

/** A point or direction in 3D scene units: x right, y up, z towards the viewer (right-handed). */
export type Vec3 = [number, number, number];

/**
 * A 3D scene drawn into the layer's box by the software renderer (engine/three/, docs/three.md).
 * Angles are degrees; colours are CSS colours (sRGB); time is seconds from the layer's start.
 */
export interface ThreeElementSpec {
  kind: 'three';
  camera: ThreeCameraSpec;
  /** 2×2 supersampling. */
  antialias: boolean;
  /** Background of the box before anything is drawn. */
  clearColor: Color;
  /** Alpha of that background, 0..1 (0: the layers below show through). */
  clearAlpha: number;
  /** Shadow maps for directional and spot lights that cast shadows. */
  shadows: boolean;
  lights: ThreeLightSpec[];
  objects: ThreeObjectSpec[];
}

export interface ThreeCameraSpec {
  /** Vertical field of view, degrees. */
  fovDegrees: number;
  near: number;
  far: number;
  position: Vec3;
  /** Euler angles (XYZ order), degrees; used when `lookAt` is absent. */
  rotationDegrees?: Vec3;
  /** A point the camera keeps aiming at, every frame (also while its position is animated). */
  lookAt?: Vec3;
  tweens: ThreeTweenSpec[];
}

export interface ThreeLightSpec {
  kind: 'ambient' | 'directional' | 'point' | 'spot';
  color: Color;
  intensity: number;
  position: Vec3;
  /** Where directional and spot lights point. */
  target: Vec3;
  /** Point and spot: distance at which the light reaches zero; 0 = no limit. */
  range: number;
  /** Point and spot: exponent of the fall-off towards `range`. */
  decay: number;
  /** Spot: half-angle of the cone, degrees. */
  coneAngleDegrees: number;
  /** Spot: fraction of the cone that is a soft edge, 0..1. */
  penumbra: number;
  castShadow: boolean;
}

export type ThreeShapeKind = 'box' | 'sphere' | 'plane' | 'cylinder' | 'cone' | 'torus' | 'icosahedron' | 'dodecahedron';

/** Size and tessellation of a built-in shape; absent fields take the shape's defaults (docs/three.md). */
export interface ThreeShapeParams {
  width?: number;
  height?: number;
  depth?: number;
  radius?: number;
  radiusTop?: number;
  radiusBottom?: number;
  tube?: number;
  radialSegments?: number;
  tubularSegments?: number;
  widthSegments?: number;
  heightSegments?: number;
  depthSegments?: number;
  detail?: number;
}

/** Triangles of one mesh, in the model's own space. */
export interface ThreeMeshGeometry {
  /** x, y, z per vertex. */
  positions: Float32Array;
  /** x, y, z per vertex; absent: flat (face) normals. */
  normals?: Float32Array;
  /** Three vertex indices per triangle, counter-clockwise when seen from the front. */
  indices: Uint32Array;
}

/** One mesh of a loaded model with the material the file gave it (linear colour values). */
export interface ThreeModelMesh extends ThreeMeshGeometry {
  baseColor: [number, number, number, number];
  emissive: Vec3;
  metalness: number;
  roughness: number;
  doubleSided: boolean;
  /** The file asks for alpha blending. */
  blend: boolean;
  /** The file asks for no lighting. */
  unlit: boolean;
}

/** A decoded model: every mesh with its node transforms applied, and their bounding box. */
export interface ThreeModelData {
  meshes: ThreeModelMesh[];
  min: Vec3;
  max: Vec3;
  /** What was ignored while decoding (textures, point and line primitives...). */
  warnings: string[];
}

export type ThreeObjectGeometry =
  | { kind: 'shape'; shape: ThreeShapeKind; params: ThreeShapeParams }
  | {
      kind: 'model';
      source: MediaSource;
      /** Move the model so its bounding box is centred on its origin. */
      autoCenter: boolean;
      /** Scale the model uniformly so the largest side of its bounding box is this long. */
      autoScale?: number;
      /** Filled in by the host before drawing (Node: engine/render/node-resources.ts). */
      data?: ThreeModelData;
    };

export interface ThreeMaterialSpec {
  /**
   * `normals`: colours from the surface direction; `unlit`: flat colour; `physical`: roughness and
   * metalness. Absent: `physical` (`unlit` for a model mesh that asks for no lighting).
   */
  shading?: 'normals' | 'unlit' | 'physical' | 'phong' | 'lambert' | 'toon';
  /** Absent: the model's own colours, white for shapes. */
  color?: Color;
  /** Absent: the model's own, black for shapes. */
  emissive?: Color;
  wireframe: boolean;
  opacity: number;
  /** Blend with what is behind (sorted back to front after the opaque surfaces). */
  transparent: boolean;
  /** Absent: the model's own, 1 for shapes. */
  roughness?: number;
  /** Absent: the model's own, 0 for shapes. */
  metalness?: number;
  flatShading: boolean;
  /** Which faces are drawn; absent: the model's own (glTF doubleSided), else `front`. */
  side?: 'front' | 'back' | 'double';
}

export interface ThreeObjectSpec {
  id?: string;
  /** JSON pointer of the object, for messages. */
  pointer: string;
  geometry: ThreeObjectGeometry;
  position: Vec3;
  /** Euler angles (XYZ order), degrees. */
  rotationDegrees: Vec3;
  scale: Vec3;
  material: ThreeMaterialSpec;
  castShadow: boolean;
  receiveShadow: boolean;
  tweens: ThreeTweenSpec[];
}

/** Scene values a tween can drive: one vector component, or a material value, or the field of view. */
export type ThreeTweenChannel =
  | 'position.x' | 'position.y' | 'position.z'
  | 'rotation.x' | 'rotation.y' | 'rotation.z'
  | 'scale.x' | 'scale.y' | 'scale.z'
  | 'color' | 'opacity' | 'fov';

/**
 * A tween of one channel from `from` to `to` (absent: the base value); numbers, or CSS colours
 * for `color`. Before `delaySeconds` it holds `from`, after its last cycle `to`.
 */
export interface ThreeTweenSpec {
  channel: ThreeTweenChannel;
  from?: number | string;
  to?: number | string;
  delaySeconds: number;
  durationSeconds: number;
  easing: EasingName;
  /** Number of cycles; Infinity for "as often as fits". Each cycle restarts. */
  cycles: number;
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
  /** Transitions to or from another layer over fixed timeline frames (see {@link WindowTransitionSpec}). */
  windowTransitions?: WindowTransitionSpec[];
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

/** Fractions 0..1 of a box: of its width for left and right, of its height for top and bottom. */
export interface EdgeFractions {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** What a tween channel moves (see {@link TweenChannel}). */
export type TweenProperty =
  | 'x' | 'y' | 'scale' | 'scaleX' | 'scaleY' | 'rotation' | 'rotationX' | 'rotationY' | 'opacity' | 'blur' | 'brightness'
  | 'reveal';

/**
 * One animated value of a tween: `from` at progress 0, `to` at progress 1.
 * @remarks x/y are offsets added to the position (px, or fractions of the reference frame with
 * `unit: 'frame'`); scales, opacity and brightness multiply; rotations add degrees; blur adds px of
 * blur; reveal is the shown fraction of a wipe travelling in `direction` across the box.
 */
export interface TweenChannel {
  property: TweenProperty;
  from: number;
  to: number;
  unit?: 'px' | 'frame';
  /**
   * How progress p becomes the mix w between `from` and `to`: absent → p; `sine` → sin(2πp);
   * `cosine` → (1 − cos 2πp) / 2; `jitter` → value at p times a pseudo-random step in [−1, 1].
   */
  wave?: 'sine' | 'cosine' | 'jitter';
  /** Per character: the value is scaled by a pseudo-random factor in [−1, 1] of the character's index. */
  scatter?: boolean;
  direction?: Direction;
}

/** A generic animation over the layer's transform, opacity, filters and reveal. */
export interface TweenSpec {
  channels: TweenChannel[];
  /** A composite operation used while the animation runs (blend-style presets). */
  compositeOperation?: string;
}

/** Timed words of a text layer, paired in order with the words of its text. */
export interface WordHighlightSpec {
  /**
   * `glow`: the spoken word full, the others dimmed, a glow around it; `box`: a rounded box in
   * `color` behind it; `pop`: it scales up; `rise`: each word slides up into place as it is spoken;
   * `fly-in`: each word flies in, growing, as it is spoken; `recolor`: it is drawn in `color`.
   */
  style: 'glow' | 'box' | 'pop' | 'rise' | 'fly-in' | 'recolor';
  /** Seconds relative to the layer's start. */
  words: TimedWord[];
  color: Color;
}

/** A decoded 3-D colour look-up table: `size`³ RGB entries, red fastest, values 0..1. */
export interface LutTable {
  size: number;
  data: number[];
}

/** Pixel effects (engine/draw/effects/). `amount` is 0..1; sizes are fractions of the layer's box. */
export type EffectSpec =
  | { kind: 'grain'; amount: number; monochrome: boolean }
  | { kind: 'vignette'; amount: number; color: Color }
  | { kind: 'sharpen'; amount: number }
  | { kind: 'posterize'; levels: number }
  | { kind: 'pixelate'; cell: number }
  | { kind: 'halftone'; cell: number; channel: 'luma' | 'red' | 'green' | 'blue' }
  | { kind: 'gradient-map'; stops: GradientStop[]; amount: number }
  | { kind: 'channel-shift'; distance: number; radial: boolean }
  | { kind: 'scanlines'; spacing: number; amount: number }
  | { kind: 'glitch'; amount: number }
  | { kind: 'tint'; color: Color; amount: number; blend: string }
  | { kind: 'light-leak'; colors: Color[]; amount: number }
  | { kind: 'levels'; lift: [number, number, number]; gamma: [number, number, number]; gain: [number, number, number] }
  | {
      kind: 'chroma-key';
      /** Hue range in degrees (hueMin > hueMax wraps through 0), saturation and lightness ranges 0..1. */
      hueMin: number; hueMax: number; satMin: number; satMax: number; lumMin: number; lumMax: number;
      /** Width of the soft edge, as a fraction of each range. */
      softness: number;
    }
  | { kind: 'lut'; source: MediaSource; amount: number; /** Filled in by the host before drawing. */ table?: LutTable }
  | { kind: 'flicker'; amount: number; periodSeconds: number; flash: boolean }
  | { kind: 'ghost'; copies: number; distance: number; amount: number }
  | { kind: 'bloom'; amount: number; radius: number }
  | { kind: 'fisheye'; amount: number }
  | { kind: 'wave'; amount: number; frequency: number }
  | { kind: 'snow'; amount: number }
  | { kind: 'flare'; x: number; y: number; amount: number }
  | { kind: 'viewfinder'; color: Color }
  | { kind: 'edge-blur'; amount: number };

/** An axis-aligned rectangle on the canvas, px. */
export interface CanvasRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A shape that grows with progress p (0: nothing, 1: the whole region) inside a canvas rectangle:
 * the revealed part of a masked transition.
 */
export type RevealShape =
  | { kind: 'wipe'; direction: Direction; soft: boolean }
  | { kind: 'diagonal' }
  | { kind: 'doors'; axis: 'horizontal' | 'vertical' }
  | { kind: 'circle'; soft: boolean }
  | { kind: 'box' }
  | { kind: 'bands'; count: number; axis: 'horizontal' | 'vertical' }
  | { kind: 'clock' }
  | { kind: 'pinwheel'; blades: number }
  | { kind: 'heart' }
  | { kind: 'hatch'; count: number }
  | { kind: 'squares'; columns: number; rows: number }
  | { kind: 'slices'; count: number }
  | { kind: 'page' };

/**
 * One change a transition between two layers makes to this layer, as progress p runs 0 → 1 over
 * the window. `from`/`to` are the values at the ends of `span` (a part of 0..1, default all of it;
 * a zero-length span is a step).
 */
export type WindowOp =
  | { kind: 'opacity'; from: number; to: number; span?: [number, number] }
  | { kind: 'color'; color: Color; from: number; to: number; span?: [number, number] }
  | { kind: 'mask'; shape: RevealShape; region: CanvasRect; /** Show what the shape does NOT cover. */ invert: boolean }
  | {
      kind: 'transform';
      /** Fractions of the region's size, and multipliers, about the region's centre. */
      offsetX?: [number, number]; offsetY?: [number, number];
      scaleX?: [number, number]; scaleY?: [number, number];
      region: CanvasRect;
    }
  | { kind: 'filter'; filter: 'blur' | 'brightness' | 'hue' | 'saturate'; from: number; to: number; span?: [number, number] }
  | { kind: 'distort'; distortion: 'swirl' | 'ripple' | 'wave' | 'glitch'; from: number; to: number; region: CanvasRect };

/**
 * A transition between this layer and another, seen from this layer: over the absolute timeline
 * frames [startFrame, endFrame) progress runs 0 → 1 (eased) and `ops` change the layer. The other
 * layer carries the matching ops, so the two add up to the whole transition.
 */
export interface WindowTransitionSpec {
  startFrame: number;
  endFrame: number;
  easing: EasingName;
  ops: WindowOp[];
}
