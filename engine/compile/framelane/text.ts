/**
 * Framelane `text` fields (digest §3.6) and word-timed captions (§3.6.1) → a neutral text
 * element and style. Units and defaults: docs/framelane.md.
 */
import type { FlTextElement, FlWordAnimationStyle } from '../../../schema/framelane/index.js';
import type { ElementSpec, VisualStyle, WordHighlightSpec } from '../../model/composition.js';
import type { Canvas } from './visual.js';
import { textShadowOf } from './visual.js';
import { dimensionPx, withAlpha } from './units.js';

/** Defaults where the digest is silent (docs/framelane.md). */
export const FL_TEXT_DEFAULTS = {
  fontSize: 48,
  color: '#ffffff',
  leading: 1.2,
  strokeColor: '#000000',
  plateColor: '#000000',
  /** Colour of the active word's box (`box`) or of the word itself (`color`) without `background_color`. */
  highlightColor: '#ffd60a',
  /** Outline width of `stroke: true` without `stroke_width`, as a fraction of the font size. */
  outlineEm: 0.04,
} as const;

const WORD_STYLE: Readonly<Record<FlWordAnimationStyle, WordHighlightSpec['style']>> = {
  glow: 'glow',
  box: 'box',
  scale_pop: 'pop',
  slide_up: 'rise',
  fly_in: 'fly-in',
  color: 'recolor',
};

/** `stroke_width`: under 1 a fraction of the font size (the recipes' 0.1), else px (§9.4). */
export function strokePx(width: number, fontSize: number): number {
  return width < 1 ? width * fontSize : width;
}

export function textElementOf(element: FlTextElement): ElementSpec {
  const spec: Extract<ElementSpec, { kind: 'text' }> = { kind: 'text', text: element.text };
  // Without a width the box hugs the text; lines wrap at the canvas width (docs/framelane.md).
  if (element.width === undefined && element.text_wrap !== 'nowrap') spec.maxWidth = { fraction: 1 };
  const animation = element.word_animation;
  if (animation) {
    const start = element.time ?? 0;
    spec.words = {
      style: WORD_STYLE[animation.style],
      words: animation.words.map((w) => ({ text: w.text, startSeconds: w.start - start, endSeconds: w.end - start })),
      color: element.background !== true && element.background_color !== undefined ? element.background_color : FL_TEXT_DEFAULTS.highlightColor,
    };
  }
  return spec;
}

export function textStyleOf(element: FlTextElement, canvas: Canvas): VisualStyle {
  const fontSize = element.font_size ?? FL_TEXT_DEFAULTS.fontSize;
  const bold = element.font_style === 'bold' || element.font_style === 'bolditalic';
  const weight = element.font_weight ?? (bold ? 700 : 400);
  const style: VisualStyle = {
    fontSize,
    fontWeight: String(bold ? Math.max(weight, 700) : weight),
    fontStyle: element.font_style === 'italic' || element.font_style === 'bolditalic' ? 'italic' : 'normal',
    fill: { kind: 'color', color: element.stroke === true ? 'transparent' : element.text_color ?? FL_TEXT_DEFAULTS.color },
    textAlign: element.text_align ?? 'center',
    lineHeight: element.leading ?? FL_TEXT_DEFAULTS.leading,
    letterSpacing: ((element.tracking ?? 0) / 1000) * fontSize,
  };
  if (element.font_family !== undefined) style.fontFamily = element.font_family;
  if (element.text_wrap === 'nowrap') style.textWrap = false;
  if (element.text_decoration === 'underline') style.textDecoration = 'underline';
  if (element.text_decoration === 'strikethrough') style.textDecoration = 'line-through';
  const width = element.stroke_width !== undefined
    ? strokePx(element.stroke_width, fontSize)
    : element.stroke === true ? FL_TEXT_DEFAULTS.outlineEm * fontSize : 0;
  if (width > 0) {
    // The engine draws `strokeWidth` outside the glyphs; an outline-only text (`stroke: true`)
    // shows the same band, centred on the glyph edge.
    style.stroke = element.stroke_color ?? (element.stroke === true ? element.text_color ?? FL_TEXT_DEFAULTS.color : FL_TEXT_DEFAULTS.strokeColor);
    style.strokeWidth = width;
  }
  if (element.background === true) {
    style.backdrop = {
      color: withAlpha(element.background_color ?? FL_TEXT_DEFAULTS.plateColor, (element.background_opacity ?? 100) / 100),
      paddingX: dimensionPx(element.x_padding, canvas.width),
      paddingY: dimensionPx(element.y_padding, canvas.height),
    };
  }
  if (element.shadow === true) Object.assign(style, textShadowOf(element, canvas, fontSize));
  return style;
}
