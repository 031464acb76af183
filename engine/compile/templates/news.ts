/** `news`: a broadcast lower third (label, headline) over an optional picture, with a scrolling ticker. */
import { F } from './fields.js';
import { background, builders, enter, exit, r2, tagMedia, withAlpha, type TemplateDefinition, type TemplatePart } from './kit.js';

/** Average advance of DejaVu Sans (regular) per character, in em: sizes the ticker's travel. */
const TICKER_EM_PER_CHAR = 0.62;

export const newsTemplate: TemplateDefinition = {
  name: 'news',
  fields: {
    headline: F.string,
    label: F.string,
    ticker: F.list(F.text),
    image: F.image,
    source: F.string,
    time: F.string,
    accentColor: F.color,
    backgroundColor: F.color,
    textColor: F.color,
  },
  defaults: {
    headline: 'Framesmith renders templates straight from JSON',
    label: 'BREAKING NEWS',
    ticker: [],
    accentColor: '#dc2626',
    backgroundColor: '#0b1220',
    textColor: '#ffffff',
  },
  variants: {
    default: {},
    live: { label: 'LIVE', accentColor: '#2563eb' },
  },
  build(p, env) {
    const b = builders(env);
    const { vmin } = env;
    const accent = p.color('accentColor', '#dc2626');
    const bg = p.color('backgroundColor', '#0b1220');
    const fg = p.color('textColor', '#ffffff');
    const ticker = p.strings('ticker');
    const hasTicker = ticker.length > 0;
    const bandBottom = hasTicker ? 85 : 100;
    const bandHeight = hasTicker ? 23 : 26;
    const parts: TemplatePart[] = [];

    if (p.has('image')) {
      parts.push({
        part: 'image',
        clip: tagMedia(b.image(p.raw('image'), {
          transform: { x: '50%', y: '50%', width: '100%', height: '100%' },
          style: { objectFit: 'cover' },
          animations: [{ type: 'scale', from: 1, to: 1.06, duration: env.duration, easing: 'linear' }],
        }), env.pointerOf('image')),
      });
      parts.push({
        part: 'scrim',
        clip: b.rect({
          zIndex: 1,
          transform: { x: '50%', y: '50%', width: '100%', height: '100%' },
          style: { fill: { type: 'linear', angle: 180, stops: [{ offset: 0.35, color: withAlpha(bg, 0) }, { offset: 1, color: withAlpha(bg, 0.85) }] } },
        }),
      });
    } else {
      parts.push({ part: 'background', clip: background(env, bg, { gradient: true }) });
    }

    if (p.has('source')) {
      parts.push({
        part: 'source',
        clip: b.layout({ direction: 'horizontal', padding: [vmin(1), vmin(2.2)] }, [
          b.text(p.str('source')!, { style: { fontSize: vmin(3), fontWeight: 700, fill: fg, letterSpacing: vmin(0.3) } }),
        ], {
          zIndex: 3,
          transform: { x: '4%', y: '7%', anchor: 'top-left' },
          style: { fill: withAlpha(bg, 0.75), borderRadius: vmin(1) },
          animations: [{ type: 'fadeIn', duration: 0.4 }, ...exit(env.duration)],
        }),
      });
    }

    parts.push({
      part: 'band',
      clip: b.rect({
        zIndex: 2,
        transform: { x: 0, y: `${bandBottom}%`, width: '100%', height: `${bandHeight}%`, anchor: 'bottom-left' },
        style: { fill: withAlpha('#0b1220', 0.92) },
        animations: [...enter(0, env.width * 0.3, 'right', 0.5), ...exit(env.duration)],
      }),
    });
    parts.push({
      part: 'headline',
      clip: b.text(p.str('headline') ?? '', {
        zIndex: 3,
        transform: { x: '4%', y: r2((env.height * (bandBottom - bandHeight)) / 100 + vmin(5.5)), width: '92%', anchor: 'top-left' },
        style: { fontSize: vmin(6), fontWeight: 700, fill: fg, textAlign: 'left', lineHeight: 1.15 },
        animations: [...enter(0.35, vmin(3)), ...exit(env.duration)],
      }),
    });
    if (p.has('label')) {
      parts.push({
        part: 'label',
        clip: b.layout({ direction: 'horizontal', padding: [vmin(1.2), vmin(2.6)] }, [
          b.text(p.str('label')!, { style: { fontSize: vmin(3.6), fontWeight: 700, fill: '#ffffff', letterSpacing: vmin(0.25) } }),
        ], {
          zIndex: 4,
          transform: { x: '4%', y: `${bandBottom - bandHeight}%`, anchor: 'left' },
          style: { fill: accent, borderRadius: vmin(0.8) },
          animations: [{ type: 'fadeIn', duration: 0.3, delay: 0.2 }, { type: 'scale', from: 0.6, to: 1, duration: 0.4, delay: 0.2, easing: 'easeOutBack' }, ...exit(env.duration)],
        }),
      });
    }

    if (hasTicker) {
      const size = vmin(4);
      const text = ticker.join('   \u2022   ');
      const travel = text.length * size * TICKER_EM_PER_CHAR;
      parts.push({
        part: 'ticker-bar',
        clip: b.rect({
          zIndex: 2,
          transform: { x: 0, y: '100%', width: '100%', height: '15%', anchor: 'bottom-left' },
          style: { fill: '#f8fafc' },
        }),
      });
      parts.push({
        part: 'ticker',
        clip: b.text(text, {
          zIndex: 3,
          transform: { x: '100%', y: '92.5%', anchor: 'left' },
          style: { fontSize: size, fontWeight: 700, fill: '#0f172a' },
          animations: [{ type: 'move', from: { x: env.width * 0.72 }, to: { x: r2(-travel) }, duration: r2(Math.max(4, (env.width * 0.72 + travel) / (env.width * 0.22))), easing: 'linear', loop: true }],
        }),
      });
      if (p.has('time')) {
        parts.push({
          part: 'time',
          clip: b.layout({ direction: 'horizontal', alignItems: 'center', justifyContent: 'center' }, [
            b.text(p.str('time')!, { style: { fontSize: size, fontWeight: 700, fill: '#ffffff' } }),
          ], {
            zIndex: 4,
            transform: { x: 0, y: '100%', width: '16%', height: '15%', anchor: 'bottom-left' },
            style: { fill: accent },
          }),
        });
      }
    }
    return parts;
  },
};
