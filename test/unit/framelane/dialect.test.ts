/** Either dialect through engine/load-composition.ts: detection, compiling, validating, LUT loading. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compileDocument, compileJsonText, detectDialect, loadCompositionFile, loadLookupTables, validateDocument,
} from '../../../engine/load-composition.js';
import { hasErrorCode, type FramesmithError } from '../../../engine/errors.js';
import type { EffectSpec } from '../../../engine/model/composition.js';

const rv = { meta: { version: '2.0.0', width: 64, height: 48, fps: 10 }, tracks: [{ clips: [{ type: 'text', text: 'hi', start: 0, duration: 1 }] }] };
const fl = { width: 64, height: 48, frame_rate: 10, elements: [{ type: 'text', text: 'hi', duration: 1 }] };
const CUBE = 'LUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 1\n';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'framesmith-dialect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('detectDialect', () => {
  it('tells the two shapes apart', () => {
    expect(detectDialect(rv)).toBe('renderingvideo');
    expect(detectDialect({ tracks: [] })).toBe('renderingvideo');
    expect(detectDialect(fl)).toBe('framelane');
    expect(detectDialect({ width: 10, height: 10 })).toBe('framelane');
    expect(detectDialect({ output_format: 'gif' })).toBe('framelane');
    // meta/tracks win: the RenderingVideo validator then names the stray field.
    expect(detectDialect({ meta: {}, elements: [] })).toBe('renderingvideo');
  });

  it('names both shapes otherwise', () => {
    for (const doc of [{}, { foo: 1 }, [], null, 'x']) {
      try {
        detectDialect(doc);
        expect.fail('detected');
      } catch (err) {
        expect(hasErrorCode(err, 'ERR_TIMELINE_INVALID')).toBe(true);
        const issue = (err as FramesmithError).issues[0];
        expect(issue?.pointer).toBe('');
        expect(issue?.message).toMatch(/RenderingVideo v2 document .*"meta".*"tracks".* or a Framelane v1 render body .*"elements"/);
      }
    }
  });
});

describe('compileDocument and compileJsonText', () => {
  it('compile either dialect into the same model', () => {
    for (const doc of [rv, fl]) {
      const { composition } = compileDocument(doc, { baseDir: dir });
      expect([composition.width, composition.height, composition.fps, composition.durationInFrames]).toEqual([64, 48, 10, 10]);
      expect(composition.layers[0]?.element).toMatchObject({ kind: 'text', text: 'hi' });
    }
    expect(compileJsonText(JSON.stringify(fl), { baseDir: dir }).composition.layers).toHaveLength(1);
  });

  it('honour an explicit dialect', () => {
    expect(() => compileDocument(fl, { baseDir: dir, dialect: 'renderingvideo' })).toThrow(/invalid composition: \/elements: unknown property "elements" \(and \d+ more problems/);
    expect(() => compileDocument(rv, { baseDir: dir, dialect: 'framelane' })).toThrow(/unknown field "meta"/);
    expect(compileDocument({}, { baseDir: dir, dialect: 'framelane' }).composition.durationInFrames).toBe(300);
  });

  it('raise ERR_TIMELINE_INVALID with Framelane issues', () => {
    try {
      compileDocument({ ...fl, fps: 30 }, { baseDir: dir });
      expect.fail('compiled');
    } catch (err) {
      expect(hasErrorCode(err, 'ERR_TIMELINE_INVALID')).toBe(true);
      expect((err as FramesmithError).message).toBe('invalid composition: /fps: unknown field "fps" (did you mean "frame_rate"?)');
    }
  });

  it('pass Framelane warnings on as lines', () => {
    const { warnings } = compileDocument({ ...fl, elements: [{ type: 'text', text: 'hi', duration: 1, time: 5 }], duration: 2 }, { baseDir: dir });
    expect(warnings).toEqual([expect.stringMatching(/^\/elements\/0\/time: starts at 5 s/)]);
  });
});

describe('validateDocument', () => {
  it('validates in the detected dialect', () => {
    expect(validateDocument(rv)).toEqual({ ok: true, dialect: 'renderingvideo', warnings: [] });
    expect(validateDocument(fl)).toEqual({ ok: true, dialect: 'framelane', warnings: [] });
    const bad = validateDocument({ elements: [{ type: 'text', text: 'x', duration: 1, colour: '#fff' }] });
    expect(bad).toMatchObject({ ok: false, dialect: 'framelane', errors: [{ pointer: '/elements/0/colour' }] });
    expect(validateDocument({})).toMatchObject({ ok: false, errors: [{ pointer: '', message: expect.stringContaining('Framelane') }] });
  });
});

describe('LUTs', () => {
  it('loadCompositionFile reads them into the composition; relative paths next to the body', async () => {
    await writeFile(path.join(dir, 'look.cube'), CUBE);
    const file = path.join(dir, 'body.json');
    await writeFile(file, JSON.stringify({
      width: 64, height: 48, elements: [{ type: 'image', id: 'i', source_url: 'pic.png', duration: 1, lut_url: 'look.cube', lut_intensity: 50 }],
    }));
    const { composition } = await loadCompositionFile(file);
    const lut = composition.layers[0]?.style.effects?.[0] as Extract<EffectSpec, { kind: 'lut' }>;
    expect(lut.source.uri).toBe(path.join(dir, 'look.cube'));
    expect(lut.table?.size).toBe(2);
    expect(lut.table?.data).toHaveLength(24);
  });

  it('loadLookupTables reads data: URIs and names the field of a bad file', async () => {
    const good = compileDocument({
      elements: [{ type: 'image', id: 'i', source_url: 'a.png', duration: 1, lut_url: `data:text/plain;base64,${Buffer.from(CUBE).toString('base64')}` }],
    }, { baseDir: dir }).composition;
    await loadLookupTables(good);
    expect((good.layers[0]?.style.effects?.[0] as { table?: unknown }).table).toBeDefined();
    const bad = compileDocument({
      elements: [{ type: 'image', id: 'i', source_url: 'a.png', duration: 1, lut_url: `data:text/plain;base64,${Buffer.from('LUT_3D_SIZE 2\n0 0 0\n').toString('base64')}` }],
    }, { baseDir: dir }).composition;
    await expect(loadLookupTables(bad)).rejects.toMatchObject({ code: 'ERR_ASSET_UNREADABLE', message: expect.stringContaining('/elements/0/lut_url') });
  });
});
