import { describe, expect, it, vi } from 'vitest';

// Count how often the dialect's entry point and its compiler run per request.
vi.mock('../../../engine/compile/framelane/render-request.js', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../../engine/compile/framelane/render-request.js')>();
  return { ...mod, framelaneRenderRequest: vi.fn(mod.framelaneRenderRequest) };
});
vi.mock('../../../engine/compile/compile-framelane.js', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../../engine/compile/compile-framelane.js')>();
  return { ...mod, compileFramelane: vi.fn(mod.compileFramelane) };
});

const { framelaneRenderRequest } = await import('../../../engine/compile/framelane/render-request.js');
const { compileFramelane } = await import('../../../engine/compile/compile-framelane.js');
const { prepareFramelaneRender } = await import('../../../server/framelane/prepare.js');
type Deps = Parameters<typeof prepareFramelaneRender>[0];

const BASE = 'https://api.example.org';
const UPLOADS = '/data/uploads/owner';
const OWN = `${BASE}/v1/files/file_0123456789abcdef.png`;

const deps = {
  config: { limits: {}, framelaneAllowUnknownFields: false },
  storage: { uploadsDir: () => UPLOADS },
  sources: {
    isOwnUrl: (url: string) => url.startsWith(`${BASE}/v1/files/`),
    pathOf: (_owner: string, url: string) => (url === OWN ? `${UPLOADS}/pic.png` : undefined),
  },
} as unknown as Deps;

const body = (source: string) => ({
  width: 320, height: 180, duration: 2,
  elements: [{ type: 'image', id: 'i', source_url: source, duration: 2 }],
});

describe('prepareFramelaneRender', () => {
  it('validates and compiles a body once, with the owner\'s files in place of their URLs', () => {
    vi.mocked(framelaneRenderRequest).mockClear();
    vi.mocked(compileFramelane).mockClear();
    const prepared = prepareFramelaneRender(deps, 'owner', body(OWN));
    expect(framelaneRenderRequest).toHaveBeenCalledTimes(1);
    expect(compileFramelane).toHaveBeenCalledTimes(1);
    const element = prepared.job.composition.layers[0]!.element;
    expect(element.kind === 'image' && element.source.uri).toBe(`${UPLOADS}/pic.png`);
    expect(prepared.describe(`cannot read ${UPLOADS}/pic.png`)).toBe(`cannot read ${OWN}`);
  });

  it('refuses a file URL of this server that is not the owner\'s, and local paths', () => {
    expect(() => prepareFramelaneRender(deps, 'owner', body(`${BASE}/v1/files/file_ffffffffffffffff.png`)))
      .toThrow(expect.objectContaining({ code: 'invalid_source' }));
    expect(() => prepareFramelaneRender(deps, 'owner', body('/etc/passwd.png'))).toThrow(expect.objectContaining({ code: 'invalid_request' }));
  });
});
