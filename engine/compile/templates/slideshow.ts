/** `slideshow`: one picture per slide with a built-in transition and optional captions. */
import { F } from './fields.js';
import { builders, r2, tagMedia, type TemplateDefinition, type TemplatePart } from './kit.js';

export const slideshowTemplate: TemplateDefinition = {
  name: 'slideshow',
  fields: {
    images: F.list(F.object({ image: F.image, caption: F.string }, ['image']), 1),
    durationPerSlide: F.number({ min: 0, exclusiveMin: true }),
    showCaptions: F.boolean,
    transitionDuration: F.number({ min: 0 }),
    fit: F.enum(['cover', 'contain', 'fill']),
    backgroundColor: F.color,
    captionColor: F.color,
  },
  defaults: {
    showCaptions: true,
    fit: 'cover',
    backgroundColor: '#000000',
    captionColor: '#ffffff',
  },
  variants: {
    default: {},
    kenburns: {},
    push: {},
  },
  required: ['images'],
  build(p, env) {
    const b = builders(env);
    const { vmin } = env;
    const slides = p.list('images') as Array<{ image?: unknown; caption?: string }>;
    const per = p.num('durationPerSlide') ?? env.duration / slides.length;
    const overlap = Math.min(p.num('transitionDuration') ?? 0.6, per / 2);
    const showCaptions = p.bool('showCaptions', true);
    const parts: TemplatePart[] = [
      { part: 'background', clip: b.rect({ transform: { x: '50%', y: '50%', width: '100%', height: '100%' }, style: { fill: p.color('backgroundColor', '#000000') } }) },
    ];
    const anyCaption = showCaptions && slides.some((s) => typeof s.caption === 'string' && s.caption.length > 0);
    if (anyCaption) {
      parts.push({
        part: 'scrim',
        clip: b.rect({
          zIndex: 2,
          transform: { x: 0, y: '100%', width: '100%', height: '40%', anchor: 'bottom-left' },
          style: { fill: { type: 'linear', angle: 180, stops: [{ offset: 0, color: 'rgba(0,0,0,0)' }, { offset: 1, color: 'rgba(0,0,0,0.65)' }] } },
        }),
      });
    }
    slides.forEach((slide, i) => {
      const start = i * per;
      if (start >= env.duration) return;
      const last = i === slides.length - 1 || start + per >= env.duration;
      // Each slide stays under the next one while it comes in.
      const duration = last ? env.duration - start : per + overlap;
      const animations: Array<Record<string, unknown>> = [];
      let transition: Record<string, unknown> | undefined;
      if (env.variant === 'push') {
        transition = { type: 'push', direction: 'left', duration: r2(overlap), easing: 'easeInOutCubic' };
      } else {
        if (i > 0) animations.push({ type: 'fadeIn', duration: r2(overlap), easing: 'easeInOutSine' });
        if (env.variant === 'kenburns') {
          animations.push({ type: 'scale', from: 1, to: 1.1, duration: r2(duration), easing: 'linear' });
        }
      }
      parts.push({
        part: `slide-${i}`,
        clip: tagMedia(b.image(slide.image, {
          start: r2(start),
          duration: r2(duration),
          zIndex: 1,
          transform: { x: '50%', y: '50%', width: '100%', height: '100%' },
          style: { objectFit: p.str('fit') ?? 'cover' },
          animations,
          transition,
        }), env.pointerOf(`images/${i}/image`)),
      });
      if (showCaptions && slide.caption) {
        parts.push({
          part: `caption-${i}`,
          clip: b.text(slide.caption, {
            start: r2(start),
            duration: r2(last ? env.duration - start : per),
            zIndex: 3,
            transform: { x: '50%', y: '86%', width: '88%' },
            style: {
              fontSize: vmin(6), fontWeight: 700, fill: p.color('captionColor', '#ffffff'),
              shadowColor: 'rgba(0,0,0,0.6)', shadowBlur: vmin(1.5), shadowOffset: [0, vmin(0.4)],
            },
            animations: [
              { type: 'fadeIn', duration: 0.4, delay: r2(Math.min(0.3, overlap)), easing: 'easeOutCubic' },
              { type: 'slideIn', direction: 'up', distance: vmin(3), duration: 0.5, delay: r2(Math.min(0.3, overlap)), easing: 'easeOutCubic' },
              ...(last ? [] : [{ type: 'fadeOut', duration: 0.25, delay: r2(Math.max(0, per - 0.25)) }]),
            ],
          }),
        });
      }
    });
    return parts;
  },
};
