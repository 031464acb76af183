/**
 * `subtitle`: timed words drawn as captions inside the layer's box (the canvas by default).
 *
 * Timing (docs/decisions.md, row 13): word times are seconds from the layer's start. Words are
 * cut into groups: `batch` mode takes up to `wordsPerGroup` words at a time; `stream` mode fills a
 * page of at most {@link STREAM_MAX_LINES} lines; either ends a group at a sentence end and before a
 * pause of {@link CAPTION_PAUSE_SECONDS}. A group is on screen from its first word's start
 * until the next group starts, but never longer than {@link CAPTION_HOLD_SECONDS} after its last
 * word ends; before the first word and in long pauses nothing shows. The word being spoken (from
 * its start until the next word of its group starts, the last one until its end) is drawn in the
 * highlight colour over the optional highlight box. `stream` shows only the words already spoken.
 */
import type { CaptionStyle, Layer, TimedWord } from '../model/composition.js';
import type { Canvas2D } from '../draw/canvas2d.js';
import { resolveLength } from '../timeline/evaluate-layer.js';
import { defineElement, type Box, type ElementInput } from './define-element.js';

/** How long a group stays after its last word when no other group follows sooner. */
export const CAPTION_HOLD_SECONDS = 1;
/** Fade-in of a batch (and of each word in stream mode) when `fadeIn` is on. */
export const CAPTION_FADE_SECONDS = 0.2;
export const STREAM_WORD_FADE_SECONDS = 0.15;
/** Lines of a stream page. */
export const STREAM_MAX_LINES = 2;
/** Line height as a multiple of the font size. */
export const CAPTION_LINE_HEIGHT = 1.2;

/** A run of consecutive words shown together: indices into the word list, `last` inclusive. */
export interface CaptionGroup {
  first: number;
  last: number;
}

/** A pause this long between two words starts a new batch. */
export const CAPTION_PAUSE_SECONDS = 1;

/** True when a word ends a sentence (its shown text ends with . ! ? or …, before closing quotes). */
export function endsSentence(text: string): boolean {
  return /[.!?\u2026]["'\u201D\u2019)\]]*$/.test(text);
}

/** Whether a caption group ends after word `i`: a sentence end or a pause follows. */
export function breaksAfter(words: readonly TimedWord[], i: number): boolean {
  const word = words[i]!;
  const next = words[i + 1];
  return endsSentence(word.text) || (next !== undefined && next.startSeconds - word.endSeconds >= CAPTION_PAUSE_SECONDS);
}

/**
 * Batches of at most `size` consecutive words. A batch also ends at the end of a sentence and
 * before a pause of {@link CAPTION_PAUSE_SECONDS} or more, so a caption never straddles two
 * sentences or a silence.
 */
export function batchGroups(words: readonly TimedWord[], size: number): CaptionGroup[] {
  const groups: CaptionGroup[] = [];
  const n = Math.max(1, Math.floor(size));
  let first = 0;
  words.forEach((_word, i) => {
    const next = words[i + 1];
    if (!next || i - first + 1 >= n || breaksAfter(words, i)) {
      groups.push({ first, last: i });
      first = i + 1;
    }
  });
  return groups;
}

/**
 * Greedy line breaking: word indices per line. A word wider than the line gets a line of its own.
 * @param widths width of each word; `space` the width of the gap between two words.
 */
export function breakLines(widths: readonly number[], space: number, maxWidth: number): number[][] {
  const lines: number[][] = [];
  let line: number[] = [];
  let width = 0;
  widths.forEach((w, i) => {
    const next = line.length === 0 ? w : width + space + w;
    if (line.length > 0 && next > maxWidth) {
      lines.push(line);
      line = [i];
      width = w;
    } else {
      line.push(i);
      width = next;
    }
  });
  if (line.length > 0) lines.push(line);
  return lines;
}

/**
 * Pages of at most `maxLines` lines each (stream mode); a page also ends after word `i` when
 * `breakAfter(i)` says so (end of a sentence, a pause).
 */
export function pageGroups(
  widths: readonly number[],
  space: number,
  maxWidth: number,
  maxLines: number,
  breakAfter: (i: number) => boolean = () => false,
): CaptionGroup[] {
  const groups: CaptionGroup[] = [];
  let first = 0;
  let lines = 0;
  let lineWidth = 0;
  widths.forEach((w, i) => {
    if (i > first && breakAfter(i - 1)) {
      groups.push({ first, last: i - 1 });
      first = i;
    }
    if (i === first) {
      lines = 1;
      lineWidth = w;
      return;
    }
    const next = lineWidth + space + w;
    if (next <= maxWidth) {
      lineWidth = next;
      return;
    }
    if (lines < maxLines) {
      lines++;
      lineWidth = w;
      return;
    }
    groups.push({ first, last: i - 1 });
    first = i;
    lines = 1;
    lineWidth = w;
  });
  if (widths.length > first) groups.push({ first, last: widths.length - 1 });
  return groups;
}

/** What a caption track shows at one instant. */
export interface CaptionFrame {
  group: number;
  /** Words of the group that are drawn: `first` up to `first + visible - 1`. */
  visible: number;
  /** The word being spoken, if any. */
  active?: number;
  /** Opacity of the whole group (batch fade-in). */
  alpha: number;
  /** Opacity of each drawn word (stream fade-in), by word index. */
  wordAlpha: (index: number) => number;
}

const clamp01 = (v: number) => Math.max(0, Math.min(1, v));

/** The time window `[from, to)` a group is on screen. */
export function groupWindow(words: readonly TimedWord[], groups: readonly CaptionGroup[], g: number): { from: number; to: number } {
  const group = groups[g]!;
  const from = words[group.first]!.startSeconds;
  const lastEnd = Math.max(...words.slice(group.first, group.last + 1).map((w) => w.endSeconds));
  const next = groups[g + 1];
  const hold = lastEnd + CAPTION_HOLD_SECONDS;
  return { from, to: next ? Math.min(hold, Math.max(from, words[next.first]!.startSeconds)) : hold };
}

/** The caption state at `t` seconds from the layer's start, or undefined when nothing shows. */
export function captionAt(
  words: readonly TimedWord[],
  groups: readonly CaptionGroup[],
  t: number,
  style: Pick<CaptionStyle, 'mode' | 'fadeIn'>,
): CaptionFrame | undefined {
  for (let g = 0; g < groups.length; g++) {
    const { from, to } = groupWindow(words, groups, g);
    if (t < from || t >= to) continue;
    const group = groups[g]!;
    let active: number | undefined;
    let spoken = 0;
    for (let i = group.first; i <= group.last; i++) {
      const w = words[i]!;
      if (w.startSeconds > t) break;
      spoken = i - group.first + 1;
      const nextStart = i < group.last ? words[i + 1]!.startSeconds : w.endSeconds;
      if (t < Math.max(nextStart, w.startSeconds)) active = i;
    }
    const stream = style.mode === 'stream';
    const fade = style.fadeIn;
    return {
      group: g,
      visible: stream ? spoken : group.last - group.first + 1,
      active,
      alpha: !stream && fade ? clamp01((t - from) / CAPTION_FADE_SECONDS) : 1,
      wordAlpha: (i) => (stream && fade ? clamp01((t - words[i]!.startSeconds) / STREAM_WORD_FADE_SECONDS) : 1),
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Drawing

interface Prepared {
  key: string;
  font: string;
  widths: number[];
  space: number;
  groups: CaptionGroup[];
  /** Lines of each group, as word indices. */
  lines: number[][][];
}

const preparedCache = new WeakMap<Layer, Prepared>();

function prepare({ ctx, layer, element, resources }: ElementInput<'subtitle'>, boxWidth: number): Prepared {
  const c = element.caption;
  const family = resources.fontFamily(c.fontFamily);
  const font = `normal ${c.fontWeight} ${c.fontSize}px "${family}"`;
  const key = `${font}|${boxWidth}|${element.words.length}`;
  const hit = preparedCache.get(layer);
  if (hit && hit.key === key) return hit;
  ctx.font = font;
  ctx.letterSpacing = '0px';
  const widths = element.words.map((w) => ctx.measureText(w.text).width);
  const space = ctx.measureText(' ').width;
  const groups = c.mode === 'stream'
    ? pageGroups(widths, space, boxWidth, STREAM_MAX_LINES, (i) => breaksAfter(element.words, i))
    : batchGroups(element.words, c.wordsPerGroup);
  const lines = groups.map((g) =>
    breakLines(widths.slice(g.first, g.last + 1), space, boxWidth).map((line) => line.map((i) => i + g.first)));
  const prepared = { key, font, widths, space, groups, lines };
  preparedCache.set(layer, prepared);
  return prepared;
}

function roundBox(ctx: Canvas2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, Math.min(r, h / 2, w / 2));
}

export const subtitleElement = defineElement({
  kind: 'subtitle',
  // The caption block is placed inside the reference frame (the canvas) by `position`.
  measure: ({ frame }, fixed): Box => ({ width: fixed.width ?? frame.width, height: fixed.height ?? frame.height }),
  draw(input, box) {
    const { ctx, element, layer, frameIndex, frame } = input;
    if (element.words.length === 0) return;
    const c = element.caption;
    const t = (frameIndex - layer.startFrame) / frame.fps;
    const textWidth = Math.max(1, resolveLength(c.boxWidth, box.width) ?? box.width);
    const prepared = prepare(input, textWidth);
    const at = captionAt(element.words, prepared.groups, t, c);
    if (!at || at.visible === 0) return;
    const group = prepared.groups[at.group]!;
    const lines = prepared.lines[at.group]!;
    const lineHeight = c.fontSize * CAPTION_LINE_HEIGHT;
    const blockHeight = lines.length * lineHeight;
    const top = c.position === 'top' ? c.edgeDistance
      : c.position === 'center' ? (box.height - blockHeight) / 2
      : box.height - c.edgeDistance - blockHeight;
    const left = (box.width - textWidth) / 2;
    const lastVisible = group.first + at.visible - 1;

    // Word positions: each line aligned inside the text box.
    const placed: Array<{ index: number; x: number; y: number }> = [];
    lines.forEach((line, li) => {
      const lineWidth = line.reduce((sum, i, k) => sum + prepared.widths[i]! + (k > 0 ? prepared.space : 0), 0);
      let x = c.textAlign === 'left' ? left : c.textAlign === 'right' ? left + textWidth - lineWidth : left + (textWidth - lineWidth) / 2;
      const y = top + (li + 0.5) * lineHeight;
      for (const i of line) {
        if (i <= lastVisible) placed.push({ index: i, x, y });
        x += prepared.widths[i]! + prepared.space;
      }
    });

    const base = ctx.globalAlpha * at.alpha;
    ctx.font = prepared.font;
    ctx.letterSpacing = '0px';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';

    if (c.highlightBackground && at.active !== undefined) {
      const word = placed.find((p) => p.index === at.active);
      if (word) {
        const padX = c.fontSize * 0.2;
        const h = c.fontSize * 1.16;
        ctx.save();
        ctx.shadowColor = 'transparent';
        ctx.globalAlpha = base * at.wordAlpha(word.index);
        ctx.fillStyle = c.highlightBackground;
        roundBox(ctx, word.x - padX, word.y - h / 2, prepared.widths[word.index]! + padX * 2, h, c.fontSize * 0.22);
        ctx.fill();
        ctx.restore();
      }
    }

    const shadow = c.shadowColor && c.shadowBlur > 0 ? c.shadowColor : undefined;
    const outline = c.outlineColor && c.outlineWidth > 0 ? c.outlineColor : undefined;
    const withShadow = (on: boolean) => {
      ctx.shadowColor = on && shadow ? shadow : 'transparent';
      ctx.shadowBlur = on && shadow ? c.shadowBlur : 0;
      ctx.shadowOffsetX = 0;
      ctx.shadowOffsetY = 0;
    };
    // The word on the highlight box needs no outline or shadow: the box gives the contrast.
    const boxed = (i: number) => c.highlightBackground !== undefined && i === at.active;
    if (outline) {
      // The outline sits under the fill and casts the shadow, like text strokes.
      withShadow(true);
      ctx.strokeStyle = outline;
      ctx.lineWidth = c.outlineWidth * 2;
      for (const p of placed) {
        if (boxed(p.index)) continue;
        ctx.globalAlpha = base * at.wordAlpha(p.index);
        ctx.strokeText(element.words[p.index]!.text, p.x, p.y);
      }
    }
    for (const p of placed) {
      withShadow(!outline && !boxed(p.index));
      ctx.globalAlpha = base * at.wordAlpha(p.index);
      ctx.fillStyle = p.index === at.active ? c.highlightColor : c.textColor;
      ctx.fillText(element.words[p.index]!.text, p.x, p.y);
    }
  },
});
