/**
 * Text of schema/renderingvideo-v2.schema.json. The file is a checked artifact:
 * test/unit/schema/emit.test.ts fails when it is stale, and `npm run schema:emit` rewrites it.
 */
import { buildJsonSchema } from './rv2/json-schema.js';

/** Path of the emitted schema, relative to the repository root. */
export const SCHEMA_JSON_PATH = 'schema/renderingvideo-v2.schema.json';

/** The emitted JSON Schema, pretty-printed with a final newline. */
export function emitSchemaJson(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}
