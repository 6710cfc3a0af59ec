import { describe, expect, it } from 'vitest';
import { correlate, correlationPValue } from './correlate.js';
import { gaussianNoise } from './fixtures/series.js';
import { lag1Autocorrelation, lagSearch } from './lag-search.js';

describe('lagSearch', () => {
  const x = gaussianNoise(200, 7);
  const noise = gaussianNoise(200, 99);
  // y follows x by 3 steps: y[t] = x[t − 3] + ½·noise.
  const y = x.map((_, t) => (t >= 3 ? x[t - 3] : 0) + 0.5 * noise[t]);

  it.each([
    ['y follows x by 3 → +3', x, y, 3],
    ['x follows y by 3 → −3', y, x, -3],
  ])('finds a planted lag (%s)', (_d, a, b, lag) => {
    const r = lagSearch(a, b, { maxLag: 10 });
    expect(r.best!.lag).toBe(lag);
    expect(r.best!.r!).toBeGreaterThan(0.85);
    expect(r.lags).toHaveLength(21);
    expect(r.lagsTested).toBe(21);
    expect(r.adjustedPValue!).toBeLessThan(1e-10);
    expect(r.note).toBeUndefined();
  });

  it('the best lag matches a direct correlation of the shifted series, Bonferroni = p × lags', () => {
    const r = lagSearch(x, y, { maxLag: 5 });
    const direct = correlate(x.slice(0, 197), y.slice(3));
    expect(r.best!.r).toBeCloseTo(direct.r!, 12);
    expect(r.best!.n).toBe(197);
    const pure = lagSearch(x, noise, { maxLag: 5 });
    expect(pure.bonferroniPValue).toBeCloseTo(Math.min(1, pure.best!.pValue! * 11), 12);
  });

  it('two independent random walks look correlated; the effective sample size says so', () => {
    const a: number[] = [];
    const b: number[] = [];
    const na = gaussianNoise(300, 3);
    const nb = gaussianNoise(300, 4);
    na.forEach((v, i) => a.push((a[i - 1] ?? 0) + v));
    nb.forEach((v, i) => b.push((b[i - 1] ?? 0) + v));
    const r = lagSearch(a, b, { maxLag: 5 });
    const rx = lag1Autocorrelation(a)!;
    const ry = lag1Autocorrelation(b)!;
    const nEff = (r.best!.n * (1 - rx * ry)) / (1 + rx * ry);
    expect(r.effectiveSampleSize).toBeCloseTo(nEff, 9);
    expect(r.effectiveSampleSize!).toBeLessThan(15);
    expect(r.adjustedPValue).toBeCloseTo(Math.min(1, correlationPValue(r.best!.r!, nEff).pValue * 11), 12);
    expect(r.adjustedPValue!).toBeGreaterThan(r.bonferroniPValue!);
    expect(r.note).toMatch(/^Both series are autocorrelated \(lag-1 autocorrelation 0\.\d\d and 0\.\d\d\), so the \d+ pairs carry about as much information as \d+ independent ones; adjustedPValue accounts for this\.$/);
  });

  it('rejects a maxLag that leaves fewer than 3 pairs', () => {
    expect(() => lagSearch([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], { maxLag: 3 })).toThrow(/invalid lag search options/);
    expect(() => lagSearch([1, 2, 3], [1, 2, 3], { maxLag: -1 })).toThrow(/invalid lag search options/);
  });

  it('returns no best lag when every lag is undefined', () => {
    expect(lagSearch([1, 1, 1, 1, 1], [2, 3, 4, 5, 6], { maxLag: 1 })).toMatchObject({ best: null, lagsTested: 0, adjustedPValue: null });
  });
});
