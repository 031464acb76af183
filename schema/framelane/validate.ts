/**
 * Validation of Framelane v1 render bodies: element types (refused ones get 422
 * `unsupported_feature`), the ajv schema check (issues with JSON pointers; unknown fields name the
 * field and, when close, the right one), then semantic checks and resource limits.
 *
 * @remarks Same machinery as the RenderingVideo validator (schema/ajv.ts): one ajv instance
 * per schema with the project's conventions, {@link AjvIssueFormatter} for messages,
 * {@link normalizeIssues} for order, schema/limits.ts for limits.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { compileSchemaValidator, normalizeIssues } from '../ajv.js';
import { resolveLimits, type ResourceLimits } from '../limits.js';
import { AjvIssueFormatter, describeValue, escapePointerSegment } from '../rv2/ajv-issues.js';
import { withUnknownFieldsAllowed } from '../rv2/json-schema.js';
import type { FlBody } from './body.js';
import { FL_ELEMENT_TYPES, FL_REFUSED_ELEMENT_TYPES } from './enums.js';
import type { FramelaneIssue } from './issues.js';
import { buildFramelaneJsonSchema } from './json-schema.js';
import { checkFramelaneSemantics } from './semantic.js';
import { unknownFieldMessage } from './suggest.js';

export interface FramelaneValidateOptions {
  /** Overrides of the default resource limits (the caller reads the environment: `limitsFromEnv`). */
  limits?: Partial<ResourceLimits>;
  /**
   * Accept local file paths (and `file:` URLs) in `source_url`, `lut_url` and
   * `background_image_url` (default `true`, as the command line renders files next to the body).
   * The HTTP endpoint passes `false`: only http(s) and `data:` URLs.
   */
  localFiles?: boolean;
  /**
   * Ignore fields the schema does not know, as Framelane's own server does (default `false`:
   * they are errors that name the field, §9.1).
   */
  allowUnknownFields?: boolean;
}

export type FramelaneValidationResult =
  | { ok: true; value: FlBody; warnings: FramelaneIssue[] }
  | { ok: false; errors: FramelaneIssue[]; warnings: FramelaneIssue[] };

/** The emitted JSON Schema of a Framelane v1 body (strict: unknown fields rejected). */
export const framelaneJsonSchema = buildFramelaneJsonSchema();
const validator: ValidateFunction = compileSchemaValidator(framelaneJsonSchema);
let lenientValidator: ValidateFunction | undefined;
const formatter = new AjvIssueFormatter(framelaneJsonSchema);

const RENDERED = FL_ELEMENT_TYPES as readonly string[];
const REFUSED = FL_REFUSED_ELEMENT_TYPES as readonly string[];

/** Element types are checked here, before ajv, so that refused and unknown types read well. */
function elementTypeIssues(doc: Record<string, unknown>): { issues: FramelaneIssue[]; skip: Set<number> } {
  const issues: FramelaneIssue[] = [];
  const skip = new Set<number>();
  const elements = doc.elements;
  if (!Array.isArray(elements)) return { issues, skip };
  elements.forEach((element: unknown, i) => {
    if (typeof element !== 'object' || element === null || Array.isArray(element)) return;
    const type = (element as { type?: unknown }).type;
    const pointer = `/elements/${i}/type`;
    if (typeof type === 'string' && RENDERED.includes(type)) return;
    skip.add(i);
    const expected = `expected one of: ${RENDERED.join(', ')}`;
    if (type === undefined) issues.push({ pointer, message: `missing required field "type"; ${expected}`, type: 'missing' });
    else if (typeof type === 'string' && REFUSED.includes(type)) {
      issues.push({
        pointer,
        message: `"${type}" elements are not supported by this renderer (unsupported_feature); ${expected}`,
        type: 'unsupported',
      });
    } else {
      issues.push({ pointer, message: `unknown element type ${describeValue(type)}; ${expected}`, type: 'value_error' });
    }
  });
  return { issues, skip };
}

function ownerOf(error: ErrorObject): string | undefined {
  if (error.instancePath === '') return 'body';
  const type = (error.data as { type?: unknown } | undefined)?.type;
  return /^\/elements\/\d+$/.test(error.instancePath) && typeof type === 'string' ? type : undefined;
}

/** ajv errors as issues; unknown fields get Framelane's own messages (aliases, other element types). */
function schemaIssues(errors: readonly ErrorObject[], skip: Set<number>): FramelaneIssue[] {
  const kept = errors.filter((e) => {
    const index = /^\/elements\/(\d+)/.exec(e.instancePath)?.[1];
    return index === undefined || !skip.has(Number(index));
  });
  const unknown = kept.filter((e) => e.keyword === 'additionalProperties');
  const rest = kept.filter((e) => e.keyword !== 'additionalProperties');
  const issues: FramelaneIssue[] = unknown.map((e) => {
    const name = String((e.params as { additionalProperty: string }).additionalProperty);
    const known = Object.keys(((e.parentSchema as { properties?: object } | undefined)?.properties) ?? {});
    return {
      pointer: `${e.instancePath}/${escapePointerSegment(name)}`,
      message: unknownFieldMessage(name, known, ownerOf(e)),
      type: 'unknown_field',
    };
  });
  for (const issue of formatter.format(rest)) {
    issues.push({ ...issue, type: issue.message.startsWith('missing required') ? 'missing' : 'value_error' });
  }
  return issues;
}

const sorted = (issues: FramelaneIssue[]): FramelaneIssue[] => normalizeIssues(issues) as FramelaneIssue[];

/**
 * Validates a parsed Framelane v1 body.
 *
 * @remarks Order: the body must be an object → element types → JSON Schema → semantic checks and
 * limits (only on a schema-valid body). `value` is the input object itself, not copied, no
 * defaults filled in. Issues are deduplicated and sorted by pointer.
 */
export function validateFramelane(doc: unknown, options: FramelaneValidateOptions = {}): FramelaneValidationResult {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    const got = doc === null ? 'null' : Array.isArray(doc) ? 'an array' : typeof doc;
    return { ok: false, errors: [{ pointer: '', message: `body must be a JSON object, got ${got}`, type: 'value_error' }], warnings: [] };
  }
  const types = elementTypeIssues(doc as Record<string, unknown>);
  let validate = validator;
  if (options.allowUnknownFields) {
    lenientValidator ??= compileSchemaValidator(withUnknownFieldsAllowed(framelaneJsonSchema));
    validate = lenientValidator;
  }
  const valid = validate(doc);
  const errors = [...types.issues, ...(valid ? [] : schemaIssues(validate.errors ?? [], types.skip))];
  if (errors.length > 0) return { ok: false, errors: sorted(errors), warnings: [] };
  const value = doc as FlBody;
  const semantic = checkFramelaneSemantics(value, { limits: resolveLimits(options.limits), localFiles: options.localFiles ?? true });
  if (semantic.errors.length > 0) return { ok: false, errors: sorted(semantic.errors), warnings: sorted(semantic.warnings) };
  return { ok: true, value, warnings: sorted(semantic.warnings) };
}

