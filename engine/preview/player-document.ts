/**
 * What the browser preview needs to draw a composition the way the renderer does, prepared on
 * the server: the compiled model (subtitle words, LUTs and 3-D models already loaded into it),
 * the media it plays (by index, fetched through the server), the SVG markup of vector layers
 * and icons, the sounds of the mix plan, and the fonts. The player (player/) draws it with the
 * same engine code (engine/draw, engine/elements, engine/timeline).
 *
 * Two steps: {@link preparePlayer} does the slow part once (it may read files and fetch remote
 * sources); {@link playerDocument} writes the JSON for one request, with that request's URLs.
 */
import type { Composition, FontSpec, MediaSource } from '../model/composition.js';
import { flattenLayers } from '../elements/layout.js';
import { BUNDLED_FACES, DEFAULT_MONOSPACE_FAMILY, resolveFamilyIn } from '../assets/font-families.js';
import { TEXT_DEFAULTS } from '../elements/text.js';
import { layerPicture, loadSubtitleWords, loadThreeModels } from '../render/node-resources.js';
import { timelineSounds } from '../render/audio-plan.js';
import { loadLookupTables } from '../load-composition.js';
import type { ThreeModelData } from '../model/composition.js';
import { encodeModel } from './model-codec.js';
import { resolveMediaFile } from '../assets/read-media.js';
import { MIX_SAMPLE_RATE, probeAudioSources } from '../media/audio-mix.js';
import { resolveFfmpegPaths } from '../encode/ffmpeg-path.js';
import { PLAYER_FORMAT, type PlayerDocument, type PlayerPicture, type PlayerSound } from './player-types.js';

export * from './player-types.js';

export interface PlayerFont {
  family: string;
  /** A composition font (media index) or a bundled face (file name). */
  media?: number;
  bundled?: string;
  weight?: string;
  style?: string;
}

/** The server-side half: everything but URLs. */
export interface PreparedPlayer {
  /** Bundled font files the text of the composition draws with (the page preloads them). */
  likelyFonts: string[];
  composition: Composition;
  /** Media the browser fetches, by index. */
  sources: MediaSource[];
  pictures: Record<string, PlayerPicture>;
  videos: Record<string, { media: number }>;
  sounds: PlayerSound[];
  fonts: PlayerFont[];
  warnings: string[];
}

/**
 * Loads what drawing needs into `composition` (it is changed in place) and lists the media the
 * browser will fetch.
 * @throws FramesmithError when a source the server must read (SVG, subtitles, LUT, model) cannot be read.
 */
export async function preparePlayer(composition: Composition): Promise<PreparedPlayer> {
  const sources: MediaSource[] = [];
  const byUri = new Map<string, number>();
  const mediaIndex = (source: MediaSource): number => {
    let index = byUri.get(source.uri);
    if (index === undefined) {
      index = sources.length;
      sources.push(source);
      byUri.set(source.uri, index);
    }
    return index;
  };

  await loadLookupTables(composition);
  const warnings = [...composition.warnings];
  const models = new Map<string, Promise<ThreeModelData>>();
  const pictures: Record<string, PlayerPicture> = {};
  const videos: Record<string, { media: number }> = {};
  for (const layer of flattenLayers(composition.layers)) {
    const picture = await layerPicture(layer, composition);
    if (picture) pictures[layer.pointer] = picture.kind === 'file' ? { media: mediaIndex(picture.source) } : { svg: picture.markup };
    if (layer.element.kind === 'video') videos[layer.pointer] = { media: mediaIndex(layer.element.source) };
    await loadSubtitleWords(layer);
    await loadThreeModels(layer, models, warnings);
  }
  const sounds: PlayerSound[] = timelineSounds(composition)
    .filter((s) => !s.spec.muted && s.endFrame > s.startFrame)
    .map((s) => ({
      ...s.spec,
      media: mediaIndex(s.source),
      startSeconds: s.startFrame / composition.fps,
      durationSeconds: (s.endFrame - s.startFrame) / composition.fps,
    }));
  await addSourceFacts(sounds, sources);
  const fonts: PlayerFont[] = [
    ...BUNDLED_FACES.map((f) => ({ family: f.family, bundled: f.file, weight: f.weight, style: f.style })),
    ...composition.fonts.map((f: FontSpec) => ({ family: f.family, media: mediaIndex(f.source), weight: f.weight, style: f.style })),
  ];
  return { composition, sources, pictures, videos, sounds, fonts, warnings, likelyFonts: likelyBundledFonts(composition) };
}

/**
 * Ducking depends on when the other sounds really sound: a file without an audio stream never
 * ducks anything, and a sound that runs out stops ducking. The browser cannot tell the first, so
 * when a sound ducks, the server probes the files of the mix, as the mixer does.
 */
async function addSourceFacts(sounds: PlayerSound[], sources: MediaSource[]): Promise<void> {
  if (!sounds.some((s) => s.ducking)) return;
  const files = await Promise.all(sounds.map((s) => resolveMediaFile(sources[s.media]!)));
  const plan = {
    durationSeconds: 0, sampleRate: MIX_SAMPLE_RATE as 48000,
    clips: sounds.map((s, i) => ({ ...s, file: files[i]! })),
  };
  const facts = await probeAudioSources(resolveFfmpegPaths().ffprobe, plan);
  sounds.forEach((s, i) => {
    const f = facts[files[i]!];
    if (f) s.facts = f;
  });
}

/**
 * The bundled faces the composition's text, captions and code draw with, so the page can start
 * fetching them before its script runs. A face missed here still loads when drawing asks for it.
 */
export function likelyBundledFonts(composition: Composition): string[] {
  const declared = new Set(composition.fonts.map((f) => f.family.toLowerCase()));
  const registered = new Set([...declared, ...BUNDLED_FACES.map((f) => f.family.toLowerCase())]);
  const files = new Set<string>();
  const want = (requested: string | undefined, weight: string | number | undefined, italic: boolean) => {
    const family = requested === DEFAULT_MONOSPACE_FAMILY ? requested : resolveFamilyIn(requested, registered).family;
    const bold = weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
    const face = BUNDLED_FACES.find((f) => f.family === family && (f.weight === 'bold') === bold && (f.style !== 'normal') === italic);
    if (face) files.add(face.file);
  };
  for (const layer of flattenLayers(composition.layers)) {
    const el = layer.element;
    if (el.kind === 'text') want(layer.style.fontFamily, layer.style.fontWeight ?? TEXT_DEFAULTS.fontWeight, layer.style.fontStyle === 'italic');
    else if (el.kind === 'subtitle') want(el.caption.fontFamily, el.caption.fontWeight, false);
    else if (el.kind === 'code') want(el.fontFamily ?? DEFAULT_MONOSPACE_FAMILY, 400, false);
  }
  return [...files];
}

export interface PlayerUrls {
  /** URL of media index `index` (the server streams `sources[index]`). */
  media(index: number, source: MediaSource): string;
  /** URL of a bundled font file. */
  bundledFont(file: string): string;
}

/**
 * The JSON text of the player document for one request. Source locations (local paths of the
 * server) are replaced by `media:N`; the browser only ever sees the URLs given here.
 */
export function playerDocument(prepared: PreparedPlayer, urls: PlayerUrls, title?: string): string {
  const media = prepared.sources.map((s, i) => urls.media(i, s));
  const indexOf = new Map(prepared.sources.map((s, i) => [s.uri, i]));
  const doc: PlayerDocument = {
    format: PLAYER_FORMAT,
    ...(title ?? prepared.composition.title ? { title: title ?? prepared.composition.title } : {}),
    composition: prepared.composition,
    media,
    pictures: prepared.pictures,
    videos: prepared.videos,
    sounds: prepared.sounds,
    fonts: prepared.fonts.map((f) => ({
      family: f.family,
      url: f.bundled !== undefined ? urls.bundledFont(f.bundled) : media[f.media!]!,
      ...(f.weight ? { weight: f.weight } : {}),
      ...(f.style ? { style: f.style } : {}),
    })),
    warnings: prepared.warnings,
  };
  return encodeModel(doc, (key, value) => {
    if (key !== 'uri' || typeof value !== 'string') return value;
    const index = indexOf.get(value);
    return index === undefined ? 'server:' : `media:${index}`;
  });
}
