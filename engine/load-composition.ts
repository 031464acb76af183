/**
 * From JSON text or a file to a validated, compiled {@link Composition}, in either input dialect
 * (RenderingVideo v2 or Framelane v1, detected from the document's shape unless named).
 * Every failure is a coded FramesmithError that names the field (JSON pointer) or the file.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkDocumentSize, normalizeIssues, parseJsonDocument, validateRenderingVideo, type ValidateOptions } from '../schema/validate.js';
import { limitMessage, resolveLimits, type ResourceLimits } from '../schema/limits.js';
import type { RvDocument } from '../schema/renderingvideo-v2.js';
import { FramelaneBody, validateFramelane, type FlBody } from '../schema/framelane/index.js';
import { compileRenderingVideo } from './compile/compile-renderingvideo.js';
import { compileFramelane } from './compile/compile-framelane.js';
import type { Composition, EffectSpec, ElementSpec } from './model/composition.js';
import { FramesmithError, invalidTimelineError, type ValidationIssue } from './errors.js';
import { hasIcon } from './assets/icons.js';
import { readMediaBytes, unreadableMediaError, type ReadMediaOptions } from './assets/read-media.js';
import { flattenLayers } from './elements/layout.js';
import { parseCubeLut } from './draw/effects/lut.js';

/** The input dialects. */
export type Dialect = 'renderingvideo' | 'framelane';

export interface LoadOptions extends ValidateOptions {
  /** Folder that relative media paths resolve against. */
  baseDir: string;
  /** Which dialect the document is written in; `auto` (default) tells from its shape ({@link detectDialect}). */
  dialect?: 'auto' | Dialect;
}

/** Top-level fields only a Framelane body has (its `duration`, `width`, … are shared with no RenderingVideo field). */
const FRAMELANE_FIELDS = new Set(Object.keys(FramelaneBody.properties));

/**
 * The dialect a parsed document is written in: `renderingvideo` when it has `meta` or `tracks`,
 * `framelane` when it has `elements` or another Framelane top-level field.
 * @throws FramesmithError ERR_TIMELINE_INVALID (pointer `""`) naming both shapes otherwise.
 */
export function detectDialect(doc: unknown): Dialect {
  if (typeof doc === 'object' && doc !== null && !Array.isArray(doc)) {
    const keys = Object.keys(doc);
    if (keys.includes('meta') || keys.includes('tracks')) return 'renderingvideo';
    if (keys.some((k) => FRAMELANE_FIELDS.has(k))) return 'framelane';
  }
  const got = doc === null ? 'null' : Array.isArray(doc) ? 'an array' : typeof doc === 'object' ? 'an object with neither' : typeof doc;
  throw invalidTimelineError([{
    pointer: '',
    message: `not a composition: expected a RenderingVideo v2 document ({"meta": …, "tracks": […]}) or a Framelane v1 render body ({"elements": […], …}), got ${got}`,
  }]);
}

/** A validation outcome in either dialect, issues as JSON pointers and messages. */
export type DocumentValidation =
  | { ok: true; dialect: Dialect; warnings: ValidationIssue[] }
  | { ok: false; dialect?: Dialect; errors: ValidationIssue[]; warnings: ValidationIssue[] };

/** The outcome of validating and compiling a document; `warnings` are the validator's. */
type Checked =
  | { ok: true; dialect: Dialect; composition: Composition; warnings: ValidationIssue[] }
  | { ok: false; dialect: Dialect; errors: ValidationIssue[]; warnings: ValidationIssue[] };

/**
 * Validates and compiles a document in `dialect`. Compiling does no I/O, so {@link validateDocument}
 * runs it too: what it accepts, rendering accepts (template data, icon names, limits after
 * template expansion).
 */
function checkAndCompile(doc: unknown, dialect: Dialect, options: ValidateOptions & { baseDir: string }): Checked {
  const result = dialect === 'framelane'
    ? validateFramelane(doc, { limits: options.limits, allowUnknownFields: options.allowUnknownFields })
    : validateRenderingVideo(doc, options);
  if (!result.ok) return { ok: false, dialect, errors: result.errors, warnings: result.warnings };
  let composition: Composition;
  try {
    composition = dialect === 'framelane'
      ? compileFramelane(result.value as FlBody, { baseDir: options.baseDir })
      : compileRenderingVideo(result.value as RvDocument, { baseDir: options.baseDir });
  } catch (err) {
    if (err instanceof FramesmithError && err.code === 'ERR_TIMELINE_INVALID') {
      return { ok: false, dialect, errors: err.issues, warnings: result.warnings };
    }
    throw err;
  }
  const issues = dialect === 'framelane' ? [] : [...engineIssues(composition), ...expandedLimitIssues(composition, resolveLimits(options.limits))];
  if (issues.length > 0) return { ok: false, dialect, errors: normalizeIssues(issues), warnings: result.warnings };
  return { ok: true, dialect, composition, warnings: result.warnings };
}

/** Validates a parsed document in its dialect (the `framesmith validate` command); it is compiled too (no I/O). */
export function validateDocument(doc: unknown, options: Omit<LoadOptions, 'baseDir'> = {}): DocumentValidation {
  let dialect: Dialect;
  try {
    dialect = options.dialect && options.dialect !== 'auto' ? options.dialect : detectDialect(doc);
  } catch (err) {
    if (err instanceof FramesmithError) return { ok: false, errors: err.issues, warnings: [] };
    throw err;
  }
  const result = checkAndCompile(doc, dialect, { ...options, baseDir: process.cwd() });
  return result.ok ? { ok: true, dialect, warnings: result.warnings } : { ok: false, dialect, errors: result.errors, warnings: result.warnings };
}

export interface LoadedComposition {
  composition: Composition;
  /** Validation warnings and compile notes, as readable lines. */
  warnings: string[];
}

/** Checks the engine knows of (beyond the schema): names that must exist in bundled data, at any depth. */
function engineIssues(composition: Composition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const layer of flattenLayers(composition.layers)) {
    if (layer.element.kind === 'icon' && !hasIcon(layer.element.name)) {
      issues.push({ pointer: `${layer.pointer}/icon`, message: `unknown icon "${layer.element.name}" (bundled icon set: mdi, e.g. "mdi:star")` });
    }
  }
  return issues;
}

/** The template clip a generated layer or audio came from (`…/template/<part>` pointers), if any. */
function templatePointerOf(pointer: string): string | undefined {
  const at = pointer.indexOf('/template/');
  return at < 0 ? undefined : pointer.slice(0, at);
}

function textLengthOf(element: ElementSpec): number {
  switch (element.kind) {
    case 'text': return element.text.length;
    case 'code': return element.code.length;
    case 'subtitle': return element.words.reduce((n, w) => n + w.text.length, 0);
    default: return 0;
  }
}

/**
 * `maxClips` and `maxTextLength` applied again after templates have expanded (the validator
 * counts a template clip as one clip with no text). Only compositions with generated clips are
 * counted; each error names the template clip that generated the most.
 */
function expandedLimitIssues(composition: Composition, limits: ResourceLimits): ValidationIssue[] {
  const layers = flattenLayers(composition.layers);
  const items: Array<{ pointer: string; text: number }> = [
    ...layers.map((layer) => ({ pointer: layer.pointer, text: textLengthOf(layer.element) })),
    ...composition.audio.map((audio) => ({ pointer: audio.pointer, text: 0 })),
  ];
  const byTemplate = new Map<string, { clips: number; text: number }>();
  for (const item of items) {
    const template = templatePointerOf(item.pointer);
    if (template === undefined) continue;
    const entry = byTemplate.get(template) ?? { clips: 0, text: 0 };
    entry.clips++;
    entry.text += item.text;
    byTemplate.set(template, entry);
  }
  if (byTemplate.size === 0) return [];
  const largest = (key: 'clips' | 'text'): [string, number] =>
    [...byTemplate].reduce<[string, number]>((best, [pointer, entry]) => (entry[key] > best[1] ? [pointer, entry[key]] : best), ['', -1]);
  const issues: ValidationIssue[] = [];
  if (items.length > limits.maxClips) {
    const [pointer, count] = largest('clips');
    issues.push({
      pointer,
      message: `${limitMessage('clip count after template expansion', items.length, 'maxClips', limits.maxClips)}; this template makes ${count}`,
    });
  }
  const text = items.reduce((n, item) => n + item.text, 0);
  if (text > limits.maxTextLength) {
    const [pointer, count] = largest('text');
    issues.push({
      pointer,
      message: `${limitMessage('total text length after template expansion', text, 'maxTextLength', limits.maxTextLength)}; this template makes ${count}`,
    });
  }
  return issues;
}

/** Validates and compiles an already parsed document, in the dialect `options.dialect` names or its shape tells. */
export function compileDocument(doc: unknown, options: LoadOptions): LoadedComposition {
  const dialect = options.dialect && options.dialect !== 'auto' ? options.dialect : detectDialect(doc);
  const result = checkAndCompile(doc, dialect, options);
  if (!result.ok) throw invalidTimelineError(result.errors);
  const { composition } = result;
  return { composition, warnings: [...result.warnings.map((w) => `${w.pointer || '/'}: ${w.message}`), ...composition.warnings] };
}

/** Parses, size-checks, validates and compiles JSON text. */
export function compileJsonText(text: string, options: LoadOptions): LoadedComposition {
  const sizeIssues = checkDocumentSize(Buffer.byteLength(text), options.limits);
  if (sizeIssues.length > 0) throw invalidTimelineError(sizeIssues);
  const parsed = parseJsonDocument(text);
  if (!parsed.ok) {
    throw new FramesmithError('ERR_JSON_PARSE', `invalid JSON: ${parsed.errors[0]?.message ?? 'cannot parse'}`, {
      stage: 'parse', issues: parsed.errors,
    });
  }
  return compileDocument(parsed.value, options);
}

/**
 * Reads the `.cube` files of LUT effects into the composition (once per source), so drawing can
 * apply them. Call it before rendering a composition that did not come from
 * {@link loadCompositionFile} (which calls it). `signal` cancels a download in progress.
 * @throws FramesmithError ERR_ASSET_UNREADABLE naming the `lut_url` field when a file cannot be read or parsed.
 */
export async function loadLookupTables(composition: Composition, options: Pick<ReadMediaOptions, 'signal'> = {}): Promise<void> {
  const tables = new Map<string, ReturnType<typeof parseCubeLut>>();
  for (const layer of flattenLayers(composition.layers)) {
    for (const effect of layer.style.effects ?? []) {
      if (effect.kind !== 'lut' || effect.table) continue;
      const lut = effect as Extract<EffectSpec, { kind: 'lut' }>;
      let table = tables.get(lut.source.uri);
      if (!table) {
        const bytes = await readMediaBytes(lut.source, options);
        try {
          table = parseCubeLut(bytes.toString('utf8'));
        } catch (cause) {
          throw unreadableMediaError(lut.source, `the LUT (${cause instanceof Error ? cause.message : String(cause)})`, cause);
        }
        tables.set(lut.source.uri, table);
      }
      lut.table = table;
    }
  }
}

/** Reads a composition file (either dialect); relative media paths resolve against its folder; LUTs are loaded. */
export async function loadCompositionFile(file: string, options: Omit<LoadOptions, 'baseDir'> = {}): Promise<LoadedComposition> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new FramesmithError('ERR_FILE_NOT_FOUND', code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? String(cause)})`, {
      stage: 'parse', cause,
    });
  }
  try {
    const loaded = compileJsonText(text, { ...options, baseDir: path.dirname(path.resolve(file)) });
    await loadLookupTables(loaded.composition);
    return loaded;
  } catch (err) {
    if (err instanceof FramesmithError && err.code === 'ERR_JSON_PARSE') {
      throw new FramesmithError('ERR_JSON_PARSE', `${file}: ${err.message}`, { stage: 'parse', issues: err.issues });
    }
    throw err;
  }
}
