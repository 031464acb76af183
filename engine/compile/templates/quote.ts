/** `quote`: a quotation with its author, optional portrait. */
import { F } from './fields.js';
import { background, blend, builders, enter, exit, tagMedia, type GenClip, type TemplateDefinition } from './kit.js';

export const quoteTemplate: TemplateDefinition = {
  name: 'quote',
  fields: {
    quote: F.string,
    author: F.string,
    role: F.string,
    image: F.image,
    accentColor: F.color,
    backgroundColor: F.color,
    textColor: F.color,
  },
  defaults: {
    quote: 'Simplicity is the ultimate sophistication.',
    author: 'Leonardo da Vinci',
    accentColor: '#f59e0b',
    backgroundColor: '#0f172a',
    textColor: '#f8fafc',
  },
  variants: {
    default: {},
    card: { backgroundColor: '#e2e8f0', textColor: '#0f172a', accentColor: '#6366f1' },
    minimal: { backgroundColor: '#111827' },
  },
  build(p, env) {
    const b = builders(env);
    const { vmin } = env;
    const accent = p.color('accentColor', '#f59e0b');
    const bg = p.color('backgroundColor', '#0f172a');
    const fg = p.color('textColor', '#f8fafc');
    const card = env.variant === 'card';
    const minimal = env.variant === 'minimal';
    const muted = blend(fg, card ? '#ffffff' : bg, 0.4);
    const align = minimal ? 'left' : 'center';

    const quoteText = b.text(p.str('quote') ?? '', {
      style: { fontFamily: 'serif', fontStyle: 'italic', fontSize: vmin(6.4), lineHeight: 1.35, fill: fg, textAlign: align },
      animations: enter(0.25, vmin(4)),
    });
    const rule = b.rect({
      transform: { width: vmin(10), height: vmin(0.7) },
      style: { fill: accent, borderRadius: vmin(0.35) },
      keyframes: [{ property: 'width', frames: [{ time: 0.5, value: 0 }, { time: 1.1, value: vmin(10), easing: 'easeOutCubic' }] }],
    });
    const names: GenClip[] = [];
    if (p.has('author')) {
      names.push(b.text(p.str('author')!, { style: { fontSize: vmin(4), fontWeight: 700, fill: fg, textAlign: 'left' } }));
    }
    if (p.has('role')) names.push(b.text(p.str('role')!, { style: { fontSize: vmin(3.2), fill: muted, textAlign: 'left' } }));
    const byline: GenClip[] = [];
    if (p.has('image')) {
      byline.push(tagMedia(b.image(p.raw('image'), {
        transform: { width: vmin(11), height: vmin(11) },
        style: { objectFit: 'cover', borderRadius: vmin(5.5) },
      }), env.pointerOf('image')));
    }
    if (names.length > 0) {
      byline.push(b.layout({ direction: 'vertical', gap: vmin(0.6), alignItems: byline.length > 0 || minimal ? 'start' : 'center' }, names));
    }

    const column: GenClip[] = [];
    if (!minimal) {
      column.push(b.icon('mdi:format-quote-open', accent, {
        transform: { width: vmin(15), height: vmin(15) },
        animations: [{ type: 'fadeIn', duration: 0.5, easing: 'easeOutCubic' }, { type: 'scale', from: 0.6, to: 1, duration: 0.6, easing: 'easeOutBack' }],
      }));
    }
    column.push(quoteText, rule);
    if (byline.length > 0) {
      column.push(b.layout({ direction: 'horizontal', gap: vmin(2.5), alignItems: 'center' }, byline, { animations: enter(0.8, vmin(3)) }));
    }

    const parts = [{ part: 'background', clip: background(env, bg, { gradient: true }) }];
    if (minimal) {
      const body = b.layout({ direction: 'vertical', gap: vmin(3.2), alignItems: 'start' }, column);
      const bar = b.rect({ transform: { width: vmin(1) }, style: { fill: accent, borderRadius: vmin(0.5) }, animations: [{ type: 'fadeIn', duration: 0.4 }] });
      parts.push({
        part: 'content',
        clip: b.layout({ direction: 'horizontal', gap: vmin(5), alignItems: 'stretch' }, [bar, body], {
          zIndex: 1,
          transform: { x: '10%', y: '50%', width: '80%', anchor: 'left' },
          animations: exit(env.duration),
        }),
      });
      return parts;
    }
    const content = b.layout({ direction: 'vertical', gap: vmin(3.2), alignItems: 'center', ...(card ? { padding: [vmin(6), vmin(7), vmin(7), vmin(7)] } : {}) }, column, {
      zIndex: 1,
      transform: { x: '50%', y: '50%', width: card ? '78%' : '84%' },
      style: card ? { fill: '#ffffff', borderRadius: vmin(3), shadowColor: 'rgba(15,23,42,0.25)', shadowBlur: vmin(5), shadowOffset: [0, vmin(1.5)] } : undefined,
      animations: card ? [...enter(0, vmin(4)), ...exit(env.duration)] : exit(env.duration),
    });
    parts.push({ part: 'content', clip: content });
    return parts;
  },
};
