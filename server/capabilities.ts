/**
 * `GET /api/v1/capabilities`, answered from what the engine really does. Which clip types
 * render is found at run time, never hard-coded: each clip type is compiled in a one-clip probe
 * composition, and the type is listed when the compile succeeds, reports no "skipped" or
 * "not mixed" warning, and every layer it produces is a kind the engine draws
 * (`DRAWN_ELEMENT_KINDS`). A type that the engine learns to render appears here without a change.
 */
import { compileDocument } from '../engine/load-composition.js';
import { DRAWN_ELEMENT_KINDS } from '../engine/elements/index.js';
import type { Layer } from '../engine/model/composition.js';
import {
  ANIMATION_TYPES, CLIP_TYPES, EASING_NAMES, KEYFRAME_PROPERTY_NAMES, TRANSITION_TYPES, type ClipType,
} from '../schema/renderingvideo-v2.js';
import { QUALITY_STEPS } from './render/composition.js';

/** The smallest valid clip of each type (beyond type, start and duration). */
const PROBE_CLIPS: Readonly<Record<ClipType, Record<string, unknown>>> = {
  video: { src: 'probe.mp4' },
  image: { src: 'probe.png' },
  text: { text: 'probe' },
  rect: {},
  circle: { size: 10 },
  polygon: { sides: 5, size: 10 },
  code: { code: 'probe' },
  svg: { svg: '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>' },
  icon: { icon: 'mdi:star' },
  line: { points: [[0, 0], [10, 10]] },
  path: { data: 'M0 0 L10 10' },
  three: {},
  audio: { src: 'probe.mp3' },
  subtitle: { words: [{ word: 'probe', punctuated_word: 'probe', start: 0, end: 1 }] },
  layout: { children: [{ type: 'rect', start: 0, duration: 1 }] },
  template: { template: 'quote', data: { quote: 'probe', author: 'probe' } },
};

const NOT_RENDERED = /skipped|not rendered|not mixed|no sound track/i;

function layersDrawn(layers: Layer[]): boolean {
  const drawn = new Set<string>(DRAWN_ELEMENT_KINDS);
  return layers.every((layer) => {
    const el = layer.element as { kind: string; children?: Layer[] };
    return drawn.has(el.kind) && (!el.children || layersDrawn(el.children));
  });
}

/** True when the engine renders a clip of `type` (see the module comment). */
export function engineRendersClipType(type: ClipType): boolean {
  const doc = {
    meta: { version: '2.0.0', width: 64, height: 48, fps: 10 },
    tracks: [{ clips: [{ type, start: 0, duration: 1, ...PROBE_CLIPS[type] }] }],
  };
  try {
    const { composition, warnings } = compileDocument(doc, { baseDir: process.cwd() });
    if (warnings.some((w) => NOT_RENDERED.test(w))) return false;
    if (type === 'audio') return composition.audio.length > 0;
    return composition.layers.length > 0 && layersDrawn(composition.layers);
  } catch {
    return false;
  }
}

let cachedClipTypes: { rendered: ClipType[]; validatedOnly: ClipType[] } | undefined;

/** Clip types the engine renders, and those it only validates (computed once). */
export function clipTypeSupport(): { rendered: ClipType[]; validatedOnly: ClipType[] } {
  if (!cachedClipTypes) {
    const rendered = CLIP_TYPES.filter((t) => engineRendersClipType(t));
    cachedClipTypes = { rendered, validatedOnly: CLIP_TYPES.filter((t) => !rendered.includes(t)) };
  }
  return cachedClipTypes;
}

/** The capabilities document (without `success`). */
export function capabilities(urls: { openapi: string; docs: string; api: string }): Record<string, unknown> {
  const clips = clipTypeSupport();
  return {
    apiVersion: 'v1',
    schema: {
      version: '2.0.0',
      clipTypes: clips.rendered,
      animationTypes: [...ANIMATION_TYPES],
      easingFunctions: [...EASING_NAMES],
      transitionTypes: [...TRANSITION_TYPES],
      keyframeProperties: [...KEYFRAME_PROPERTY_NAMES],
    },
    render: {
      qualitySelection: 'auto: the short edge of meta.width × meta.height picks the quality; there is no quality option',
      qualities: [...QUALITY_STEPS].reverse().map((s) => ({ ...s })),
    },
    features: {
      preview: true,
      previewTtlDays: 7,
      upload: true,
      uploadTypes: 'image, video, audio (checked by content)',
      webhooks: true,
      webhookSignature: 'X-Framesmith-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with the API key\'s webhook secret>',
      webhookRetries: true,
      signedDownloadUrls: true,
      rangeRequests: true,
      outputFormat: 'mp4',
      validatedButNotRenderedClipTypes: clips.validatedOnly,
    },
    docs: urls,
  };
}
