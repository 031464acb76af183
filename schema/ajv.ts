/**
 * The project's ajv setup and issue ordering, shared by the RenderingVideo validator
 * (schema/validate.ts) and the Framelane one (schema/framelane/validate.ts). Loading this module
 * compiles no schema.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ValidationIssue } from '../engine/errors.js';
import type { JsonSchemaObject } from './json-schema-document.js';

// ajv-formats is CommonJS: under NodeNext its default import is `module.exports`, which is the
// plugin itself at run time and also carries it as `.default`.
type FormatsPlugin = (ajv: Ajv) => Ajv;
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

/**
 * Compiles an emitted JSON Schema with the project's ajv conventions (all errors, verbose errors
 * for the issue formatter, strict mode, formats, the `errorMessage` annotation, `discriminator`).
 * Shared by the RenderingVideo and Framelane validators.
 */
export function compileSchemaValidator(schema: JsonSchemaObject): ValidateFunction {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true, // errors carry `data` and `parentSchema`, used to word messages
    strict: true,
    // "svg or src" is written anyOf: [{required: [svg]}, {required: [src]}]; the properties are
    // declared beside the anyOf, which strictRequired does not look at.
    strictRequired: false,
    allowUnionTypes: true, // RvLength is {type: ["number", "string"]}
    discriminator: true,
  });
  addFormats(ajv);
  // `errorMessage` is an annotation read by AjvIssueFormatter (and by VS Code), not a validator.
  ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
  return ajv.compile(schema);
}

function comparePointers(a: string, b: string): number {
  const sa = a.split('/');
  const sb = b.split('/');
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const x = sa[i] as string;
    const y = sb[i] as string;
    if (x === y) continue;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return sa.length - sb.length;
}

/** Removes duplicates (same pointer and message) and sorts by pointer (array indices numerically). */
export function normalizeIssues(issues: readonly ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  const unique = issues.filter((issue) => {
    const key = `${issue.pointer}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => comparePointers(a.pointer, b.pointer));
}
