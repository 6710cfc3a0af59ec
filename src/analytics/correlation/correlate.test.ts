import { describe, expect, it } from 'vitest';
import { isAlmanacError } from '../../core/errors.js';
import { refTTwoSided } from '../experiments/fixtures/reference.js';
import { correlate, pearson, rank, spearman } from './correlate.js';
import { ANSCOMBE_X, ANSCOMBE_Y1 } from './fixtures/series.js';

/** Textbook one-pass formula r = (nΣxy − ΣxΣy)/√((nΣx² − (Σx)²)(nΣy² − (Σy)²)). */
function handPearson(x: number[], y: number[]): number {
  const n = x.length;
  const sx = x.reduce((s, v) => s + v, 0);
  const sy = y.reduce((s, v) => s + v, 0);
  const sxy = x.reduce((s, v, i) => s + v * y[i], 0);
  const sxx = x.reduce((s, v) => s + v * v, 0);
  const syy = y.reduce((s, v) => s + v * v, 0);
  return (n * sxy - sx * sy) / Math.sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
}

describe('pearson', () => {
  it("Anscombe's quartet set I: r = 0.816 (published), p from t(9) to 1e-6", () => {
    const r = pearson(ANSCOMBE_X, ANSCOMBE_Y1);
    expect(r.r).toBeCloseTo(0.816, 3);
    expect(r.r).toBeCloseTo(handPearson(ANSCOMBE_X, ANSCOMBE_Y1), 12);
    const t = (r.r! * 3) / Math.sqrt(1 - r.r! ** 2);
    expect(r.statistic).toBeCloseTo(t, 10);
    expect(Math.abs(r.pValue! - refTTwoSided(t, 9))).toBeLessThan(1e-6);
    expect(r.pValue).toBeCloseTo(0.00217, 5); // R: cor.test(anscombe$x1, anscombe$y1)
  });

  it.each([
    ['perfect positive', [1, 2, 3, 4], [2, 4, 6, 8], 1, 0],
    ['perfect negative', [1, 2, 3, 4], [8, 6, 4, 2], -1, 0],
  ])('%s', (_d, x, y, r, p) => {
    expect(pearson(x, y)).toMatchObject({ r, pValue: p, n: 4 });
  });

  it('drops pairs with a missing value and says why r is undefined', () => {
    expect(pearson([1, 2, null, 4, 5], [2, 1, 3, NaN, 7]).n).toBe(3);
    expect(pearson([1, 1, 1, 1], [1, 2, 3, 4])).toMatchObject({ r: null, pValue: null, note: 'one series is constant, so the correlation is undefined' });
    expect(pearson([1, 2], [3, 4])).toMatchObject({ r: null, note: 'needs at least 3 complete pairs, has 2' });
  });

  it('rejects series of different lengths', () => {
    try {
      pearson([1, 2, 3], [1, 2]);
      expect.unreachable();
    } catch (e) {
      expect(isAlmanacError(e) && e.issues).toEqual([{ path: 'y', message: 'expected 3 values (as many as x), received 2' }]);
    }
  });
});

describe('spearman', () => {
  it('equals 1 − 6Σd²/(n(n² − 1)) without ties: [1..5] vs [2,1,4,3,5] → 0.8', () => {
    const r = spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]);
    expect(r.r).toBeCloseTo(0.8, 12);
    expect(Math.abs(r.pValue! - refTTwoSided((0.8 * Math.sqrt(3)) / Math.sqrt(1 - 0.64), 3))).toBeLessThan(1e-6);
  });

  it('is 1 for any monotonic relation, where Pearson is not', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    const y = x.map((v) => Math.exp(v));
    expect(spearman(x, y).r).toBeCloseTo(1, 12);
    expect(correlate(x, y).r!).toBeLessThan(0.9);
  });

  it('gives ties the average rank', () => {
    expect(rank([10, 20, 20, 5, 20])).toEqual([2, 4, 4, 1, 4]);
    // Ranks of y with ties: [1, 2, 3.5, 5, 3.5]; Pearson on ranks by hand.
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).r).toBeCloseTo(handPearson([1, 2, 3, 4, 5], [1, 2, 3.5, 5, 3.5]), 12);
  });
});
