/**
 * `GET /v1/capabilities` (no key): every value of the dialect's vocabularies is listed, and the
 * `supported` flags are honest (each supported transition, effect and motion variant really
 * compiles, and a refused element type really is refused by POST /v1/renders); limits follow the
 * configuration. The OpenAPI document lists the /v1 routes.
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
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

describe('output formats against the configured ffmpeg', () => {
  /** Capabilities with FFMPEG_PATH set to `ffmpegPath` for the request. */
  async function capsWith(ffmpegPath: string): Promise<Record<string, any>> {
    const saved = process.env.FFMPEG_PATH;
    process.env.FFMPEG_PATH = ffmpegPath;
    try {
      const res = await t.app.inject({ method: 'GET', url: '/v1/capabilities' });
      expect(res.statusCode).toBe(200);
      return json(res);
    } finally {
      if (saved === undefined) delete process.env.FFMPEG_PATH;
      else process.env.FFMPEG_PATH = saved;
    }
  }
  const format = (doc: Record<string, any>, name: string) => (doc.output_formats as Array<Record<string, unknown>>).find((f) => f.name === name);

  test('a format whose encoder this ffmpeg lacks is unsupported with the reason; encoders are listed once per binary', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fake-ffmpeg-'));
    try {
      // An ffmpeg built without libvpx, libopus and prores_ks: it lists its encoders and counts its runs.
      const runs = path.join(dir, 'runs');
      const fake = path.join(dir, 'ffmpeg');
      await writeFile(fake, [
        '#!/bin/sh', `echo run >> '${runs}'`, 'cat <<LIST', 'Encoders:', ' V..... = Video', ' A..... = Audio', ' ------',
        ' V..... libx264              libx264 H.264', ' V.S... ffv1                 FFmpeg video codec #1', ' V..... gif                  GIF',
        ' A..... aac                  AAC (Advanced Audio Coding)', 'LIST', '',
      ].join('\n'));
      await chmod(fake, 0o755);
      const doc = await capsWith(fake);
      expect(format(doc, 'webm')).toEqual({ name: 'webm', supported: false, alpha: false, reason: expect.stringMatching(/no libvpx-vp9 or libopus encoder/) });
      expect(format(doc, 'mov')).toEqual({ name: 'mov', supported: true, alpha: false, alpha_reason: expect.stringMatching(/no prores_ks encoder/) });
      expect(format(doc, 'mp4')).toEqual({ name: 'mp4', supported: true, alpha: false });
      expect(format(doc, 'gif')).toMatchObject({ name: 'gif', supported: true });
      expect(format(doc, 'png')).toMatchObject({ name: 'png', supported: true, still: true });
      expect(JSON.stringify(doc.output_formats)).not.toContain(dir); // no server paths in a public document
      await capsWith(fake);
      expect((await readFile(runs, 'utf8')).trim().split('\n')).toHaveLength(1);
      // A render in a format this ffmpeg cannot encode is refused at submit, as the capabilities say.
      const saved = process.env.FFMPEG_PATH;
      process.env.FFMPEG_PATH = fake;
      try {
        const key = t.key('codec', 10);
        const refused = await submit(t.app, key, titleBody(1, { output_format: 'webm' }));
        expect(refused.statusCode).toBe(422);
        expect(body(refused).error).toMatchObject({ code: 'codec_unsupported', details: { errors: [{ path: 'output_format' }] } });
        expect(body(refused).error.message).toMatch(/no libvpx-vp9 or libopus encoder/);
        const alpha = await submit(t.app, key, titleBody(1, { output_format: 'mov', alpha: true }));
        expect(body(alpha).error).toMatchObject({ code: 'codec_unsupported', details: { errors: [{ path: 'alpha' }] } });
        const list = body(await t.app.inject({ method: 'GET', url: '/v1/renders', headers: { authorization: `Bearer ${key}` } }));
        expect(list.data).toEqual([]); // nothing queued, nothing charged
      } finally {
        if (saved === undefined) delete process.env.FFMPEG_PATH;
        else process.env.FFMPEG_PATH = saved;
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('an ffmpeg that cannot run: every format that needs it is unsupported, stills are not', async () => {
    const doc = await capsWith('/nonexistent/framesmith-test/ffmpeg');
    for (const name of ['mp4', 'webm', 'mov', 'gif']) {
      expect(format(doc, name), name).toMatchObject({ supported: false, alpha: false, reason: expect.stringContaining('could not be run') });
    }
    for (const name of ['png', 'jpg']) expect(format(doc, name), name).toMatchObject({ supported: true });
    expect(JSON.stringify(doc.output_formats)).not.toContain('/nonexistent');
    // The real one is unaffected.
    expect(format(caps, 'webm')).toEqual({ name: 'webm', supported: true, alpha: true });
  });
});

describe('ranges', () => {
  test('every default is a number; duration has none and says why', () => {
    for (const [field, range] of Object.entries(caps.ranges as Record<string, Record<string, unknown>>)) {
      for (const bound of ['min', 'max', 'min_exclusive', 'default']) {
        if (bound in range) expect(typeof range[bound], `${field}.${bound}`).toBe('number');
      }
    }
    expect(caps.ranges.duration).not.toHaveProperty('default');
    expect(caps.ranges.duration.note).toMatch(/latest element/);
  });
});

describe('OpenAPI', () => {
  test('/docs/json lists the /v1 routes under the framelane tag', async () => {
    const doc = json(await t.app.inject({ method: 'GET', url: '/docs/json' }));
    const paths = doc.paths as Record<string, Record<string, { tags?: string[] }>>;
    for (const [p, method] of [['/v1/renders', 'post'], ['/v1/renders', 'get'], ['/v1/renders/{id}', 'get'], ['/v1/renders/{id}', 'delete'],
      ['/v1/renders/{id}/download', 'get'], ['/v1/renders/{id}/webhooks', 'get'], ['/v1/uploads', 'post'], ['/v1/imports', 'post'], ['/v1/imports/{id}', 'get'], ['/v1/capabilities', 'get']] as const) {
      expect(paths[p]?.[method]?.tags, `${method} ${p}`).toEqual(['framelane']);
    }
  });
});
