/**
 * `text`: one or more lines, wrapped inside a width, with fill, stroke, shadow and spacing; a
 * plate (backdrop) and border around the text block, underline and strike-through, per-character
 * animations and timed-word emphasis (engine/elements/text-runs.ts).
 */
import type { Layer, Length, VisualStyle } from '../model/composition.js';
import type { Canvas2D, DrawResources } from '../draw/canvas2d.js';
import { boxPath, fillStyleOf, strokeInnerBorder } from '../draw/paint.js';
import { resolveLength, type EvaluationFrame } from '../timeline/evaluate-layer.js';
import { defineElement, type Box } from './define-element.js';
import { drawCharacters, drawDecoration, drawWords, hasCharacterAnimations, type LinePlacement, type LineRuns } from './text-runs.js';

/** Defaults where the digest is silent (docs/decisions.md). */
export const TEXT_DEFAULTS = { fontSize: 48, lineHeight: 1.2, fill: '#ffffff', fontWeight: '400' } as const;

interface TextLayout {
  lines: string[];
  lineWidths: number[];
  /** Per line, its characters and words as measured on first use (text-runs.ts). */
  lineRuns: LineRuns[];
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
    lineRuns: lines.map(() => ({})),
    width: Math.max(0, ...lineWidths),
    lineHeightPx: (style.lineHeight ?? TEXT_DEFAULTS.lineHeight) * size,
  };
  if (perLayer.size > 64) perLayer.clear();
  perLayer.set(key, layout);
  return layout;
}

/** Wrap width: the fixed width, else the element's `maxWidth` (of the reference frame); none with `textWrap: false`. */
function wrapWidthOf(style: VisualStyle, maxWidth: Length | undefined, fixedWidth: number | undefined, frame: EvaluationFrame): number | undefined {
  if (style.textWrap === false) return undefined;
  return fixedWidth ?? resolveLength(maxWidth, frame.width);
}

/** Padding of the plate around the text block (zero without a backdrop). */
function paddingOf(style: VisualStyle): { x: number; y: number } {
  return { x: style.backdrop?.paddingX ?? 0, y: style.backdrop?.paddingY ?? 0 };
}

/** The plate behind the text block, rounded by `borderRadius`, with the border inside its edge. */
function drawBackdrop(ctx: Canvas2D, style: VisualStyle, plate: { x: number; y: number; width: number; height: number }): void {
  const backdrop = style.backdrop;
  if (!backdrop) return;
  ctx.save();
  ctx.shadowColor = 'transparent';
  ctx.translate(plate.x, plate.y);
  boxPath(ctx, plate.width, plate.height, style.borderRadius);
  ctx.fillStyle = backdrop.color;
  ctx.fill();
  if (style.border) strokeInnerBorder(ctx, { x: 0, y: 0, width: plate.width, height: plate.height }, style.borderRadius, style.border);
  ctx.restore();
}

export const textElement = defineElement({
  kind: 'text',
  framesItself: true,
  measure({ ctx, layer, element, state, resources, frame }, fixed): Box {
    const pad = paddingOf(state.style);
    const wrap = wrapWidthOf(state.style, element.maxWidth, fixed.width, frame);
    const layout = layoutText(ctx, layer, element.text, state.style, resources, wrap);
    return {
      width: fixed.width ?? layout.width + 2 * pad.x,
      height: fixed.height ?? layout.lines.length * layout.lineHeightPx + 2 * pad.y,
    };
  },
  draw(input, box): void {
    const { ctx, layer, element, state, resources, frame } = input;
    const style = state.style;
    const wrap = wrapWidthOf(style, element.maxWidth, state.width === undefined ? undefined : box.width, frame);
    const layout = layoutText(ctx, layer, element.text, style, resources, wrap);
    if (style.backdrop || style.textDecoration || element.words || hasCharacterAnimations(layer)) {
      drawRich(input, box, layout);
      return;
    }
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

/** The text with a plate, decorations, per-character animations or timed words. */
function drawRich(input: Parameters<typeof textElement.draw>[0], box: Box, layout: TextLayout): void {
  const { ctx, layer, element, state } = input;
  const style = state.style;
  const pad = paddingOf(style);
  const align = style.textAlign ?? 'center';
  const size = style.fontSize ?? TEXT_DEFAULTS.fontSize;
  const blockHeight = layout.lines.length * layout.lineHeightPx;
  const top = (box.height - blockHeight) / 2;
  const blockLeft = align === 'left' ? pad.x : align === 'right' ? box.width - pad.x - layout.width : (box.width - layout.width) / 2;
  drawBackdrop(ctx, style, { x: blockLeft - pad.x, y: top - pad.y, width: layout.width + 2 * pad.x, height: blockHeight + 2 * pad.y });
  const lines: LinePlacement[] = layout.lines.map((text, i) => {
    const width = layout.lineWidths[i] ?? 0;
    const left = align === 'left' ? pad.x : align === 'right' ? box.width - pad.x - width : (box.width - width) / 2;
    return { text, left, width, y: top + (i + 0.5) * layout.lineHeightPx, runs: layout.lineRuns[i] ?? {} };
  });
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.lineJoin = 'round';
  const fill = fillStyleOf(ctx, style.fill ?? { kind: 'color', color: TEXT_DEFAULTS.fill }, 0, top, box.width, blockHeight);
  const strokeWidth = style.stroke ? (style.strokeWidth ?? 2) : 0;
  const paint = { fill, stroke: strokeWidth > 0 ? style.stroke : undefined, strokeWidth, size };
  if (hasCharacterAnimations(layer)) drawCharacters(input, lines, paint);
  else drawWords(input, lines, paint, element.words);
  if (style.textDecoration) drawDecoration(ctx, lines, style.textDecoration, size, fill);
}
