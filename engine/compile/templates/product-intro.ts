/** `product-intro`: product picture, name, tagline, features, price and a call to action. */
import { F } from './fields.js';
import { background, blend, builders, enter, exit, r2, tagMedia, withAlpha, type GenClip, type TemplateDefinition, type TemplatePart } from './kit.js';

export const productIntroTemplate: TemplateDefinition = {
  name: 'product-intro',
  fields: {
    name: F.string,
    tagline: F.string,
    features: F.list(F.text),
    price: F.text,
    image: F.image,
    cta: F.string,
    accentColor: F.color,
    backgroundColor: F.color,
    textColor: F.color,
  },
  defaults: {
    name: 'Product name',
    features: [],
    accentColor: '#6366f1',
    backgroundColor: '#0f172a',
    textColor: '#f8fafc',
  },
  variants: {
    default: {},
    centered: {},
    light: { backgroundColor: '#f8fafc', textColor: '#0f172a', accentColor: '#4f46e5' },
  },
  build(p, env) {
    const b = builders(env);
    const { vmin } = env;
    const accent = p.color('accentColor', '#6366f1');
    const bg = p.color('backgroundColor', '#0f172a');
    const fg = p.color('textColor', '#f8fafc');
    const muted = blend(fg, bg, 0.35);
    const centered = env.variant === 'centered';
    const hasImage = p.has('image');
    const align = centered ? 'center' : 'left';
    const parts: TemplatePart[] = [{ part: 'background', clip: background(env, bg, { gradient: true }) }];

    // Image: left half (default) or top centre (centered).
    const imageBox = centered
      ? { x: '50%', y: '25%', width: vmin(32), height: vmin(32) }
      : { x: '27%', y: '50%', width: '38%', height: '64%' };
    if (hasImage) {
      // A soft glow of the accent colour behind the picture.
      parts.push({
        part: 'glow',
        clip: b.circle(vmin(centered ? 70 : 95), {
          zIndex: 1,
          transform: { x: imageBox.x, y: imageBox.y },
          style: { fill: { type: 'radial', stops: [{ offset: 0, color: withAlpha(accent, 0.45) }, { offset: 0.7, color: withAlpha(accent, 0) }] } },
          animations: [{ type: 'fadeIn', duration: 0.8 }],
        }),
      });
      parts.push({
        part: 'image',
        clip: tagMedia(b.image(p.raw('image'), {
          zIndex: 2,
          transform: imageBox,
          style: { objectFit: 'cover', borderRadius: vmin(3), shadowColor: 'rgba(0,0,0,0.35)', shadowBlur: vmin(4), shadowOffset: [0, vmin(1.5)] },
          animations: [
            { type: 'fadeIn', duration: 0.5, easing: 'easeOutCubic' },
            { type: 'scale', from: 0.9, to: 1, duration: 0.7, easing: 'easeOutCubic' },
            ...exit(env.duration),
          ],
        }), env.pointerOf('image')),
      });
    }

    const column: GenClip[] = [];
    let delay = 0.2;
    const next = (step = 0.15) => r2((delay += step) - step);
    column.push(b.text(p.str('name') ?? '', {
      style: { fontSize: vmin(centered ? 8 : 9), fontWeight: 700, fill: fg, textAlign: align, lineHeight: 1.1 },
      animations: enter(next(), vmin(4)),
    }));
    if (p.has('tagline')) {
      column.push(b.text(p.str('tagline')!, { style: { fontSize: vmin(4.4), fill: muted, textAlign: align, lineHeight: 1.3 }, animations: enter(next(), vmin(4)) }));
    }
    const features = p.strings('features');
    if (features.length > 0) {
      const icon = vmin(4.6);
      const gap = vmin(1.5);
      const columnWidth = centered ? env.width * 0.7 : env.width * (hasImage ? 0.4 : 0.76);
      column.push(b.layout({ direction: 'vertical', gap: vmin(1.4), alignItems: centered ? 'center' : 'start' }, features.map((f) =>
        b.layout({ direction: 'horizontal', gap, alignItems: 'center' }, [
          b.icon('mdi:check-circle', accent, { transform: { width: icon, height: icon } }),
          b.text(f, {
            ...(centered ? {} : { transform: { width: r2(columnWidth - icon - gap) } }),
            style: { fontSize: vmin(4), fill: blend(fg, bg, 0.12), textAlign: 'left' },
          }),
        ], { animations: enter(next(0.12), vmin(3), 'right', 0.5) })), {}));
    }
    const closing: GenClip[] = [];
    if (p.has('price')) {
      closing.push(b.text(p.str('price')!, { style: { fontSize: vmin(7), fontWeight: 700, fill: accent } }));
    }
    if (p.has('cta')) {
      closing.push(b.layout({ direction: 'horizontal', padding: [vmin(1.8), vmin(4)] }, [
        b.text(p.str('cta')!, { style: { fontSize: vmin(3.8), fontWeight: 700, fill: '#ffffff' } }),
      ], {
        style: { fill: accent, borderRadius: vmin(4), shadowColor: withAlpha(accent, 0.5), shadowBlur: vmin(3) },
        animations: [{ type: 'scale', from: 1, to: 1.05, duration: 0.6, delay: 1.6, easing: 'easeInOutSine' }],
      }));
    }
    if (closing.length > 0) {
      column.push(b.layout({ direction: 'horizontal', gap: vmin(4), alignItems: 'center' }, closing, { animations: enter(next(), vmin(4)) }));
    }

    const columnTransform = centered
      ? (hasImage ? { x: '50%', y: '46%', width: '76%', anchor: 'top' } : { x: '50%', y: '50%', width: '76%' })
      : hasImage
        ? { x: '52%', y: '50%', width: '40%', anchor: 'left' }
        : { x: '12%', y: '50%', width: '76%', anchor: 'left' };
    parts.push({
      part: 'content',
      clip: b.layout({ direction: 'vertical', gap: vmin(2.6), alignItems: centered ? 'center' : 'start' }, column, {
        zIndex: 3,
        transform: columnTransform,
        animations: exit(env.duration),
      }),
    });
    return parts;
  },
};
