import { describe, expect, it } from 'vitest';
import { EASINGS, ease } from '../../../engine/timeline/easing.js';
import { EASING_NAMES } from '../../../schema/renderingvideo-v2.js';

describe('easing', () => {
  it('implements every easing the schema names, and nothing else', () => {
    expect(Object.keys(EASINGS).sort()).toEqual([...EASING_NAMES].sort());
  });

  it.each([...EASING_NAMES])('%s starts at 0 and ends at 1', (name) => {
    expect(ease(name, 0)).toBeCloseTo(0, 10);
    expect(ease(name, 1)).toBeCloseTo(1, 10);
  });

  it('matches known Penner values at the midpoint', () => {
    expect(ease('linear', 0.5)).toBe(0.5);
    expect(ease('easeInQuad', 0.5)).toBeCloseTo(0.25, 10);
    expect(ease('easeOutQuad', 0.5)).toBeCloseTo(0.75, 10);
    expect(ease('easeInCubic', 0.5)).toBeCloseTo(0.125, 10);
    expect(ease('easeOutCubic', 0.5)).toBeCloseTo(0.875, 10);
    expect(ease('easeInOutCubic', 0.25)).toBeCloseTo(0.0625, 10);
    expect(ease('easeInSine', 0.5)).toBeCloseTo(1 - Math.cos(Math.PI / 4), 10);
    expect(ease('easeInOutQuart', 0.5)).toBeCloseTo(0.5, 10);
    expect(ease('easeOutBounce', 0.5)).toBeCloseTo(0.765625, 10);
  });

  it('overshoots for back and elastic curves, as the Penner equations do', () => {
    expect(ease('easeInBack', 0.2)).toBeLessThan(0);
    expect(ease('easeOutBack', 0.8)).toBeGreaterThan(1);
    expect(Math.max(...Array.from({ length: 99 }, (_, i) => ease('easeOutElastic', (i + 1) / 100)))).toBeGreaterThan(1);
  });

  it('is symmetric for the in-out curves', () => {
    for (const name of EASING_NAMES.filter((n) => n.startsWith('easeInOut'))) {
      for (const t of [0.1, 0.3, 0.45]) expect(ease(name, t) + ease(name, 1 - t)).toBeCloseTo(1, 9);
    }
  });

  it('clamps progress outside 0..1', () => {
    expect(ease('easeOutCubic', -3)).toBe(0);
    expect(ease('easeOutCubic', 7)).toBe(1);
  });
});
