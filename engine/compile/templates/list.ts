/** `list`: a title and items revealed one after another, with dots, numbers or check marks. */
import { F } from './fields.js';
import { background, blend, builders, enter, exit, r2, type GenClip, type TemplateDefinition } from './kit.js';

export const listTemplate: TemplateDefinition = {
  name: 'list',
  fields: {
    title: F.string,
    items: F.list(F.text),
    accentColor: F.color,
    backgroundColor: F.color,
    textColor: F.color,
    itemDelay: F.number({ min: 0 }),
  },
  defaults: {
    title: 'Three things to know',
    items: ['Design it in JSON', 'Render it anywhere', 'Ship it every day'],
    accentColor: '#22c55e',
    backgroundColor: '#0f172a',
    textColor: '#f8fafc',
  },
  variants: {
    default: {},
    numbered: { accentColor: '#6366f1' },
    checklist: { accentColor: '#22c55e' },
  },
  build(p, env) {
    const b = builders(env);
    const { vmin } = env;
    const accent = p.color('accentColor', '#22c55e');
    const bg = p.color('backgroundColor', '#0f172a');
    const fg = p.color('textColor', '#f8fafc');
    const items = p.strings('items');
    const step = p.num('itemDelay') ?? r2(Math.min(0.35, (env.duration * 0.4) / Math.max(1, items.length)));
    const contentWidth = env.width * 0.8;
    const marker = env.variant === 'numbered' ? vmin(7) : env.variant === 'checklist' ? vmin(6.4) : vmin(2.4);
    const gap = vmin(2.8);
    const itemSize = vmin(5);

    const markerOf = (i: number): GenClip => {
      if (env.variant === 'numbered') {
        return b.layout({ direction: 'horizontal', alignItems: 'center', justifyContent: 'center' },
          [b.text(String(i + 1), { style: { fontSize: vmin(3.8), fontWeight: 700, fill: '#ffffff' } })],
          { transform: { width: marker, height: marker }, style: { fill: accent, borderRadius: marker / 2 } });
      }
      if (env.variant === 'checklist') return b.icon('mdi:check-circle', accent, { transform: { width: marker, height: marker } });
      return b.circle(marker, { style: { fill: accent } });
    };
    const rows = items.map((item, i) =>
      b.layout({ direction: 'horizontal', gap, alignItems: 'center' }, [
        markerOf(i),
        b.text(item, {
          transform: { width: r2(contentWidth - marker - gap) },
          style: { fontSize: itemSize, fill: blend(fg, bg, 0.08), textAlign: 'left', lineHeight: 1.25 },
        }),
      ], { animations: enter(0.45 + i * step, vmin(5), 'right', 0.5) }));

    const column: GenClip[] = [];
    if (p.has('title')) {
      column.push(b.text(p.str('title')!, {
        style: { fontSize: vmin(8), fontWeight: 700, fill: fg, textAlign: 'left' },
        animations: enter(0, vmin(4)),
      }));
      column.push(b.rect({
        transform: { width: vmin(12), height: vmin(0.8) },
        style: { fill: accent, borderRadius: vmin(0.4) },
        keyframes: [{ property: 'width', frames: [{ time: 0.2, value: 0 }, { time: 0.7, value: vmin(12), easing: 'easeOutCubic' }] }],
      }));
    }
    column.push(b.layout({ direction: 'vertical', gap: vmin(3), alignItems: 'start' }, rows));
    return [
      { part: 'background', clip: background(env, bg, { gradient: true }) },
      {
        part: 'content',
        clip: b.layout({ direction: 'vertical', gap: vmin(3.4), alignItems: 'start' }, column, {
          zIndex: 1,
          transform: { x: '50%', y: '50%', width: '80%' },
          animations: exit(env.duration),
        }),
      },
    ];
  },
};
