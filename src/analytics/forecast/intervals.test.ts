import { describe, expect, it } from 'vitest';
import { predictionIntervals, smoothSigma } from './intervals.js';

describe('smoothSigma', () => {
  it('recovers an exact power law σ_k = 2·√k', () => {
    const sumSq = [1, 2, 3, 4].map((k) => 4 * k * 3); // 3 errors per step with σ² = 4k
    const s = smoothSigma(sumSq, [3, 3, 3, 3], 6);
    s.forEach((v, i) => expect(v).toBeCloseTo(2 * Math.sqrt(i + 1), 10));
  });

  it('assumes √k growth from a single step', () => {
    const s = smoothSigma([8, 0, 0], [2, 0, 0], 3);
    s.forEach((v, i) => expect(v).toBeCloseTo(2 * Math.sqrt(i + 1), 10));
  });

  it('is zero without errors', () => expect(smoothSigma([0, 0], [0, 0], 2)).toEqual([0, 0]));
});

describe('predictionIntervals', () => {
  const windows = [
    { actual: [10, 12, 9], forecast: [11, 11, 11] },
    { actual: [13, 10, 14], forecast: [12, 12, 12] },
    { actual: [9, 11, 12], forecast: [10, 10, 10] },
  ];

  it.each([
    { what: 'positive data: log scale', positive: true, scale: 'log' },
    { what: 'data with zeros: absolute scale', positive: false, scale: 'absolute' },
  ])('$what, nested and ordered', ({ positive, scale }) => {
    const point = [11, 11.5, 12, 12.5];
    const r = predictionIntervals({ point, windows, positive }, [80, 95]);
    expect(r.scale).toBe(scale);
    const [i80, i95] = r.intervals;
    point.forEach((p, k) => {
      expect(i95.lower[k]).toBeLessThanOrEqual(i80.lower[k]);
      expect(i80.lower[k]).toBeLessThanOrEqual(p);
      expect(p).toBeLessThanOrEqual(i80.upper[k]);
      expect(i80.upper[k]).toBeLessThanOrEqual(i95.upper[k]);
      expect(i95.upper[k] - i95.lower[k]).toBeGreaterThan(0);
    });
  });

  it('absolute half-width = t(ν = origins − 1 = 2) · σ_1 at step 1', () => {
    const w = [{ actual: [1], forecast: [0] }, { actual: [-1], forecast: [0] }, { actual: [1], forecast: [0] }];
    const r = predictionIntervals({ point: [0], windows: w, positive: false }, [95]);
    // σ_1 = 1; t_{0.975, 2} = 4.3027
    expect(r.intervals[0].upper[0]).toBeCloseTo(4.3027, 3);
    expect(r.intervals[0].lower[0]).toBeCloseTo(-4.3027, 3);
  });

  it('without windows, uses the fallback scale with √k growth', () => {
    const r = predictionIntervals({ point: [5, 5], windows: [], positive: true, fallbackSigma: 1 }, [80]);
    expect(r.scale).toBe('absolute');
    expect(r.sigma[1]).toBeCloseTo(Math.SQRT2, 12);
  });
});
