import { describe, expect, it } from 'vitest';
import { senSlope } from './sen-slope.js';

describe('senSlope', () => {
  it('is the median of the pairwise slopes (by hand)', () => {
    // Slopes of [1,3,2,5,4]: 2, .5, 4/3, .75, −1, 1, 1/3, 3, 1, −1 → sorted middle pair .75 and 1.
    const r = senSlope([1, 3, 2, 5, 4]);
    expect(r.slope).toBeCloseTo(0.875, 12);
    expect(r.pairs).toBe(10);
    // Line through the medians: median(y) = 3 at median(x) = 2.
    expect(r.intercept).toBeCloseTo(3 - 0.875 * 2, 12);
  });

  // Reference values from a Python re-implementation of R `trend::sens.slope`
  // (numpy median, scipy norm.ppf, ranks round((N' ∓ C)/2) and +1), on series with ties.
  it.each([
    { desc: 'rising with ties', y: [3, 4, 4, 6, 5, 7, 8, 8, 9, 11], x: undefined, slope: 0.8333333333333334, intercept: 2.75, lower: 0.6, upper: 1.0, pairs: 45 },
    { desc: 'falling with ties', y: [10, 9, 9, 9, 8, 10, 7, 7, 6, 7, 5, 5, 4, 6, 3], x: undefined, slope: -0.5, intercept: 10.5, lower: -0.5, upper: -0.3333333333333333, pairs: 105 },
    { desc: 'noise with ties', y: [1.2, 0.8, 1.5, 1.1, 1.3, 0.9, 1.4, 1.0, 1.2, 1.1, 1.6, 0.7], x: undefined, slope: -0.005, intercept: 1.1775, lower: -0.075, upper: 0.05, pairs: 66 },
    { desc: 'irregular times', y: [3, 4, 4, 6, 5, 7, 8, 8, 9, 11], x: [0, 1, 2, 4, 5, 6, 8, 9, 10, 12], slope: 0.625, intercept: 3.0625, lower: 0.5, upper: 0.75, pairs: 45 },
  ])('$desc matches the reference to 1e-6', ({ y, x, slope, intercept, lower, upper, pairs }) => {
    const r = senSlope(y, x);
    expect(Math.abs(r.slope - slope)).toBeLessThan(1e-6);
    expect(Math.abs(r.intercept - intercept)).toBeLessThan(1e-6);
    expect(Math.abs(r.lower - lower)).toBeLessThan(1e-6);
    expect(Math.abs(r.upper - upper)).toBeLessThan(1e-6);
    expect(r.pairs).toBe(pairs);
  });

  it('recovers an exact line, with a zero-width interval', () => {
    const y = Array.from({ length: 20 }, (_, i) => 5 - 0.25 * i);
    const r = senSlope(y);
    expect(r.slope).toBeCloseTo(-0.25, 12);
    expect(r.intercept).toBeCloseTo(5, 12);
    expect(r.lower).toBeCloseTo(-0.25, 12);
    expect(r.upper).toBeCloseTo(-0.25, 12);
  });

  it('widens the interval with the confidence level', () => {
    const y = [1.2, 0.8, 1.5, 1.1, 1.3, 0.9, 1.4, 1.0, 1.2, 1.1, 1.6, 0.7];
    const r80 = senSlope(y, undefined, { confidence: 0.8 });
    const r99 = senSlope(y, undefined, { confidence: 0.99 });
    expect(r99.upper - r99.lower).toBeGreaterThan(r80.upper - r80.lower);
  });

  it('skips pairs at equal times and ignores outliers', () => {
    const r = senSlope([0, 1, 2, 100, 4, 5], [0, 1, 2, 3, 4, 5]);
    expect(r.slope).toBeCloseTo(1, 12);
    expect(senSlope([1, 2, 3], [0, 0, 1]).pairs).toBe(2);
  });

  it.each([
    { desc: 'one point', y: [1] },
    { desc: 'all at the same time', y: [1, 2], x: [3, 3] },
  ])('returns NaN with a warning for $desc', ({ y, x }) => {
    const r = senSlope(y, x);
    expect(r.slope).toBeNaN();
    expect(r.warnings.map((w) => w.code)).toContain('too-few-points');
  });
});
