/**
 * Turns a TypeBox root schema into a published JSON Schema document (draft-07 with `$defs`),
 * shared by both dialects:
 *
 * 1. every sub-schema carrying an `$id` becomes one `$defs` entry and is replaced by
 *    `{"$ref": "#/$defs/<id>"}` (TypeBox inlines them; this keeps the file small and readable);
 * 2. a union carrying `discriminator` gets `oneOf` instead of TypeBox's `anyOf`, as ajv's
 *    `discriminator` keyword requires.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonSchemaObject = { [key: string]: Json };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `root` as a draft-07 schema document with `$id`, `description` and sorted `$defs`. */
export function toJsonSchemaDocument(root: unknown, meta: { id: string; description: string }): JsonSchemaObject {
  const defs = new Map<string, JsonSchemaObject>();
  const pending = new Set<string>();

  const convert = (node: unknown, isDefRoot: boolean): Json => {
    if (Array.isArray(node)) return node.map((item) => convert(item, false));
    if (!isPlainObject(node)) return node as Json;
    const id = node.$id;
    if (typeof id === 'string' && !isDefRoot) {
      if (!pending.has(id)) {
        pending.add(id);
        defs.set(id, convert(node, true) as JsonSchemaObject);
      } else if (defs.has(id)) {
        // Same $id must mean same schema; a mismatch is a bug in the TypeBox source.
        const again = JSON.stringify(convert(node, true));
        if (again !== JSON.stringify(defs.get(id))) throw new Error(`schema $id "${id}" defined twice differently`);
      }
      return { $ref: `#/$defs/${id}` };
    }
    const out: JsonSchemaObject = {};
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (key === '$id') continue;
      if (key === '$ref' && typeof value === 'string') {
        out.$ref = value.startsWith('#') ? value : `#/$defs/${value}`;
      } else {
        out[key] = convert(value, false);
      }
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

/** A copy of `schema` that accepts unknown properties everywhere. */
export function withUnknownFieldsAllowed(schema: JsonSchemaObject): JsonSchemaObject {
  const strip = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    const out: JsonSchemaObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'additionalProperties' && value === false) continue;
      out[key] = strip(value);
    }
    return out;
  };
  return strip(schema) as JsonSchemaObject;
}
