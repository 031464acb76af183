/** `code`: monospace source with syntax colours; highlighted lines stay bright, others dim. */
import type { Layer } from '../model/composition.js';
import { fillStyleOf } from '../draw/paint.js';
import { CODE_THEMES, highlightCode, type CodeRun } from '../draw/highlight.js';
import { defineElement, type ElementInput } from './define-element.js';

/** Defaults where the digest is silent (docs/decisions.md). */
export const CODE_DEFAULTS = { fontSize: 28, lineHeight: 1.5, padding: 24, dimmedOpacity: 0.35 } as const;

const cache = new WeakMap<Layer, { lines: CodeRun[][]; charWidth: number; font: string }>();

function prepared({ ctx, layer, element, state, resources }: ElementInput<'code'>) {
  const size = state.style.fontSize ?? element.fontSize ?? CODE_DEFAULTS.fontSize;
  const family = element.fontFamily ? resources.fontFamily(element.fontFamily) : resources.monospaceFamily;
  const font = `normal 400 ${size}px "${family}"`;
  const hit = cache.get(layer);
  if (hit && hit.font === font) return { ...hit, size };
  ctx.font = font;
  const entry = { lines: highlightCode(element.code, element.language, element.theme), charWidth: ctx.measureText('M').width, font };
  cache.set(layer, entry);
  return { ...entry, size };
}

function panel(input: ElementInput<'code'>): number {
  return input.state.style.fill ? CODE_DEFAULTS.padding : 0;
}

export const codeElement = defineElement({
  kind: 'code',
  measure(input, fixed) {
    const { lines, charWidth, size } = prepared(input);
    const lineHeight = (input.element.lineHeight ?? CODE_DEFAULTS.lineHeight) * size;
    const columns = Math.max(0, ...lines.map((l) => l.reduce((n, r) => n + r.text.length, 0)));
    const pad = panel(input) * 2;
    return { width: fixed.width ?? columns * charWidth + pad, height: fixed.height ?? lines.length * lineHeight + pad };
  },
  draw(input, box) {
    const { ctx, element, state } = input;
    const { lines, charWidth, size, font } = prepared(input);
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
    const highlighted = element.highlightLines ? new Set(element.highlightLines) : undefined;
    lines.forEach((runs, i) => {
      ctx.globalAlpha = highlighted && !highlighted.has(i + 1) ? baseAlpha * CODE_DEFAULTS.dimmedOpacity : baseAlpha;
      let column = 0;
      const y = pad + (i + 0.5) * lineHeight;
      for (const run of runs) {
        ctx.font = run.italic ? font.replace('normal', 'italic') : font;
        ctx.fillStyle = run.color;
        const text = run.text.replace(/\t/g, '    ');
        ctx.fillText(text, pad + column * charWidth, y);
        column += [...text].length;
      }
    });
    ctx.globalAlpha = baseAlpha;
  },
});

export { CODE_THEMES };
