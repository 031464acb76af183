import { describe, expect, it } from 'vitest';
import { planSegments } from '../../../engine/segments/plan-segments.js';
import { defaultWorkerCount } from '../../../engine/render/workers.js';

describe('planSegments', () => {
  it('splits evenly and contiguously, longer segments first', () => {
    expect(planSegments([0, 100], 3, 1)).toEqual([[0, 34], [34, 67], [67, 100]]);
    expect(planSegments([10, 20], 2, 1)).toEqual([[10, 15], [15, 20]]);
  });

  it('covers every frame exactly once', () => {
    for (const [total, workers] of [[300, 4], [7, 3], [1, 8], [1000, 7]] as const) {
      const segs = planSegments([0, total], workers, 1);
      expect(segs[0]![0]).toBe(0);
      expect(segs.at(-1)![1]).toBe(total);
      segs.slice(1).forEach((s, i) => expect(s[0]).toBe(segs[i]![1]));
      const lengths = segs.map(([a, b]) => b - a);
      expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
    }
  });

  it('plans fewer segments than workers rather than tiny ones', () => {
    expect(planSegments([0, 50], 8, 30)).toEqual([[0, 50]]);
    expect(planSegments([0, 90], 8, 30)).toHaveLength(3);
  });

  it('plans nothing for an empty range', () => {
    expect(planSegments([5, 5], 4)).toEqual([]);
  });
});

describe('defaultWorkerCount', () => {
  it('uses one worker per two cores, between 1 and 8, unless FRAMESMITH_WORKERS says otherwise', () => {
    expect(defaultWorkerCount(1, {})).toBe(1);
    expect(defaultWorkerCount(2, {})).toBe(1);
    expect(defaultWorkerCount(16, {})).toBe(8);
    expect(defaultWorkerCount(64, {})).toBe(8);
    expect(defaultWorkerCount(2, { FRAMESMITH_WORKERS: '3' })).toBe(3);
  });

  it('refuses a FRAMESMITH_WORKERS that is not a whole number from 1 to 64, naming it', () => {
    for (const bad of ['8x', '0', '2.5', '65', '-1']) {
      expect(() => defaultWorkerCount(2, { FRAMESMITH_WORKERS: bad })).toThrow(/FRAMESMITH_WORKERS must be a whole number from 1 to 64/);
    }
    expect(defaultWorkerCount(2, { FRAMESMITH_WORKERS: ' ' })).toBe(1);
  });
});
