/**
 * The published JSON Schema of Framelane v1 (schema/framelane-v1.schema.json), built with the
 * same conventions as the RenderingVideo schema (../json-schema-document.ts).
 */
import { toJsonSchemaDocument, type JsonSchemaObject } from '../json-schema-document.js';
import { FramelaneBody } from './body.js';

export { toJsonSchemaDocument };

/** Canonical `$id` of the emitted schema. */
export const FRAMELANE_SCHEMA_ID = 'https://framesmith.dev/schemas/framelane-v1.schema.json';

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
