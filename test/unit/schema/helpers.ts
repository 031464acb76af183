import { expect } from 'vitest';
import type { ValidationIssue } from '../../../engine/errors.js';
import { validateRenderingVideo, type ValidateOptions, type ValidationResult } from '../../../schema/validate.js';

export type Json = Record<string, unknown>;

/** A minimal valid document; `clips` go into the one track. */
export function doc(clips: Json[] = [], extra: { meta?: Json; assets?: Json } = {}): Json {
  const out: Json = {
    meta: { version: '2.0.0', width: 640, height: 360, fps: 30, ...extra.meta },
    tracks: [{ id: 'main', clips }],
  };
  if (extra.assets) out.assets = extra.assets;
  return out;
}

/** A base clip of `type` with the common required fields. */
export function clip(type: string, fields: Json = {}): Json {
  return { type, start: 0, duration: 2, ...fields };
}

/** Minimal valid clip of every type. */
export const MINIMAL_CLIPS: Record<string, Json> = {
  video: clip('video', { src: 'https://example.com/a.mp4' }),
  image: clip('image', { src: 'https://example.com/a.png' }),
  text: clip('text', { text: 'Hello' }),
  rect: clip('rect'),
  circle: clip('circle', { size: 100 }),
  polygon: clip('polygon', { sides: 5, size: 100 }),
  code: clip('code', { code: 'let a = 1;' }),
  svg: clip('svg', { svg: '<svg xmlns="http://www.w3.org/2000/svg"/>' }),
  icon: clip('icon', { icon: 'mdi:home' }),
  line: clip('line', { points: [[0, 0], { x: 10, y: 10 }] }),
  path: clip('path', { data: 'M 0 0 L 10 10' }),
  three: clip('three'),
  audio: clip('audio', { src: 'https://example.com/a.mp3' }),
  subtitle: clip('subtitle', { words: [{ word: 'hi', punctuated_word: 'Hi.', start: 0, end: 0.5 }] }),
  layout: clip('layout', { children: [clip('text', { text: 'child' })] }),
  template: clip('template', { template: 'quote', data: {} }),
};

export function validate(document: unknown, options?: ValidateOptions): ValidationResult {
  return validateRenderingVideo(document, options);
}

export function expectValid(document: unknown, options?: ValidateOptions): ValidationIssue[] {
  const result = validate(document, options);
  if (!result.ok) expect.fail(`expected a valid document, got ${JSON.stringify(result.errors, null, 2)}`);
  return result.warnings;
}

/** Asserts the document is rejected and that one error sits at `pointer` (message containing `text`). */
export function expectError(document: unknown, pointer: string, text?: string | RegExp, options?: ValidateOptions): ValidationIssue[] {
  const result = validate(document, options);
  if (result.ok) expect.fail(`expected errors at ${pointer}, document was accepted`);
  const at = result.errors.filter((e) => e.pointer === pointer);
  if (at.length === 0) expect.fail(`no error at ${pointer}; errors: ${JSON.stringify(result.errors, null, 2)}`);
  if (text !== undefined) {
    const matches = at.some((e) => (typeof text === 'string' ? e.message.includes(text) : text.test(e.message)));
    if (!matches) expect.fail(`no error at ${pointer} matching ${String(text)}; got ${JSON.stringify(at)}`);
  }
  return result.errors;
}

/** Pointer of clip `i` of the single track built by {@link doc}. */
export const clipPointer = (i = 0): string => `/tracks/0/clips/${i}`;
