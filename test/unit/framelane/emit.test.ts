import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { emitFramelaneSchemaJson, FRAMELANE_SCHEMA_JSON_PATH, framelaneJsonSchema } from '../../../schema/framelane/index.js';

describe('schema/framelane-v1.schema.json', () => {
  it('matches the TypeBox source (UPDATE_SCHEMA=1 npx vitest run test/unit/framelane/emit.test.ts rewrites it)', () => {
    const expected = emitFramelaneSchemaJson();
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(FRAMELANE_SCHEMA_JSON_PATH, expected);
    expect(existsSync(FRAMELANE_SCHEMA_JSON_PATH)).toBe(true);
    expect(readFileSync(FRAMELANE_SCHEMA_JSON_PATH, 'utf8')).toBe(expected);
  });

  it('is the schema the validator compiles', () => {
    expect(JSON.parse(emitFramelaneSchemaJson())).toEqual(framelaneJsonSchema);
  });

  it('is a valid draft-07 schema with one $defs entry per element type and a discriminated union', () => {
    const schema = JSON.parse(emitFramelaneSchemaJson()) as { $schema: string; $defs: Record<string, unknown> };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const ajv = new Ajv({ strict: false, discriminator: true });
    expect(ajv.validateSchema(schema)).toBe(true);
    for (const name of ['Video', 'Audio', 'Text', 'Image']) expect(schema.$defs).toHaveProperty(`Fl${name}Element`);
    const union = schema.$defs.FlElement as { oneOf: unknown[]; discriminator: unknown };
    expect(union.oneOf).toHaveLength(4);
    expect(union.discriminator).toEqual({ propertyName: 'type' });
  });
});
