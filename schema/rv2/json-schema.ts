/**
 * The published JSON Schema of RenderingVideo v2, from the TypeBox definitions
 * (conventions in ../json-schema-document.ts; in the lenient variant, `allowUnknownFields`,
 * `additionalProperties: false` is dropped).
 */
import { RenderingVideoDocument } from './document.js';
import { toJsonSchemaDocument, withUnknownFieldsAllowed, type JsonSchemaObject } from '../json-schema-document.js';

export { withUnknownFieldsAllowed, type JsonSchemaObject };

/** Canonical `$id` of the emitted schema. */
export const SCHEMA_ID = 'https://framesmith.dev/schemas/renderingvideo-v2.schema.json';

/** Builds the strict JSON Schema of a RenderingVideo v2 document from the TypeBox source. */
export function buildJsonSchema(): JsonSchemaObject {
  return toJsonSchemaDocument(RenderingVideoDocument, {
    id: SCHEMA_ID,
    description: 'RenderingVideo v2 ("2.0.0") JSON timeline, as accepted by framesmith. Generated from schema/rv2/*.ts; do not edit.',
  });
}
