/** `code` elements (engine/elements/code.ts): tabs, measured and drawn alike. */
import { describe, expect, it } from 'vitest';
import { CODE_TAB_SPACES, placeCodeRuns } from '../../../engine/elements/code.js';
import { compileDocument } from '../../../engine/load-composition.js';
import { createStillRenderer } from '../../../engine/render/render-still.js';

async function frameOf(code: string): Promise<Buffer> {
  const clip = { type: 'code', start: 0, duration: 1, fontSize: 12, code, transform: { x: '50%', y: '50%' }, style: { fill: '#282c34' } };
  const { composition, warnings } = compileDocument(
    { meta: { version: '2.0.0', width: 240, height: 80, fps: 10, background: '#000000' }, tracks: [{ clips: [clip] }] },
    { baseDir: '/' },
  );
  expect(warnings).toEqual([]);
  const still = await createStillRenderer(composition);
  return Buffer.from(await still.rgba(0));
}

describe('code tabs', () => {
  it('places runs after a tab as after four spaces, and counts the line that long', () => {
    const { lines, columns } = placeCodeRuns([
      [{ text: '\tif', color: '#fff', italic: false }, { text: ' (x)', color: '#f00', italic: false }],
      [{ text: '\t\treturn 1;', color: '#fff', italic: false }],
    ]);
    expect(CODE_TAB_SPACES).toBe(4);
    expect(lines[0]!.map((r) => [r.text, r.column])).toEqual([['    if', 0], [' (x)', 6]]);
    expect(columns).toBe(8 + 'return 1;'.length);
  });

  it('sizes and draws a tab-indented block exactly like the same block indented with spaces', async () => {
    const tabs = await frameOf('f(\n\treturn value;\n)');
    const spaces = await frameOf('f(\n    return value;\n)');
    expect(tabs.equals(spaces)).toBe(true);
  });

  it('counts a character outside the BMP as one column, as drawn', () => {
    expect(placeCodeRuns([[{ text: '😀x', color: '#fff', italic: false }]]).columns).toBe(2);
  });
});
