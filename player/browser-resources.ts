/**
 * {@link DrawResources} for the browser: pictures decoded by the browser from server URLs (or
 * SVG markup), fonts loaded as `FontFace`s, offscreen `<canvas>` surfaces and raster targets
 * for 3-D layers. The counterpart of engine/render/node-resources.ts.
 */
import type { Canvas2D, DrawResources, ImageLike } from '../engine/draw/canvas2d.js';
import type { RasterHost } from '../engine/three/host.js';
import { canvasHost } from '../engine/draw/canvas-host.js';
import { DEFAULT_MONOSPACE_FAMILY, resolveFamilyIn } from '../engine/assets/font-families.js';
import type { PlayerDocument } from '../engine/preview/player-types.js';

export interface BrowserResources extends DrawResources, RasterHost {
  /** Sets the picture a layer draws (video frames are set before each frame is drawn). */
  setImage(layerPointer: string, image: ImageLike): void;
  /**
   * Waits for the fonts drawing asked for since the last call; true when some were still
   * loading (the frame just drawn used a stand-in and must be drawn again).
   */
  settle(): Promise<boolean>;
  /** How many font faces have finished loading: text measured at an older generation is stale. */
  fontGeneration(): number;
  /** Takes the document's fonts off the page. */
  dispose(): void;
}

function canvas(width: number, height: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  return c;
}

/** A 2-D context that effects may read back often (software-backed in Chromium). */
export function context2d(c: HTMLCanvasElement): Canvas2D {
  const ctx = c.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('this browser cannot draw on a <canvas>');
  (ctx as unknown as { lang?: string }).lang = 'en';
  return ctx as unknown as Canvas2D;
}

async function loadImage(url: string, what: string): Promise<HTMLImageElement> {
  const image = new Image();
  image.decoding = 'async';
  image.src = url;
  try {
    await image.decode();
  } catch {
    throw new Error(`cannot load ${what}`);
  }
  return image;
}

/**
 * The document's fonts, all registered with the page up front but left unloaded: Chromium loads
 * a face when a canvas first draws with it (and draws a stand-in meanwhile), so only the faces a
 * frame uses are ever fetched. {@link LazyFonts.settle} tells whether the frame just drawn waited
 * for one, so it can be drawn again.
 */
class LazyFonts {
  private readonly faces: FontFace[] = [];
  readonly families = new Set<string>();
  generation = 0;

  constructor(doc: PlayerDocument) {
    const set = document.fonts as unknown as { add(face: FontFace): void };
    for (const f of doc.fonts) {
      const descriptors: FontFaceDescriptors = {};
      if (f.weight) descriptors.weight = f.weight;
      if (f.style) descriptors.style = f.style;
      const face = new FontFace(f.family, `url(${JSON.stringify(f.url)})`, descriptors);
      set.add(face);
      face.loaded.then(() => void this.generation++, () => undefined);
      this.faces.push(face);
      this.families.add(f.family.toLowerCase());
    }
  }

  /** Waits for faces that started loading; true when there were any. Rejects when one cannot load. */
  async settle(): Promise<boolean> {
    const loading = this.faces.filter((f) => f.status === 'loading');
    if (loading.length === 0) return false;
    await Promise.all(loading.map((f) => f.loaded.catch(() => {
      throw new Error(`cannot load the font "${f.family}"`);
    })));
    return true;
  }

  dispose(): void {
    const set = document.fonts as unknown as { delete(face: FontFace): boolean };
    for (const face of this.faces) set.delete(face);
  }
}

/** Loads every picture of the document; rejects with a readable message on the first failure. Fonts load when drawing asks. */
export async function createBrowserResources(doc: PlayerDocument): Promise<BrowserResources> {
  const images = new Map<string, ImageLike>();
  const fonts = new LazyFonts(doc);
  await Promise.all([
    ...Object.entries(doc.pictures).map(async ([pointer, picture]) => {
      const url = 'svg' in picture
        ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(picture.svg)}`
        : doc.media[picture.media]!;
      images.set(pointer, await loadImage(url, `the picture of ${pointer}`));
    }),
  ]);
  return {
    monospaceFamily: DEFAULT_MONOSPACE_FAMILY,
    imageFor: (id) => images.get(id),
    setImage: (id, image) => void images.set(id, image),
    fontFamily: (requested) => resolveFamilyIn(requested, fonts.families).family,
    settle: () => fonts.settle(),
    fontGeneration: () => fonts.generation,
    dispose: () => fonts.dispose(),
    ...canvasHost((width, height) => {
      const c = canvas(width, height);
      return { canvas: c, ctx: context2d(c) };
    }),
  };
}
