/**
 * What the `POST /v1/renders` endpoint calls with a parsed Framelane body: validation, the
 * compiled composition and the render options, or the 422 answer (digest §1.1, §7.2).
 *
 * Pure and synchronous; nothing is fetched. Before rendering, the caller loads LUT tables with
 * `loadLookupTables(composition)` (engine/load-composition.ts); drawing a LUT that was not loaded
 * fails loudly.
 */
import { checkDocumentSize, type ResourceLimits } from '../../../schema/limits.js';
import {
  framelaneErrorCode, pointerToPath, validateFramelane, type FlBody, type FlOutputFormat, type FramelaneIssue,
  type FramelaneIssueType,
} from '../../../schema/framelane/index.js';
import type { Composition } from '../../model/composition.js';
import { resolveOutputSpec, type OutputOptions, type OutputSpec } from '../../output/output-spec.js';
import { hasErrorCode, type FramesmithError } from '../../errors.js';
import { compileFramelane } from '../compile-framelane.js';

export interface FramelaneRenderRequestOptions {
  /** Resource limits (pass `limitsFromEnv(process.env)`). */
  limits?: Partial<ResourceLimits>;
  /**
   * Accept local file paths in URL fields, resolved against `baseDir` (default `false`: only
   * http(s) and `data:` URLs, as a public endpoint should).
   */
  localFiles?: boolean;
  /** Folder local paths resolve against (only with `localFiles`). Default: the process's working folder. */
  baseDir?: string;
  /** Size of the raw request body in bytes, checked against `maxDocumentBytes` first. */
  bodyBytes?: number;
  /** Ignore unknown fields instead of answering 422 (default `false`, docs/framelane.md §9.1). */
  allowUnknownFields?: boolean;
  /**
   * Called with the validated body; the body it returns is compiled as it is, without a second
   * validation. The server puts the files of the caller's uploads in place of their URLs here
   * (server/framelane/prepare.ts). It may throw to refuse the request.
   */
  resolveSources?: (body: FlBody) => FlBody;
}

/** One entry of a 422's `details.errors` (the digest's [I] shape, plus the JSON pointer). */
export interface FramelaneErrorDetail {
  /** Dotted path: `elements[1].text_color` (`""` for the whole body). */
  path: string;
  /** The same place as an RFC 6901 JSON pointer. */
  pointer: string;
  message: string;
  type: FramelaneIssueType;
}

/** The error body of a refused request: `{ error: { code, message, details } }` with HTTP `status`. */
export interface FramelaneErrorResponse {
  status: 422;
  body: {
    error: {
      code: 'invalid_request' | 'unsupported_feature';
      message: string;
      details: { errors: FramelaneErrorDetail[] };
    };
  };
}

export interface FramelaneRenderJob {
  composition: Composition;
  /** Options for `renderComposition` (format, alpha → transparent; stills take the frame at 0 s). */
  output: OutputOptions & { format: FlOutputFormat };
  /** The checked output: encoded size, codecs (what the job's `output.width/height` will be). */
  spec: OutputSpec;
  /** `output_filename` plus the format's extension, when the body named one. */
  outputFilename?: string;
  /** Echoed in job responses and webhooks (§1.7). */
  metadata: Record<string, string>;
  webhookUrl?: string;
  /** `ingest_external` (§2): the renderer fetches every source itself either way. */
  ingestExternal: boolean | null;
  /** Duration of the output in seconds. */
  durationSeconds: number;
  /** Validation warnings and compile notes, each with its path. */
  warnings: FramelaneErrorDetail[];
}

export type FramelaneRenderRequestResult = ({ ok: true } & FramelaneRenderJob) | ({ ok: false } & FramelaneErrorResponse);

function detail(issue: FramelaneIssue): FramelaneErrorDetail {
  return { path: pointerToPath(issue.pointer), pointer: issue.pointer, message: issue.message, type: issue.type };
}

/** The 422 answer for a list of issues (the first one is the headline). */
export function framelaneErrorResponse(errors: readonly FramelaneIssue[]): FramelaneErrorResponse {
  const first = errors[0];
  const where = first ? (pointerToPath(first.pointer) || 'body') : 'body';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return {
    status: 422,
    body: {
      error: {
        code: framelaneErrorCode(errors),
        message: first ? `${where}: ${first.message}${more}` : 'invalid request',
        details: { errors: errors.map(detail) },
      },
    },
  };
}

/** Pointers the output checks use (engine/output/output-spec.ts) as Framelane fields. */
const OUTPUT_POINTERS: Readonly<Record<string, string>> = {
  format: '/output_format',
  transparent: '/alpha',
  '/meta/width': '/width',
  '/meta/height': '/height',
  '/tracks': '/duration',
};

function outputIssues(err: FramesmithError): FramelaneIssue[] {
  return err.issues.map((issue) => ({ pointer: OUTPUT_POINTERS[issue.pointer] ?? issue.pointer, message: issue.message, type: 'value_error' }));
}

/**
 * Validates a parsed render body and prepares its render.
 * @returns the composition and options, or the 422 answer listing every problem with its path.
 */
export function framelaneRenderRequest(body: unknown, options: FramelaneRenderRequestOptions = {}): FramelaneRenderRequestResult {
  if (options.bodyBytes !== undefined) {
    const size = checkDocumentSize(options.bodyBytes, options.limits);
    if (size.length > 0) return { ok: false, ...framelaneErrorResponse(size.map((s) => ({ ...s, type: 'value_error' }))) };
  }
  const result = validateFramelane(body, {
    limits: options.limits, localFiles: options.localFiles ?? false, allowUnknownFields: options.allowUnknownFields,
  });
  if (!result.ok) return { ok: false, ...framelaneErrorResponse(result.errors) };
  const value: FlBody = result.value;
  const compiled = options.resolveSources ? options.resolveSources(value) : value;
  const composition = compileFramelane(compiled, { baseDir: options.baseDir ?? process.cwd() });
  const format = value.output_format ?? 'mp4';
  const still = format === 'png' || format === 'jpg';
  const output: FramelaneRenderJob['output'] = { format, transparent: value.alpha === true };
  // Stills show the frame at 0 s (§9.12, docs/framelane.md).
  if (still) output.timeSeconds = 0;
  let spec: OutputSpec;
  try {
    spec = resolveOutputSpec(composition, output);
  } catch (err) {
    if (hasErrorCode(err, 'ERR_TIMELINE_INVALID')) return { ok: false, ...framelaneErrorResponse(outputIssues(err as FramesmithError)) };
    throw err;
  }
  const job: FramelaneRenderJob = {
    composition,
    output,
    spec,
    metadata: value.metadata ?? {},
    ingestExternal: value.ingest_external ?? null,
    durationSeconds: still ? 0 : composition.durationInFrames / composition.fps,
    warnings: [...result.warnings.map(detail), ...composition.warnings.map((message) => ({ path: '', pointer: '', message, type: 'value_error' as const }))],
  };
  if (value.output_filename !== undefined) job.outputFilename = `${value.output_filename}.${format}`;
  if (value.webhook_url !== undefined) job.webhookUrl = value.webhook_url;
  return { ok: true, ...job };
}
