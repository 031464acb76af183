/**
 * Turns the TypeBox definitions of Framelane v1 into the published JSON Schema
 * (schema/framelane-v1.schema.json), with the same conventions as the RenderingVideo schema
 * (schema/rv2/json-schema.ts): every sub-schema with an `$id` becomes one `$defs` entry, and a
 * union carrying `discriminator` is written `oneOf`, as ajv's `discriminator` keyword requires.
 */
import type { JsonSchemaObject } from '../rv2/json-schema.js';
import { FramelaneBody } from './body.js';

/** Canonical `$id` of the emitted schema. */
export const FRAMELANE_SCHEMA_ID = 'https://framesmith.dev/schemas/framelane-v1.schema.json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `root` as a draft-07 schema whose `$id`-carrying sub-schemas are moved into `$defs`. */
export function toJsonSchemaDocument(root: unknown, meta: { id: string; description: string }): JsonSchemaObject {
  const defs = new Map<string, JsonSchemaObject>();
  const convert = (node: unknown, isDefRoot: boolean): Json => {
    if (Array.isArray(node)) return node.map((item) => convert(item, false));
    if (!isPlainObject(node)) return node as Json;
    const id = node.$id;
    if (typeof id === 'string' && !isDefRoot) {
      if (!defs.has(id)) {
        defs.set(id, {});
        defs.set(id, convert(node, true) as JsonSchemaObject);
      }
      return { $ref: `#/$defs/${id}` };
    }
    const out: JsonSchemaObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (key !== '$id') out[key] = convert(value, false);
    }
    if (out.discriminator !== undefined && out.anyOf !== undefined) {
      out.oneOf = out.anyOf;
      delete out.anyOf;
    }
    return out;
  };
  const body = convert(root, true) as JsonSchemaObject;
  const sortedDefs: JsonSchemaObject = {};
  for (const name of [...defs.keys()].sort()) sortedDefs[name] = defs.get(name) as JsonSchemaObject;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: meta.id,
    ...body,
    description: meta.description,
    $defs: sortedDefs,
  };
}

/** Builds the strict JSON Schema of a Framelane v1 render body. */
export function buildFramelaneJsonSchema(): JsonSchemaObject {
  return toJsonSchemaDocument(FramelaneBody, {
    id: FRAMELANE_SCHEMA_ID,
    description: 'Framelane v1 render body (POST /v1/renders), as accepted by framesmith. Generated from schema/framelane/*.ts; do not edit.',
  });
}

/** Path of the emitted schema, relative to the repository root. */
export const FRAMELANE_SCHEMA_JSON_PATH = 'schema/framelane-v1.schema.json';

/** The emitted JSON Schema, pretty-printed with a final newline. */
export function emitFramelaneSchemaJson(): string {
  return `${JSON.stringify(buildFramelaneJsonSchema(), null, 2)}\n`;
}
