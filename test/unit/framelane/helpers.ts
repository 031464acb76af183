import { expect } from 'vitest';
import { validateFramelane, type FramelaneIssue, type FramelaneValidateOptions, type FramelaneValidationResult } from '../../../schema/framelane/index.js';

export type Json = Record<string, unknown>;

/** A small valid body with `elements`; `extra` adds or replaces top-level fields. */
export function body(elements: Json[] = [], extra: Json = {}): Json {
  return { width: 320, height: 180, frame_rate: 10, elements, ...extra };
}

/** Minimal valid element of each type (local files are accepted by default). */
export const MINIMAL: Record<'video' | 'audio' | 'text' | 'image', Json> = {
  video: { type: 'video', id: 'v', source_url: 'https://media.example.org/a.mp4', out_point: 2 },
  audio: { type: 'audio', id: 'a', source_url: 'https://media.example.org/a.mp3', out_point: 2 },
  text: { type: 'text', id: 't', text: 'Hello', duration: 2 },
  image: { type: 'image', id: 'i', source_url: 'https://media.example.org/a.png', duration: 2 },
};

/** `MINIMAL[type]` with `fields` added. */
export function el(type: keyof typeof MINIMAL, fields: Json = {}): Json {
  return { ...MINIMAL[type], ...fields };
}

export function validate(doc: unknown, options?: FramelaneValidateOptions): FramelaneValidationResult {
  return validateFramelane(doc, options);
}

export function expectValid(doc: unknown, options?: FramelaneValidateOptions): FramelaneIssue[] {
  const result = validate(doc, options);
  if (!result.ok) expect.fail(`expected a valid body, got ${JSON.stringify(result.errors, null, 2)}`);
  return result.warnings;
}

/** Asserts the body is refused with an error at `pointer` (message containing `text`); returns every error. */
export function expectError(doc: unknown, pointer: string, text?: string | RegExp, options?: FramelaneValidateOptions): FramelaneIssue[] {
  const result = validate(doc, options);
  if (result.ok) expect.fail(`expected errors at ${pointer}, the body was accepted`);
  const at = result.errors.filter((e) => e.pointer === pointer);
  if (at.length === 0) expect.fail(`no error at ${pointer}; errors: ${JSON.stringify(result.errors, null, 2)}`);
  if (text !== undefined) {
    const matches = at.some((e) => (typeof text === 'string' ? e.message.includes(text) : text.test(e.message)));
    if (!matches) expect.fail(`no error at ${pointer} matching ${String(text)}; got ${JSON.stringify(at)}`);
  }
  return result.errors;
}

/** Asserts the body is accepted with a warning at `pointer`. */
export function expectWarning(doc: unknown, pointer: string, text?: string | RegExp): void {
  const warnings = expectValid(doc);
  const at = warnings.filter((w) => w.pointer === pointer && (text === undefined || (typeof text === 'string' ? w.message.includes(text) : text.test(w.message))));
  if (at.length === 0) expect.fail(`no warning at ${pointer} matching ${String(text)}; warnings: ${JSON.stringify(warnings)}`);
}
