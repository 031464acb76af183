/** The contract every element type implements, and `defineElement` to declare one. */
import type { ElementSpec, Layer } from '../model/composition.js';
import type { Canvas2D, DrawResources } from '../draw/canvas2d.js';
import type { EvaluationFrame, LayerState } from '../timeline/evaluate-layer.js';

export type ElementKind = ElementSpec['kind'];

export interface Box {
  width: number;
  height: number;
}

/** What an element sees when it is measured or drawn at one frame. */
export interface ElementInput<K extends ElementKind> {
  ctx: Canvas2D;
  layer: Layer;
  element: Extract<ElementSpec, { kind: K }>;
  state: LayerState;
  resources: DrawResources;
  /** The reference frame: the canvas, or a container's content box for its children. */
  frame: EvaluationFrame;
  /** The timeline frame being drawn (containers evaluate their children at it). */
  frameIndex: number;
  /** Draws another layer with its evaluated state, as the frame drawer does (containers). */
  drawLayer: DrawLayerFn;
}

/** Draws `layer` in `state` onto `ctx`; `frame` is the reference frame the state was evaluated in. */
export type DrawLayerFn = (ctx: Canvas2D, layer: Layer, state: LayerState, frame: EvaluationFrame) => void;

export interface ElementDefinition<K extends ElementKind> {
  kind: K;
  /**
   * The element clips its picture to `style.borderRadius` (images, video, vectors, 3-D): with a
   * drop shadow it is drawn isolated, so the shadow follows the rounded corners.
   */
  clipsToRadius?: boolean;
  /**
   * The element frames its own content (text: the plate, its border and rounded corners around
   * the text block) and casts its shadow itself (glyph shadows). The frame drawer then neither
   * crops nor frames it, and an isolated draw keeps the shadow in the body.
   */
  framesItself?: boolean;
  /**
   * The box to draw into, given the sizes the transform fixes (either may be absent).
   * @remarks Called every frame; cache expensive layout per layer inside the element.
   */
  measure(input: ElementInput<K>, fixed: Partial<Box>): Box;
  /** Draws into the box whose top-left is the origin of the current transform. */
  draw(input: ElementInput<K>, box: Box): void;
}

/** Declares an element type (identity function that checks the shape). */
export function defineElement<K extends ElementKind>(definition: ElementDefinition<K>): ElementDefinition<K> {
  return definition;
}

/** Fills in a missing side from an intrinsic aspect ratio, or takes the intrinsic size. */
export function fitIntrinsic(fixed: Partial<Box>, intrinsic: Box): Box {
  const { width, height } = fixed;
  if (width !== undefined && height !== undefined) return { width, height };
  const aspect = intrinsic.height > 0 ? intrinsic.width / intrinsic.height : 1;
  if (width !== undefined) return { width, height: width / aspect };
  if (height !== undefined) return { width: height * aspect, height };
  return intrinsic;
}
