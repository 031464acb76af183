/**
 * Text drawn in pieces (engine/elements/text-runs.ts): characters and timed words are measured
 * once with the cached line layout, not again on every frame.
 */
import { createCanvas } from '@napi-rs/canvas';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileDocument } from '../../../engine/load-composition.js';
import { createStillRenderer } from '../../../engine/render/render-still.js';

const contextPrototype = Object.getPrototypeOf(createCanvas(1, 1).getContext('2d')) as { measureText(text: string): TextMetrics };

afterEach(() => {
  vi.restoreAllMocks();
});

async function measuresPerFrame(element: Record<string, unknown>, frames: number[]): Promise<number[]> {
  const doc = { width: 200, height: 80, frame_rate: 10, background_color: '#000000', elements: [{ type: 'text', id: 't', time: 0, duration: 2, x: 20, y: 20, font_size: 16, text_color: '#ffffff', ...element }] };
  const { composition } = compileDocument(doc, { baseDir: '/' });
  const still = await createStillRenderer(composition);
  const spy = vi.spyOn(contextPrototype, 'measureText');
  const counts: number[] = [];
  for (const f of frames) {
    spy.mockClear();
    await still.rgba(f);
    counts.push(spy.mock.calls.length);
  }
  expect(still.warnings).toEqual([]);
  return counts;
}

describe('text runs', () => {
  it('measures per-character runs on the first frame only', async () => {
    const counts = await measuresPerFrame({ text: 'Hello there', motion: [{ time: 0, duration: 1, type: 'fade', scope: 'character' }] }, [3, 4, 5, 6]);
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts.slice(1)).toEqual([0, 0, 0]);
  });

  it('measures timed words on the first frame only', async () => {
    const words = [{ text: 'one', start: 0, end: 0.5 }, { text: 'two', start: 0.5, end: 1 }, { text: 'three', start: 1, end: 2 }];
    const counts = await measuresPerFrame({ text: 'one two three', word_animation: { style: 'box', words } }, [2, 7, 12]);
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts.slice(1)).toEqual([0, 0]);
  });
});
