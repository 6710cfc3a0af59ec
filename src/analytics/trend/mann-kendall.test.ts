import { describe, expect, it } from 'vitest';
import { mannKendall, mannKendallVariance, tieGroupSizes } from './mann-kendall.js';
import { normalCdf } from '../distributions.js';

/** Independent brute force: counts concordant and discordant pairs, ties by a Map. */
function referenceMk(y: number[]) {
  const n = y.length;
  let up = 0;
  let down = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    if (y[j] > y[i]) up++;
    else if (y[j] < y[i]) down++;
  }
  const counts = new Map<number, number>();
  for (const v of y) counts.set(v, (counts.get(v) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of counts.values()) tieTerm += t * (t - 1) * (2 * t + 5);
  const varS = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  return { s: up - down, varS };
}

describe('mannKendall', () => {
  // Hand-computed: [1,3,2,4] has 5 rising pairs and 1 falling → S = 4, Var S = 4·3·13/18.
  // [1,2,2,3] has one tie pair (t = 2): Var S = (156 − 2·1·9)/18 = 138/18.
  it.each([
    { desc: 'no ties, by hand', y: [1, 3, 2, 4], s: 4, varS: 156 / 18, z: 3 / Math.sqrt(156 / 18) },
    { desc: 'one tie pair, by hand', y: [1, 2, 2, 3], s: 5, varS: 138 / 18, z: 4 / Math.sqrt(138 / 18) },
    { desc: 'falling, by hand', y: [4, 3, 1, 2], s: -4, varS: 156 / 18, z: -3 / Math.sqrt(156 / 18) },
  ])('$desc', ({ y, s, varS, z }) => {
    const r = mannKendall(y);
    expect(r.s).toBe(s);
    expect(r.varS).toBeCloseTo(varS, 12);
    expect(r.z).toBeCloseTo(z, 12);
    expect(r.pValue).toBeCloseTo(2 * (1 - normalCdf(Math.abs(z))), 12);
  });

  // Reference values from scipy 1.17 (stats.norm.sf) on the same formulas; the
  // S and Var S are also re-derived here by brute force.
  it.each([
    { desc: 'rising with two tie pairs', y: [3, 4, 4, 6, 5, 7, 8, 8, 9, 11], s: 41, varS: 123, z: 3.606678538669729, p: 0.0003101414891824452, tau: 0.9111111111111111, trend: 'increasing' },
    { desc: 'falling with a tie triple and pairs', y: [10, 9, 9, 9, 8, 10, 7, 7, 6, 7, 5, 5, 4, 6, 3], s: -80, varS: 398, z: -3.9599121862249755, p: 7.497732863929073e-5, tau: -0.7619047619047619, trend: 'decreasing' },
    { desc: 'noise with ties', y: [1.2, 0.8, 1.5, 1.1, 1.3, 0.9, 1.4, 1.0, 1.2, 1.1, 1.6, 0.7], s: -2, varS: 210.66666666666666, z: -0.0688972818261938, p: 0.9450713821683051, tau: -0.030303030303030304, trend: 'none' },
  ] as const)('$desc matches the reference to 1e-6', ({ y, s, varS, z, p, tau, trend }) => {
    const r = mannKendall([...y]);
    const ref = referenceMk([...y]);
    expect(r.s).toBe(ref.s);
    expect(r.varS).toBe(ref.varS);
    expect(r.s).toBe(s);
    expect(Math.abs(r.varS - varS)).toBeLessThan(1e-6);
    expect(Math.abs(r.z - z)).toBeLessThan(1e-6);
    expect(Math.abs(r.pValue - p)).toBeLessThan(1e-6);
    expect(Math.abs(r.tau - tau)).toBeLessThan(1e-6);
    expect(r.trend).toBe(trend);
  });

  it('orders by the given times', () => {
    expect(mannKendall([4, 3, 2, 1], { times: [3, 2, 1, 0] }).s).toBe(6);
  });

  it('respects alpha', () => {
    // S = 21, Var S = 121 (no ties) → Z = 20/11, p ≈ 0.069.
    const y = [1, 3, 2, 4, 3, 5, 4, 6, 2, 5];
    const r = mannKendall(y);
    expect(r.z).toBeCloseTo(20 / 11, 12);
    expect(r.trend).toBe('none');
    expect(mannKendall(y, { alpha: 0.1 }).trend).toBe('increasing');
  });

  it.each([
    { desc: 'constant series', y: [5, 5, 5, 5, 5], code: 'constant-series' },
    { desc: 'two points', y: [1, 2], code: 'too-few-points' },
    { desc: 'empty', y: [], code: 'too-few-points' },
    { desc: 'short series', y: [1, 2, 3, 4, 5], code: 'small-sample' },
    { desc: 'missing values', y: [1, Number.NaN, 3, 4, 5, 6, 7, 8, 9, 10, 11], code: 'dropped-non-finite' },
  ])('warns instead of throwing: $desc', ({ y, code }) => {
    const r = mannKendall(y);
    expect(r.warnings.map((w) => w.code)).toContain(code);
    expect(Number.isFinite(r.pValue)).toBe(true);
  });

  it('drops non-finite values before counting', () => {
    expect(mannKendall([1, Number.NaN, 2, Number.POSITIVE_INFINITY, 3]).n).toBe(3);
  });
});

describe('tie helpers', () => {
  it('groups equal values', () => {
    expect(tieGroupSizes([1, 2, 2, 3, 3, 3, 4])).toEqual([2, 3]);
    expect(mannKendallVariance([1, 2, 2, 3, 3, 3, 4])).toBeCloseTo((7 * 6 * 19 - 2 * 1 * 9 - 3 * 2 * 11) / 18, 12);
  });
});

describe('normalCdf', () => {
  // Reference: scipy.stats.norm.cdf.
  it.each([
    [1, 0.8413447460685429],
    [1.96, 0.9750021048517795],
    [-2.5, 0.006209665325776132],
    [0.3, 0.6179114221889526],
    [4, 0.9999683287581669],
    [0, 0.5],
  ])('Φ(%d)', (x, p) => {
    expect(Math.abs(normalCdf(x) - p)).toBeLessThan(1e-12);
  });
});
