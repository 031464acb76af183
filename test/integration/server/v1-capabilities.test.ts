/**
 * `GET /v1/capabilities` (no key): every value of the dialect's vocabularies is listed, and the
 * `supported` flags are honest (each supported transition, effect and motion variant really
 * compiles, and a refused element type really is refused by POST /v1/renders); limits follow the
 * configuration. The OpenAPI document lists the /v1 routes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { framelaneRenderRequest } from '../../../engine/compile/framelane/render-request.js';
import {
  FL_BLEND_MODES, FL_EASINGS, FL_EFFECT_TYPES, FL_ELEMENT_TYPES, FL_MOTION_TYPES, FL_OUTPUT_FORMATS, FL_REFUSED_ELEMENT_TYPES,
  FL_TRANSITION_TYPES, FL_WORD_ANIMATION_STYLES,
} from '../../../schema/framelane/index.js';
import { buildTestApp, json, type TestApp } from '../helpers.js';
import { body, submit, titleBody } from './v1-helpers.js';

let t: TestApp;
let caps: Record<string, any>;

beforeAll(async () => {
  t = await buildTestApp({ config: { rateLimitMax: 77, uploadMaxFileBytes: 12345 } });
  const res = await t.app.inject({ method: 'GET', url: '/v1/capabilities' });
  expect(res.statusCode).toBe(200);
  caps = json(res);
});
afterAll(async () => t.close());

const names = (list: Array<{ name: string }>) => list.map((x) => x.name);
const supported = (list: Array<{ name: string; supported: boolean }>) => list.filter((x) => x.supported).map((x) => x.name);
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const img = (id: string, extra: Record<string, unknown> = {}) => ({ type: 'image', id, source_url: PNG, time: 0, duration: 2, ...extra });
const compiles = (doc: Record<string, unknown>) => framelaneRenderRequest(doc, { localFiles: false }).ok;

describe('GET /v1/capabilities', () => {
  test('the §8 shape, without a key, listing every value of every vocabulary', () => {
    expect(caps).toMatchObject({ api_version: 'v1', renderer: { name: 'framesmith' } });
    expect(names(caps.element_types)).toEqual([...FL_ELEMENT_TYPES, ...FL_REFUSED_ELEMENT_TYPES]);
    expect(names(caps.effects)).toEqual([...FL_EFFECT_TYPES]);
    expect(names(caps.motions)).toEqual([...FL_MOTION_TYPES]);
    expect(names(caps.transitions)).toEqual([...FL_TRANSITION_TYPES]);
    expect(names(caps.blend_modes)).toEqual([...FL_BLEND_MODES]);
    expect(names(caps.easings)).toEqual([...FL_EASINGS]);
    expect(names(caps.word_animation_styles)).toEqual([...FL_WORD_ANIMATION_STYLES]);
    expect(names(caps.output_formats)).toEqual([...FL_OUTPUT_FORMATS]);
    for (const list of ['element_types', 'effects', 'motions', 'transitions', 'blend_modes', 'easings', 'word_animation_styles', 'output_formats']) {
      for (const item of caps[list] as Array<Record<string, unknown>>) expect(typeof item.supported, `${list} ${String(item.name)}`).toBe('boolean');
    }
    expect(caps.output_formats).toContainEqual({ name: 'webm', supported: true, alpha: true });
    expect(caps.output_formats).toContainEqual({ name: 'mp4', supported: true, alpha: false });
    expect(caps.output_formats).toContainEqual(expect.objectContaining({ name: 'png', still: true, alpha: false }));
    expect(caps.input_formats.video).toContainEqual({ mime: 'video/mp4', supported: true });
    expect(caps.input_formats.font.every((f: { supported: boolean }) => !f.supported)).toBe(true);
    expect(caps.ranges).toMatchObject({ width: { min: 16, max: 7680 }, frame_rate: { min: 1, max: 120, default: 30 }, speed: { min: 0.25, max: 4 }, font_weight: { min: 100, max: 900 } });
    expect(caps.limits).toMatchObject({ max_source_bytes: 12345, upload_url_ttl_seconds: 3600, idempotency_window_seconds: 86400 });
    expect(caps.rate_limits).toMatchObject({ requests_per_window: 77, window_seconds: 60 });
    expect(caps.validation.unknown_fields).toMatch(/rejected with 422/);
    expect(caps.tasks.every((x: { supported: boolean }) => !x.supported)).toBe(true);
  });

  test('honest: refused element types are listed unsupported and are refused by POST /v1/renders', async () => {
    expect(supported(caps.element_types)).toEqual([...FL_ELEMENT_TYPES]);
    const key = t.key('caps', 10);
    for (const name of names(caps.element_types).filter((n) => !supported(caps.element_types).includes(n))) {
      const doc = titleBody(1);
      (doc.elements as unknown[]).push({ type: name, id: 'x', time: 0, duration: 1 });
      const res = await submit(t.app, key, doc);
      expect(res.statusCode, name).toBe(422);
      expect(body(res).error.code, name).toBe('unsupported_feature');
    }
  });

  test('honest: every supported transition, effect and motion variant compiles, and so does every supported format', () => {
    for (const name of supported(caps.transitions)) {
      const doc = {
        width: 64, height: 48, frame_rate: 10, elements: [img('a', { duration: 2 }), img('b', { time: 1, duration: 2 })],
        transitions: [{ type: name, duration: 0.5, from_id: 'a', to_id: 'b' }],
      };
      expect(compiles(doc), name).toBe(true);
    }
    for (const name of supported(caps.effects)) expect(compiles({ width: 64, height: 48, elements: [img('a', { effects: [{ type: name, intensity: 50 }] })] }), name).toBe(true);
    for (const m of caps.motions as Array<{ name: string; entrance: boolean; exit: boolean; character_scope: { entrance: boolean; exit: boolean } }>) {
      const variants: Array<[boolean, boolean, boolean]> = [[m.entrance, false, false], [m.exit, true, false], [m.character_scope.entrance, false, true], [m.character_scope.exit, true, true]];
      for (const [listed, reversed, character] of variants) {
        if (!listed) continue;
        const motion = { type: m.name, time: 0, duration: 1, reversed, ...(character ? { scope: 'character' } : {}) };
        const el = character ? { type: 'text', id: 't', text: 'ab', time: 0, duration: 2, motion: [motion] } : img('a', { motion: [motion] });
        expect(compiles({ width: 64, height: 48, elements: [el] }), `${m.name} reversed=${reversed} character=${character}`).toBe(true);
      }
    }
    for (const f of caps.output_formats as Array<{ name: string; supported: boolean; alpha: boolean }>) {
      expect(compiles({ width: 64, height: 48, output_format: f.name, elements: [img('a')] }), f.name).toBe(f.supported);
      expect(compiles({ width: 64, height: 48, output_format: f.name, alpha: true, elements: [img('a')] }), `${f.name} alpha`).toBe(f.alpha);
    }
  });
});

describe('OpenAPI', () => {
  test('/docs/json lists the /v1 routes under the framelane tag', async () => {
    const doc = json(await t.app.inject({ method: 'GET', url: '/docs/json' }));
    const paths = doc.paths as Record<string, Record<string, { tags?: string[] }>>;
    for (const [p, method] of [['/v1/renders', 'post'], ['/v1/renders', 'get'], ['/v1/renders/{id}', 'get'], ['/v1/renders/{id}', 'delete'],
      ['/v1/renders/{id}/download', 'get'], ['/v1/uploads', 'post'], ['/v1/imports', 'post'], ['/v1/imports/{id}', 'get'], ['/v1/capabilities', 'get']] as const) {
      expect(paths[p]?.[method]?.tags, `${method} ${p}`).toEqual(['framelane']);
    }
  });
});
