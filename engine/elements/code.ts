/** `code`: monospace source with syntax colours; highlighted lines stay bright, others dim. */
import type { Layer } from '../model/composition.js';
import { fillStyleOf } from '../draw/paint.js';
import { CODE_THEMES, highlightCode, type CodeRun } from '../draw/highlight.js';
import { defineElement, type ElementInput } from './define-element.js';

/** Defaults where the digest is silent (docs/decisions.md). */
export const CODE_DEFAULTS = { fontSize: 28, lineHeight: 1.5, padding: 24, dimmedOpacity: 0.35 } as const;

/** Spaces a tab stands for, when measured and when drawn. */
export const CODE_TAB_SPACES = 4;

/** A coloured run placed on its line: its column (code points from the line start). */
interface PlacedRun {
  text: string;
  color: string;
  italic: boolean;
  column: number;
}

/** What a code layer draws, built once: the runs (tabs expanded), and the font metrics for the current size. */
interface PreparedCode {
  lines: PlacedRun[][];
  /** Widest line, in columns. */
  columns: number;
  /** Per line: drawn dimmed (other lines are highlighted). */
  dimmed: boolean[];
  font: string;
  italicFont: string;
  size: number;
  charWidth: number;
}

const cache = new WeakMap<Layer, PreparedCode>();

/** The highlighted runs of the code with tabs expanded, each placed at its column. */
export function placeCodeRuns(lines: CodeRun[][]): { lines: PlacedRun[][]; columns: number } {
  let columns = 0;
  const placed = lines.map((runs) => {
    let column = 0;
    const line = runs.map((run) => {
      const text = run.text.replace(/\t/g, ' '.repeat(CODE_TAB_SPACES));
      const out = { text, color: run.color, italic: run.italic, column };
      column += [...text].length;
      return out;
    });
    columns = Math.max(columns, column);
    return line;
  });
  return { lines: placed, columns };
}

function prepared({ ctx, layer, element, state, resources }: ElementInput<'code'>): PreparedCode {
  const size = state.style.fontSize ?? element.fontSize ?? CODE_DEFAULTS.fontSize;
  const family = element.fontFamily ? resources.fontFamily(element.fontFamily) : resources.monospaceFamily;
  const font = `normal 400 ${size}px "${family}"`;
  let entry = cache.get(layer);
  if (entry && entry.font === font) return entry;
  ctx.font = font;
  const charWidth = ctx.measureText('M').width;
  const italicFont = `italic 400 ${size}px "${family}"`;
  if (entry) {
    // Only the size changed: the runs stay.
    Object.assign(entry, { font, italicFont, size, charWidth });
    return entry;
  }
  const { lines, columns } = placeCodeRuns(highlightCode(element.code, element.language, element.theme));
  const highlighted = element.highlightLines ? new Set(element.highlightLines) : undefined;
  entry = { lines, columns, dimmed: lines.map((_, i) => !!highlighted && !highlighted.has(i + 1)), font, italicFont, size, charWidth };
  cache.set(layer, entry);
  return entry;
}

function panel(input: ElementInput<'code'>): number {
  return input.state.style.fill ? CODE_DEFAULTS.padding : 0;
}

export const codeElement = defineElement({
  kind: 'code',
  measure(input, fixed) {
    const { lines, columns, charWidth, size } = prepared(input);
    const lineHeight = (input.element.lineHeight ?? CODE_DEFAULTS.lineHeight) * size;
    const pad = panel(input) * 2;
    return { width: fixed.width ?? columns * charWidth + pad, height: fixed.height ?? lines.length * lineHeight + pad };
  },
  draw(input, box) {
    const { ctx, element, state } = input;
    const { lines, dimmed, charWidth, size, font, italicFont } = prepared(input);
    const pad = panel(input);
    if (state.style.fill) {
      ctx.beginPath();
      ctx.roundRect(0, 0, box.width, box.height, state.style.borderRadius ?? [12, 12, 12, 12]);
      ctx.fillStyle = fillStyleOf(ctx, state.style.fill, 0, 0, box.width, box.height);
      ctx.fill();
      ctx.shadowColor = 'transparent';
    }
    const lineHeight = (element.lineHeight ?? CODE_DEFAULTS.lineHeight) * size;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    const baseAlpha = ctx.globalAlpha;
    lines.forEach((runs, i) => {
      ctx.globalAlpha = dimmed[i] ? baseAlpha * CODE_DEFAULTS.dimmedOpacity : baseAlpha;
      const y = pad + (i + 0.5) * lineHeight;
      for (const run of runs) {
        ctx.font = run.italic ? italicFont : font;
        ctx.fillStyle = run.color;
        ctx.fillText(run.text, pad + run.column * charWidth, y);
      }
    });
    ctx.globalAlpha = baseAlpha;
  },
});

export { CODE_THEMES };
