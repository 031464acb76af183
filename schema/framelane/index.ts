/**
 * Framelane render API v1 bodies (`POST /v1/renders`): the TypeBox schema (the source of
 * schema/framelane-v1.schema.json), static types `Fl*`, and the validator.
 * Field reference: /work/shared/spec/framelane-v1.md; decisions: docs/framelane.md.
 */
export * from './enums.js';
export * from './values.js';
export * from './elements.js';
export * from './body.js';
export * from './issues.js';
export * from './timing.js';
export * from './sources.js';
export { buildFramelaneJsonSchema, emitFramelaneSchemaJson, FRAMELANE_SCHEMA_ID, FRAMELANE_SCHEMA_JSON_PATH } from './json-schema.js';
export { validateFramelane, framelaneJsonSchema, type FramelaneValidateOptions, type FramelaneValidationResult } from './validate.js';
