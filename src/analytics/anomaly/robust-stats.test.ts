import { describe, expect, it } from 'vitest';
import { normalNoise } from './fixtures/series.js';
import { finiteSorted, log10NormalTwoSided, madSorted, median, medianMad, normalUpperTail, quantileSorted, robustScaleSorted } from './robust-stats.js';

function bruteMad(values: number[]): number {
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

describe('robust statistics', () => {
  it.each([
    { description: 'odd count', values: [3, 1, 2], median: 2, mad: 1 },
    { description: 'even count', values: [1, 2, 3, 4], median: 2.5, mad: 1 },
    { description: 'outlier does not move the MAD', values: [1, 2, 3, 4, 1000], median: 3, mad: 1 },
    { description: 'missing values are skipped', values: [Number.NaN, 5, 7, Number.POSITIVE_INFINITY], median: 6, mad: 1 },
    { description: 'constant', values: [4, 4, 4], median: 4, mad: 0 },
  ])('median and MAD: $description', ({ values, median: m, mad }) => {
    expect(medianMad(values)).toEqual({ median: m, mad });
  });

  it('exact MAD by selection equals the brute-force MAD on random samples', () => {
    const noise = normalNoise(3);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + (trial % 37);
      const values = Array.from({ length: n }, () => Math.round(noise() * 4) / 2);
      const sorted = finiteSorted(values);
      expect(madSorted(sorted)).toBeCloseTo(bruteMad(values), 12);
    }
  });

  it('quantiles interpolate between order statistics (type 7)', () => {
    const sorted = Float64Array.from([10, 20, 30, 40]);
    expect(quantileSorted(sorted, 0)).toBe(10);
    expect(quantileSorted(sorted, 0.5)).toBe(25);
    expect(quantileSorted(sorted, 0.75)).toBeCloseTo(32.5, 12);
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN();
  });

  it('robust scale falls back when most values are equal', () => {
    const zeros = finiteSorted([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5]);
    expect(madSorted(zeros)).toBe(0);
    expect(robustScaleSorted(zeros)).toBeGreaterThan(0);
    expect(robustScaleSorted(finiteSorted([2, 2, 2]))).toBe(0);
  });

  it.each([
    { z: 1.959963984540054, p: 0.05 },
    { z: 3, p: 0.0026997960632601866 },
    { z: 5, p: 5.733031437583878e-7 },
    { z: 10, p: 1.523970604832105e-23 },
  ])('two-sided normal tail at z = $z', ({ z, p }) => {
    expect(log10NormalTwoSided(z)).toBeCloseTo(Math.log10(p), 5);
    expect(log10NormalTwoSided(-z)).toBeCloseTo(Math.log10(p), 5);
  });

  it('normal tail stays finite far out and is 1 at 0', () => {
    expect(log10NormalTwoSided(0)).toBe(0);
    expect(Number.isFinite(log10NormalTwoSided(1e6))).toBe(true);
    expect(normalUpperTail(1.6448536269514722)).toBeCloseTo(0.05, 7);
  });
});
