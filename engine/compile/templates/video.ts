/**
 * `subtitle-video` (a full-frame video with captions) and `talking-head` (the same plus a title
 * and a speaker lower third). Without `src` they draw over `backgroundColor`.
 */
import { F, type FieldType } from './fields.js';
import {
  background, blend, builders, enter, exit, r2, tagMedia, withAlpha, type GenClip, type Params, type TemplateDefinition,
  type TemplateEnv, type TemplatePart,
} from './kit.js';

/** `config`: the subtitle clip's config (digest §4.14). */
const captionConfig: FieldType = F.object({
  mode: F.enum(['batch', 'stream']),
  wordsPerBatch: F.number({ min: 1, integer: true }),
  fontSize: F.number({ min: 0, exclusiveMin: true }),
  fontFamily: F.string,
  fontWeight: F.text,
  textAlign: F.enum(['left', 'center', 'right']),
  textBoxWidth: F.length,
  textColor: F.color,
  highlightColor: F.color,
  backgroundColor: F.color,
  shadowColor: F.color,
  shadowBlur: F.number({ min: 0 }),
  borderColor: F.color,
  borderWidth: F.number({ min: 0 }),
  fadeInAnimation: F.boolean,
  position: F.enum(['bottom', 'top', 'center']),
  paddingBottom: F.number(),
});

const mediaFields: Record<string, FieldType> = {
  src: F.video,
  words: F.words,
  config: captionConfig,
  source: F.object({ start: F.number({ min: 0 }), end: F.number({ min: 0, exclusiveMin: true }) }),
  volume: F.number({ min: 0, max: 1 }),
  muted: F.boolean,
  playbackRate: F.number({ min: 0, exclusiveMin: true }),
  fit: F.enum(['cover', 'contain', 'fill']),
  backgroundColor: F.color,
};

/** Caption defaults scaled to the canvas (the digest's 80 px / 150 px are for 1080p). */
function captionDefaults(env: TemplateEnv, size: number, edge: number): Record<string, unknown> {
  return { fontSize: env.vmin(size), paddingBottom: env.vmin(edge), shadowBlur: env.vmin(2), textBoxWidth: '80%' };
}

function videoAndCaptions(p: Params, env: TemplateEnv, captions: Record<string, unknown>): TemplatePart[] {
  const b = builders(env);
  const parts: TemplatePart[] = [{ part: 'background', clip: background(env, p.color('backgroundColor', '#111827'), { gradient: true }) }];
  if (p.has('src')) {
    const media: Record<string, unknown> = {};
    for (const key of ['source', 'volume', 'muted', 'playbackRate'] as const) if (p.raw(key) !== undefined) media[key] = p.raw(key);
    parts.push({
      part: 'video',
      clip: tagMedia(b.video(p.raw('src'), {
        zIndex: 1,
        transform: { x: '50%', y: '50%', width: '100%', height: '100%' },
        style: { objectFit: p.str('fit') ?? 'cover' },
        ...media,
      }), env.pointerOf('src')),
    });
  }
  if (p.has('words')) {
    const config = { ...captions, ...p.obj('config').values };
    parts.push({ part: 'captions', clip: tagMedia(b.subtitle(p.raw('words'), config, { zIndex: 5 }), env.pointerOf('words')) });
  }
  return parts;
}

export const subtitleVideoTemplate: TemplateDefinition = {
  name: 'subtitle-video',
  fields: mediaFields,
  defaults: { fit: 'cover', backgroundColor: '#111827' },
  variants: {
    default: {},
    karaoke: { config: { highlightColor: '#0f172a', backgroundColor: '#facc15', wordsPerBatch: 3 } },
    stream: { config: { mode: 'stream', position: 'center', highlightColor: '#ffffff' } },
  },
  build(p, env) {
    return videoAndCaptions(p, env, captionDefaults(env, 7.4, 12));
  },
};

export const talkingHeadTemplate: TemplateDefinition = {
  name: 'talking-head',
  fields: {
    ...mediaFields,
    title: F.string,
    speaker: F.string,
    role: F.string,
    showLowerThird: F.boolean,
    lowerThirdSeconds: F.number({ min: 0, exclusiveMin: true }),
    accentColor: F.color,
  },
  defaults: { fit: 'cover', backgroundColor: '#1f2937', showLowerThird: true, accentColor: '#38bdf8' },
  variants: {
    default: {},
    minimal: { accentColor: '#facc15' },
  },
  build(p, env) {
    const b = builders(env);
    const { vmin } = env;
    const parts = videoAndCaptions(p, env, captionDefaults(env, 6, 7));
    const accent = p.color('accentColor', '#38bdf8');
    const minimal = env.variant === 'minimal';
    const panel = '#0f172a';
    // Without panels the text carries its own shadow, to read over any video.
    const shade = minimal ? { shadowColor: 'rgba(0,0,0,0.75)', shadowBlur: vmin(1.5), shadowOffset: [0, vmin(0.3)] } : {};
    if (p.has('title')) {
      parts.push({
        part: 'title',
        clip: b.layout({ direction: 'horizontal', gap: vmin(1.6), alignItems: 'center', padding: [vmin(1.2), vmin(2.6)] }, [
          b.circle(vmin(1.8), { style: { fill: accent } }),
          b.text(p.str('title')!, { style: { fontSize: vmin(3.6), fontWeight: 700, fill: '#ffffff', ...shade } }),
        ], {
          zIndex: 3,
          transform: { x: '4%', y: '6%', anchor: 'top-left' },
          style: minimal ? undefined : { fill: withAlpha(panel, 0.7), borderRadius: vmin(1.2) },
          animations: [...enter(0.2, vmin(2), 'down'), ...exit(env.duration)],
        }),
      });
    }
    if (p.bool('showLowerThird', true) && p.has('speaker')) {
      const seconds = Math.min(env.duration, p.num('lowerThirdSeconds') ?? Math.max(3, Math.min(6, env.duration - 0.4)));
      const names: GenClip[] = [b.text(p.str('speaker')!, { style: { fontSize: vmin(5.2), fontWeight: 700, fill: '#ffffff', textAlign: 'left', ...shade } })];
      if (p.has('role')) {
        names.push(b.text(p.str('role')!, { style: { fontSize: vmin(3.4), fill: minimal ? accent : blend('#ffffff', panel, 0.3), textAlign: 'left', ...shade } }));
      }
      const body = b.layout({ direction: 'vertical', gap: vmin(0.6), alignItems: 'start' }, names);
      const children = minimal
        ? [b.rect({ transform: { width: vmin(0.8) }, style: { fill: accent, borderRadius: vmin(0.4) } }), body]
        : [b.rect({ transform: { width: vmin(1) }, style: { fill: accent, borderRadius: vmin(0.5) } }), body];
      parts.push({
        part: 'lower-third',
        clip: b.layout({ direction: 'horizontal', gap: vmin(2.4), alignItems: 'stretch', padding: minimal ? 0 : [vmin(2), vmin(4), vmin(2), vmin(2.2)] }, children, {
          start: 0.4,
          duration: r2(seconds),
          zIndex: 4,
          transform: { x: '4%', y: '64%', anchor: 'left' },
          style: minimal ? undefined : { fill: withAlpha(panel, 0.88), borderRadius: vmin(1.4) },
          animations: [...enter(0, vmin(10), 'right', 0.6), ...exit(seconds, 0.35)],
        }),
      });
    }
    return parts;
  },
};
