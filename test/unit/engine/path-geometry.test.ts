import { describe, expect, it } from 'vitest';
import { flattenPathData, polylineLength, roundedPolyline, trimPolylines } from '../../../engine/draw/path-geometry.js';

describe('path geometry', () => {
  it('flattens absolute and relative lines, H/V and Z', () => {
    const lines = flattenPathData('M0,0 h40 v30 H0 z');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.closed).toBe(true);
    expect(polylineLength(lines)).toBeCloseTo(140, 9);
  });

  it('approximates curves and arcs closely', () => {
    const half = flattenPathData('M 0 0 A 50 50 0 0 1 100 0');
    expect(polylineLength(half)).toBeCloseTo(Math.PI * 50, 0);
    const quarter = flattenPathData('M 100 0 C 100 55.228 55.228 100 0 100');
    expect(polylineLength(quarter)).toBeCloseTo((Math.PI * 100) / 2, 0);
  });

  it('trims by length across sub-paths', () => {
    const lines = flattenPathData('M0 0 L10 0 M0 10 L10 10');
    const kept = trimPolylines(lines, 5, 15);
    expect(kept).toHaveLength(2);
    expect(kept[0]!.points).toEqual([[5, 0], [10, 0]]);
    expect(kept[1]!.points).toEqual([[0, 10], [5, 10]]);
  });

  it('rounds inner corners without moving the ends', () => {
    const line = roundedPolyline([[0, 0], [100, 0], [100, 100]], 20, false);
    expect(line.points[0]).toEqual([0, 0]);
    expect(line.points[line.points.length - 1]).toEqual([100, 100]);
    expect(line.points.some(([x, y]) => x === 100 && y === 0)).toBe(false);
    expect(polylineLength([line])).toBeLessThan(200);
  });

  it('rejects malformed path data with the offending token', () => {
    expect(() => flattenPathData('M 0 0 L 10')).toThrow(/expected a number/);
    expect(() => flattenPathData('10 10')).toThrow(/must start with a command/);
  });
});
