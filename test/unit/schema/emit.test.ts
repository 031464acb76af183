import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { emitSchemaJson, SCHEMA_JSON_PATH } from '../../../schema/emit-schema.js';
import { renderingVideoJsonSchema } from '../../../schema/validate.js';

describe('schema/renderingvideo-v2.schema.json', () => {
  it('matches the TypeBox source (run `npm run schema:emit` to regenerate)', () => {
    const expected = emitSchemaJson();
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_JSON_PATH, expected);
    expect(existsSync(SCHEMA_JSON_PATH)).toBe(true);
    expect(readFileSync(SCHEMA_JSON_PATH, 'utf8')).toBe(expected);
  });

  it('is the schema the validator compiles', () => {
    expect(JSON.parse(emitSchemaJson())).toEqual(renderingVideoJsonSchema);
  });

  it('is a valid draft-07 schema with one $defs entry per clip type', () => {
    const schema = JSON.parse(emitSchemaJson()) as { $schema: string; $defs: Record<string, unknown> };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const ajv = new Ajv({ strict: false, discriminator: true });
    expect(ajv.validateSchema(schema)).toBe(true);
    for (const name of ['Video', 'Image', 'Text', 'Rect', 'Circle', 'Polygon', 'Code', 'Svg', 'Icon', 'Line', 'Path',
      'Three', 'Audio', 'Subtitle', 'Layout', 'Template']) {
      expect(schema.$defs).toHaveProperty(`Rv${name}Clip`);
    }
    const union = schema.$defs.RvClip as { oneOf: unknown[]; discriminator: unknown };
    expect(union.oneOf).toHaveLength(16);
    expect(union.discriminator).toEqual({ propertyName: 'type' });
    expect((schema.$defs.RvLayoutChild as { oneOf: unknown[] }).oneOf).toHaveLength(15);
  });
});
