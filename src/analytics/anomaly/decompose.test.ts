import { describe, expect, it } from 'vitest';
import { decompose, runningMedian } from './decompose.js';
import { seasonalSeries } from './fixtures/series.js';
import { median } from './robust-stats.js';

describe('runningMedian', () => {
  it('is the centred median, shrinking at the ends and skipping gaps', () => {
    expect(Array.from(runningMedian([5, 1, 4, 2, 3], 3))).toEqual([3, 4, 2, 3, 2.5]);
    expect(Array.from(runningMedian([1, Number.NaN, 3], 3))).toEqual([1, 2, 3]);
  });

  it('matches a brute-force centred median', () => {
    const x = seasonalSeries({ n: 200, period: 12, sigma: 3, seed: 4 });
    const got = runningMedian(x, 9);
    for (let i = 0; i < x.length; i++) {
      expect(got[i]).toBe(median(Array.from(x.slice(Math.max(0, i - 4), Math.min(x.length, i + 5)))));
    }
  });
});

describe('decompose', () => {
  it('recovers a planted trend and seasonal profile; a spike stays in the residual', () => {
    const n = 24 * 20;
    const x = Float64Array.from({ length: n }, (_, t) => 0.05 * t + 8 * Math.sin((2 * Math.PI * t) / 24));
    x[300] += 40;
    const d = decompose(x, [24]);
    expect(d.periods).toEqual([24]);
    let total = 0;
    for (let t = 30; t < n - 30; t++) {
      if (t === 300) continue;
      const error = Math.abs(d.trend[t] + d.seasonal[t] - x[t]);
      expect(error).toBeLessThan(1.2);
      total += error;
    }
    expect(total / (n - 61)).toBeLessThan(0.5);
    expect(d.residual[300]).toBeGreaterThan(38);
    expect(d.seasonal[6]).toBeCloseTo(8, 0);
  });

  it('drops periods without two full cycles and handles missing values', () => {
    const x = seasonalSeries({ n: 60, period: 24 });
    x[10] = Number.NaN;
    const d = decompose(x, [24, 48]);
    expect(d.periods).toEqual([24]);
    expect(d.residual[10]).toBeNaN();
    expect(Number.isFinite(d.residual[11])).toBe(true);
  });
});
