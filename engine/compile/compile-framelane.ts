/**
 * Compiles a validated Framelane v1 render body into the neutral {@link Composition}. This
 * module and engine/compile/framelane/ are the only engine code that speaks Framelane's field
 * names; the renderer sees model concepts only.
 *
 * @remarks The body must already have passed `validateFramelane`: shapes, enums, references and
 * windows are trusted here. Decisions (units, defaults, stacking, transitions): docs/framelane.md.
 */
import type {
  FlAudioElement, FlBody, FlElement, FlImageElement, FlVideoElement, FlVisualElement,
} from '../../schema/framelane/index.js';
import {
  compositionSeconds, elementEndSeconds, FL_DEFAULT_FPS, FL_DEFAULT_SIZE, transitionWindowSeconds,
} from '../../schema/framelane/index.js';
import type { AudioSpec, CanvasRect, Composition, ElementSpec, Layer, MediaSource, VisualStyle } from '../model/composition.js';
import { resolveMediaUri, type CompileOptions } from './compile-renderingvideo.js';
import { finishOf } from './framelane/effects.js';
import { motionAnimation } from './framelane/motion.js';
import { textElementOf, textStyleOf } from './framelane/text.js';
import { placeTransition } from './framelane/transitions.js';
import { commonStyleOf, declaredBox, transformOf, unionRect, type Canvas } from './framelane/visual.js';

export type { CompileOptions } from './compile-renderingvideo.js';

export { FL_DEFAULT_FPS, FL_DEFAULT_SIZE } from '../../schema/framelane/index.js';
/** Canvas colour when `background_color` is absent and `alpha` is not asked for (§2). */
export const FL_DEFAULT_BACKGROUND = '#000000ff';

interface Ctx {
  canvas: Canvas;
  fps: number;
  durationFrames: number;
  baseDir: string;
  shorterSide: number;
  warnings: string[];
}

const frames = (ctx: Ctx, seconds: number): number => Math.round(seconds * ctx.fps);

function source(ctx: Ctx, uri: string, pointer: string): MediaSource {
  return { uri: resolveMediaUri(uri, ctx.baseDir), pointer };
}

/** The element's window in frames; media without `out_point` last until the composition ends (§2). */
function windowOf(ctx: Ctx, element: FlElement): { startFrame: number; endFrame: number } {
  const startFrame = frames(ctx, element.time ?? 0);
  const end = elementEndSeconds(element);
  const endFrame = end === undefined ? ctx.durationFrames : Math.min(ctx.durationFrames, frames(ctx, end));
  return { startFrame, endFrame: Math.max(startFrame, endFrame) };
}

/**
 * Stacking (§3.8): ascending `z_index`, and on equal `z_index` the element earlier in the array
 * on top. The fraction makes every key distinct, so the frame graph's start-time tie-break never
 * applies: `z_index + (n − 1 − i) / n`.
 */
function zIndexOf(element: FlVisualElement, index: number, count: number): number {
  return (element.z_index ?? (element.type === 'text' ? 1 : 0)) + (count - 1 - index) / count;
}

function elementSpecOf(ctx: Ctx, element: FlVisualElement, pointer: string): ElementSpec {
  switch (element.type) {
    case 'text':
      return textElementOf(element);
    case 'image':
      return { kind: 'image', source: source(ctx, element.source_url, `${pointer}/source_url`) };
    case 'video':
      // Its sound goes to the mix as an audio entry (it has fades the video element does not carry).
      return {
        kind: 'video',
        source: source(ctx, element.source_url, `${pointer}/source_url`),
        trimStartSeconds: element.in_point ?? 0,
        trimEndSeconds: element.out_point,
        playbackRate: element.speed ?? 1,
        volume: 0,
        muted: true,
      };
  }
}

function styleOf(ctx: Ctx, element: FlVisualElement, pointer: string): VisualStyle {
  const style = commonStyleOf(element, ctx.canvas);
  if (element.type === 'text') {
    Object.assign(style, textStyleOf(element, ctx.canvas));
    // A border frames the plate area (text block and padding), with or without a plate.
    if (style.border && !style.backdrop) style.backdrop = { color: 'transparent', paddingX: 0, paddingY: 0 };
    if (element.color_overlay !== undefined) style.effects = [{ kind: 'tint', color: element.color_overlay, amount: 1, blend: 'source-atop' }];
    return style;
  }
  style.objectFit = 'cover';
  const finish = finishOf(element as FlVideoElement | FlImageElement, pointer, {
    shorterSide: ctx.shorterSide,
    lutSource: (uri, at) => source(ctx, uri, at),
  });
  if (finish.filters.length > 0) style.filters = finish.filters;
  if (finish.effects.length > 0) style.effects = finish.effects;
  return style;
}

function layerOf(ctx: Ctx, element: FlVisualElement, index: number, count: number): Layer {
  const pointer = `/elements/${index}`;
  const start = element.time ?? 0;
  const characters = element.type === 'text' ? [...element.text].length : undefined;
  const fontSize = element.type === 'text' ? element.font_size ?? 48 : undefined;
  return {
    id: element.id || pointer,
    pointer,
    documentOrder: index,
    zIndex: zIndexOf(element, index, count),
    ...windowOf(ctx, element),
    transform: transformOf(element, ctx.canvas),
    opacity: (element.opacity ?? 100) / 100,
    style: styleOf(ctx, element, pointer),
    element: elementSpecOf(ctx, element, pointer),
    animations: (element.motion ?? []).map((m) =>
      motionAnimation(m, { elementStart: start, shorterSide: ctx.shorterSide, fontSize, characters })),
    keyframes: [],
    transitions: [],
  };
}

function audioOf(ctx: Ctx, element: FlAudioElement | FlVideoElement, index: number): AudioSpec {
  const pointer = `/elements/${index}`;
  const spec: AudioSpec = {
    id: element.id || pointer,
    pointer,
    source: source(ctx, element.source_url, `${pointer}/source_url`),
    ...windowOf(ctx, element),
    trimStartSeconds: element.in_point ?? 0,
    volume: (element.volume ?? 100) / 100,
    muted: element.volume === 0,
    playbackRate: element.speed ?? 1,
    loop: false,
  };
  if (element.out_point !== undefined) spec.trimEndSeconds = element.out_point;
  if (element.fade_in_duration) spec.fadeInSeconds = element.fade_in_duration;
  if (element.fade_out_duration) spec.fadeOutSeconds = element.fade_out_duration;
  return spec;
}

/** A picture covering the canvas under every element (`background_image_url`). */
function backgroundLayer(ctx: Ctx, url: string, lowest: number): Layer {
  return {
    id: '/background_image_url',
    pointer: '/background_image_url',
    documentOrder: -1,
    zIndex: lowest - 1,
    startFrame: 0,
    endFrame: ctx.durationFrames,
    transform: {
      x: { fraction: 0.5 }, y: { fraction: 0.5 }, width: { fraction: 1 }, height: { fraction: 1 },
      anchorX: 0.5, anchorY: 0.5, scaleX: 1, scaleY: 1, rotationDegrees: 0, skewXDegrees: 0, skewYDegrees: 0, placement: 'box',
    },
    opacity: 1,
    style: { objectFit: 'cover' },
    element: { kind: 'image', source: source(ctx, url, '/background_image_url') },
    animations: [],
    keyframes: [],
    transitions: [],
  };
}

/** `transitions[]` → window transitions on both layers (engine/compile/framelane/transitions.ts). */
function placeTransitions(ctx: Ctx, body: FlBody, layers: Map<number, Layer>, boxes: Map<number, CanvasRect | undefined>): void {
  const elements = body.elements ?? [];
  const indexOf = (id: string) => elements.findIndex((e) => e.id === id);
  for (const transition of body.transitions ?? []) {
    const from = indexOf(transition.from_id);
    const to = indexOf(transition.to_id);
    const outgoing = layers.get(from);
    const incoming = layers.get(to);
    if (!outgoing || !incoming) continue;
    const window = transitionWindowSeconds(transition, elements[to]!);
    const startFrame = frames(ctx, window.start);
    placeTransition({
      type: transition.type === 'fade' ? 'cross_dissolve' : transition.type,
      outgoing,
      incoming,
      startFrame,
      endFrame: Math.max(startFrame + 1, frames(ctx, window.end)),
      region: unionRect(boxes.get(from), boxes.get(to), ctx.canvas),
      shorterSide: ctx.shorterSide,
    });
  }
}

/** Compiles a validated body. Invisible elements are left out; nothing else is dropped. */
export function compileFramelane(body: FlBody, options: CompileOptions): Composition {
  const canvas = { width: body.width ?? FL_DEFAULT_SIZE.width, height: body.height ?? FL_DEFAULT_SIZE.height };
  const fps = body.frame_rate ?? FL_DEFAULT_FPS;
  const ctx: Ctx = {
    canvas,
    fps,
    durationFrames: Math.round(compositionSeconds(body) * fps),
    baseDir: options.baseDir,
    shorterSide: Math.min(canvas.width, canvas.height),
    warnings: [],
  };
  const elements = body.elements ?? [];
  const layers = new Map<number, Layer>();
  const boxes = new Map<number, CanvasRect | undefined>();
  const audio: AudioSpec[] = [];
  elements.forEach((element, i) => {
    if (element.visible === false) return;
    if (element.type === 'audio' || element.type === 'video') audio.push(audioOf(ctx, element, i));
    if (element.type === 'audio') return;
    const layer = layerOf(ctx, element, i, elements.length);
    layers.set(i, layer);
    boxes.set(i, declaredBox(element, layer.transform, canvas));
  });
  placeTransitions(ctx, body, layers, boxes);
  const all = [...layers.values()];
  if (body.background_image_url !== undefined) {
    const lowest = Math.min(0, ...all.map((l) => l.zIndex));
    all.unshift(backgroundLayer(ctx, body.background_image_url, Math.floor(lowest)));
  }
  const colour = body.background_color ?? (body.alpha === true ? undefined : FL_DEFAULT_BACKGROUND);
  return {
    width: canvas.width,
    height: canvas.height,
    fps,
    durationInFrames: ctx.durationFrames,
    background: colour === undefined ? undefined : { kind: 'color', color: colour },
    layers: all,
    audio,
    fonts: [],
    warnings: ctx.warnings,
  };
}

