/**
 * Text drawn in pieces: character by character (per-character tween animations, each character
 * staggered) or word by word (timed-word emphasis: glow, box, pop, rise, fly-in, recolour), plus
 * underline and strike-through. Positions come from the line layout of engine/elements/text.ts.
 */
import type { Layer, TweenSpec, WordHighlightSpec } from '../model/composition.js';
import type { Canvas2D } from '../draw/canvas2d.js';
import { cssFilter } from '../draw/paint.js';
import { animationProgress } from '../timeline/evaluate-layer.js';
import { applyTweenChannels, type TweenTarget } from '../timeline/tween.js';
import type { ElementInput } from './define-element.js';

/** A piece of a line: its text, and its offset from the line's left edge and width, px. */
export interface TextRun {
  text: string;
  offset: number;
  width: number;
}

/**
 * A line's pieces, measured on first use and kept with the cached line layout (the font and
 * letter spacing are part of the layout's key), so they are not measured again every frame.
 */
export interface LineRuns {
  characters?: TextRun[];
  words?: TextRun[];
}

/** One laid-out line: its text, left edge and width in the box, its middle, and its measured pieces. */
export interface LinePlacement {
  text: string;
  left: number;
  width: number;
  y: number;
  runs: LineRuns;
}

/** Every character of the line (code points) after the prefix before it; `ctx` has the line's font. */
function characterRuns(ctx: Canvas2D, line: LinePlacement): TextRun[] {
  if (line.runs.characters) return line.runs.characters;
  const runs: TextRun[] = [];
  let prefix = '';
  for (const ch of line.text) {
    runs.push({ text: ch, offset: ctx.measureText(prefix).width, width: ctx.measureText(ch).width });
    prefix += ch;
  }
  return (line.runs.characters = runs);
}

/** Every word (run of non-space characters) of the line; `ctx` has the line's font. */
function wordRuns(ctx: Canvas2D, line: LinePlacement): TextRun[] {
  if (line.runs.words) return line.runs.words;
  const runs: TextRun[] = [];
  for (const match of line.text.matchAll(/\S+/g)) {
    const token = match[0];
    runs.push({ text: token, offset: ctx.measureText(line.text.slice(0, match.index)).width, width: ctx.measureText(token).width });
  }
  return (line.runs.words = runs);
}

/** How runs are painted: fill, optional outline (drawn under the fill, outside the glyphs), font size. */
export interface RunPaint {
  fill: string | CanvasGradient;
  stroke?: string;
  strokeWidth: number;
  size: number;
}

/** Seconds a rising or flying word takes to settle. */
export const WORD_ENTRANCE_SECONDS = 0.3;
/** Opacity of words not being spoken (`glow`). */
export const DIMMED_WORD_OPACITY = 0.45;

export function hasCharacterAnimations(layer: Layer): boolean {
  return layer.animations.some((a) => a.kind === 'tween' && a.perCharacter !== undefined && a.tween !== undefined);
}

/** Draws `text` with its left edge at x, middle at y: the outline first (it casts the shadow), then the fill. */
function drawRun(ctx: Canvas2D, text: string, x: number, y: number, paint: RunPaint): void {
  if (paint.stroke && paint.strokeWidth > 0) {
    ctx.save();
    ctx.strokeStyle = paint.stroke;
    ctx.lineWidth = paint.strokeWidth * 2;
    ctx.strokeText(text, x, y);
    ctx.restore();
    ctx.save();
    ctx.shadowColor = 'transparent';
    ctx.fillStyle = paint.fill;
    ctx.fillText(text, x, y);
    ctx.restore();
    return;
  }
  ctx.fillStyle = paint.fill;
  ctx.fillText(text, x, y);
}

const clamp01 = (v: number) => Math.max(0, Math.min(1, v));

/** Every character placed and animated on its own; character i starts i × stagger later. */
export function drawCharacters(input: ElementInput<'text'>, lines: LinePlacement[], paint: RunPaint): void {
  const { ctx, layer, frame, frameIndex } = input;
  const t = (frameIndex - layer.startFrame) / frame.fps;
  const anims = layer.animations.filter((a) => a.kind === 'tween' && a.perCharacter && a.tween);
  let index = 0;
  for (const line of lines) {
    for (const { text: ch, offset: before, width } of characterRuns(ctx, line)) {
      const glyph: TweenTarget = {
        x: 0, y: 0, scaleX: 1, scaleY: 1, rotationDegrees: 0, rotationXDegrees: 0, rotationYDegrees: 0, opacity: 1, filters: [], reveals: [],
      };
      for (const anim of anims) {
        const p = animationProgress(anim, t - index * anim.perCharacter!.staggerSeconds);
        applyTweenChannels(glyph, (anim.tween as TweenSpec).channels, p, frame, index);
      }
      index++;
      if (glyph.opacity <= 0 || ch.trim() === '') continue;
      ctx.save();
      ctx.translate(line.left + before + width / 2 + glyph.x, line.y + glyph.y);
      if (glyph.rotationDegrees !== 0) ctx.rotate((glyph.rotationDegrees * Math.PI) / 180);
      ctx.scale(glyph.scaleX, glyph.scaleY);
      ctx.globalAlpha *= glyph.opacity;
      if (glyph.filters.length > 0) ctx.filter = cssFilter(glyph.filters);
      drawRun(ctx, ch, -width / 2, 0, paint);
      ctx.restore();
    }
  }
}

/** The lines, word by word when timed words are given (each word paired in order with `words`). */
export function drawWords(input: ElementInput<'text'>, lines: LinePlacement[], paint: RunPaint, words: WordHighlightSpec | undefined): void {
  const { ctx, layer, frame, frameIndex } = input;
  if (!words) {
    for (const line of lines) drawRun(ctx, line.text, line.left, line.y, paint);
    return;
  }
  const t = (frameIndex - layer.startFrame) / frame.fps;
  const size = paint.size;
  let k = 0;
  for (const line of lines) {
    for (const { text: token, offset, width } of wordRuns(ctx, line)) {
      const x = line.left + offset;
      const word = words.words[k++];
      const spoken = word !== undefined && t >= word.startSeconds;
      const active = spoken && t < word!.endSeconds;
      const since = word === undefined ? 0 : t - word.startSeconds;
      ctx.save();
      let run = paint;
      switch (words.style) {
        case 'glow':
          if (active) {
            ctx.shadowColor = typeof paint.fill === 'string' ? paint.fill : '#ffffff';
            ctx.shadowBlur = size * 0.4;
          } else ctx.globalAlpha *= DIMMED_WORD_OPACITY;
          break;
        case 'box':
          if (active) {
            ctx.save();
            ctx.shadowColor = 'transparent';
            ctx.fillStyle = words.color;
            ctx.beginPath();
            ctx.roundRect(x - size * 0.15, line.y - size * 0.6, width + size * 0.3, size * 1.2, size * 0.2);
            ctx.fill();
            ctx.restore();
          }
          break;
        case 'pop':
          if (active) {
            const s = 1 + 0.2 * clamp01(since / 0.12);
            ctx.translate(x + width / 2, line.y);
            ctx.scale(s, s);
            ctx.translate(-(x + width / 2), -line.y);
          }
          break;
        case 'rise':
        case 'fly-in': {
          if (!spoken) {
            ctx.restore();
            continue;
          }
          const q = clamp01(since / WORD_ENTRANCE_SECONDS);
          const eased = 1 - (1 - q) ** 3;
          const far = words.style === 'rise' ? 0.5 : 1.5;
          const s = words.style === 'rise' ? 1 : 0.4 + 0.6 * eased;
          ctx.globalAlpha *= clamp01(q * 2);
          ctx.translate(x + width / 2, line.y + (1 - eased) * far * size);
          ctx.scale(s, s);
          ctx.translate(-(x + width / 2), -line.y);
          break;
        }
        case 'recolor':
          if (active) run = { ...paint, fill: words.color };
          break;
      }
      drawRun(ctx, token, x, line.y, run);
      ctx.restore();
    }
  }
}

/** Underline (below the glyphs) or strike-through (across their middle) under every line. */
export function drawDecoration(ctx: Canvas2D, lines: LinePlacement[], kind: 'underline' | 'line-through', size: number, fill: string | CanvasGradient): void {
  const thickness = Math.max(1, size * 0.06);
  const offset = kind === 'underline' ? size * 0.45 : size * -0.02;
  ctx.save();
  ctx.fillStyle = fill;
  for (const line of lines) ctx.fillRect(line.left, line.y + offset - thickness / 2, line.width, thickness);
  ctx.restore();
}
