/**
 * `GET /v1/capabilities` (digest §8): every element type, effect, motion, transition, blend mode,
 * easing, word-animation style and output format of the dialect, each flagged `supported` from
 * what the compiler really does, never typed in by hand.
 *
 * The lists come from the dialect's enums (schema/framelane/enums.ts). Each value is compiled in a
 * small probe body through `framelaneRenderRequest`, the endpoint's own entry point, and is
 * `supported` when the body is accepted AND the value changes the compiled composition: a list
 * item (effect, motion, transition) against the same body without it, an enum value (blend mode,
 * easing, word style) against another value of the same field. A value that is refused, or
 * accepted and silently ignored, is listed with `supported: false`. Output formats must also
 * find their encoders in the configured ffmpeg (capabilities-encoders.ts). Ranges come from the
 * emitted JSON Schema, narrowed by the server's resource limits.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { framelaneRenderRequest } from '../../engine/compile/framelane/render-request.js';
import {
  FL_ALPHA_FORMATS, FL_BLEND_MODES, FL_EASINGS, FL_EFFECT_TYPES, FL_ELEMENT_TYPES, FL_MOTION_AVAILABILITY, FL_MOTION_TYPES,
  FL_OUTPUT_FORMATS, FL_REFUSED_ELEMENT_TYPES, FL_TRANSITION_TYPES, FL_WORD_ANIMATION_STYLES, framelaneJsonSchema,
} from '../../schema/framelane/index.js';
import { resolveLimits } from '../../schema/limits.js';
import type { ServerConfig } from '../config.js';
import { encoderSupport, encodersOf, type EncoderSupport } from './capabilities-encoders.js';
import { PROGRESS_EVENT_MIN_INTERVAL_MS, PROGRESS_EVENT_STEP_PERCENT } from './events.js';
import { MAX_CONCURRENT_IMPORTS_PER_KEY } from './imports.js';
import { UPLOAD_TYPES } from './media.js';
import { IDEMPOTENCY_WINDOW_MS } from './render-service.js';

/** Life of an upload URL (§1.6: one hour). */
export const UPLOAD_URL_TTL_SECONDS = 3600;

type Body = Record<string, unknown>;

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const image = (id: string, extra: Body = {}): Body => ({ type: 'image', id, source_url: PNG, time: 0, duration: 2, ...extra });
const text = (extra: Body = {}): Body => ({ type: 'text', id: 't', text: 'probe words', time: 0, duration: 2, ...extra });
const body = (elements: Body[], extra: Body = {}): Body => ({ width: 64, height: 48, duration: 3, frame_rate: 10, elements, ...extra });

/** The compiled composition of a probe body as text, or undefined when it is refused. */
function compiled(doc: Body): string | undefined {
  const r = framelaneRenderRequest(doc, { localFiles: false });
  return r.ok ? JSON.stringify({ composition: r.composition, spec: r.spec }) : undefined;
}

/** Accepted and different from `baseline`. */
function changes(doc: Body, baseline: Body): boolean {
  const with_ = compiled(doc);
  return with_ !== undefined && with_ !== compiled(baseline);
}

/** Each value of an enum field, accepted and making a difference against some other value. */
function enumSupport(values: readonly string[], doc: (value: string) => Body): Array<{ name: string; supported: boolean }> {
  const out = values.map((v) => ({ v, c: compiled(doc(v)) }));
  return out.map(({ v, c }) => ({ name: v, supported: c !== undefined && out.some((o) => o.v !== v && o.c !== undefined && o.c !== c) }));
}

const ELEMENT_PROBES: Readonly<Record<string, Body>> = {
  video: { type: 'video', id: 'v', source_url: 'data:video/mp4;base64,AAAA', time: 0, out_point: 1 },
  audio: { type: 'audio', id: 'a', source_url: 'data:audio/wav;base64,AAAA', time: 0, out_point: 1 },
  text: text(),
  image: image('i'),
};

function elementTypes(): Array<{ name: string; supported: boolean }> {
  return [...FL_ELEMENT_TYPES, ...FL_REFUSED_ELEMENT_TYPES].map((name) => {
    const probe = ELEMENT_PROBES[name] ?? { type: name, id: 'x', time: 0, duration: 1 };
    const r = framelaneRenderRequest(body([probe]), { localFiles: false });
    return { name, supported: r.ok && (r.composition.layers.length > 0 || r.composition.audio.length > 0) };
  });
}

function effects(): Array<{ name: string; supported: boolean; params: Record<string, unknown> }> {
  const base = body([image('a')]);
  return FL_EFFECT_TYPES.map((name) => ({
    name,
    supported: changes(body([image('a', { effects: [{ type: name }] })]), base),
    params: {
      intensity: { min: 0, max: 100, default: 100 },
      ...(name === 'chroma_key' ? { chroma_settings: { hue: { min: 0, max: 360, unit: 'degrees' }, sat: { min: 0, max: 1 }, lum: { min: 0, max: 1 } } } : {}),
    },
  }));
}

function motions(): Array<Record<string, unknown>> {
  return FL_MOTION_TYPES.map((name) => {
    const av = FL_MOTION_AVAILABILITY[name];
    const probe = (reversed: boolean, character: boolean): boolean => {
      const motion = { type: name, time: 0, duration: 1, reversed, ...(character ? { scope: 'character' } : {}) };
      const el = (extra: Body) => (character ? text(extra) : image('a', extra));
      return changes(body([el({ motion: [motion] })]), body([el({})]));
    };
    const entrance = av.entrance && probe(false, false);
    const exit = av.exit && probe(true, false);
    const charEntrance = av.characterEntrance && probe(false, true);
    const charExit = av.characterExit && probe(true, true);
    return {
      name, supported: entrance || exit || charEntrance || charExit, entrance, exit,
      character_scope: { entrance: charEntrance, exit: charExit },
      ...(av.forceExit ? { exit_only: true } : {}),
    };
  });
}

function transitions(): Array<Record<string, unknown>> {
  const pair = [image('a', { time: 0, duration: 2 }), image('b', { time: 1, duration: 2 })];
  const base = body(pair);
  return FL_TRANSITION_TYPES.map((name) => ({
    name,
    supported: changes(body(pair, { transitions: [{ type: name, duration: 0.5, from_id: 'a', to_id: 'b' }] }), base),
    duration: { min_exclusive: 0 },
  }));
}

/** An output format as the compiler takes it, and the ffmpeg encoders its renders run. */
interface FormatProbe {
  name: string;
  compiles: boolean;
  alphaCompiles: boolean;
  encoders: string[];
  alphaEncoders: string[];
}

function outputFormats(): FormatProbe[] {
  return FL_OUTPUT_FORMATS.map((name) => {
    const plain = framelaneRenderRequest(body([image('a')], { output_format: name }), { localFiles: false });
    const alpha = FL_ALPHA_FORMATS.includes(name) ? framelaneRenderRequest(body([image('a')], { output_format: name, alpha: true }), { localFiles: false }) : undefined;
    return {
      name, compiles: plain.ok, alphaCompiles: alpha?.ok === true,
      encoders: plain.ok ? encodersOf(plain.spec) : [], alphaEncoders: alpha?.ok ? encodersOf(alpha.spec) : [],
    };
  });
}

/**
 * A format is `supported` when it compiles and the configured ffmpeg has its encoders (else
 * `reason` says which is missing); `alpha` likewise, with `alpha_reason`.
 */
function formatEntry(f: FormatProbe, encoders: EncoderSupport): Record<string, unknown> {
  const reason = f.compiles ? encoders.problem(f.encoders) : undefined;
  const alphaReason = f.alphaCompiles && !reason ? encoders.problem(f.alphaEncoders) : undefined;
  return {
    name: f.name, supported: f.compiles && !reason, ...(reason ? { reason } : {}),
    alpha: f.alphaCompiles && !reason && !alphaReason, ...(alphaReason ? { alpha_reason: alphaReason } : {}),
    ...(f.name === 'png' || f.name === 'jpg' ? { still: true, frame_time_seconds: 0 } : {}),
  };
}

interface Bounds { min?: number; max?: number; min_exclusive?: number }

/** Numeric bounds of every field of the emitted JSON Schema: uniform fields by name, others as `<type>.<field>`. */
function schemaRanges(): Record<string, Bounds> {
  const found = new Map<string, Map<string, Bounds>>();
  const note = (owner: string, props: Record<string, Record<string, unknown>> | undefined) => {
    for (const [field, s] of Object.entries(props ?? {})) {
      const b: Bounds = {};
      if (typeof s.minimum === 'number') b.min = s.minimum;
      if (typeof s.exclusiveMinimum === 'number') b.min_exclusive = s.exclusiveMinimum;
      if (typeof s.maximum === 'number') b.max = s.maximum;
      if (Object.keys(b).length === 0) continue;
      if (!found.has(field)) found.set(field, new Map());
      found.get(field)!.set(owner, b);
    }
  };
  const schema = framelaneJsonSchema as unknown as { properties: Record<string, Record<string, unknown>>; $defs: Record<string, { properties?: Record<string, Record<string, unknown>> }> };
  note('body', schema.properties);
  for (const [id, def] of Object.entries(schema.$defs)) note(id.replace(/^Fl/, '').replace(/Element$/, '').toLowerCase(), def.properties);
  const out: Record<string, Bounds> = {};
  for (const [field, owners] of found) {
    const variants = new Set([...owners.values()].map((b) => JSON.stringify(b)));
    if (variants.size === 1) out[field] = [...owners.values()][0]!;
    else for (const [owner, b] of owners) out[`${owner}.${field}`] = b;
  }
  return out;
}

function rendererVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      return String((JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: unknown }).version ?? 'unknown');
    } catch {
      dir = path.dirname(dir);
    }
  }
  return 'unknown';
}

let probed: { lists: Record<string, unknown>; formats: FormatProbe[] } | undefined;

/** The probed lists (computed once per process: the engine does not change while it runs). */
function probedLists(): { lists: Record<string, unknown>; formats: FormatProbe[] } {
  probed ??= { lists: {
    element_types: elementTypes(),
    effects: effects(),
    motions: motions(),
    transitions: transitions(),
    transition_aliases: { fade: 'cross_dissolve' },
    blend_modes: enumSupport(FL_BLEND_MODES, (v) => body([image('a', { blend_mode: v })])),
    easings: enumSupport(FL_EASINGS, (v) => body([image('a', { motion: [{ type: 'slide_up', time: 0, duration: 1, easing: v }] })])),
    word_animation_styles: enumSupport(FL_WORD_ANIMATION_STYLES, (v) => body([text({
      background_color: '#ff0000', word_animation: { style: v, words: [{ text: 'probe', start: 0, end: 1 }, { text: 'words', start: 1, end: 2 }] },
    })])),
  }, formats: outputFormats() };
  return probed;
}

/** The capabilities document for this server's configuration and ffmpeg. */
export async function framelaneCapabilities(config: ServerConfig): Promise<Record<string, unknown>> {
  const limits = resolveLimits(config.limits);
  const { lists, formats } = probedLists();
  const encoders = await encoderSupport();
  const ranges = schemaRanges();
  const narrow = (name: string, max: number) => ({ ...ranges[name], max: Math.min(ranges[name]?.max ?? max, max) });
  const inputGroups = (group: string) => UPLOAD_TYPES.filter((u) => u.group === group).map((u) => ({
    mime: u.mime, supported: u.supported, ...(u.reason ? { reason: u.reason } : {}),
  }));
  return {
    api_version: 'v1',
    renderer: { name: 'framesmith', version: rendererVersion() },
    ...lists,
    output_formats: formats.map((f) => formatEntry(f, encoders)),
    input_formats: { video: inputGroups('video'), audio: inputGroups('audio'), image: inputGroups('image'), font: inputGroups('font') },
    source_urls: ['https:// and http:// URLs (fetched behind an address guard)', 'data: URIs', 'source_url of an upload or import (POST /v1/uploads, POST /v1/imports)'],
    ranges: {
      ...ranges,
      width: narrow('width', limits.maxWidth),
      height: narrow('height', limits.maxHeight),
      frame_rate: { ...narrow('frame_rate', limits.maxFps), default: 30 },
      // `default` is always a number; duration has no fixed one.
      duration: { min_exclusive: 0, max: limits.maxDurationSeconds, note: 'optional; without it, the end of the latest element, else 10 seconds' },
    },
    limits: {
      max_frames: limits.maxFrames,
      max_elements: limits.maxClips,
      max_text_length: limits.maxTextLength,
      max_distinct_sources: limits.maxAssets,
      max_body_bytes: limits.maxDocumentBytes,
      max_source_bytes: config.uploadMaxFileBytes,
      storage_limit_bytes: config.storageLimitBytes,
      upload_url_ttl_seconds: UPLOAD_URL_TTL_SECONDS,
      download_url_ttl_seconds: config.signedUrlTtlSeconds,
      idempotency_window_seconds: IDEMPOTENCY_WINDOW_MS / 1000,
      concurrent_renders: config.renderConcurrency,
      concurrent_imports_per_key: MAX_CONCURRENT_IMPORTS_PER_KEY,
    },
    rate_limits: {
      requests_per_window: config.rateLimitMax,
      window_seconds: config.rateLimitWindowMs / 1000,
      scope: 'per API key (per client address without one), every /v1 route together',
    },
    validation: {
      unknown_fields: config.framelaneAllowUnknownFields ? 'ignored' : 'rejected with 422 invalid_request naming each field',
      refused_element_types: 'rejected with 422 unsupported_feature',
    },
    webhooks: {
      events: ['render.completed', 'render.failed', 'render.cancelled', 'render.progress'],
      progress_events: {
        every_percent: PROGRESS_EVENT_STEP_PERCENT, min_interval_seconds: PROGRESS_EVENT_MIN_INTERVAL_MS / 1000, retried: false,
        ordering: 'none is sent once the render\'s terminal event is queued; the terminal event waits for a progress request in flight',
      },
      signature: 'Framelane-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"> keyed with the API key\'s webhook secret',
      retry_delays_seconds: config.webhookRetryDelaysMs.map((ms) => ms / 1000),
      workspace_webhooks: false,
    },
    tasks: ['remove_background', 'gaze_redirect', 'super_resolution', 'transcribe'].map((name) => ({ name, supported: false })),
    onboarding: { auth: 'bearer', signup: null, keys: 'created by the server operator: npx framesmith keys create --name NAME' },
  };
}
