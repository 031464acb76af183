/**
 * Turns ajv's raw errors into readable {@link ValidationIssue}s.
 *
 * @remarks
 * - Unions (`anyOf`) are collapsed: the branches whose JSON type cannot match the value are
 *   dropped; if one branch is left its own errors are kept, otherwise the union's `errorMessage`
 *   is reported once. This relies on ajv (allErrors) emitting a union's branch errors right
 *   before the union's own error.
 * - `required` and `additionalProperties` point AT the property (`…/clips/1/colour`).
 * - A bad clip `type` (ajv `discriminator` error) becomes "unknown clip type …".
 */
import type { ErrorObject } from 'ajv';
import type { ValidationIssue } from '../../engine/errors.js';
import type { JsonSchemaObject } from './json-schema.js';

type SchemaNode = Record<string, unknown>;

interface Item {
  pointer: string;
  message: string;
  /** Set for an untouched ajv `type` error (candidate branch mismatch of an enclosing union). */
  typeMismatch?: boolean;
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** A short rendering of the offending value for messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number', integer: 'an integer', string: 'a string', boolean: 'a boolean (true or false)',
  object: 'an object', array: 'an array', null: 'null',
};

function typeWords(types: unknown): string {
  const list = (Array.isArray(types) ? types : String(types).split(',')).map((t) => TYPE_WORDS[String(t)] ?? String(t));
  return list.join(' or ');
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const old = row[j] ?? 0;
      row[j] = Math.min(old + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = old;
    }
  }
  return row[b.length] ?? 0;
}

/** `(did you mean "x"?)` for a close known name: small edit distance, or one name prefixing the other. */
function suggestion(name: string, known: string[]): string {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const other = candidate.toLowerCase();
    const prefixed = lower.length >= 3 && (other.startsWith(lower) || lower.startsWith(other));
    const d = prefixed ? 0.5 : levenshtein(lower, other);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

/** Formats ajv errors against the emitted schema `root` (for `$ref` and discriminator look-ups). */
export class AjvIssueFormatter {
  constructor(private readonly root: JsonSchemaObject) {}

  format(errors: readonly ErrorObject[]): ValidationIssue[] {
    const out: Item[] = [];
    for (const error of errors) {
      if (error.keyword === 'anyOf') this.collapseUnion(error, out);
      else out.push(...this.single(error));
    }
    return out.map(({ pointer, message }) => ({ pointer, message }));
  }

  private resolve(schema: unknown): SchemaNode | undefined {
    if (typeof schema !== 'object' || schema === null) return undefined;
    const node = schema as SchemaNode;
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/$defs/')) {
      const defs = this.root.$defs as Record<string, unknown> | undefined;
      return this.resolve(defs?.[ref.slice('#/$defs/'.length)]);
    }
    return node;
  }

  /** JSON types a schema can accept, or `undefined` for "any". */
  private typesOf(schema: unknown): Set<string> | undefined {
    const node = this.resolve(schema);
    if (!node) return undefined;
    if (node.type !== undefined) return new Set(Array.isArray(node.type) ? node.type.map(String) : [String(node.type)]);
    const branches = (node.anyOf ?? node.oneOf) as unknown[] | undefined;
    if (Array.isArray(branches)) {
      const all = new Set<string>();
      for (const branch of branches) {
        const types = this.typesOf(branch);
        if (!types) return undefined;
        types.forEach((t) => all.add(t));
      }
      return all;
    }
    if ('const' in node) return new Set([jsonType(node.const)]);
    return undefined;
  }

  private branchAccepts(branch: unknown, value: unknown): boolean {
    const types = this.typesOf(branch);
    if (!types) return true;
    const actual = jsonType(value);
    return types.has(actual) || (actual === 'integer' && types.has('number'));
  }

  private collapseUnion(error: ErrorObject, out: Item[]): void {
    const at = error.instancePath;
    const run: Item[] = [];
    while (out.length > 0) {
      const last = out[out.length - 1] as Item;
      if (last.pointer !== at && !last.pointer.startsWith(`${at}/`)) break;
      run.unshift(out.pop() as Item);
    }
    const parent = (error.parentSchema ?? {}) as SchemaNode;
    const branches = (parent.anyOf as unknown[] | undefined) ?? [];
    const applicable = branches.filter((b) => this.branchAccepts(b, error.data));
    const rest = run.filter((item) => !(item.typeMismatch && item.pointer === at));
    const unionMessage = (): Item => {
      const base = typeof parent.errorMessage === 'string'
        ? parent.errorMessage
        : `must be ${typeWords([...(this.typesOf(parent) ?? new Set(['a valid value']))])}`;
      return { pointer: at, message: `${base}, got ${describeValue(error.data)}` };
    };
    if (applicable.length === 1 && rest.length > 0) out.push(...rest);
    else out.push(unionMessage());
  }

  private single(error: ErrorObject): Item[] {
    const at = error.instancePath;
    const params = error.params as Record<string, unknown>;
    const parent = (error.parentSchema ?? {}) as SchemaNode;
    const custom = typeof parent.errorMessage === 'string' ? parent.errorMessage : undefined;
    const got = `, got ${describeValue(error.data)}`;
    switch (error.keyword) {
      case 'required': {
        const name = String(params.missingProperty);
        return [{ pointer: `${at}/${escapePointerSegment(name)}`, message: `missing required property "${name}"` }];
      }
      case 'additionalProperties': {
        const name = String(params.additionalProperty);
        const known = Object.keys((parent.properties as object | undefined) ?? {});
        return [{
          pointer: `${at}/${escapePointerSegment(name)}`,
          message: `unknown property "${name}"${suggestion(name, known)}`,
        }];
      }
      case 'enum':
        return [{ pointer: at, message: `must be one of: ${(params.allowedValues as unknown[]).join(', ')}${got}` }];
      case 'const':
        return [{ pointer: at, message: `must be ${JSON.stringify(params.allowedValue)}${got}` }];
      case 'type':
        return [{ pointer: at, message: `${custom ?? `must be ${typeWords(params.type)}`}${got}`, typeMismatch: true }];
      case 'pattern':
        return [{ pointer: at, message: `${custom ?? `must match the pattern ${String(params.pattern)}`}${got}` }];
      case 'minItems':
      case 'maxItems':
      case 'additionalItems':
        return [{ pointer: at, message: this.itemsMessage(error) }];
      case 'minLength':
        return [{ pointer: at, message: Number(params.limit) === 1 ? 'must not be empty' : `${error.message ?? 'is too short'}` }];
      case 'discriminator':
        return [this.discriminatorIssue(error)];
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        return [{ pointer: at, message: `must be ${String(params.comparison)} ${String(params.limit)}${got}` }];
      default:
        return [{ pointer: at, message: `${custom ?? error.message ?? `fails "${error.keyword}"`}` }];
    }
  }

  private itemsMessage(error: ErrorObject): string {
    const parent = (error.parentSchema ?? {}) as SchemaNode;
    const length = Array.isArray(error.data) ? error.data.length : undefined;
    const gotText = length === undefined ? '' : `, got ${length}`;
    if (typeof parent.minItems === 'number' && parent.minItems === parent.maxItems) {
      return `must have exactly ${parent.minItems} item${parent.minItems === 1 ? '' : 's'}${gotText}`;
    }
    if (error.keyword === 'minItems') {
      const n = Number((error.params as { limit: number }).limit);
      return `must have at least ${n} item${n === 1 ? '' : 's'}${gotText}`;
    }
    const n = Number(parent.maxItems ?? (Array.isArray(parent.items) ? parent.items.length : 0));
    return `must have at most ${n} item${n === 1 ? '' : 's'}${gotText}`;
  }

  private discriminatorIssue(error: ErrorObject): Item {
    const params = error.params as { error?: string; tag?: string; tagValue?: unknown };
    const parent = (error.parentSchema ?? {}) as SchemaNode;
    const tag = params.tag ?? 'type';
    const allowed = ((parent.oneOf as unknown[] | undefined) ?? [])
      .map((branch) => (this.resolve(branch)?.properties as Record<string, SchemaNode> | undefined)?.[tag]?.const)
      .filter((value): value is string => typeof value === 'string');
    const expected = `expected one of: ${allowed.join(', ')}`;
    const pointer = `${error.instancePath}/${escapePointerSegment(tag)}`;
    const value = params.tagValue;
    if (value === undefined) return { pointer, message: `missing required property "${tag}"; ${expected}` };
    if (typeof value !== 'string') return { pointer, message: `clip ${tag} must be a string, got ${describeValue(value)}; ${expected}` };
    if (value === 'subtitle' && !allowed.includes('subtitle')) {
      return { pointer, message: `clip type "subtitle" is not allowed inside layout children; ${expected}` };
    }
    return { pointer, message: `unknown clip type ${JSON.stringify(value)}; ${expected}` };
  }
}
