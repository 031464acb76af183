/**
 * Validation of RenderingVideo v2 documents: JSON parsing with line/column, the ajv schema check
 * (readable issues with JSON pointers), then semantic checks and resource limits.
 *
 * @remarks The strict validator is compiled once at module load. The lenient one
 * (`allowUnknownFields: true`) is compiled on first use and then cached.
 */
import type { ValidateFunction } from 'ajv';
import type { ValidationIssue } from '../engine/errors.js';
import { compileSchemaValidator, normalizeIssues } from './ajv.js';
import { checkDocumentSize, resolveLimits, type ResourceLimits } from './limits.js';
import { buildJsonSchema, withUnknownFieldsAllowed, type JsonSchemaObject, type RvDocument } from './renderingvideo-v2.js';
import { AjvIssueFormatter } from './rv2/ajv-issues.js';
import { checkSemantics } from './rv2/semantic.js';
import { findJsonErrorOffset, lineAndColumn } from './rv2/json-position.js';

export { checkDocumentSize, compileSchemaValidator, normalizeIssues };

export interface ValidateOptions {
  /** Overrides of {@link DEFAULT_LIMITS}; the caller reads the environment (see `limitsFromEnv`). */
  limits?: Partial<ResourceLimits>;
  /** Accept properties the schema does not know (default `false`: they are errors). */
  allowUnknownFields?: boolean;
}

export type ValidationResult =
  | { ok: true; value: RvDocument; warnings: ValidationIssue[] }
  | { ok: false; errors: ValidationIssue[]; warnings: ValidationIssue[] };

/** The emitted JSON Schema (strict: unknown properties rejected). */
export const renderingVideoJsonSchema: JsonSchemaObject = buildJsonSchema();
const strictValidator = compileSchemaValidator(renderingVideoJsonSchema);
let lenientValidator: ValidateFunction | undefined;
const formatter = new AjvIssueFormatter(renderingVideoJsonSchema);

/**
 * Validates a parsed RenderingVideo v2 document.
 *
 * @remarks Order: document must be an object → JSON Schema → semantic checks (asset `$ref`s,
 * duplicate asset ids, resource limits) and warnings. The semantic step runs only on a
 * schema-valid document. `value` is the input object itself (not copied, no defaults filled in).
 */
export function validateRenderingVideo(doc: unknown, options: ValidateOptions = {}): ValidationResult {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    const got = doc === null ? 'null' : Array.isArray(doc) ? 'an array' : typeof doc;
    return { ok: false, errors: [{ pointer: '', message: `document must be a JSON object, got ${got}` }], warnings: [] };
  }
  let validate = strictValidator;
  if (options.allowUnknownFields) {
    lenientValidator ??= compileSchemaValidator(withUnknownFieldsAllowed(renderingVideoJsonSchema));
    validate = lenientValidator;
  }
  if (!validate(doc)) {
    return { ok: false, errors: normalizeIssues(formatter.format(validate.errors ?? [])), warnings: [] };
  }
  const value = doc as RvDocument;
  const { errors, warnings } = checkSemantics(value, resolveLimits(options.limits));
  if (errors.length > 0) return { ok: false, errors: normalizeIssues(errors), warnings: normalizeIssues(warnings) };
  return { ok: true, value, warnings: normalizeIssues(warnings) };
}

/**
 * Parses JSON text (a leading byte-order mark is ignored). A syntax error becomes one issue at
 * pointer `""` whose message gives the 1-based line and column of the first invalid character.
 */
export function parseJsonDocument(
  text: string,
): { ok: true; value: unknown } | { ok: false; errors: ValidationIssue[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    // Prefer what the engine's message says (newer Node: "(line L column C)", older: "at position N");
    // Node 20 often gives neither, so scan the text.
    const lineCol = /\(line (\d+) column (\d+)\)/.exec(raw);
    const position = /at position (\d+)/.exec(raw);
    const offset = position ? Number(position[1]) : findJsonErrorOffset(body);
    const where = lineCol
      ? { line: Number(lineCol[1]), column: Number(lineCol[2]) }
      : offset === undefined ? undefined : lineAndColumn(body, offset);
    const reason = raw
      .replace(/^(Unexpected token .+?), ".*" is not valid JSON$/s, '$1')
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/\s*(in JSON )?at position \d+/, '');
    const prefix = where ? `invalid JSON at line ${where.line}, column ${where.column}` : 'invalid JSON';
    return { ok: false, errors: [{ pointer: '', message: `${prefix}: ${reason}` }] };
  }
}
