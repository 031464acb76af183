/** `countdown`: numbers stepping down (or up) with a filling ring, then an optional end text. */
import { F } from './fields.js';
import { background, builders, r2, withAlpha, type TemplateDefinition, type TemplatePart } from './kit.js';

export const countdownTemplate: TemplateDefinition = {
  name: 'countdown',
  fields: {
    from: F.number({ min: 0, integer: true }),
    to: F.number({ min: 0, integer: true }),
    endText: F.string,
    stepSeconds: F.number({ min: 0, exclusiveMin: true }),
    color: F.color,
    textColor: F.color,
    backgroundColor: F.color,
  },
  defaults: {
    from: 3,
    to: 1,
    endText: 'Go!',
    color: '#f59e0b',
    textColor: '#ffffff',
    backgroundColor: '#0f172a',
  },
  variants: {
    default: {},
    minimal: { color: '#f43f5e', backgroundColor: '#111827' },
  },
  build(p, env) {
    const b = builders(env);
    const { vmin } = env;
    const from = p.num('from') ?? 3;
    const to = p.num('to') ?? 1;
    const accent = p.color('color', '#f59e0b');
    const fg = p.color('textColor', '#ffffff');
    const bg = p.color('backgroundColor', '#0f172a');
    const endText = p.str('endText') ?? '';
    const dir = from >= to ? -1 : 1;
    const numbers = Array.from({ length: Math.abs(from - to) + 1 }, (_, i) => from + dir * i);
    const slots = numbers.length + (endText ? 1 : 0);
    const step = p.num('stepSeconds') ?? env.duration / slots;
    const minimal = env.variant === 'minimal';
    const parts: TemplatePart[] = [];

    if (minimal) {
      parts.push({
        part: 'background',
        clip: b.rect({
          transform: { x: '50%', y: '50%', width: '100%', height: '100%' },
          style: { fill: { type: 'radial', stops: [{ offset: 0, color: withAlpha(accent, 0.28) }, { offset: 0.7, color: bg }, { offset: 1, color: bg }] } },
        }),
      });
    } else {
      parts.push({ part: 'background', clip: background(env, bg, { gradient: true }) });
    }

    const radius = vmin(30);
    const ring = vmin(2.4);
    const cx = r2(env.width / 2);
    const cy = r2(env.height / 2);
    if (!minimal) {
      parts.push({
        part: 'track',
        clip: b.circle(radius * 2, {
          zIndex: 1,
          transform: { x: '50%', y: '50%' },
          style: { stroke: withAlpha(fg, 0.12), strokeWidth: ring },
        }),
      });
    }
    numbers.forEach((n, i) => {
      const start = r2(i * step);
      if (!minimal) {
        // Two half arcs from 12 o'clock, clockwise; drawEnd fills the ring over the step.
        const d = `M ${cx} ${r2(cy - radius)} A ${radius} ${radius} 0 1 1 ${cx} ${r2(cy + radius)} A ${radius} ${radius} 0 1 1 ${cx} ${r2(cy - radius)}`;
        parts.push({
          part: `ring-${i}`,
          clip: b.path(d, {
            start,
            duration: step,
            zIndex: 2,
            lineWidth: ring,
            style: { stroke: accent },
            keyframes: [{ property: 'drawEnd', frames: [{ time: 0, value: 0 }, { time: step, value: 1 }] }],
          }),
        });
      }
      parts.push({
        part: `number-${i}`,
        clip: b.text(String(n), {
          start,
          duration: step,
          zIndex: 3,
          transform: { x: '50%', y: '50%' },
          style: { fontSize: minimal ? vmin(44) : vmin(28), fontWeight: 700, fill: fg },
          animations: [
            { type: 'fadeIn', duration: 0.2 },
            { type: 'scale', from: minimal ? 1.6 : 1.3, to: 1, duration: 0.45, easing: 'easeOutCubic' },
            { type: 'fadeOut', duration: 0.15, delay: r2(Math.max(0, step - 0.15)) },
          ],
        }),
      });
    });
    if (endText) {
      parts.push({
        part: 'end',
        clip: b.text(endText, {
          start: r2(numbers.length * step),
          duration: Math.max(step, env.duration - numbers.length * step),
          zIndex: 3,
          transform: { x: '50%', y: '50%', width: '90%' },
          style: { fontSize: vmin(minimal ? 26 : 22), fontWeight: 700, fill: accent },
          animations: [{ type: 'fadeIn', duration: 0.2 }, { type: 'scale', from: 0.4, to: 1, duration: 0.5, easing: 'easeOutBack' }],
        }),
      });
    }
    return parts;
  },
};
