/**
 * A composition as the API sees it: validated and compiled by the engine, its media limited to
 * what an API client may name, and priced in credits.
 *
 * Media a composition may use through the API: http(s) URLs (fetched by the engine behind its
 * address guard), `data:` URIs, and the `url` of the caller's own uploads. Local paths are
 * refused: they would let a client read the server's files or another key's uploads.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { compileDocument } from '../../engine/load-composition.js';
import type { Composition } from '../../engine/model/composition.js';
import { hasErrorCode, type FramesmithError, type ValidationIssue } from '../../engine/errors.js';
import type { ResourceLimits } from '../../schema/limits.js';
import { ApiError } from '../errors.js';

/** A quality step of the credit table (spec digest §7.2, "Credits"). */
export interface QualityStep {
  quality: string;
  label: string;
  /** Smallest short edge (px) of this step. */
  shortEdge: number;
  creditMultiplier: number;
}

/** Highest first; a composition gets the first step its short edge reaches, else the last. */
export const QUALITY_STEPS: readonly QualityStep[] = [
  { quality: '2K', label: '2K', shortEdge: 1440, creditMultiplier: 2 },
  { quality: '1080p', label: 'Full HD 1080p', shortEdge: 1080, creditMultiplier: 1.5 },
  { quality: '720p', label: 'HD 720p (and smaller)', shortEdge: 720, creditMultiplier: 1 },
];

/** The quality step of a `width` × `height` composition, chosen by its short edge. */
export function qualityOf(width: number, height: number): QualityStep {
  const shortEdge = Math.min(width, height);
  return QUALITY_STEPS.find((s) => shortEdge >= s.shortEdge) ?? QUALITY_STEPS[QUALITY_STEPS.length - 1]!;
}

/** Credits of a render: duration (s) × the quality multiplier, rounded up. */
export function renderCost(durationSeconds: number, step: QualityStep): number {
  // The epsilon keeps 1.5 × 2 = 3.0000000000000004 from becoming 4.
  return Math.max(0, Math.ceil(durationSeconds * step.creditMultiplier - 1e-9));
}

export interface PreparedComposition {
  composition: Composition;
  warnings: string[];
  width: number;
  height: number;
  durationSeconds: number;
  quality: QualityStep;
  cost: number;
}

export interface PrepareOptions {
  limits: ResourceLimits;
  /** The owner's uploads folder: relative media paths resolve here, and local media must be inside it. */
  uploadsDir: string;
  /** Maps the `url` of one of the owner's uploads to its absolute path; undefined for other strings. */
  uploadPath: (url: string) => string | undefined;
}

/** Canonical hash of a composition (its JSON text), to tell whether it changed since the last render. */
export function configHash(configText: string): string {
  return createHash('sha256').update(configText).digest('hex');
}

/** Keys whose strings are shown, never loaded: an upload URL there stays as written. */
const DISPLAYED_TEXT_KEYS = new Set(['text', 'code', 'title', 'description']);

/**
 * A copy of `doc` where every string that is the `url` of one of the owner's uploads becomes its
 * local path (media fields, asset pools, template data), except in displayed text.
 */
export function resolveUploadUrls(doc: unknown, uploadPath: (url: string) => string | undefined): unknown {
  if (typeof doc === 'string') return uploadPath(doc) ?? doc;
  if (Array.isArray(doc)) return doc.map((v) => resolveUploadUrls(v, uploadPath));
  if (typeof doc === 'object' && doc !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(doc)) out[k] = DISPLAYED_TEXT_KEYS.has(k) ? v : resolveUploadUrls(v, uploadPath);
    return out;
  }
  return doc;
}

/** Every media source (`{ uri, pointer }`) of a compiled composition, found by walking it. */
export function mediaSourcesOf(composition: Composition): Array<{ uri: string; pointer: string }> {
  const found: Array<{ uri: string; pointer: string }> = [];
  const seen = new Set<object>();
  const walk = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    const rec = value as Record<string, unknown>;
    if (typeof rec.uri === 'string' && typeof rec.pointer === 'string') found.push({ uri: rec.uri, pointer: rec.pointer });
    for (const v of Object.values(rec)) walk(v);
  };
  walk(composition);
  return found;
}

/** Issues for media that are local files outside `allowedDir`. */
export function localMediaIssues(composition: Composition, allowedDir: string): ValidationIssue[] {
  const root = path.resolve(allowedDir);
  const issues: ValidationIssue[] = [];
  for (const { uri, pointer } of mediaSourcesOf(composition)) {
    if (/^(https?:|data:)/i.test(uri)) continue;
    const abs = path.resolve(uri);
    if (abs.startsWith(root + path.sep)) continue;
    issues.push({
      pointer,
      message: 'local file paths are not accepted by the API: use an http(s) URL, a data: URI, or the url of a file you uploaded (POST /api/v1/upload)',
    });
  }
  return issues;
}

/** The 400 INVALID_CONFIG answer for engine validation issues. */
export function invalidConfig(issues: ValidationIssue[], message?: string): ApiError {
  const first = issues[0];
  const head = message ?? (first ? `invalid composition: ${first.pointer || '/'}: ${first.message}` : 'invalid composition');
  return new ApiError('INVALID_CONFIG', head, { pointer: first?.pointer ?? '', issues });
}

/**
 * Validates, compiles and prices a composition for `ownerId`.
 * @throws ApiError INVALID_CONFIG (details.issues: every problem with its JSON pointer).
 */
export function prepareComposition(config: unknown, opts: PrepareOptions): PreparedComposition {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw invalidConfig([{ pointer: '', message: 'the composition must be a JSON object with meta and tracks' }]);
  }
  let compiled: { composition: Composition; warnings: string[] };
  try {
    compiled = compileDocument(resolveUploadUrls(config, opts.uploadPath), { baseDir: opts.uploadsDir, limits: opts.limits });
  } catch (err) {
    if (hasErrorCode(err, 'ERR_TIMELINE_INVALID') || hasErrorCode(err, 'ERR_JSON_PARSE')) {
      const e = err as FramesmithError;
      throw invalidConfig(e.issues, e.message);
    }
    throw err;
  }
  const issues = localMediaIssues(compiled.composition, opts.uploadsDir);
  if (issues.length > 0) throw invalidConfig(issues);
  const { composition } = compiled;
  const durationSeconds = composition.durationInFrames / composition.fps;
  const quality = qualityOf(composition.width, composition.height);
  return {
    composition,
    warnings: compiled.warnings,
    width: composition.width,
    height: composition.height,
    durationSeconds,
    quality,
    cost: renderCost(durationSeconds, quality),
  };
}
