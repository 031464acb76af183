import { describe, expect, it } from 'vitest';
import { TEMPLATE_NAMES, type RvDocument, type RvTemplateClip } from '../../../schema/renderingvideo-v2.js';
import { expandTemplate } from '../../../engine/compile/expand-template.js';
import { F, mergeParams } from '../../../engine/compile/templates/fields.js';
import { TEMPLATES } from '../../../engine/compile/templates/index.js';
import { compileDocument } from '../../../engine/load-composition.js';
import { hasErrorCode, type FramesmithError } from '../../../engine/errors.js';
import type { Layer } from '../../../engine/model/composition.js';

const POINTER = '/tracks/0/clips/3';

function doc(extra: Partial<RvDocument> = {}): RvDocument {
  return {
    meta: { version: '2.0.0', width: 1280, height: 720, fps: 30 },
    assets: {
      images: [{ id: 'pic', src: 'pic.png' }],
      videos: [{ id: 'clip', src: 'clip.mp4' }],
      subtitles: [{ id: 'subs', words: [{ word: 'hi', punctuated_word: 'Hi.', start: 0, end: 0.5 }] }],
    },
    tracks: [{ clips: [] }],
    ...extra,
  } as RvDocument;
}

function template(fields: Partial<RvTemplateClip> & Pick<RvTemplateClip, 'template'>): RvTemplateClip {
  return { type: 'template', start: 2, duration: 5, data: {}, ...fields } as RvTemplateClip;
}

function expand(clip: RvTemplateClip, d = doc()) {
  return expandTemplate(clip, POINTER, { doc: d, width: 1280, height: 720, start: clip.start, duration: clip.duration });
}

function issuesOf(fn: () => unknown): Array<{ pointer: string; message: string }> {
  try {
    fn();
  } catch (err) {
    expect(hasErrorCode(err, 'ERR_TIMELINE_INVALID')).toBe(true);
    return (err as FramesmithError).issues;
  }
  throw new Error('expected an invalid-composition error');
}

/** Every generated clip, layout children included. */
function allClips(clips: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  return clips.flatMap((c) => [c, ...(c.type === 'layout' ? allClips(c.children as Array<Record<string, unknown>>) : [])]);
}

function textsOf(parts: ReturnType<typeof expand>['parts']): string[] {
  return allClips(parts.map((p) => p.clip as unknown as Record<string, unknown>)).filter((c) => c.type === 'text').map((c) => c.text as string);
}

describe('template parameters', () => {
  it('merges defaults → variant → data → overrides.data; objects merge by key, lists replace, null removes', () => {
    const fields = { a: F.string, b: F.string, c: F.string, list: F.list(F.string), cfg: F.object({ x: F.number(), y: F.number() }) };
    const merged = mergeParams(fields, [
      { a: 'default', b: 'default', c: 'default', list: [1, 2], cfg: { x: 1, y: 1 } },
      { b: 'variant', cfg: { y: 2 } },
      { c: 'data', list: [3], cfg: { x: 3 } },
      { c: 'override', a: null },
    ]);
    expect(merged).toEqual({ b: 'variant', c: 'override', list: [3], cfg: { x: 3, y: 2 } });
  });

  it('applies the merge order to a real template', () => {
    // quote: default accent #f59e0b, variant card sets #6366f1; data then overrides.data win.
    const rule = (clip: RvTemplateClip) => {
      const content = expand(clip).parts.find((p) => p.pointer.endsWith('/content'))!.clip as unknown as Record<string, unknown>;
      return allClips([content]).find((c) => c.type === 'rect')!.style as Record<string, unknown>;
    };
    expect(rule(template({ template: 'quote' })).fill).toBe('#f59e0b');
    expect(rule(template({ template: 'quote', variant: 'card' })).fill).toBe('#6366f1');
    expect(rule(template({ template: 'quote', variant: 'card', data: { accentColor: '#111111' } })).fill).toBe('#111111');
    expect(rule(template({
      template: 'quote', variant: 'card', data: { accentColor: '#111111' }, overrides: { data: { accentColor: '#222222' } },
    })).fill).toBe('#222222');
    const texts = textsOf(expand(template({ template: 'quote', data: { author: 'A' }, overrides: { data: { author: 'B' } } })).parts);
    expect(texts).toContain('B');
    expect(texts).not.toContain('A');
  });
});

describe('template overrides', () => {
  const clip = template({
    template: 'list',
    zIndex: 2,
    data: { items: ['one', 'two'] },
    overrides: { style: { fontFamily: 'serif', shadowBlur: 3 }, transition: { type: 'fade', duration: 0.4 }, zIndexOffset: 10 },
  });
  const { parts } = expand(clip);
  const generated = parts.map((p) => p.clip as unknown as Record<string, unknown>);

  it('merges overrides.style into every generated clip, layout children included, keeping other style fields', () => {
    const all = allClips(generated);
    expect(all.length).toBeGreaterThan(5);
    for (const c of all) expect(c.style).toMatchObject({ fontFamily: 'serif', shadowBlur: 3 });
    const title = all.find((c) => c.text === 'Three things to know')!;
    expect(title.style).toMatchObject({ fontWeight: 700 });
  });

  it('adds overrides.transition to top-level clips that have none', () => {
    for (const c of generated) expect(c.transition).toEqual({ type: 'fade', duration: 0.4 });
    const slides = expand(template({
      template: 'slideshow', variant: 'push', data: { images: [{ image: 'a.png' }, { image: 'b.png' }] },
      overrides: { transition: { type: 'fade', duration: 0.4 } },
    })).parts.filter((p) => p.pointer.includes('/slide-')).map((p) => p.clip as unknown as Record<string, unknown>);
    expect(slides.map((s) => (s.transition as { type: string }).type)).toEqual(['push', 'push']);
  });

  it('adds the template zIndex and zIndexOffset to every generated clip', () => {
    expect(generated.map((c) => c.zIndex)).toEqual([12, 13]);
  });

  it('shifts generated clips to the template window and cuts them to it', () => {
    for (const c of generated) {
      expect(c.start as number).toBeGreaterThanOrEqual(2);
      expect((c.start as number) + (c.duration as number)).toBeLessThanOrEqual(7 + 1e-9);
    }
    const countdown = expand(template({ template: 'countdown', data: { stepSeconds: 2 } })).parts;
    // 3, 2, 1 and "Go!" at 2 s each do not fit in 5 s: "1" is cut, "Go!" dropped.
    const numbers = countdown.filter((p) => /number|end/.test(p.pointer)).map((p) => p.clip as unknown as Record<string, unknown>);
    expect(numbers.map((c) => [c.text, c.start, c.duration])).toEqual([['3', 2, 2], ['2', 4, 2], ['1', 6, 1]]);
  });

  it('names generated clips under the template pointer', () => {
    expect(parts.map((p) => p.pointer)).toEqual([`${POINTER}/template/background`, `${POINTER}/template/content`]);
  });
});

describe('template variants and data checks', () => {
  it('falls back to the default variant with a warning naming the pointer', () => {
    const { warnings, parts } = expand(template({ template: 'quote', variant: 'fancy' }));
    expect(warnings).toEqual([
      `${POINTER}/variant: template "quote" has no variant "fancy" (known: default, card, minimal); using "default"`,
    ]);
    expect(parts.length).toBeGreaterThan(0);
  });

  it('raises an invalid-composition error at the pointer of a value of the wrong type', () => {
    const issues = issuesOf(() => expand(template({
      template: 'slideshow',
      data: { images: [{ image: 'a.png' }, { image: 42, caption: 7 }, { caption: 'no picture' }], durationPerSlide: -1, showCaptions: 'yes' },
    })));
    expect(issues).toEqual([
      { pointer: `${POINTER}/data/images/1/image`, message: 'must be a path or URL, or {"$ref": "<assets.images id>"}, got 42' },
      { pointer: `${POINTER}/data/images/1/caption`, message: 'must be a string, got 7' },
      { pointer: `${POINTER}/data/images/2/image`, message: 'missing required field "image"' },
      { pointer: `${POINTER}/data/durationPerSlide`, message: 'must be a number > 0, got -1' },
      { pointer: `${POINTER}/data/showCaptions`, message: 'must be true or false, got "yes"' },
    ]);
  });

  it('checks overrides.data, colours, enums and nested objects too', () => {
    const issues = issuesOf(() => expand(template({
      template: 'comparison',
      data: { left: { items: 'nope', color: 'reddish' } },
      overrides: { data: { backgroundColor: 12 } },
    })));
    expect(issues.map((i) => i.pointer)).toEqual([
      `${POINTER}/data/left/items`, `${POINTER}/data/left/color`, `${POINTER}/overrides/data/backgroundColor`,
    ]);
    expect(issuesOf(() => expand(template({ template: 'text-reveal', data: { align: 'middle' } })))[0]!.message)
      .toBe('must be one of: left, center, got "middle"');
  });

  it('resolves $refs by the role of the field: images, videos, subtitles', () => {
    const issues = issuesOf(() => expand(template({
      template: 'subtitle-video', data: { src: { $ref: 'pic' }, words: { $ref: 'clip' } },
    })));
    expect(issues).toEqual([
      { pointer: `${POINTER}/data/src/$ref`, message: 'no asset with id "pic" in assets.videos' },
      { pointer: `${POINTER}/data/words/$ref`, message: 'no asset with id "clip" in assets.subtitles' },
    ]);
    const ok = expand(template({ template: 'subtitle-video', data: { src: { $ref: 'clip' }, words: { $ref: 'subs' } } })).parts;
    expect(ok.map((p) => p.clip.type)).toEqual(['rect', 'video', 'subtitle']);
  });

  it('checks inline subtitle words', () => {
    const issues = issuesOf(() => expand(template({ template: 'subtitle-video', data: { words: [{ word: 'a', start: 1, end: 0 }] } })));
    expect(issues).toEqual([
      { pointer: `${POINTER}/data/words/0`, message: '"end" must not be before "start"' },
      { pointer: `${POINTER}/data/words/0`, message: 'missing "punctuated_word" (a string)' },
    ]);
  });

  it('requires the fields a template cannot do without, and warns about unknown ones', () => {
    expect(issuesOf(() => expand(template({ template: 'slideshow' })))).toEqual([
      { pointer: `${POINTER}/data/images`, message: 'template "slideshow" needs "images"' },
    ]);
    const { warnings } = expand(template({ template: 'quote', data: { qoute: 'x' } }));
    expect(warnings).toEqual([`${POINTER}/data/qoute: template "quote" has no data field "qoute" (did you mean "quote"?); it is ignored`]);
  });

  it('warns that the template clip’s own transform and animations are not inherited', () => {
    const { warnings } = expand(template({ template: 'quote', transform: { x: 10 }, animations: [{ type: 'fadeIn', duration: 1 }] }));
    expect(warnings).toEqual([
      `${POINTER}/transform: a template clip's transform is not applied to the clips it generates (use overrides)`,
      `${POINTER}/animations: a template clip's animations is not applied to the clips it generates (use overrides)`,
    ]);
  });
});

describe('every template', () => {
  const sizes = [[1920, 1080], [1080, 1920], [320, 180]] as const;
  it.each(TEMPLATE_NAMES.flatMap((name) => Object.keys(TEMPLATES[name].variants).map((variant) => [name, variant] as const)))(
    '%s (%s) compiles with its defaults at several canvas sizes',
    (name, variant) => {
      for (const [width, height] of sizes) {
        const data = name === 'slideshow' ? { images: [{ image: { $ref: 'pic' }, caption: 'One' }, { image: 'b.png' }] } : {};
        const d = doc({ meta: { version: '2.0.0', width, height, fps: 10 }, tracks: [{ clips: [{ type: 'template', start: 1, duration: 4, template: name, variant, data }] }] } as Partial<RvDocument>);
        const { composition, warnings } = compileDocument(d, { baseDir: '/' });
        expect(warnings).toEqual([]);
        expect(composition.layers.length).toBeGreaterThan(0);
        for (const layer of composition.layers) {
          expect(layer.startFrame).toBeGreaterThanOrEqual(10);
          expect(layer.endFrame).toBeLessThanOrEqual(50);
          expect(layer.pointer.startsWith('/tracks/0/clips/0/template/')).toBe(true);
        }
      }
    },
  );

  it('points media errors at the data field that named the media', () => {
    const d = doc({ tracks: [{ clips: [{ type: 'template', start: 0, duration: 4, template: 'slideshow', data: { images: [{ image: 'a.png' }, { image: { $ref: 'pic' } }] } }] }] } as Partial<RvDocument>);
    const { composition } = compileDocument(d, { baseDir: '/media' });
    const slides = composition.layers.filter((l) => l.element.kind === 'image');
    expect(slides.map((l) => (l.element.kind === 'image' ? [l.element.source.uri, l.element.source.pointer] : []))).toEqual([
      ['/media/a.png', '/tracks/0/clips/0/data/images/0/image'],
      ['/media/pic.png', '/tracks/0/clips/0/data/images/1/image'],
    ]);
  });

  it('generates a video layer for subtitle-video and talking-head (rendered by the media stage)', () => {
    const d = doc({ tracks: [{ clips: [{ type: 'template', start: 0, duration: 4, template: 'talking-head', data: { src: { $ref: 'clip' }, words: { $ref: 'subs' }, speaker: 'Ada' } }] }] } as Partial<RvDocument>);
    const { composition } = compileDocument(d, { baseDir: '/media' });
    const video = composition.layers.find((l: Layer) => l.pointer.endsWith('/template/video'))!;
    expect(video).toBeDefined();
    const captions = composition.layers.find((l: Layer) => l.element.kind === 'subtitle')!;
    expect(captions.element.kind === 'subtitle' && captions.element.words.map((w) => w.text)).toEqual(['Hi.']);
  });
});
