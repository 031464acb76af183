import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseJsonDocument, validateRenderingVideo } from '../../../schema/validate.js';

const dir = fileURLToPath(new URL('./examples/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('spec digest §9 examples', () => {
  it('are all present (A–D)', () => {
    expect(files.map((f) => f[0])).toEqual(['a', 'b', 'c', 'd']);
  });

  for (const file of files) {
    it(`accepts ${file} without warnings`, () => {
      const parsed = parseJsonDocument(readFileSync(`${dir}${file}`, 'utf8'));
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const result = validateRenderingVideo(parsed.value);
      expect(result).toEqual({ ok: true, value: parsed.value, warnings: [] });
    });
  }
});
