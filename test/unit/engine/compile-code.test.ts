import { describe, expect, it } from 'vitest';
import { compileRenderingVideo } from '../../../engine/compile/compile-renderingvideo.js';
import type { RvDocument } from '../../../schema/renderingvideo-v2.js';

function codeDoc(selection: unknown): RvDocument {
  return {
    meta: { version: '2.0.0', width: 640, height: 360, fps: 30 },
    tracks: [{ clips: [{ type: 'code', start: 0, duration: 1, code: 'a\nb\nc', selection }] }],
  } as unknown as RvDocument;
}

function compiled(selection: unknown) {
  const composition = compileRenderingVideo(codeDoc(selection), { baseDir: '/' });
  const element = composition.layers[0]!.element;
  if (element.kind !== 'code') throw new Error('expected a code layer');
  return { lines: element.highlightLines, warnings: composition.warnings };
}

describe('code selection', () => {
  it('clamps a huge range to the code\'s lines instead of expanding it', () => {
    const started = Date.now();
    expect(compiled([[1, 1e12]]).lines).toEqual([1, 2, 3]);
    expect(compiled([[-5, 2], [0, 0], 9]).lines).toEqual([1, 2]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('keeps single lines and ranges, each line once', () => {
    expect(compiled([3, [1, 2], [2, 3]]).lines).toEqual([1, 2, 3]);
    expect(compiled([2]).lines).toEqual([2]);
  });

  it('warns about shapes it cannot read', () => {
    const { lines, warnings } = compiled([2, 'x', [1], { from: 1 }]);
    expect(lines).toEqual([2]);
    expect(warnings).toEqual([
      expect.stringContaining('/tracks/0/clips/0/selection/1:'),
      expect.stringContaining('/tracks/0/clips/0/selection/2:'),
      expect.stringContaining('/tracks/0/clips/0/selection/3:'),
    ]);
    expect(compiled('1-3').warnings[0]).toContain('/tracks/0/clips/0/selection:');
  });
});
