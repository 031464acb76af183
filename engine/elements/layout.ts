/**
 * `layout` (a flexbox-like flow container) and `group` (absolutely placed layers scaled into a
 * box, used for templates inside layouts). Both draw their children through the frame drawer's
 * own `drawLayer`, so a child looks exactly like the same clip at top level.
 *
 * @remarks Placement is computed at draw time, every frame, from the children's measured
 * sizes (text measures, images' intrinsic sizes, keyframed widths): a child whose size
 * animates pushes its siblings. The arrangement of a subtree with no size keyframes is
 * cached per box size. See docs/decisions.md (row 14).
 */
import type { GroupElementSpec, Layer, LayoutElementSpec } from '../model/composition.js';
import type { Canvas2D } from '../draw/canvas2d.js';
import { boxPath } from '../draw/paint.js';
import { evaluateLayer, type EvaluationFrame, type LayerState } from '../timeline/evaluate-layer.js';
import { stackingOrder } from '../timeline/frame-graph.js';
import { paintShape } from './shapes.js';
import { defineElement, fitIntrinsic, type Box, type ElementDefinition, type ElementInput, type ElementKind } from './define-element.js';

/** The flow parameters {@link placeFlow} needs. */
export type FlowSpec = Pick<LayoutElementSpec, 'direction' | 'gap' | 'alignItems' | 'justifyContent'>;

/** A child's box inside the content box (origin: the content box's top-left). */
export interface FlowPlacement {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Main-axis start offset and spacing between items for `justifyContent` (CSS flexbox rules). */
export function justify(spec: Pick<FlowSpec, 'gap' | 'justifyContent'>, free: number, count: number): { offset: number; spacing: number } {
  const { gap } = spec;
  switch (spec.justifyContent) {
    case 'center':
      return { offset: free / 2, spacing: gap };
    case 'end':
      return { offset: free, spacing: gap };
    case 'space-between':
      // Overflowing or a single item: like `start` (CSS).
      return free > 0 && count > 1 ? { offset: 0, spacing: gap + free / (count - 1) } : { offset: 0, spacing: gap };
    case 'space-around':
      // Overflowing: like `center` (CSS).
      return free > 0 && count > 0 ? { offset: free / (2 * count), spacing: gap + free / count } : { offset: free / 2, spacing: gap };
    default:
      return { offset: 0, spacing: gap };
  }
}

/** Size of the content a flow of `boxes` needs: the sum along the main axis, the largest across. */
export function flowContentSize(spec: Pick<FlowSpec, 'direction' | 'gap'>, boxes: readonly Box[]): Box {
  const vertical = spec.direction === 'vertical';
  let main = 0;
  let cross = 0;
  boxes.forEach((b, i) => {
    main += (vertical ? b.height : b.width) + (i > 0 ? spec.gap : 0);
    cross = Math.max(cross, vertical ? b.width : b.height);
  });
  return vertical ? { width: cross, height: main } : { width: main, height: cross };
}

/**
 * Places measured boxes one after another inside a content box. Pure.
 * @remarks `stretch` is resolved by the caller (it changes the measured size); here it aligns
 * like `start`. Items that overflow are not shrunk.
 */
export function placeFlow(spec: FlowSpec, content: Box, boxes: readonly Box[]): FlowPlacement[] {
  const vertical = spec.direction === 'vertical';
  const mainSize = vertical ? content.height : content.width;
  const crossSize = vertical ? content.width : content.height;
  const used = vertical ? flowContentSize(spec, boxes).height : flowContentSize(spec, boxes).width;
  const { offset, spacing } = justify(spec, mainSize - used, boxes.length);
  let cursor = offset;
  return boxes.map((b) => {
    const main = vertical ? b.height : b.width;
    const cross = vertical ? b.width : b.height;
    const crossPos = spec.alignItems === 'center' ? (crossSize - cross) / 2 : spec.alignItems === 'end' ? crossSize - cross : 0;
    const placed = vertical
      ? { x: crossPos, y: cursor, width: b.width, height: b.height }
      : { x: cursor, y: crossPos, width: b.width, height: b.height };
    cursor += main + spacing;
    return placed;
  });
}

/** `[top, right, bottom, left]` removed from a box (never below zero). */
export function contentBox(box: Box, padding: readonly [number, number, number, number]): Box {
  return {
    width: Math.max(0, box.width - padding[1] - padding[3]),
    height: Math.max(0, box.height - padding[0] - padding[2]),
  };
}

/** Every layer of a composition, the children of layouts and groups included (depth first). */
export function flattenLayers(layers: readonly Layer[]): Layer[] {
  const out: Layer[] = [];
  const visit = (layer: Layer) => {
    out.push(layer);
    if (layer.element.kind === 'layout' || layer.element.kind === 'group') layer.element.children.forEach(visit);
  };
  layers.forEach(visit);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Drawing

type Definitions = (kind: ElementKind) => ElementDefinition<ElementKind> | undefined;
let definitionsOf: Definitions = () => undefined;

/** Wired by the element registry (index.ts), which imports this module: avoids an import cycle. */
export function setContainerRegistry(lookup: Definitions): void {
  definitionsOf = lookup;
}

interface ArrangedChild {
  layer: Layer;
  state: LayerState;
  placement: FlowPlacement;
}

interface Arrangement {
  box: Box;
  content: Box;
  childFrame: EvaluationFrame;
  /** The children drawn at this frame, by position in `element.children` (undefined: not drawn). */
  byIndex: Array<ArrangedChild | undefined>;
}

/** Properties whose keyframes change a child's measured size (and so the flow). */
const SIZE_PROPERTIES = new Set(['width', 'height', 'fontSize', 'letterSpacing', 'strokeWidth']);

function hasSizeKeyframes(layer: Layer): boolean {
  if (layer.keyframes.some((k) => SIZE_PROPERTIES.has(k.property))) return true;
  const el = layer.element;
  return el.kind === 'layout' ? el.children.some(hasSizeKeyframes) : false;
}

const staticCache = new WeakMap<Layer, { isStatic: boolean; boxes: Map<string, { box: Box; content: Box; placements: FlowPlacement[]; sizes: Box[] }> }>();
const frameCache = new WeakMap<Layer, { frameIndex: number; entries: Map<string, Arrangement> }>();

function childInput(input: ElementInput<'layout'>, child: Layer, state: LayerState, frame: EvaluationFrame): ElementInput<ElementKind> {
  return { ...input, layer: child, element: child.element, state, frame } as unknown as ElementInput<ElementKind>;
}

/** Measures every drawable child and places it; `fixed` are the sizes the layout's own transform sets. */
function arrange(input: ElementInput<'layout'>, fixed: Partial<Box>): Arrangement {
  const { layer, element, frame, frameIndex } = input;
  const key = `${fixed.width ?? ''}|${fixed.height ?? ''}|${frame.width}|${frame.height}`;
  let perFrame = frameCache.get(layer);
  if (!perFrame || perFrame.frameIndex !== frameIndex) frameCache.set(layer, (perFrame = { frameIndex, entries: new Map() }));
  const hit = perFrame.entries.get(key);
  if (hit) return hit;

  const pad = element.padding;
  const vertical = element.direction === 'vertical';
  // The content box where a size is fixed (by the layout's own transform, or by its parent's flow).
  const reference = contentBox({ width: fixed.width ?? frame.width, height: fixed.height ?? frame.height }, pad);
  // Percent sizes of children resolve against the content box; a side the layout does not size
  // itself (auto) uses its own reference frame less the padding, so that measuring the layout
  // and then drawing it at the measured size resolve percentages the same way.
  const auto = (axis: 'width' | 'height') => layer.transform[axis] === undefined && !layer.keyframes.some((k) => k.property === axis);
  const percent = contentBox({
    width: auto('width') ? frame.width : fixed.width ?? frame.width,
    height: auto('height') ? frame.height : fixed.height ?? frame.height,
  }, pad);
  const childFrame: EvaluationFrame = { width: percent.width, height: percent.height, fps: frame.fps };
  const wrapWidth = fixed.width !== undefined ? reference.width : percent.width;
  const drawn = element.children
    .map((child, index) => ({ child, index, definition: definitionsOf(child.element.kind) }))
    .filter((c) => c.definition !== undefined && frameIndex >= c.child.startFrame && frameIndex < c.child.endFrame);
  const states = drawn.map(({ child }) => evaluateLayer(child, frameIndex, childFrame));

  let statics = staticCache.get(layer);
  if (!statics) staticCache.set(layer, (statics = { isStatic: !element.children.some(hasSizeKeyframes), boxes: new Map() }));
  const cached = statics.isStatic ? statics.boxes.get(key) : undefined;

  let box: Box;
  let content: Box;
  let placements: FlowPlacement[];
  let sizes: Box[];
  if (cached && cached.placements.length === drawn.length) {
    ({ box, content, placements, sizes } = cached);
  } else {
    const measure = (i: number, size: Partial<Box>): Box => {
      const { child, definition } = drawn[i]!;
      // A rect has no content: an axis it gives no size is 0 long (stretch fills the cross axis).
      if (child.element.kind === 'rect') return { width: size.width ?? 0, height: size.height ?? 0 };
      return definition!.measure(childInput(input, child, states[i]!, childFrame), size);
    };
    const requested = states.map((s) => ({ width: s.width, height: s.height }));
    sizes = requested.map((size, i) => {
      let b = measure(i, size);
      // Text with no width wraps inside the content width rather than overflowing (CSS-like).
      if (vertical && size.width === undefined && drawn[i]!.child.element.kind === 'text' && b.width > wrapWidth) {
        requested[i] = { ...size, width: wrapWidth };
        b = measure(i, requested[i]!);
      }
      return b;
    });
    const natural = flowContentSize(element, sizes);
    const crossFixed = vertical ? fixed.width : fixed.height;
    const crossContent = crossFixed !== undefined
      ? (vertical ? reference.width : reference.height)
      : (vertical ? natural.width : natural.height);
    if (element.alignItems === 'stretch') {
      sizes = sizes.map((b, i) => {
        const req = requested[i]!;
        if ((vertical ? req.width : req.height) !== undefined) return b;
        return measure(i, vertical ? { ...req, width: crossContent } : { ...req, height: crossContent });
      });
    }
    const used = flowContentSize(element, sizes);
    content = vertical
      ? { width: crossContent, height: fixed.height !== undefined ? reference.height : used.height }
      : { width: fixed.width !== undefined ? reference.width : used.width, height: crossContent };
    box = {
      width: fixed.width ?? content.width + pad[1] + pad[3],
      height: fixed.height ?? content.height + pad[0] + pad[2],
    };
    placements = placeFlow(element, content, sizes);
    if (statics.isStatic) {
      if (statics.boxes.size > 16) statics.boxes.clear();
      statics.boxes.set(key, { box, content, placements, sizes });
    }
  }
  const byIndex = new Array<ArrangedChild | undefined>(element.children.length);
  drawn.forEach(({ child, index }, i) => {
    byIndex[index] = { layer: child, state: states[i]!, placement: placements[i]! };
  });
  const arrangement: Arrangement = { box, content, childFrame, byIndex };
  perFrame.entries.set(key, arrangement);
  return arrangement;
}

/** The child's state moved to its flow position: its own x/y (zero unless animated) become offsets. */
function placedState(child: ArrangedChild, alpha: number): LayerState {
  const { state, placement, layer } = child;
  const origin = layer.transform.placement === 'origin';
  return {
    ...state,
    x: placement.x + state.x + (origin ? 0 : state.anchorX * placement.width),
    y: placement.y + state.y + (origin ? 0 : state.anchorY * placement.height),
    width: placement.width,
    height: placement.height,
    opacity: state.opacity * alpha,
  };
}

/** The layout's own box, filled and outlined as a rect is (a layout has no default fill). */
function paintBackground(ctx: Canvas2D, state: LayerState, box: Box): void {
  const style = state.style;
  if (!style.fill && !style.stroke) return;
  boxPath(ctx, box.width, box.height, style.borderRadius);
  paintShape(ctx, style, box);
}

const stackedLayoutChildren = new WeakMap<LayoutElementSpec, number[]>();

/** Positions in `element.children`, bottom first, in the frame drawer's {@link stackingOrder}; computed once. */
function stackedIndices(element: LayoutElementSpec): number[] {
  let order = stackedLayoutChildren.get(element);
  if (!order) {
    const position = new Map(element.children.map((child, i) => [child, i]));
    stackedLayoutChildren.set(element, (order = stackingOrder(element.children).map((child) => position.get(child)!)));
  }
  return order;
}

export const layoutElement = defineElement({
  kind: 'layout',
  measure(input, fixed) {
    return arrange(input, fixed).box;
  },
  draw(input, box) {
    const { ctx, element, state } = input;
    // The sizes measure() was given: the arrangement it computed is reused.
    const arrangement = arrange(input, { width: state.width, height: state.height });
    paintBackground(ctx, state, box);
    // Children cast their own shadows only.
    ctx.shadowColor = 'transparent';
    if (element.clip) {
      boxPath(ctx, box.width, box.height, state.style.borderRadius);
      ctx.clip();
    }
    const alpha = ctx.globalAlpha;
    ctx.translate(element.padding[3], element.padding[0]);
    for (const index of stackedIndices(element)) {
      const child = arrangement.byIndex[index];
      if (!child || child.state.opacity <= 0) continue;
      input.drawLayer(ctx, child.layer, placedState(child, alpha), arrangement.childFrame);
    }
  },
});

const sortedChildren = new WeakMap<GroupElementSpec, Layer[]>();

export const groupElement = defineElement({
  kind: 'group',
  measure({ element }, fixed) {
    return fitIntrinsic(fixed, { width: element.designWidth, height: element.designHeight });
  },
  draw({ ctx, element, frame, frameIndex, drawLayer }, box) {
    const dw = element.designWidth;
    const dh = element.designHeight;
    if (dw <= 0 || dh <= 0) return;
    const s = Math.min(box.width / dw, box.height / dh);
    ctx.translate((box.width - dw * s) / 2, (box.height - dh * s) / 2);
    ctx.scale(s, s);
    ctx.beginPath();
    ctx.rect(0, 0, dw, dh);
    ctx.clip();
    const alpha = ctx.globalAlpha;
    const design: EvaluationFrame = { width: dw, height: dh, fps: frame.fps };
    let children = sortedChildren.get(element);
    if (!children) sortedChildren.set(element, (children = stackingOrder(element.children)));
    for (const child of children) {
      if (frameIndex < child.startFrame || frameIndex >= child.endFrame) continue;
      if (!definitionsOf(child.element.kind)) continue;
      const state = evaluateLayer(child, frameIndex, design);
      if (state.opacity <= 0) continue;
      drawLayer(ctx, child, { ...state, opacity: state.opacity * alpha }, design);
    }
  },
});
