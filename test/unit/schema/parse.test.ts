import { describe, it, expect } from 'vitest';
import { parseJsonDocument } from '../../../schema/validate.js';
import { findJsonErrorOffset } from '../../../schema/rv2/json-position.js';

function message(text: string): string {
  const result = parseJsonDocument(text);
  if (result.ok) return expect.fail('expected a parse error');
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]?.pointer).toBe('');
  return result.errors[0]?.message ?? '';
}

describe('parseJsonDocument', () => {
  it('parses valid JSON, ignoring a byte-order mark', () => {
    expect(parseJsonDocument('{"a": [1, 2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(parseJsonDocument('\uFEFF{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('reports line and column of the error', () => {
    expect(message('{\n  "a": 1,\n  "b": }')).toMatch(/^invalid JSON at line 3, column 8: /);
    expect(message('{\n  "a": 1,\n')).toMatch(/^invalid JSON at line 3, column 1: /);
    expect(message('[1, 2')).toMatch(/^invalid JSON at line 1, column 6: /);
    expect(message('{"a": 1} x')).toMatch(/^invalid JSON at line 1, column 10: /);
    expect(message('{"a": tru}')).toMatch(/^invalid JSON at line 1, column 10: /);
    expect(message('')).toMatch(/^invalid JSON at line 1, column 1: /);
    expect(message('{\n\t"a": "x\ny"}')).toMatch(/^invalid JSON at line 2, column 9: Bad control character/);
  });

  it('keeps the reason but not the echoed text', () => {
    const text = message('{"a": }');
    expect(text).toContain("Unexpected token '}'");
    expect(text).not.toContain('is not valid JSON');
  });
});

describe('findJsonErrorOffset', () => {
  it('agrees with JSON.parse on validity', () => {
    const samples = ['0', '-0.5e+3', '"\\u00e9\\n"', '[]', '{}', '{"a":[true,false,null]}', ' 1 ', '01', '1.', '.5', '"\\x"',
      '[1,]', '{"a":1,}', 'nul', '"a', '{"a" 1}', '[1 2]', '\u00a01'];
    for (const sample of samples) {
      let valid = true;
      try {
        JSON.parse(sample);
      } catch {
        valid = false;
      }
      expect(findJsonErrorOffset(sample) === undefined, sample).toBe(valid);
    }
  });
});
