/**
 * Builds the {@link DrawResources} for Node: decodes images, rasterises SVG and icons
 * at their drawn size, registers fonts, and hands out an offscreen Skia surface.
 */
import path from 'node:path';
import { createCanvas, loadImage, type Image } from '@napi-rs/canvas';
import type { Composition, Layer, MediaSource } from '../model/composition.js';
import type { Canvas2D, DrawResources, ImageLike } from '../draw/canvas2d.js';
import { resolveLength } from '../timeline/evaluate-layer.js';
import { FramesmithError } from '../errors.js';
import { readMediaBytes, unreadableMediaError } from '../assets/read-media.js';
import { iconSvg } from '../assets/icons.js';
import { DEFAULT_MONOSPACE_FAMILY, registerCompositionFonts, resolveFontFamily } from '../assets/fonts.js';
import { ICON_DEFAULT_SIZE } from '../elements/image.js';
import { flattenLayers } from '../elements/layout.js';
import { parseSubtitleJson } from '../compile/subtitle.js';
import type { ThreeModelData } from '../model/composition.js';
import { GltfError, gltfExternalUris, parseGltf } from '../three/gltf.js';
import type { RasterHost } from '../three/host.js';
import { canvasHost } from '../draw/canvas-host.js';

export interface NodeResources extends DrawResources, RasterHost {
  /** Substitutions made while drawing (missing font families), for the render report. */
  warnings: string[];
  /** Sets the picture a layer draws (video frames are fed in before each frame is drawn). */
  setImage(layerPointer: string, image: ImageLike): void;
}

async function decode(bytes: Buffer, what: string, layer: Layer, pointer: string): Promise<Image> {
  try {
    const image = await loadImage(bytes);
    if (image.width === 0 || image.height === 0) throw new Error('decoded to an empty image');
    return image;
  } catch (cause) {
    throw unreadableMediaError({ uri: layer.element.kind === 'image' ? layer.element.source.uri : layer.id, pointer }, what, cause);
  }
}

/** The size a vector is rasterised at: its fixed box, scaled up by the largest static scale, capped. */
function rasterSize(layer: Layer, comp: Composition, fallback: number): { width?: number; height?: number } {
  const scale = Math.max(1, Math.abs(layer.transform.scaleX), Math.abs(layer.transform.scaleY));
  const w = resolveLength(layer.transform.width, comp.width);
  const h = resolveLength(layer.transform.height, comp.height);
  const cap = (v: number | undefined) => (v === undefined ? undefined : Math.min(4096, Math.max(1, Math.ceil(v * scale))));
  if (w === undefined && h === undefined) return { width: cap(fallback), height: cap(fallback) };
  return { width: cap(w), height: cap(h) };
}

/** Rewrites the root `<svg>` width/height so Skia rasterises it sharp at the drawn size. */
export function sizeSvg(markup: string, size: { width?: number; height?: number }): string {
  return markup.replace(/<svg\b([^>]*)>/i, (_whole, attrs: string) => {
    let rest = attrs;
    const hasViewBox = /\bviewBox\s*=/.test(rest);
    const w = /\bwidth\s*=\s*["']([\d.]+)/.exec(rest)?.[1];
    const h = /\bheight\s*=\s*["']([\d.]+)/.exec(rest)?.[1];
    if (!hasViewBox && w && h) rest += ` viewBox="0 0 ${w} ${h}"`;
    rest = rest.replace(/\s(width|height)\s*=\s*("[^"]*"|'[^']*')/g, '');
    const sized = `${size.width !== undefined ? ` width="${size.width}"` : ''}${size.height !== undefined ? ` height="${size.height}"` : ''}`;
    return `<svg${rest}${sized || (w && h ? ` width="${w}" height="${h}"` : '')}>`;
  });
}

/** What a layer shows as a picture: an image file's bytes, or SVG markup sized for rasterising. */
export type LayerPicture =
  | { kind: 'file'; source: MediaSource; what: string }
  | { kind: 'svg'; markup: string; what: string; pointer: string };

/**
 * The picture of an image, svg or icon layer (undefined for other kinds). SVG sources are read
 * here; image files are only named, so a browser can fetch them itself.
 * @throws FramesmithError for SVG that is not SVG and for unknown icons.
 */
export async function layerPicture(layer: Layer, comp: Composition): Promise<LayerPicture | undefined> {
  const el = layer.element;
  if (el.kind === 'image') return { kind: 'file', source: el.source, what: 'the image' };
  if (el.kind === 'svg') {
    const pointer = el.source?.pointer ?? `${layer.pointer}/svg`;
    const markup = el.markup ?? (await readMediaBytes(el.source!)).toString('utf8');
    if (!/<svg\b/i.test(markup)) {
      throw new FramesmithError('ERR_ASSET_UNREADABLE', `${pointer}: not SVG markup (no <svg> element)`, { stage: 'fetch' });
    }
    return { kind: 'svg', markup: sizeSvg(markup, rasterSize(layer, comp, 100)), what: 'the SVG', pointer };
  }
  if (el.kind === 'icon') {
    const size = rasterSize(layer, comp, ICON_DEFAULT_SIZE);
    const colour = el.color ?? (layer.style.fill?.kind === 'color' ? layer.style.fill.color : '#ffffff');
    const markup = iconSvg(el.name, colour, Math.max(size.width ?? 0, size.height ?? 0) || ICON_DEFAULT_SIZE);
    if (!markup) {
      throw new FramesmithError('ERR_TIMELINE_INVALID', `${layer.pointer}/icon: unknown icon "${el.name}" (bundled sets: mdi)`, {
        stage: 'validate', issues: [{ pointer: `${layer.pointer}/icon`, message: `unknown icon "${el.name}"` }],
      });
    }
    return { kind: 'svg', markup, what: 'the icon', pointer: `${layer.pointer}/icon` };
  }
  return undefined;
}

async function loadLayerImage(layer: Layer, comp: Composition): Promise<Image | undefined> {
  const picture = await layerPicture(layer, comp);
  if (!picture) return undefined;
  if (picture.kind === 'file') return decode(await readMediaBytes(picture.source), picture.what, layer, picture.source.pointer);
  return decode(Buffer.from(picture.markup), picture.what, layer, picture.pointer);
}

/**
 * Reads the words of `{src}` subtitles (JSON: `SubtitleWord[]` or `{words}`) into the layer's
 * element, once; the drawing code then finds them there.
 */
export async function loadSubtitleWords(layer: Layer): Promise<void> {
  const el = layer.element;
  if (el.kind !== 'subtitle' || !el.source || el.words.length > 0) return;
  const bytes = await readMediaBytes(el.source);
  el.words = parseSubtitleJson(bytes.toString('utf8'), el.source.pointer, el.source.uri);
}

/** Where a buffer named by a relative URI inside a model lives: next to the model. */
function siblingUri(modelUri: string, relative: string): string {
  if (/^https?:\/\//i.test(modelUri)) return new URL(relative, modelUri).href;
  if (/^[a-z][a-z0-9+.-]+:/i.test(relative)) return relative;
  return path.resolve(path.dirname(modelUri), decodeURIComponent(relative));
}

/**
 * Reads and decodes the glTF/GLB models of `three` layers into their element (once per source
 * URI), collecting the decoder's notes (ignored textures...) as warnings.
 * @throws FramesmithError naming the `model` field's pointer when a model cannot be read or decoded.
 */
export async function loadThreeModels(layer: Layer, cache: Map<string, Promise<ThreeModelData>>, warnings: string[]): Promise<void> {
  const el = layer.element;
  if (el.kind !== 'three') return;
  for (const object of el.objects) {
    const g = object.geometry;
    if (g.kind !== 'model' || g.data) continue;
    const source = g.source;
    let pending = cache.get(source.uri);
    if (!pending) {
      pending = (async () => {
        const bytes = await readMediaBytes(source);
        const external = new Map<string, Uint8Array>();
        try {
          for (const uri of gltfExternalUris(bytes)) {
            if (source.uri.startsWith('data:')) throw new GltfError(`buffer "${uri}" is a separate file, which a data: URI model cannot name`);
            external.set(uri, await readMediaBytes({ uri: siblingUri(source.uri, uri), pointer: source.pointer }));
          }
          const model = parseGltf(bytes, external);
          for (const note of model.warnings) warnings.push(`${source.pointer}: ${note}`);
          return model;
        } catch (cause) {
          if (cause instanceof FramesmithError) throw cause;
          throw unreadableMediaError(source, `the glTF model (${cause instanceof Error ? cause.message : String(cause)})`, cause);
        }
      })();
      cache.set(source.uri, pending);
    }
    g.data = await pending;
  }
}

/** Loads everything the composition draws. Fails fast with the first unreadable source. */
export async function prepareNodeResources(comp: Composition): Promise<NodeResources> {
  await registerCompositionFonts(comp.fonts);
  const images = new Map<string, ImageLike>();
  const warnings: string[] = [];
  const models = new Map<string, Promise<ThreeModelData>>();
  // Children of layouts and templates placed in layouts are drawn too.
  for (const layer of flattenLayers(comp.layers)) {
    const image = await loadLayerImage(layer, comp);
    if (image) images.set(layer.pointer, image as unknown as ImageLike);
    await loadSubtitleWords(layer);
    await loadThreeModels(layer, models, warnings);
  }
  const warned = new Set<string>();
  return {
    warnings,
    monospaceFamily: DEFAULT_MONOSPACE_FAMILY,
    imageFor: (id) => images.get(id),
    setImage: (id, image) => void images.set(id, image),
    fontFamily(requested) {
      const { family, missing } = resolveFontFamily(requested);
      if (missing && !warned.has(missing)) {
        warned.add(missing);
        warnings.push(`font family "${missing}" is not bundled or declared in assets.fonts; drawing with "${family}"`);
      }
      return family;
    },
    ...canvasHost((width, height) => {
      const canvas = createCanvas(width, height);
      return { canvas: canvas as unknown as ImageLike, ctx: canvas.getContext('2d') as unknown as Canvas2D };
    }),
  };
}
