/**
 * Compiles a validated RenderingVideo v2 document into the neutral {@link Composition}.
 * This is the only engine module that speaks RenderingVideo's field names.
 *
 * @remarks The document must already have passed `validateRenderingVideo`: this module
 * trusts shapes and enums, and only decides defaults and units (docs/decisions.md).
 */
import path from 'node:path';
import type {
  RvAnimation, RvAssetRef, RvClip, RvDocument, RvGradient, RvKeyframeTrack, RvLayoutChild, RvLayoutClip, RvLength,
  RvStyle, RvSubtitleClip, RvTemplateClip, RvThreeAnimation, RvThreeClip, RvThreeObject, RvTransform, RvTransition,
} from '../../schema/renderingvideo-v2.js';
import type {
  AnimatableProperty, AnimationSpec, AudioSpec, Composition, ElementSpec, FontSpec, KeyframeTrackSpec, Layer,
  LayerTransform, LayoutElementSpec, Length, MediaSource, Paint, ThreeElementSpec, ThreeLightSpec, ThreeMaterialSpec,
  ThreeObjectSpec, ThreeTweenChannel, ThreeTweenSpec, TransitionSpec, Vec3, VisualStyle,
} from '../model/composition.js';
import { clampedParams } from '../three/meshes.js';
import { expandTemplate } from './expand-template.js';
import { captionStyleOf, timedWordsOf } from './subtitle.js';
import { mediaPointerOf } from './templates/kit.js';

export interface CompileOptions {
  /** Folder that relative media paths resolve against (the composition file's folder). */
  baseDir: string;
}

const ANCHOR_POINTS: Record<string, [number, number]> = {
  center: [0.5, 0.5],
  'top-left': [0, 0],
  top: [0.5, 0],
  'top-right': [1, 0],
  left: [0, 0.5],
  right: [1, 0.5],
  'bottom-left': [0, 1],
  bottom: [0.5, 1],
  'bottom-right': [1, 1],
};

interface Ctx {
  doc: RvDocument;
  baseDir: string;
  fps: number;
  /** Canvas size: what templates are laid out for. */
  width: number;
  height: number;
  warnings: string[];
  order: number;
}

/** Turns `"50%"` into a fraction and numbers into px. */
export function toLength(value: RvLength | undefined): Length | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return { px: value };
  return { fraction: Number.parseFloat(value) / 100 };
}

/** A media reference as an absolute path, a data URI or a URL. */
export function resolveMediaUri(src: string, baseDir: string): string {
  if (/^(https?:|data:)/i.test(src)) return src;
  if (/^file:/i.test(src)) return new URL(src).pathname;
  return path.resolve(baseDir, src);
}

function isRef(value: unknown): value is RvAssetRef {
  return typeof value === 'object' && value !== null && typeof (value as { $ref?: unknown }).$ref === 'string';
}

type PoolName = 'images' | 'videos' | 'audios' | 'svgs' | 'models';

function lookup(ctx: Ctx, pool: PoolName, id: string): Record<string, unknown> | undefined {
  const items = (ctx.doc.assets?.[pool] ?? []) as Array<Record<string, unknown>>;
  return items.find((item) => item.id === id);
}

function mediaSource(ctx: Ctx, src: string | RvAssetRef, pools: PoolName[], pointer: string): MediaSource {
  if (!isRef(src)) return { uri: resolveMediaUri(src, ctx.baseDir), pointer };
  for (const pool of pools) {
    const asset = lookup(ctx, pool, src.$ref);
    if (asset && typeof asset.src === 'string') return { uri: resolveMediaUri(asset.src, ctx.baseDir), pointer };
  }
  // Validation guarantees the id exists; an svg asset with inline markup only has no src.
  return { uri: '', pointer };
}

function paintOf(fill: string | RvGradient | undefined): Paint | undefined {
  if (fill === undefined) return undefined;
  if (typeof fill === 'string') return { kind: 'color', color: fill };
  return {
    kind: fill.type,
    angleDegrees: fill.angle ?? (fill.type === 'linear' ? 180 : 0),
    stops: fill.stops.map((s) => ({ offset: s.offset, color: s.color })),
  };
}

function styleOf(style: RvStyle | undefined): VisualStyle {
  if (!style) return {};
  const radius = style.borderRadius;
  const out: VisualStyle = {
    fill: paintOf(style.fill),
    stroke: style.stroke,
    strokeWidth: style.strokeWidth,
    fontFamily: style.fontFamily,
    fontSize: style.fontSize,
    fontWeight: style.fontWeight === undefined ? undefined : String(style.fontWeight),
    fontStyle: style.fontStyle,
    lineHeight: style.lineHeight,
    letterSpacing: style.letterSpacing,
    textAlign: style.textAlign,
    textWrap: style.textWrap,
    shadowColor: style.shadowColor,
    shadowBlur: style.shadowBlur,
    shadowOffset: style.shadowOffset as [number, number] | undefined,
    borderRadius:
      radius === undefined ? undefined : typeof radius === 'number' ? [radius, radius, radius, radius] : (radius as [number, number, number, number]),
    objectFit: style.objectFit,
    filters: style.filters?.map((f) => ({ kind: f.type, value: f.value })),
    compositeOperation: style.compositeOperation,
  };
  for (const key of Object.keys(out) as Array<keyof VisualStyle>) if (out[key] === undefined) delete out[key];
  return out;
}

function transformOf(tr: RvTransform | undefined, placement: 'box' | 'origin'): LayerTransform {
  const [anchorX, anchorY] = ANCHOR_POINTS[tr?.anchor ?? 'center'] ?? [0.5, 0.5];
  const scale = tr?.scale;
  const [scaleX, scaleY] = scale === undefined ? [1, 1] : typeof scale === 'number' ? [scale, scale] : [scale[0], scale[1]];
  const centre: Length = placement === 'box' ? { fraction: 0.5 } : { px: 0 };
  return {
    x: toLength(tr?.x) ?? centre,
    y: toLength(tr?.y) ?? centre,
    width: toLength(tr?.width),
    height: toLength(tr?.height),
    anchorX,
    anchorY,
    scaleX,
    scaleY,
    rotationDegrees: tr?.rotation ?? 0,
    skewXDegrees: tr?.skew?.[0] ?? 0,
    skewYDegrees: tr?.skew?.[1] ?? 0,
    placement,
  };
}

function animationOf(anim: RvAnimation): AnimationSpec {
  return {
    kind: anim.type,
    delaySeconds: anim.delay ?? 0,
    durationSeconds: anim.duration,
    easing: anim.easing ?? 'linear',
    cycles: anim.loop === true ? Number.POSITIVE_INFINITY : typeof anim.loop === 'number' ? anim.loop : 1,
    direction: anim.direction ?? 'up',
    distancePx: anim.distance ?? 200,
    from: anim.from,
    to: anim.to,
    filter: anim.filter,
  };
}

function keyframeTrackOf(track: RvKeyframeTrack): KeyframeTrackSpec {
  const property = track.property.replace(/^(transform|style)\./, '') as AnimatableProperty;
  const frames = [...track.frames]
    .sort((a, b) => a.time - b.time)
    .map((f) => ({ timeSeconds: f.time, value: f.value as number | string, easing: f.easing ?? 'linear' }));
  return { property, frames };
}

function transitionOf(tr: RvTransition): TransitionSpec {
  return {
    kind: tr.type,
    durationSeconds: tr.duration,
    direction: tr.direction ?? 'left',
    easing: tr.easing ?? 'linear',
    blurPx: tr.blur ?? 20,
    intensity: tr.intensity ?? 0.6,
    rotationDegrees: tr.rotation ?? 180,
    scale: tr.scale ?? (tr.type === 'zoom' ? 0.5 : 0),
    at: 'both',
  };
}

function elementOf(ctx: Ctx, clip: RvClip, pointer: string): ElementSpec {
  switch (clip.type) {
    case 'text':
      return { kind: 'text', text: clip.text };
    case 'image':
      return { kind: 'image', source: mediaSource(ctx, clip.src, ['images'], `${pointer}/src`) };
    case 'video':
      return {
        kind: 'video',
        source: mediaSource(ctx, clip.src, ['videos'], `${pointer}/src`),
        trimStartSeconds: clip.source?.start ?? 0,
        trimEndSeconds: clip.source?.end,
        playbackRate: clip.playbackRate ?? 1,
        volume: clip.volume ?? 1,
        muted: clip.muted ?? false,
      };
    case 'rect':
      return { kind: 'rect' };
    case 'circle':
      return { kind: 'ellipse', diameter: clip.size, startAngleDegrees: clip.startAngle ?? 0, endAngleDegrees: clip.endAngle ?? 360 };
    case 'polygon':
      return { kind: 'polygon', sides: clip.sides, diameter: clip.size };
    case 'code':
      return {
        kind: 'code',
        code: clip.code,
        language: clip.language,
        fontFamily: clip.fontFamily,
        fontSize: clip.fontSize,
        lineHeight: clip.lineHeight,
        highlightLines: highlightLinesOf(ctx, clip.code, clip.selection, `${pointer}/selection`),
        theme: (clip as { theme?: string }).theme === 'light' ? 'light' : 'dark',
      };
    case 'svg':
      return svgElementOf(ctx, clip.svg, clip.src, pointer);
    case 'subtitle':
      return subtitleElementOf(ctx, clip, pointer);
    case 'icon':
      return { kind: 'icon', name: clip.icon, color: clip.color };
    case 'three':
      return threeElementOf(ctx, clip, pointer);
    case 'line':
    case 'path':
      return {
        kind: 'curve',
        pathData: clip.type === 'path' ? clip.data : undefined,
        points: clip.type === 'line' ? clip.points.map((p) => (Array.isArray(p) ? [p[0], p[1]] : [p.x, p.y])) as [number, number][] : undefined,
        cornerRadius: clip.type === 'line' ? (clip.radius ?? 0) : 0,
        closed: clip.closed ?? false,
        drawStart: clip.drawStart ?? 0,
        drawEnd: clip.drawEnd ?? 1,
        startOffset: clip.startOffset ?? 0,
        endOffset: clip.endOffset ?? 0,
        startArrow: clip.startArrow ?? false,
        endArrow: clip.endArrow ?? false,
        arrowSize: clip.arrowSize,
        lineWidth: clip.lineWidth ?? clip.style?.strokeWidth ?? 4,
        lineCap: clip.lineCap ?? 'round',
        lineJoin: clip.lineJoin ?? 'round',
      };
    default:
      return { kind: 'unsupported', what: clip.type };
  }
}

// ---------------------------------------------------------------------------------------------
// three (docs/three.md, docs/decisions.md row 20)

/** Lights of a scene that names none: soft white ambient plus a white key light from the upper right front. */
export const DEFAULT_THREE_LIGHTS: readonly ThreeLightSpec[] = [
  { kind: 'ambient', color: '#ffffff', intensity: 0.5, position: [0, 0, 0], target: [0, 0, 0], range: 0, decay: 2, coneAngleDegrees: 60, penumbra: 0, castShadow: false },
  { kind: 'directional', color: '#ffffff', intensity: 1, position: [3, 5, 4], target: [0, 0, 0], range: 0, decay: 2, coneAngleDegrees: 60, penumbra: 0, castShadow: false },
];

const MATERIAL_SHADING: Record<string, ThreeMaterialSpec['shading']> = {
  normal: 'normals', basic: 'unlit', standard: 'physical', phong: 'phong', lambert: 'lambert', toon: 'toon',
};

/** `[x, y, z]` or `{x?, y?, z?}` (missing components keep `fallback`). */
function vec3Of(value: unknown, fallback: Vec3): Vec3 {
  if (Array.isArray(value)) return [num(value[0], fallback[0]), num(value[1], fallback[1]), num(value[2], fallback[2])];
  if (typeof value === 'object' && value !== null) {
    const v = value as { x?: unknown; y?: unknown; z?: unknown };
    return [num(v.x, fallback[0]), num(v.y, fallback[1]), num(v.z, fallback[2])];
  }
  return [...fallback];
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

const AXES = ['x', 'y', 'z'] as const;

/** One component of a tween end for a vector property, or undefined (keep the base value). */
function componentOf(value: unknown, axis: 0 | 1 | 2, uniform: boolean): number | undefined {
  if (typeof value === 'number') return uniform ? value : undefined;
  if (Array.isArray(value)) return typeof value[axis] === 'number' ? value[axis] : undefined;
  if (typeof value === 'object' && value !== null) {
    const c = (value as Record<string, unknown>)[AXES[axis]];
    return typeof c === 'number' ? c : undefined;
  }
  return undefined;
}

/** Scene tweens, one per channel; ends that do not fit the property are ignored with a warning. */
function threeTweensOf(ctx: Ctx, anims: RvThreeAnimation[] | undefined, pointer: string, target: 'object' | 'camera'): ThreeTweenSpec[] {
  const out: ThreeTweenSpec[] = [];
  (anims ?? []).forEach((anim, i) => {
    const at = `${pointer}/${i}`;
    const prop = anim.property;
    const timing = {
      delaySeconds: anim.delay ?? 0,
      durationSeconds: anim.duration,
      easing: anim.easing ?? 'linear',
      cycles: anim.loop === true ? Number.POSITIVE_INFINITY : typeof anim.loop === 'number' ? anim.loop : 1,
    };
    const fitsCamera = prop === 'fov' || prop.startsWith('position') || prop.startsWith('rotation');
    if ((target === 'camera' && !fitsCamera) || (target === 'object' && prop === 'fov')) {
      ctx.warnings.push(`${at}/property: "${prop}" does not apply to ${target === 'camera' ? 'the camera' : 'an object'}; the animation is ignored`);
      return;
    }
    const bad = (which: 'from' | 'to', expected: string) => ctx.warnings.push(`${at}/${which}: expected ${expected} for "${prop}"; the base value is used`);
    if (prop === 'position' || prop === 'rotation' || prop === 'scale') {
      for (const which of ['from', 'to'] as const) {
        const v = anim[which];
        if (v !== undefined && !Array.isArray(v) && (typeof v !== 'object' || v === null) && !(prop === 'scale' && typeof v === 'number')) {
          bad(which, prop === 'scale' ? 'a number or an [x, y, z] / {x, y, z} vector' : 'an [x, y, z] / {x, y, z} vector');
        }
      }
      AXES.forEach((axis, k) => {
        const from = componentOf(anim.from, k as 0 | 1 | 2, prop === 'scale');
        const to = componentOf(anim.to, k as 0 | 1 | 2, prop === 'scale');
        if (from === undefined && to === undefined) return;
        out.push({ channel: `${prop}.${axis}`, from, to, ...timing });
      });
      return;
    }
    const channel: ThreeTweenChannel = prop === 'material.color' ? 'color' : prop === 'material.opacity' ? 'opacity' : prop;
    const expected = channel === 'color' ? 'string' : 'number';
    const end = (which: 'from' | 'to'): number | string | undefined => {
      const v = anim[which];
      if (v === undefined) return undefined;
      if (typeof v === expected && (expected === 'string' || Number.isFinite(v))) return v as number | string;
      bad(which, channel === 'color' ? 'a CSS colour' : 'a number');
      return undefined;
    };
    out.push({ channel, from: end('from'), to: end('to'), ...timing });
  });
  return out;
}

function threeObjectOf(ctx: Ctx, obj: RvThreeObject, pointer: string): ThreeObjectSpec {
  const m = obj.material ?? {};
  const tweens = threeTweensOf(ctx, obj.animations, `${pointer}/animations`, 'object');
  const opacity = m.opacity ?? 1;
  let geometry: ThreeObjectSpec['geometry'];
  if (obj.model !== undefined) {
    if (obj.shape !== undefined) ctx.warnings.push(`${pointer}/shape: ignored, the object has a model`);
    geometry = {
      kind: 'model',
      source: mediaSource(ctx, obj.model, ['models'], `${pointer}/model`),
      autoCenter: obj.autoCenter ?? false,
      autoScale: obj.autoScale,
    };
  } else {
    const params = { ...(obj.geometry ?? {}) };
    const clamped = clampedParams(params);
    if (clamped.length > 0) ctx.warnings.push(`${pointer}/geometry: ${clamped.join(', ')}; clamped`);
    geometry = { kind: 'shape', shape: obj.shape ?? 'box', params };
  }
  const material: ThreeMaterialSpec = {
    shading: m.type === undefined ? undefined : MATERIAL_SHADING[m.type],
    color: m.color ?? obj.color,
    emissive: m.emissive,
    wireframe: m.wireframe ?? false,
    opacity,
    // Opacity below 1 (or animated) blends unless `transparent: false` says otherwise.
    transparent: m.transparent ?? (opacity < 1 || tweens.some((t) => t.channel === 'opacity')),
    roughness: m.roughness,
    metalness: m.metalness,
    flatShading: m.flatShading ?? false,
    side: m.side,
  };
  for (const key of Object.keys(material) as Array<keyof ThreeMaterialSpec>) if (material[key] === undefined) delete material[key];
  const scale = obj.scale;
  const spec: ThreeObjectSpec = {
    id: obj.id,
    pointer,
    geometry,
    position: vec3Of(obj.position, [0, 0, 0]),
    rotationDegrees: vec3Of(obj.rotation, [0, 0, 0]),
    scale: typeof scale === 'number' ? [scale, scale, scale] : vec3Of(scale, [1, 1, 1]),
    material,
    castShadow: obj.castShadow ?? false,
    receiveShadow: obj.receiveShadow ?? false,
    tweens,
  };
  if (spec.id === undefined) delete spec.id;
  return spec;
}

function threeElementOf(ctx: Ctx, clip: RvThreeClip, pointer: string): ThreeElementSpec {
  const r = clip.renderer ?? {};
  const cam = clip.camera ?? {};
  const lights: ThreeLightSpec[] = clip.lights === undefined ? DEFAULT_THREE_LIGHTS.map((l) => ({ ...l }))
    : clip.lights.map((l, i) => {
      const at = `${pointer}/lights/${i}`;
      if (l.type === 'point' && l.castShadow) ctx.warnings.push(`${at}/castShadow: point lights cast no shadows in this renderer (directional and spot lights do)`);
      if (l.type === 'spot' && l.angle !== undefined && !(l.angle > 0 && l.angle <= 90)) {
        ctx.warnings.push(`${at}/angle: a spot light's half-angle is in degrees, above 0 and at most 90; clamped`);
      }
      return {
        kind: l.type,
        color: l.color ?? '#ffffff',
        intensity: l.intensity ?? 1,
        position: vec3Of(l.position, l.type === 'point' ? [0, 0, 0] : [0, 1, 0]),
        target: vec3Of(l.target, [0, 0, 0]),
        range: l.distance ?? 0,
        decay: l.decay ?? 2,
        coneAngleDegrees: l.angle ?? 60,
        penumbra: l.penumbra ?? 0,
        castShadow: l.castShadow ?? false,
      };
    });
  const camera = {
    fovDegrees: cam.fov ?? 50,
    near: cam.near ?? 0.1,
    far: cam.far ?? 2000,
    position: vec3Of(cam.position, [0, 0, 5]),
    rotationDegrees: cam.rotation === undefined ? undefined : vec3Of(cam.rotation, [0, 0, 0]),
    lookAt: cam.lookAt === undefined ? undefined : vec3Of(cam.lookAt, [0, 0, 0]),
    tweens: threeTweensOf(ctx, clip.cameraAnimations, `${pointer}/cameraAnimations`, 'camera'),
  };
  if (camera.rotationDegrees === undefined) delete camera.rotationDegrees;
  if (camera.lookAt === undefined) delete camera.lookAt;
  if (camera.near >= camera.far) ctx.warnings.push(`${pointer}/camera/far: must be greater than near (${camera.near}); nothing would be visible`);
  // Background alpha: `clearAlpha` when given (unless `alpha: false` makes the canvas opaque),
  // else transparent with `alpha: true` and opaque otherwise (three.js defaults).
  const clearAlpha = r.alpha === false ? 1 : r.clearAlpha ?? (r.alpha === true ? 0 : 1);
  return {
    kind: 'three',
    camera,
    antialias: r.antialias ?? true,
    clearColor: r.clearColor ?? '#000000',
    clearAlpha,
    shadows: r.shadows ?? false,
    lights,
    objects: (clip.objects ?? []).map((obj, i) => threeObjectOf(ctx, obj, `${pointer}/objects/${i}`)),
  };
}

/**
 * `selection` (format undocumented): line numbers, or [from, to] line ranges, 1-based. Lines are
 * clamped to the code's own lines (1 … line count), so a huge range costs no more than the code
 * has lines; items of another shape are skipped with a warning.
 */
function highlightLinesOf(ctx: Ctx, code: string, selection: unknown, pointer: string): number[] | undefined {
  if (selection === undefined) return undefined;
  if (!Array.isArray(selection)) {
    ctx.warnings.push(`${pointer}: expected a list of line numbers or [from, to] ranges; the selection is ignored`);
    return undefined;
  }
  const lineCount = code.split('\n').length;
  const marked = new Uint8Array(lineCount + 1);
  const mark = (from: number, to: number) => {
    for (let n = Math.max(1, Math.ceil(from)); n <= Math.min(lineCount, Math.floor(to)); n++) marked[n] = 1;
  };
  selection.forEach((item: unknown, i) => {
    if (typeof item === 'number' && Number.isFinite(item)) mark(item, item);
    else if (Array.isArray(item) && item.length === 2 && typeof item[0] === 'number' && typeof item[1] === 'number') mark(item[0], item[1]);
    else ctx.warnings.push(`${pointer}/${i}: expected a line number or a [from, to] range of line numbers; ignored`);
  });
  const lines: number[] = [];
  for (let n = 1; n <= lineCount; n++) if (marked[n] === 1) lines.push(n);
  return lines.length > 0 ? lines : undefined;
}

function svgElementOf(ctx: Ctx, svg: unknown, src: unknown, pointer: string): ElementSpec {
  if (typeof svg === 'string') return { kind: 'svg', markup: svg };
  if (isRef(svg)) {
    const asset = lookup(ctx, 'svgs', svg.$ref);
    if (typeof asset?.svg === 'string') return { kind: 'svg', markup: asset.svg };
    return { kind: 'svg', source: mediaSource(ctx, svg, ['svgs', 'images'], `${pointer}/svg`) };
  }
  if (isRef(src)) {
    const asset = lookup(ctx, 'svgs', src.$ref);
    if (typeof asset?.svg === 'string' && typeof asset.src !== 'string') return { kind: 'svg', markup: asset.svg };
  }
  return { kind: 'svg', source: mediaSource(ctx, src as string | RvAssetRef, ['svgs', 'images'], `${pointer}/src`) };
}

/** Seconds the clip is really on screen: `source.end` can shorten media clips (digest §2). */
function effectiveDurationSeconds(clip: RvClip): number {
  if ((clip.type === 'video' || clip.type === 'audio') && clip.source?.end !== undefined) {
    const playable = (clip.source.end - (clip.source.start ?? 0)) / (clip.playbackRate ?? 1);
    return Math.max(0, Math.min(clip.duration, playable));
  }
  return clip.duration;
}

/** A clip's layer; `inherited` is the window of a layout parent, which replaces the clip's own. */
function layerOf(ctx: Ctx, clip: RvClip | RvLayoutChild, pointer: string, inherited?: Window): Layer {
  const window: Window = inherited ?? {
    startFrame: Math.round(clip.start * ctx.fps),
    endFrame: Math.round((clip.start + effectiveDurationSeconds(clip as RvClip)) * ctx.fps),
    start: clip.start,
    duration: clip.duration,
  };
  const element = clip.type === 'layout' ? layoutElementOf(ctx, clip, pointer, window) : elementOf(ctx, clip as RvClip, pointer);
  // Media named by a template's data field: errors point at that field.
  const tagged = mediaPointerOf(clip);
  if (tagged && element.kind !== 'subtitle' && 'source' in element && element.source) element.source.pointer = tagged;
  return baseLayer(ctx, clip, pointer, element, window);
}

/** Frames and seconds of a clip's window on the timeline. */
interface Window {
  startFrame: number;
  endFrame: number;
  start: number;
  duration: number;
}

function baseLayer(ctx: Ctx, clip: RvClip | RvLayoutChild, pointer: string, element: ElementSpec, window: Window): Layer {
  return {
    id: clip.id ?? pointer,
    pointer,
    documentOrder: ctx.order++,
    zIndex: clip.zIndex ?? 0,
    startFrame: window.startFrame,
    endFrame: window.endFrame,
    transform: transformOf(clip.transform, element.kind === 'curve' ? 'origin' : 'box'),
    opacity: clip.style?.opacity ?? clip.opacity ?? 1,
    style: styleOf(clip.style),
    element,
    animations: (clip.animations ?? []).map(animationOf),
    keyframes: (clip.keyframes ?? []).map(keyframeTrackOf),
    transitions: clip.transition ? [transitionOf(clip.transition)] : [],
  };
}

function subtitleElementOf(ctx: Ctx, clip: RvSubtitleClip, pointer: string): ElementSpec {
  const caption = captionStyleOf(clip.config, clip.style?.fontFamily);
  const words = clip.words;
  if (Array.isArray(words)) return { kind: 'subtitle', words: timedWordsOf(words), caption };
  if (isRef(words)) {
    const asset = (ctx.doc.assets?.subtitles ?? []).find((a) => a.id === words.$ref);
    return { kind: 'subtitle', words: timedWordsOf(asset?.words ?? []), caption };
  }
  const at = `${mediaPointerOf(clip) ?? `${pointer}/words`}/src`;
  return { kind: 'subtitle', words: [], source: { uri: resolveMediaUri(words.src, ctx.baseDir), pointer: at }, caption };
}

const PADDING_ZERO: [number, number, number, number] = [0, 0, 0, 0];

/**
 * A layout and its children. Children share the layout's window (their own `start` and
 * `duration` are ignored), their `x`/`y` become offsets from the flow position (zero unless
 * animated), and their animations run from the layout's start (docs/decisions.md, row 14).
 */
function layoutElementOf(ctx: Ctx, clip: RvLayoutClip | Extract<RvLayoutChild, { type: 'layout' }>, pointer: string, window: Window): LayoutElementSpec {
  const padding = clip.padding === undefined ? PADDING_ZERO
    : typeof clip.padding === 'number' ? [clip.padding, clip.padding, clip.padding, clip.padding] as [number, number, number, number]
    : [...clip.padding] as [number, number, number, number];
  const children: Layer[] = [];
  clip.children.forEach((child: RvLayoutChild, i: number) => {
    const at = `${pointer}/children/${i}`;
    if (child.type === 'audio') {
      ctx.warnings.push(`${at}: audio clips inside a layout are not mixed by this version; the clip is skipped`);
      return;
    }
    const layer = child.type === 'template' ? groupLayerOf(ctx, child, at, window) : layerOf(ctx, child, at, window);
    layer.transform = { ...layer.transform, x: { px: 0 }, y: { px: 0 } };
    children.push(layer);
  });
  return {
    kind: 'layout',
    direction: clip.direction ?? 'vertical',
    gap: clip.gap ?? 0,
    padding,
    alignItems: clip.alignItems ?? 'start',
    justifyContent: clip.justifyContent ?? 'start',
    clip: clip.clip ?? false,
    children,
  };
}

/**
 * A template inside a layout: its clips, laid out for a design size (the child's px width and
 * height, else the canvas's, keeping the canvas's aspect), drawn scaled into the child's box.
 */
function groupLayerOf(ctx: Ctx, clip: RvTemplateClip, pointer: string, window: Window): Layer {
  const w = clip.transform?.width;
  const h = clip.transform?.height;
  const aspect = ctx.height / ctx.width;
  const designWidth = typeof w === 'number' ? w : typeof h === 'number' ? h / aspect : ctx.width;
  const designHeight = typeof h === 'number' ? h : typeof w === 'number' ? w * aspect : ctx.height;
  const expanded = expandTemplate(clip, pointer, {
    doc: ctx.doc, width: designWidth, height: designHeight, start: window.start, duration: window.duration, nested: true,
  });
  ctx.warnings.push(...expanded.warnings);
  const children: Layer[] = [];
  for (const part of expanded.parts) {
    if (part.clip.type === 'audio') {
      ctx.warnings.push(`${part.pointer}: audio inside a layout is not mixed by this version; the clip is skipped`);
      continue;
    }
    children.push(layerOf(ctx, part.clip, part.pointer));
  }
  return baseLayer(ctx, clip, pointer, { kind: 'group', designWidth, designHeight, children }, window);
}

/** Ducking defaults where the digest is silent (docs/decisions.md, row 12). */
export const DUCKING_DEFAULTS = { amount: 0.5, attackSeconds: 0.1, releaseSeconds: 0.3 } as const;

function audioOf(ctx: Ctx, clip: Extract<RvClip, { type: 'audio' }>, pointer: string): AudioSpec {
  const spec: AudioSpec = {
    id: clip.id ?? pointer,
    pointer,
    source: mediaSource(ctx, clip.src, ['audios'], `${pointer}/src`),
    startFrame: Math.round(clip.start * ctx.fps),
    endFrame: Math.round((clip.start + effectiveDurationSeconds(clip)) * ctx.fps),
    trimStartSeconds: clip.source?.start ?? 0,
    trimEndSeconds: clip.source?.end,
    volume: clip.volume ?? 1,
    muted: false,
    playbackRate: clip.playbackRate ?? 1,
    loop: clip.loop ?? false,
    fadeInSeconds: clip.fadeIn,
    fadeOutSeconds: clip.fadeOut,
    pan: clip.pan,
    detuneCents: clip.detune,
    gainEnvelope: clip.gainEnvelope?.map((p) => ({ timeSeconds: p.time, volume: p.volume, easing: p.easing })),
    ducking: clip.ducking && {
      targets: clip.ducking.targets,
      amount: clip.ducking.amount ?? DUCKING_DEFAULTS.amount,
      attackSeconds: clip.ducking.attack ?? DUCKING_DEFAULTS.attackSeconds,
      releaseSeconds: clip.ducking.release ?? DUCKING_DEFAULTS.releaseSeconds,
    },
  };
  for (const key of Object.keys(spec) as Array<keyof AudioSpec>) if (spec[key] === undefined) delete spec[key];
  return spec;
}

function fontsOf(ctx: Ctx): FontSpec[] {
  return (ctx.doc.assets?.fonts ?? []).map((font, i) => ({
    family: font.family,
    source: { uri: resolveMediaUri(font.src, ctx.baseDir), pointer: `/assets/fonts/${i}/src` },
    weight: font.weight === undefined ? undefined : String(font.weight),
    style: font.style,
  }));
}

/** Compiles a validated document; unsupported clip types become warnings, never silent drops. */
export function compileRenderingVideo(doc: RvDocument, options: CompileOptions): Composition {
  const ctx: Ctx = {
    doc, baseDir: options.baseDir, fps: doc.meta.fps, width: doc.meta.width, height: doc.meta.height, warnings: [], order: 0,
  };
  const layers: Layer[] = [];
  const audio: AudioSpec[] = [];
  let lastEndSeconds = 0;
  doc.tracks.forEach((track, t) => {
    track.clips.forEach((clip, c) => {
      const pointer = `/tracks/${t}/clips/${c}`;
      lastEndSeconds = Math.max(lastEndSeconds, clip.start + effectiveDurationSeconds(clip));
      const add = (one: RvClip, at: string) => {
        if (one.type === 'audio') {
          audio.push(audioOf(ctx, one, at));
          return;
        }
        layers.push(layerOf(ctx, one, at));
      };
      if (clip.type === 'template') {
        // Templates become ordinary clips, scheduled like any other (docs/templates.md).
        const expanded = expandTemplate(clip, pointer, {
          doc, width: ctx.width, height: ctx.height, start: clip.start, duration: clip.duration,
        });
        ctx.warnings.push(...expanded.warnings);
        for (const part of expanded.parts) add(part.clip, part.pointer);
        return;
      }
      add(clip, pointer);
    });
  });
  const background = doc.meta.background === undefined ? { kind: 'color' as const, color: '#000000' }
    : doc.meta.background === 'transparent' ? undefined : paintOf(doc.meta.background);
  return {
    width: doc.meta.width,
    height: doc.meta.height,
    fps: doc.meta.fps,
    durationInFrames: Math.round(lastEndSeconds * doc.meta.fps),
    background,
    layers,
    audio,
    fonts: fontsOf(ctx),
    warnings: ctx.warnings,
    title: doc.meta.title,
  };
}
