/** `text-reveal`: a headline revealed line by line (rising from a mask), word by word, or by a wipe. */
import { F } from './fields.js';
import { background, blend, builders, enter, exit, r2, type GenClip, type TemplateDefinition } from './kit.js';

export const textRevealTemplate: TemplateDefinition = {
  name: 'text-reveal',
  fields: {
    text: F.string,
    subtitle: F.string,
    align: F.enum(['left', 'center']),
    fontSize: F.number({ min: 0, exclusiveMin: true }),
    textColor: F.color,
    accentColor: F.color,
    backgroundColor: F.color,
  },
  defaults: {
    text: 'Make it\nmemorable',
    align: 'center',
    textColor: '#f8fafc',
    accentColor: '#22d3ee',
    backgroundColor: '#0f172a',
  },
  variants: {
    default: {},
    words: { accentColor: '#f472b6' },
    wipe: { accentColor: '#a3e635', align: 'left' },
  },
  build(p, env) {
    const b = builders(env);
    const { vmin } = env;
    const fg = p.color('textColor', '#f8fafc');
    const bg = p.color('backgroundColor', '#0f172a');
    const accent = p.color('accentColor', '#22d3ee');
    const left = p.str('align') === 'left';
    const size = p.num('fontSize') ?? vmin(11);
    const lines = (p.str('text') ?? '').split('\n');
    const textStyle = { fontSize: size, fontWeight: 700, fill: fg, textAlign: left ? 'left' : 'center', lineHeight: 1.15 };
    const column: GenClip[] = [];
    let revealEnd = 0.8;

    if (env.variant === 'wipe') {
      column.push(b.text(lines.join('\n'), {
        style: textStyle,
        transition: { type: 'wipe', direction: 'right', duration: 0.9, easing: 'easeInOutCubic' },
      }));
      revealEnd = 0.9;
    } else if (env.variant === 'words') {
      let k = 0;
      const space = r2(size * 0.3);
      for (const line of lines) {
        const words = line.split(/\s+/).filter(Boolean);
        column.push(b.layout({ direction: 'horizontal', gap: space, alignItems: 'end' }, words.map((word) => {
          const delay = r2(0.1 + k++ * 0.12);
          return b.text(word, {
            style: textStyle,
            animations: [
              { type: 'fadeIn', duration: 0.35, delay, easing: 'easeOutCubic' },
              { type: 'slideIn', direction: 'up', distance: r2(size * 0.5), duration: 0.45, delay, easing: 'easeOutBack' },
            ],
          });
        })));
      }
      revealEnd = 0.1 + k * 0.12 + 0.3;
    } else {
      // Each line rises into place from behind its own mask (a clipping layout).
      lines.forEach((line, i) => {
        const delay = r2(0.1 + i * 0.2);
        column.push(b.layout({ direction: 'vertical', clip: true }, [
          b.text(line || ' ', {
            style: textStyle,
            animations: [{ type: 'slideIn', direction: 'up', distance: r2(size * 1.3), duration: 0.7, delay, easing: 'easeOutCubic' }],
          }),
        ]));
      });
      revealEnd = 0.1 + lines.length * 0.2 + 0.4;
    }
    const bar = vmin(16);
    column.push(b.rect({
      transform: { width: bar, height: vmin(1.1) },
      style: { fill: accent, borderRadius: vmin(0.55) },
      keyframes: [{ property: 'width', frames: [{ time: r2(revealEnd), value: 0 }, { time: r2(revealEnd + 0.5), value: bar, easing: 'easeOutCubic' }] }],
    }));
    if (p.has('subtitle')) {
      column.push(b.text(p.str('subtitle')!, {
        style: { fontSize: r2(size * 0.4), fill: blend(fg, bg, 0.35), textAlign: left ? 'left' : 'center' },
        animations: enter(revealEnd + 0.2, vmin(2)),
      }));
    }
    return [
      { part: 'background', clip: background(env, bg, { gradient: true }) },
      {
        part: 'content',
        clip: b.layout({ direction: 'vertical', gap: vmin(2.2), alignItems: left ? 'start' : 'center' }, column, {
          zIndex: 1,
          transform: left ? { x: '8%', y: '50%', width: '84%', anchor: 'left' } : { x: '50%', y: '50%', width: '84%' },
          animations: exit(env.duration),
        }),
      },
    ];
  },
};
