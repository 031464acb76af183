/**
 * The digest's §10 example bodies (test/unit/framelane/examples/) are accepted, compiled and
 * prepared for rendering as they are written (remote URLs are never fetched here), and its
 * negative cases are refused with their field paths.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { framelaneRenderRequest } from '../../../engine/compile/framelane/render-request.js';
import { stackingOrder } from '../../../engine/timeline/frame-graph.js';
import { validateFramelane } from '../../../schema/framelane/index.js';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'examples');
const examples = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const load = (name: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(DIR, name), 'utf8')) as Record<string, unknown>;

describe('digest §10 examples', () => {
  it('are all here', () => {
    expect(examples).toEqual([
      'a-clips-dissolve-effects-music.json', 'b-graded-keyed-card.json', 'c-vertical-captions.json', 'd-transparent-lower-third.json', 'e-still-png.json',
    ]);
  });

  it.each(examples)('%s is accepted without warnings and prepared for rendering', (name) => {
    const body = load(name);
    const result = validateFramelane(body, { localFiles: false });
    expect(result.ok ? result.warnings : result.errors).toEqual([]);
    const request = framelaneRenderRequest(body);
    if (!request.ok) expect.fail(JSON.stringify(request.body));
    expect(request.warnings).toEqual([]);
    expect(request.composition.layers.length).toBeGreaterThan(0);
  });

  it('A: two clips with a dissolve inside their overlap, the logo on top, music and both clips in the mix', () => {
    const r = framelaneRenderRequest(load('a-clips-dissolve-effects-music.json'));
    if (!r.ok) return expect.fail();
    expect([r.spec.kind, r.composition.width, r.composition.fps, r.composition.durationInFrames]).toEqual(['video', 1920, 30, 330]);
    expect(r.metadata).toEqual({ project_id: 'demo-42' });
    const order = stackingOrder(r.composition.layers).map((l) => l.id);
    expect(order).toEqual(['shot_b', 'shot_a', 'headline', 'logo']);
    const a = r.composition.layers.find((l) => l.id === 'shot_a')!;
    expect(a.windowTransitions).toEqual([{ startFrame: 150, endFrame: 180, easing: 'linear', ops: [{ kind: 'opacity', from: 1, to: 0 }] }]);
    expect(a.endFrame).toBe(180);
    expect(r.composition.audio.map((s) => [s.id, s.volume, s.fadeOutSeconds])).toEqual([['shot_a', 0.3, undefined], ['shot_b', 0.3, undefined], ['music', 0.6, 2]]);
  });

  it('B: the LUT, chroma key and grain are effects; the card is tilted, cropped and framed', () => {
    const r = framelaneRenderRequest(load('b-graded-keyed-card.json'));
    if (!r.ok) return expect.fail();
    const byId = new Map(r.composition.layers.map((l) => [l.id, l]));
    expect(byId.get('bg')?.style.effects?.map((e) => e.kind)).toEqual(['lut', 'grain']);
    expect(byId.get('presenter')?.style.effects?.map((e) => e.kind)).toEqual(['chroma-key']);
    expect(byId.get('card')?.style).toMatchObject({ crop: { left: 0.05, right: 0.05, top: 0, bottom: 0 }, border: { width: 6 } });
    expect(byId.get('card')?.transform).toMatchObject({ rotationDegrees: -6, scaleX: 1.1, x: { px: 320 } });
  });

  it('C: the duration comes from the video (4 s); captions are timed words', () => {
    const r = framelaneRenderRequest(load('c-vertical-captions.json'));
    if (!r.ok) return expect.fail();
    expect(r.durationSeconds).toBe(4);
    expect(r.composition.layers.find((l) => l.id === 'cap1')?.element).toMatchObject({ kind: 'text', words: { style: 'box', color: '#e63946' } });
  });

  it('D: webm with alpha renders transparent', () => {
    const r = framelaneRenderRequest(load('d-transparent-lower-third.json'));
    if (!r.ok) return expect.fail();
    expect(r.output).toEqual({ format: 'webm', transparent: true });
    expect(r.spec).toMatchObject({ videoCodec: 'vp9', transparent: true });
  });

  it('E: a png still of the frame at 0 s', () => {
    const r = framelaneRenderRequest(load('e-still-png.json'));
    if (!r.ok) return expect.fail();
    expect(r.output).toEqual({ format: 'png', transparent: false, timeSeconds: 0 });
    expect(r.spec).toMatchObject({ kind: 'still', frameIndex: 0, width: 1200, height: 630 });
  });
});

describe('digest §10 negative cases', () => {
  const base = () => load('a-clips-dissolve-effects-music.json') as { elements: Array<Record<string, unknown>>; [k: string]: unknown };
  const paths = (body: unknown): string[] => {
    const r = framelaneRenderRequest(body);
    if (r.ok) return expect.fail('accepted');
    expect(r.status).toBe(422);
    return r.body.error.details.errors.map((e) => e.path);
  };

  it.each([
    ['alpha: true with the default mp4', (b: ReturnType<typeof base>) => { b.alpha = true; }, 'alpha'],
    ['only width given', (b: ReturnType<typeof base>) => { delete b.height; }, 'height'],
    ['text without duration', (b: ReturnType<typeof base>) => { delete b.elements[2]!.duration; }, 'elements[2].duration'],
    ['image without id', (b: ReturnType<typeof base>) => { delete b.elements[3]!.id; }, 'elements[3].id'],
    ['audio volume 0', (b: ReturnType<typeof base>) => { b.elements[4]!.volume = 0; }, 'elements[4].volume'],
    ['out_point ≤ in_point', (b: ReturnType<typeof base>) => { b.elements[0]!.out_point = 2; }, 'elements[0].out_point'],
    ['a .mkv video', (b: ReturnType<typeof base>) => { b.elements[0]!.source_url = 'https://media.example.org/shots/a.mkv'; }, 'elements[0].source_url'],
    ['two of background/stroke/shadow', (b: ReturnType<typeof base>) => { b.elements[2]!.stroke = true; b.elements[2]!.shadow = true; }, 'elements[2].shadow'],
    ['empty word list', (b: ReturnType<typeof base>) => { b.elements[2]!.word_animation = { style: 'box', words: [] }; }, 'elements[2].word_animation.words'],
    ['transition type "wipe"', (b: ReturnType<typeof base>) => { (b.transitions as Array<Record<string, unknown>>)[0]!.type = 'wipe'; }, 'transitions[0].type'],
    ['from_id == to_id', (b: ReturnType<typeof base>) => { (b.transitions as Array<Record<string, unknown>>)[0]!.to_id = 'shot_a'; }, 'transitions[0].to_id'],
    ['an unknown id', (b: ReturnType<typeof base>) => { (b.transitions as Array<Record<string, unknown>>)[0]!.to_id = 'shot_z'; }, 'transitions[0].to_id'],
    ['color instead of text_color', (b: ReturnType<typeof base>) => { b.elements[2]!.color = '#ffffff'; }, 'elements[2].color'],
    ['zoom_in reversed', (b: ReturnType<typeof base>) => { b.elements[2]!.motion = [{ type: 'zoom_in', time: 1, duration: 1, reversed: true }]; }, 'elements[2].motion[0].reversed'],
  ])('%s', (_name, change, path) => {
    const body = base();
    change(body);
    expect(paths(body)).toContain(path);
  });
});
