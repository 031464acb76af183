/**
 * Resource limits applied by {@link validateRenderingVideo} after the schema check, so that a
 * valid-looking document cannot ask for an unbounded render.
 *
 * Defaults and environment variables are mirrored in docs/schema.md ("Resource limits").
 */
import type { ValidationIssue } from '../engine/errors.js';

/** Upper bounds a document must respect. */
export interface ResourceLimits {
  /** Largest `meta.width`, px. */
  maxWidth: number;
  /** Largest `meta.height`, px. */
  maxHeight: number;
  /** Largest `meta.fps`. */
  maxFps: number;
  /** Longest composition (latest end of a top-level clip), seconds. */
  maxDurationSeconds: number;
  /** Most frames, `round(duration × fps)`. */
  maxFrames: number;
  /** Most characters summed over every text clip, code clip and subtitle word. */
  maxTextLength: number;
  /** Most asset entries, summed over all pools. */
  maxAssets: number;
  /** Most clips, counting layout children (recursively). */
  maxClips: number;
  /** Largest raw document, bytes (checked by {@link checkDocumentSize}, not by the validator). */
  maxDocumentBytes: number;
}

/** The limits used when nothing else is configured. */
export const DEFAULT_LIMITS: Readonly<ResourceLimits> = Object.freeze({
  maxWidth: 7680,
  maxHeight: 7680,
  maxFps: 120,
  maxDurationSeconds: 3600,
  maxFrames: 432_000,
  maxTextLength: 20_000,
  maxAssets: 500,
  maxClips: 5000,
  maxDocumentBytes: 5_000_000,
});

/** Environment variable that overrides each limit. */
export const LIMIT_ENV_VARS: Readonly<Record<keyof ResourceLimits, string>> = Object.freeze({
  maxWidth: 'FRAMESMITH_MAX_WIDTH',
  maxHeight: 'FRAMESMITH_MAX_HEIGHT',
  maxFps: 'FRAMESMITH_MAX_FPS',
  maxDurationSeconds: 'FRAMESMITH_MAX_DURATION',
  maxFrames: 'FRAMESMITH_MAX_FRAMES',
  maxTextLength: 'FRAMESMITH_MAX_TEXT_LENGTH',
  maxAssets: 'FRAMESMITH_MAX_ASSETS',
  maxClips: 'FRAMESMITH_MAX_CLIPS',
  maxDocumentBytes: 'FRAMESMITH_MAX_DOCUMENT_BYTES',
});

/**
 * {@link DEFAULT_LIMITS} overridden by the `FRAMESMITH_MAX_*` variables of `env`.
 *
 * @remarks Each variable must be a positive integer written in decimal digits; an empty or unset
 * variable keeps the default. Any other value throws an Error naming the variable.
 */
export function limitsFromEnv(env: NodeJS.ProcessEnv): ResourceLimits {
  const limits: ResourceLimits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(LIMIT_ENV_VARS) as (keyof ResourceLimits)[]) {
    const name = LIMIT_ENV_VARS[key];
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    const text = raw.trim();
    const value = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value <= 0) {
      throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
    }
    limits[key] = value;
  }
  return limits;
}

/** `limits` completed with {@link DEFAULT_LIMITS}. */
export function resolveLimits(limits: Partial<ResourceLimits> = {}): ResourceLimits {
  const out: ResourceLimits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof ResourceLimits)[]) {
    const value = limits[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The message of a limit that `value` exceeds, naming the variable that changes it. */
export function limitMessage(what: string, value: number, key: keyof ResourceLimits, limit: number): string {
  return `${what} ${value} exceeds ${key} ${limit} (set ${LIMIT_ENV_VARS[key]} to change it)`;
}

/** Checks the raw size of a document (call it on the request body or file before parsing). */
export function checkDocumentSize(bytes: number, limits: Partial<ResourceLimits> = {}): ValidationIssue[] {
  const { maxDocumentBytes } = resolveLimits(limits);
  if (bytes <= maxDocumentBytes) return [];
  return [{
    pointer: '',
    message: `document is ${bytes} bytes, more than maxDocumentBytes ${maxDocumentBytes} (set FRAMESMITH_MAX_DOCUMENT_BYTES to change it)`,
  }];
}
