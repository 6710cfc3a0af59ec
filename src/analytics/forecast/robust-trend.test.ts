import { describe, expect, it } from 'vitest';
import { fitRobustTrend, median, theilSen } from './robust-trend.js';

describe('Theil–Sen robust trend', () => {
  it('ignores a minority of outliers', () => {
    const y = Array.from({ length: 20 }, (_, t) => 3 + 2 * (t + 1));
    y[4] = 500;
    y[11] = -300;
    const { intercept, slope } = theilSen(y);
    expect(slope).toBeCloseTo(2, 12);
    expect(intercept).toBeCloseTo(3, 12);
    expect(fitRobustTrend(y).forecast(2)).toEqual([45, 47]);
  });

  it('uses block medians above 200 points and still finds the slope', () => {
    const y = Array.from({ length: 1000 }, (_, t) => 0.5 * (t + 1) + (t % 7 === 0 ? 40 : 0));
    expect(theilSen(y).slope).toBeCloseTo(0.5, 2);
  });

  it.each([
    { xs: [3, 1, 2], want: 2 },
    { xs: [4, 1, 3, 2], want: 2.5 },
    { xs: [5, 5, 5, 5], want: 5 },
    { xs: [7], want: 7 },
  ])('median($xs) = $want', ({ xs, want }) => expect(median(xs)).toBe(want));
});
