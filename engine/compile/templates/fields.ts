/**
 * Template `data` fields: declared types, checks with JSON pointers, and the merge
 * defaults → variant defaults → data → overrides.data.
 *
 * @remarks The schema accepts any object as `data`; these checks run at compile time and
 * every problem becomes an invalid-composition issue at the pointer of the bad value. A field
 * a template does not know is a warning (it is ignored), never an error.
 */
import { isCssColour } from '../../../schema/rv2/colour.js';
import { escapePointerSegment } from '../../../schema/rv2/ajv-issues.js';
import type { ValidationIssue } from '../../errors.js';
import { wordProblems } from '../subtitle.js';

export type FieldType =
  | { kind: 'string' }
  /** A string, or a number shown as text (prices, counts). */
  | { kind: 'text' }
  | { kind: 'boolean' }
  | { kind: 'number'; min?: number; max?: number; exclusiveMin?: boolean; integer?: boolean }
  | { kind: 'color' }
  /** px number or `"N%"`. */
  | { kind: 'length' }
  | { kind: 'enum'; values: readonly string[] }
  /** A path or URL, or `{"$ref"}` into `assets.images`. */
  | { kind: 'image' }
  /** A path or URL, or `{"$ref"}` into `assets.videos`. */
  | { kind: 'video' }
  /** Subtitle words inline, `{"$ref"}` into `assets.subtitles`, or `{"src"}`. */
  | { kind: 'words' }
  | { kind: 'list'; of: FieldType; min?: number }
  /** Fields merge one by one (deep) across defaults, variant, data and overrides.data. */
  | { kind: 'object'; fields: Record<string, FieldType>; required?: readonly string[] };

/** Shorthands for declaring field tables. */
export const F = {
  string: { kind: 'string' } as FieldType,
  text: { kind: 'text' } as FieldType,
  boolean: { kind: 'boolean' } as FieldType,
  color: { kind: 'color' } as FieldType,
  length: { kind: 'length' } as FieldType,
  image: { kind: 'image' } as FieldType,
  video: { kind: 'video' } as FieldType,
  words: { kind: 'words' } as FieldType,
  number: (o: { min?: number; max?: number; exclusiveMin?: boolean; integer?: boolean } = {}): FieldType => ({ kind: 'number', ...o }),
  enum: (values: readonly string[]): FieldType => ({ kind: 'enum', values }),
  list: (of: FieldType, min?: number): FieldType => ({ kind: 'list', of, min }),
  object: (fields: Record<string, FieldType>, required?: readonly string[]): FieldType => ({ kind: 'object', fields, required }),
};

/** Pools a `$ref` may name, by field role; `any` holds the ids of every pool. */
export interface AssetIds {
  images: ReadonlySet<string>;
  videos: ReadonlySet<string>;
  subtitles: ReadonlySet<string>;
  any: ReadonlySet<string>;
}

export interface FieldContext {
  assets: AssetIds;
  /** For messages: `template "quote"`. */
  owner: string;
  issues: ValidationIssue[];
  warnings: string[];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function refId(value: unknown): string | undefined {
  return isPlainObject(value) && typeof value.$ref === 'string' && Object.keys(value).length === 1 ? value.$ref : undefined;
}

function checkRef(id: string, pool: keyof AssetIds, pointer: string, ctx: FieldContext): void {
  if (!ctx.assets[pool].has(id)) ctx.issues.push({ pointer: `${pointer}/$ref`, message: `no asset with id "${id}" in assets.${pool}` });
}

/**
 * `{$ref}`s inside a field the template does not declare (the value is ignored): each must still
 * name an asset, in any pool. In a declared field the field's own pool applies ({@link checkField}).
 */
function strayRefs(value: unknown, pointer: string, ctx: FieldContext): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => strayRefs(item, `${pointer}/${i}`, ctx));
  } else if (isPlainObject(value)) {
    if (typeof value.$ref === 'string' && !ctx.assets.any.has(value.$ref)) {
      ctx.issues.push({ pointer: `${pointer}/$ref`, message: `no asset with id "${value.$ref}" in any assets pool` });
    }
    for (const [key, item] of Object.entries(value)) {
      if (key !== '$ref') strayRefs(item, `${pointer}/${escapePointerSegment(key)}`, ctx);
    }
  }
}

/** Checks one value against its declared type, pushing issues at `pointer`. `null` means "unset". */
export function checkField(type: FieldType, value: unknown, pointer: string, ctx: FieldContext): void {
  if (value === null || value === undefined) return;
  const bad = (expected: string): void => {
    ctx.issues.push({ pointer, message: `must be ${expected}, got ${describe(value)}` });
  };
  switch (type.kind) {
    case 'string':
      if (typeof value !== 'string') bad('a string');
      return;
    case 'text':
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) bad('a string or a number');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') bad('true or false');
      return;
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad('a number');
      if (type.integer && !Number.isInteger(value)) return bad('an integer');
      if (type.min !== undefined && (type.exclusiveMin ? value <= type.min : value < type.min)) {
        return bad(`a number ${type.exclusiveMin ? '>' : '≥'} ${type.min}`);
      }
      if (type.max !== undefined && value > type.max) bad(`a number ≤ ${type.max}`);
      return;
    }
    case 'color':
      if (typeof value !== 'string' || !isCssColour(value)) bad('a CSS colour (e.g. #ff0000, rgba(0,0,0,0.5))');
      return;
    case 'length':
      if (!(typeof value === 'number' && Number.isFinite(value)) && !(typeof value === 'string' && /^-?\d+(\.\d+)?%$/.test(value))) {
        bad('a number (px) or a percentage string such as "50%"');
      }
      return;
    case 'enum':
      if (typeof value !== 'string' || !type.values.includes(value)) bad(`one of: ${type.values.join(', ')}`);
      return;
    case 'image':
    case 'video': {
      const pool = type.kind === 'image' ? 'images' : 'videos';
      const id = refId(value);
      if (id !== undefined) return checkRef(id, pool, pointer, ctx);
      if (typeof value !== 'string' || value.length === 0) bad(`a path or URL, or {"$ref": "<assets.${pool} id>"}`);
      return;
    }
    case 'words': {
      const id = refId(value);
      if (id !== undefined) return checkRef(id, 'subtitles', pointer, ctx);
      if (isPlainObject(value) && Object.keys(value).length === 1 && typeof value.src === 'string' && value.src.length > 0) return;
      if (!Array.isArray(value)) return bad('a list of subtitle words, {"$ref": "<assets.subtitles id>"} or {"src": "<url>"}');
      value.forEach((word, i) => {
        for (const problem of wordProblems(word)) ctx.issues.push({ pointer: `${pointer}/${i}`, message: problem });
        if (isPlainObject(word) && typeof word.punctuated_word !== 'string') {
          ctx.issues.push({ pointer: `${pointer}/${i}`, message: 'missing "punctuated_word" (a string)' });
        }
      });
      return;
    }
    case 'list':
      if (!Array.isArray(value)) return bad('a list');
      if (type.min !== undefined && value.length < type.min) {
        ctx.issues.push({ pointer, message: `must have at least ${type.min} item${type.min > 1 ? 's' : ''}` });
      }
      value.forEach((item, i) => checkField(type.of, item, `${pointer}/${i}`, ctx));
      return;
    case 'object':
      if (!isPlainObject(value)) return bad('an object');
      checkFields(type.fields, value, pointer, ctx);
      for (const key of type.required ?? []) {
        if (value[key] === undefined || value[key] === null) ctx.issues.push({ pointer: `${pointer}/${key}`, message: `missing required field "${key}"` });
      }
      return;
  }
}

/** Checks every key of `data` against `fields`; unknown keys are warnings. */
export function checkFields(fields: Record<string, FieldType>, data: Record<string, unknown>, pointer: string, ctx: FieldContext): void {
  const known = Object.keys(fields);
  for (const [key, value] of Object.entries(data)) {
    const at = `${pointer}/${escapePointerSegment(key)}`;
    const type = fields[key];
    if (!type) {
      const near = known.find((k) => editDistance(k, key) <= 2);
      ctx.warnings.push(`${at}: ${ctx.owner} has no data field "${key}"${near ? ` (did you mean "${near}"?)` : ''}; it is ignored`);
      strayRefs(value, at, ctx);
      continue;
    }
    checkField(type, value, at, ctx);
  }
}

/**
 * Merges parameter layers in order (later wins). Fields declared `object` merge key by key;
 * everything else (lists included) is replaced; `null` removes a value.
 */
export function mergeParams(
  fields: Record<string, FieldType>,
  layers: ReadonlyArray<Record<string, unknown> | undefined>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      if (value === null) {
        delete out[key];
        continue;
      }
      const type = fields[key];
      const previous = out[key];
      out[key] = type?.kind === 'object' && isPlainObject(value) && isPlainObject(previous)
        ? mergeParams(type.fields, [previous, value])
        : value;
    }
  }
  return out;
}
