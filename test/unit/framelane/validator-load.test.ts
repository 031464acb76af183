import { describe, expect, it, vi } from 'vitest';

// Loading the RenderingVideo validator compiles its whole schema; the Framelane side must not need it.
vi.mock('../../../schema/validate.js', () => {
  throw new Error('schema/validate.js (the RenderingVideo validator) was loaded');
});

describe('the Framelane validator', () => {
  it('loads and validates without the RenderingVideo validator', async () => {
    const { validateFramelane } = await import('../../../schema/framelane/validate.js');
    const body = { width: 320, height: 180, elements: [{ type: 'text', id: 't', text: 'Hi', duration: 1 }] };
    expect(validateFramelane(body).ok).toBe(true);
    expect(validateFramelane({ ...body, fps: 30 }).ok).toBe(false);
  });

  it('and the /v1 entry point load without it too', async () => {
    const { framelaneRenderRequest } = await import('../../../engine/compile/framelane/render-request.js');
    const result = framelaneRenderRequest({ width: 320, height: 180, elements: [] }, { bodyBytes: 10 });
    expect(result.ok).toBe(true);
  });
});
