/** framelaneRenderRequest: what the POST /v1/renders endpoint gets back for a body. */
import { describe, expect, it } from 'vitest';
import { framelaneErrorResponse, framelaneRenderRequest } from '../../../engine/compile/framelane/render-request.js';
import { body, el } from './helpers.js';

describe('framelaneRenderRequest', () => {
  it('returns the composition, the render options and what the job echoes', () => {
    const r = framelaneRenderRequest(body([el('text')], {
      output_format: 'mov', alpha: true, metadata: { order: '42' }, webhook_url: 'https://hooks.example.org/r', output_filename: 'promo',
      ingest_external: true, duration: 3,
    }));
    if (!r.ok) return expect.fail(JSON.stringify(r.body));
    expect(r.output).toEqual({ format: 'mov', transparent: true });
    expect(r.spec).toMatchObject({ kind: 'video', format: 'mov', videoCodec: 'prores', width: 320, height: 180, fps: 10, transparent: true });
    expect(r.composition.background).toBeUndefined();
    expect([r.metadata, r.webhookUrl, r.outputFilename, r.ingestExternal, r.durationSeconds]).toEqual([{ order: '42' }, 'https://hooks.example.org/r', 'promo.mov', true, 3]);
  });

  it('defaults: mp4, no metadata, ingest_external null', () => {
    const r = framelaneRenderRequest({});
    if (!r.ok) return expect.fail();
    expect([r.output, r.metadata, r.ingestExternal, r.webhookUrl, r.outputFilename]).toEqual([{ format: 'mp4', transparent: false }, {}, null, undefined, undefined]);
  });

  it('answers 422 invalid_request with every problem, its path, pointer and type', () => {
    const r = framelaneRenderRequest(body([el('text', { color: '#ffffff' }), el('image', { id: undefined })], { alpha: true }));
    if (r.ok) return expect.fail('accepted');
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('invalid_request');
    expect(r.body.error.message).toBe('elements[0].color: unknown field "color" (did you mean "text_color"?) (and 1 more)');
    expect(r.body.error.details.errors).toEqual([
      { path: 'elements[0].color', pointer: '/elements/0/color', message: 'unknown field "color" (did you mean "text_color"?)', type: 'unknown_field' },
      { path: 'elements[1].id', pointer: '/elements/1/id', message: 'missing required property "id"', type: 'missing' },
    ]);
  });

  it('answers 422 unsupported_feature when only unsupported features are in the way', () => {
    const r = framelaneRenderRequest(body([{ type: 'composition', id: 'c' }]));
    if (r.ok) return expect.fail('accepted');
    expect(r.body.error.code).toBe('unsupported_feature');
    expect(r.body.error.details.errors[0]).toMatchObject({ path: 'elements[0].type', type: 'unsupported' });
  });

  it('refuses local files unless allowed', () => {
    const local = body([el('image', { source_url: 'logo.png' })]);
    const refused = framelaneRenderRequest(local);
    expect(refused.ok ? [] : refused.body.error.details.errors.map((e) => e.path)).toEqual(['elements[0].source_url']);
    const allowed = framelaneRenderRequest(local, { localFiles: true, baseDir: '/srv/uploads' });
    if (!allowed.ok) return expect.fail();
    expect(allowed.composition.layers[0]?.element).toMatchObject({ source: { uri: '/srv/uploads/logo.png' } });
  });

  it('checks the output: odd sizes for 4:2:0 video name the Framelane field', () => {
    const r = framelaneRenderRequest({ width: 321, height: 180 });
    if (r.ok) return expect.fail('accepted');
    expect(r.body.error.details.errors).toEqual([expect.objectContaining({ path: 'width', message: expect.stringContaining('even width') })]);
    expect(framelaneRenderRequest({ width: 321, height: 180, output_format: 'gif' }).ok).toBe(true);
  });

  it('checks the body size first, and the resource limits', () => {
    const big = framelaneRenderRequest({}, { bodyBytes: 2000, limits: { maxDocumentBytes: 1000 } });
    expect(big.ok ? '' : big.body.error.message).toMatch(/^body: document is 2000 bytes, more than maxDocumentBytes 1000/);
    const long = framelaneRenderRequest({ duration: 100 }, { limits: { maxDurationSeconds: 10 } });
    expect(long.ok ? '' : long.body.error.details.errors[0]?.path).toBe('duration');
  });

  it('passes warnings on with their paths', () => {
    const r = framelaneRenderRequest(body([el('image', { id: 'a', duration: 3 }), el('image', { id: 'b', time: 2, duration: 3 })], {
      transitions: [{ type: 'fade', duration: 1, from_id: 'a', to_id: 'b' }],
    }));
    if (!r.ok) return expect.fail();
    expect(r.warnings).toEqual([{ path: 'transitions[0].type', pointer: '/transitions/0/type', message: expect.stringContaining('cross_dissolve'), type: 'value_error' }]);
  });

  it('framelaneErrorResponse words an empty list', () => {
    expect(framelaneErrorResponse([]).body.error).toEqual({ code: 'invalid_request', message: 'invalid request', details: { errors: [] } });
  });
});
