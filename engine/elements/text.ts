/** `text`: one or more lines, wrapped inside a width, with fill, stroke, shadow and spacing. */
import type { Layer, VisualStyle } from '../model/composition.js';
import type { Canvas2D, DrawResources } from '../draw/canvas2d.js';
import { fillStyleOf } from '../draw/paint.js';
import { defineElement, type Box } from './define-element.js';

/** Defaults where the digest is silent (docs/decisions.md). */
export const TEXT_DEFAULTS = { fontSize: 48, lineHeight: 1.2, fill: '#ffffff', fontWeight: '400' } as const;

interface TextLayout {
  lines: string[];
  lineWidths: number[];
  width: number;
  lineHeightPx: number;
}

/** Layouts are cached per layer and per font/size/width, since they rarely change between frames. */
const layoutCache = new WeakMap<Layer, Map<string, TextLayout>>();

/** The CSS font shorthand for a style. */
export function fontOf(style: VisualStyle, resources: DrawResources, size: number): string {
  const family = resources.fontFamily(style.fontFamily);
  return `${style.fontStyle ?? 'normal'} ${style.fontWeight ?? TEXT_DEFAULTS.fontWeight} ${size}px "${family}"`;
}

function applyFont(ctx: Canvas2D, style: VisualStyle, resources: DrawResources): number {
  const size = style.fontSize ?? TEXT_DEFAULTS.fontSize;
  ctx.font = fontOf(style, resources, size);
  ctx.letterSpacing = `${style.letterSpacing ?? 0}px`;
  return size;
}

/** Greedy word wrap of one paragraph inside `maxWidth`; a word wider than the line stays whole. */
export function wrapParagraph(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const words = text.split(/(\s+)/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line + word;
    if (line.trim().length > 0 && measure(candidate.trimEnd()) > maxWidth && word.trim().length > 0) {
      lines.push(line.trimEnd());
      line = word;
    } else {
      line = candidate;
    }
  }
  lines.push(line.trimEnd());
  return lines.map((l) => l.trimStart());
}

function layoutText(ctx: Canvas2D, layer: Layer, text: string, style: VisualStyle, resources: DrawResources, wrapWidth: number | undefined): TextLayout {
  const size = applyFont(ctx, style, resources);
  const key = `${ctx.font}|${ctx.letterSpacing}|${wrapWidth ?? ''}|${style.lineHeight ?? ''}|${text}`;
  let perLayer = layoutCache.get(layer);
  if (!perLayer) layoutCache.set(layer, (perLayer = new Map()));
  const cached = perLayer.get(key);
  if (cached) return cached;
  const measure = (s: string) => ctx.measureText(s).width;
  const paragraphs = text.split('\n');
  const lines = wrapWidth === undefined ? paragraphs : paragraphs.flatMap((p) => wrapParagraph(p, wrapWidth, measure));
  const lineWidths = lines.map(measure);
  const layout = {
    lines,
    lineWidths,
    width: Math.max(0, ...lineWidths),
    lineHeightPx: (style.lineHeight ?? TEXT_DEFAULTS.lineHeight) * size,
  };
  if (perLayer.size > 64) perLayer.clear();
  perLayer.set(key, layout);
  return layout;
}

export const textElement = defineElement({
  kind: 'text',
  measure({ ctx, layer, element, state, resources }, fixed): Box {
    const wrap = state.style.textWrap !== false && fixed.width !== undefined ? fixed.width : undefined;
    const layout = layoutText(ctx, layer, element.text, state.style, resources, wrap);
    return {
      width: fixed.width ?? layout.width,
      height: fixed.height ?? layout.lines.length * layout.lineHeightPx,
    };
  },
  draw({ ctx, layer, element, state, resources }, box): void {
    const style = state.style;
    const wrap = style.textWrap !== false && state.width !== undefined ? box.width : undefined;
    const layout = layoutText(ctx, layer, element.text, style, resources, wrap);
    const align = style.textAlign ?? 'center';
    const x = align === 'left' ? 0 : align === 'right' ? box.width : box.width / 2;
    const blockHeight = layout.lines.length * layout.lineHeightPx;
    const top = (box.height - blockHeight) / 2;
    ctx.textAlign = align;
    ctx.textBaseline = 'middle';
    ctx.fillStyle = fillStyleOf(ctx, style.fill ?? { kind: 'color', color: TEXT_DEFAULTS.fill }, 0, top, box.width, blockHeight);
    const strokeWidth = style.stroke ? (style.strokeWidth ?? 2) : 0;
    const lineY = (i: number) => top + (i + 0.5) * layout.lineHeightPx;
    if (strokeWidth > 0) {
      // The outline sits under the fill, so its full width shows outside the glyphs;
      // the shadow is cast by the outline only.
      ctx.save();
      ctx.strokeStyle = style.stroke!;
      ctx.lineWidth = strokeWidth * 2;
      ctx.lineJoin = 'round';
      layout.lines.forEach((line, i) => ctx.strokeText(line, x, lineY(i)));
      ctx.restore();
      ctx.shadowColor = 'transparent';
    }
    layout.lines.forEach((line, i) => ctx.fillText(line, x, lineY(i)));
  },
});
