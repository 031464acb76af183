/**
 * What a template is made of, and small builders for the RenderingVideo clips templates emit.
 *
 * Templates are designed in units of the canvas (`vmin`, `vw`, `vh`: percent of the shorter
 * side, the width, the height), so one design scales to any size and orientation. They emit
 * ordinary clips in the RenderingVideo dialect, times relative to the template's start; the
 * expander then shifts them, applies the overrides and compiles them like any other clip.
 */
import { formatRgba, mixColors, parseColor } from '../../timeline/color.js';
import type { FieldType } from './fields.js';
import { isPlainObject } from './fields.js';

/** A generated clip (RenderingVideo dialect, loosely typed while it is being built). */
export interface GenClip {
  type: string;
  start: number;
  duration: number;
  [key: string]: unknown;
}

/** One generated top-level clip; `part` names it in pointers (`…/template/<part>`). */
export interface TemplatePart {
  part: string;
  clip: GenClip;
}

export interface TemplateEnv {
  width: number;
  height: number;
  /** Length of the template's window in seconds. */
  duration: number;
  /** The variant in effect (unknown names have already fallen back to `default`). */
  variant: string;
  /** `n` % of the shorter canvas side, in px. */
  vmin(n: number): number;
  vw(n: number): number;
  vh(n: number): number;
  /** JSON pointer of a data field as the author wrote it (`…/data/x` or `…/overrides/data/x`). */
  pointerOf(path: string): string;
}

export interface TemplateDefinition {
  name: string;
  /** Data fields and their types (docs/templates.md). */
  fields: Record<string, FieldType>;
  /** Defaults that do not depend on the canvas. */
  defaults: Record<string, unknown>;
  /** Variant name → defaults merged over `defaults`; `default` always exists. */
  variants: Record<string, Record<string, unknown>>;
  /** Fields that must have a value once everything is merged. */
  required?: string[];
  build(p: Params, env: TemplateEnv): TemplatePart[];
}

/** Typed reads of merged template parameters (already checked against the field table). */
export class Params {
  constructor(readonly values: Readonly<Record<string, unknown>>) {}
  raw(key: string): unknown {
    return this.values[key];
  }
  str(key: string): string | undefined {
    const v = this.values[key];
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
  }
  num(key: string): number | undefined {
    const v = this.values[key];
    return typeof v === 'number' ? v : undefined;
  }
  bool(key: string, fallback: boolean): boolean {
    const v = this.values[key];
    return typeof v === 'boolean' ? v : fallback;
  }
  color(key: string, fallback: string): string {
    return this.str(key) ?? fallback;
  }
  list(key: string): unknown[] {
    const v = this.values[key];
    return Array.isArray(v) ? v : [];
  }
  strings(key: string): string[] {
    return this.list(key).map((v) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')).filter((s) => s.length > 0);
  }
  obj(key: string): Params {
    const v = this.values[key];
    return new Params(isPlainObject(v) ? v : {});
  }
  has(key: string): boolean {
    const v = this.values[key];
    return v !== undefined && v !== null && v !== '';
  }
}

/** JSON pointers of the data fields that named a generated clip's media (its `src` or `words`). */
const mediaPointers = new WeakMap<object, string>();

/** Records that `clip`'s media came from the data field at `pointer` (for error messages). */
export function tagMedia<T extends object>(clip: T, pointer: string): T {
  mediaPointers.set(clip, pointer);
  return clip;
}

/** The data pointer recorded by {@link tagMedia}, if any. */
export function mediaPointerOf(clip: object): string | undefined {
  return mediaPointers.get(clip);
}

/** `color` with its alpha multiplied by `alpha` (unparseable colours come back unchanged). */
export function withAlpha(color: string, alpha: number): string {
  const rgba = parseColor(color);
  return rgba ? formatRgba([rgba[0], rgba[1], rgba[2], rgba[3] * alpha]) : color;
}

/** A colour `t` of the way from `a` to `b`. */
export function blend(a: string, b: string, t: number): string {
  return mixColors(a, b, t);
}

/** Rounds px to 2 decimals, so generated documents stay readable. */
export function r2(n: number): number {
  return Math.round(n * 100) / 100;
}

type Style = Record<string, unknown>;
type Anim = Record<string, unknown>;

/** Common clip options of the builders. */
export interface ClipOptions {
  start?: number;
  duration?: number;
  zIndex?: number;
  transform?: Record<string, unknown>;
  style?: Style;
  animations?: Anim[];
  keyframes?: Record<string, unknown>[];
  transition?: Record<string, unknown>;
  opacity?: number;
}

/** Builders bound to one template window (children default to the whole window). */
export function builders(env: TemplateEnv) {
  const base = (type: string, o: ClipOptions, extra: Record<string, unknown>): GenClip => {
    const clip: GenClip = { type, start: o.start ?? 0, duration: o.duration ?? env.duration, ...extra };
    if (o.zIndex !== undefined) clip.zIndex = o.zIndex;
    if (o.transform) clip.transform = o.transform;
    if (o.opacity !== undefined) clip.opacity = o.opacity;
    if (o.style && Object.keys(o.style).length > 0) clip.style = o.style;
    if (o.animations && o.animations.length > 0) clip.animations = o.animations;
    if (o.keyframes && o.keyframes.length > 0) clip.keyframes = o.keyframes;
    if (o.transition) clip.transition = o.transition;
    return clip;
  };
  return {
    rect: (o: ClipOptions = {}) => base('rect', o, {}),
    text: (text: string, o: ClipOptions = {}) => base('text', o, { text }),
    image: (src: unknown, o: ClipOptions = {}) => base('image', o, { src }),
    icon: (icon: string, color: string, o: ClipOptions = {}) => base('icon', o, { icon, color }),
    circle: (size: number, o: ClipOptions = {}) => base('circle', o, { size: r2(size) }),
    path: (data: string, o: ClipOptions & { lineWidth?: number; lineCap?: string } = {}) =>
      base('path', o, { data, lineWidth: o.lineWidth ?? 4, lineCap: o.lineCap ?? 'round' }),
    video: (src: unknown, o: ClipOptions & Record<string, unknown> = {}) => {
      const { start, duration, zIndex, transform, style, animations, keyframes, transition, opacity, ...media } = o;
      return base('video', { start, duration, zIndex, transform, style, animations, keyframes, transition, opacity }, { src, ...media });
    },
    subtitle: (words: unknown, config: Record<string, unknown>, o: ClipOptions = {}) => base('subtitle', o, { words, config }),
    /** A flow container. */
    layout: (
      layout: { direction?: 'horizontal' | 'vertical'; gap?: number; padding?: number | number[]; alignItems?: string; justifyContent?: string; clip?: boolean },
      children: GenClip[],
      o: ClipOptions = {},
    ) => {
      const extra: Record<string, unknown> = { direction: layout.direction ?? 'vertical', children };
      if (layout.gap !== undefined) extra.gap = r2(layout.gap);
      if (layout.padding !== undefined) {
        // `[vertical, horizontal]` (CSS shorthand) or `[top, right, bottom, left]`.
        const p = layout.padding;
        extra.padding = !Array.isArray(p) ? r2(p) : p.length === 2 ? [p[0]!, p[1]!, p[0]!, p[1]!].map(r2) : p.map(r2);
      }
      if (layout.alignItems) extra.alignItems = layout.alignItems;
      if (layout.justifyContent) extra.justifyContent = layout.justifyContent;
      if (layout.clip) extra.clip = true;
      return base('layout', o, extra);
    },
  };
}

/** Entrance: fade in while sliding `distance` px in `direction`. */
export function enter(delay: number, distance: number, direction: 'up' | 'down' | 'left' | 'right' = 'up', duration = 0.6): Anim[] {
  return [
    { type: 'fadeIn', duration: Math.min(0.5, duration), delay: r2(delay), easing: 'easeOutCubic' },
    { type: 'slideIn', duration, delay: r2(delay), direction, distance: r2(distance), easing: 'easeOutCubic' },
  ];
}

export function fadeIn(delay: number, duration = 0.5): Anim {
  return { type: 'fadeIn', duration, delay: r2(delay), easing: 'easeOutCubic' };
}

/** Fade-out over the last `d` seconds of a clip `clipDuration` long (none for short clips). */
export function exit(clipDuration: number, d = 0.4): Anim[] {
  return clipDuration > 3 * d ? [{ type: 'fadeOut', duration: d, delay: r2(clipDuration - d), easing: 'easeInCubic' }] : [];
}

/** Full-canvas background: a flat colour, or a soft vertical gradient from it. */
export function background(env: TemplateEnv, color: string, o: { gradient?: boolean; zIndex?: number } = {}): GenClip {
  const rgba = parseColor(color);
  const light = rgba !== undefined && (0.2126 * rgba[0] + 0.7152 * rgba[1] + 0.0722 * rgba[2]) / 255 > 0.6;
  const fill = o.gradient
    ? { type: 'linear', angle: 160, stops: [{ offset: 0, color: blend(color, '#ffffff', 0.06) }, { offset: 1, color: blend(color, '#000000', light ? 0.08 : 0.25) }] }
    : color;
  return builders(env).rect({ zIndex: o.zIndex ?? 0, transform: { x: '50%', y: '50%', width: '100%', height: '100%' }, style: { fill } });
}
