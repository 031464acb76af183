/** `comparison`: two sides (title, optional picture, items) with a "VS" badge between them. */
import { F, type FieldType } from './fields.js';
import { background, blend, builders, enter, exit, r2, tagMedia, withAlpha, type GenClip, type Params, type TemplateDefinition } from './kit.js';

const side: FieldType = F.object({ title: F.string, items: F.list(F.text), image: F.image, color: F.color });

export const comparisonTemplate: TemplateDefinition = {
  name: 'comparison',
  fields: {
    title: F.string,
    left: side,
    right: side,
    vsLabel: F.string,
    backgroundColor: F.color,
    cardColor: F.color,
    textColor: F.color,
  },
  defaults: {
    left: { title: 'Before', items: ['Edited by hand', 'Hours per video'], color: '#f43f5e' },
    right: { title: 'After', items: ['Written as JSON', 'Seconds per video'], color: '#22c55e' },
    vsLabel: 'VS',
    backgroundColor: '#0f172a',
    cardColor: '#1e293b',
    textColor: '#f8fafc',
  },
  variants: {
    default: {},
    split: { backgroundColor: '#0b1120' },
  },
  build(p, env) {
    const b = builders(env);
    const { vmin } = env;
    const bg = p.color('backgroundColor', '#0f172a');
    const fg = p.color('textColor', '#f8fafc');
    const cardColor = p.color('cardColor', '#1e293b');
    const split = env.variant === 'split';
    const hasTitle = p.has('title');
    const cardWidthPct = split ? 42 : 40;
    const pad = vmin(4);
    const parts: Array<{ part: string; clip: GenClip }> = [{ part: 'background', clip: background(env, bg, { gradient: !split }) }];

    const column = (which: 'left' | 'right', s: Params, index: number): GenClip => {
      const color = s.color('color', which === 'left' ? '#f43f5e' : '#22c55e');
      const innerWidth = (env.width * cardWidthPct) / 100 - 2 * pad;
      const icon = vmin(5);
      const gap = vmin(1.8);
      const children: GenClip[] = [
        b.text(s.str('title') ?? '', { style: { fontSize: vmin(6.4), fontWeight: 700, fill: color, textAlign: 'left' } }),
        b.rect({ transform: { height: vmin(0.7) }, style: { fill: withAlpha(color, 0.6), borderRadius: vmin(0.35) } }),
      ];
      if (s.has('image')) {
        children.push(tagMedia(b.image(s.raw('image'), {
          transform: { height: vmin(22) },
          style: { objectFit: 'cover', borderRadius: vmin(1.6) },
        }), env.pointerOf(`${which}/image`)));
      }
      s.strings('items').forEach((item, i) => {
        children.push(b.layout({ direction: 'horizontal', gap, alignItems: 'center' }, [
          b.icon(which === 'left' ? 'mdi:close-circle' : 'mdi:check-circle', color, { transform: { width: icon, height: icon } }),
          b.text(item, { transform: { width: r2(innerWidth - icon - gap) }, style: { fontSize: vmin(4.4), fill: blend(fg, bg, 0.1), textAlign: 'left' } }),
        ], { animations: enter(0.6 + index * 0.2 + i * 0.18, vmin(3), which === 'left' ? 'right' : 'left', 0.5) }));
      });
      return b.layout({ direction: 'vertical', gap: vmin(2.6), alignItems: 'stretch', padding: pad }, children, {
        transform: { width: `${cardWidthPct}%` },
        style: split ? undefined : { fill: cardColor, borderRadius: vmin(3), stroke: withAlpha(color, 0.35), strokeWidth: vmin(0.3) },
        animations: enter(0.1 + index * 0.2, vmin(8), which === 'left' ? 'right' : 'left'),
      });
    };

    if (split) {
      for (const which of ['left', 'right'] as const) {
        const color = p.obj(which).color('color', which === 'left' ? '#f43f5e' : '#22c55e');
        parts.push({
          part: `${which}-half`,
          clip: b.rect({
            zIndex: 1,
            transform: { x: which === 'left' ? 0 : '100%', y: 0, width: '50%', height: '100%', anchor: which === 'left' ? 'top-left' : 'top-right' },
            style: { fill: { type: 'linear', angle: 180, stops: [{ offset: 0, color: withAlpha(color, 0.22) }, { offset: 1, color: withAlpha(color, 0.06) }] } },
          }),
        });
      }
    }
    // The title above a row of two cards that share the taller one's height, the badge between.
    const badge = vmin(12);
    const middle = b.layout({ direction: 'vertical', justifyContent: 'center', alignItems: 'center' }, p.has('vsLabel')
      ? [b.layout({ direction: 'horizontal', alignItems: 'center', justifyContent: 'center' }, [
          b.text(p.str('vsLabel')!, { style: { fontSize: vmin(4.6), fontWeight: 700, fill: bg } }),
        ], {
          transform: { width: badge, height: badge },
          style: { fill: fg, borderRadius: badge / 2, shadowColor: 'rgba(0,0,0,0.4)', shadowBlur: vmin(3) },
          animations: [{ type: 'fadeIn', duration: 0.3, delay: 0.5 }, { type: 'scale', from: 0, to: 1, duration: 0.5, delay: 0.5, easing: 'easeOutBack' }],
        })]
      : []);
    const row = b.layout({ direction: 'horizontal', alignItems: 'stretch', justifyContent: 'space-between' },
      [column('left', p.obj('left'), 0), middle, column('right', p.obj('right'), 1)],
      { transform: { width: `${2 * cardWidthPct + (split ? 8 : 6)}%` } });
    const stack: GenClip[] = [];
    if (hasTitle) {
      stack.push(b.text(p.str('title')!, {
        transform: { width: '90%' },
        style: { fontSize: vmin(7), fontWeight: 700, fill: fg },
        animations: enter(0, vmin(3)),
      }));
    }
    stack.push(row);
    parts.push({
      part: 'content',
      clip: b.layout({ direction: 'vertical', gap: vmin(6), alignItems: 'center' }, stack, {
        zIndex: 2,
        transform: { x: '50%', y: '50%', width: '100%' },
        animations: exit(env.duration),
      }),
    });
    return parts;
  },
};

