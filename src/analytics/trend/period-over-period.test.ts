import { describe, expect, it } from 'vitest';
import { comparePeriods, periodOverPeriod } from './period-over-period.js';

const CURRENT = [12.1, 14.3, 11.8, 15.2, 13.9, 14.7, 16.0, 12.5];
const PREVIOUS = [10.2, 11.9, 12.4, 10.8, 11.1, 13.0, 10.5];

describe('periodOverPeriod', () => {
  // Reference: scipy 1.17 stats.ttest_ind(equal_var=False) and stats.t.ppf.
  it.each([
    { desc: '95 %', confidence: 0.95, lower: 0.9430714670229614, upper: 3.8533571044056094 },
    { desc: '90 %', confidence: 0.9, lower: 1.2070162970819904, upper: 3.5894122743465804 },
  ])('Welch test and $desc interval match scipy to 1e-6', ({ confidence, lower, upper }) => {
    const r = periodOverPeriod(CURRENT, PREVIOUS, { confidence });
    expect(Math.abs(r.difference - 2.3982142857142854)).toBeLessThan(1e-9);
    expect(Math.abs(r.t! - 3.5802472245467927)).toBeLessThan(1e-6);
    expect(Math.abs(r.df! - 12.330451635241216)).toBeLessThan(1e-6);
    expect(Math.abs(r.pValue! - 0.0036296726525398195)).toBeLessThan(1e-6);
    expect(Math.abs(r.differenceLower! - lower)).toBeLessThan(1e-6);
    expect(Math.abs(r.differenceUpper! - upper)).toBeLessThan(1e-6);
    expect(Math.abs(r.relativeChange! - 0.21010638297872336)).toBeLessThan(1e-9);
    expect(r.previous.mean).toBeCloseTo(79.9 / 7, 12);
    expect(r.relativeLower! * (79.9 / 7) - lower).toBeCloseTo(0, 6);
    expect(r.warnings).toEqual([]);
  });

  it('equals the pooled t-test when sizes and variances match (df = 2n − 2)', () => {
    // a = b + 1 exactly: same variance, so Welch's ν is exactly 2n − 2 and t = 1/(s·√(2/n)).
    const b = [1, 4, 2, 8, 5, 7];
    const a = b.map((v) => v + 1);
    const r = periodOverPeriod(a, b);
    const mean = b.reduce((x, y) => x + y, 0) / 6;
    const s2 = b.reduce((x, y) => x + (y - mean) ** 2, 0) / 5;
    expect(r.df).toBeCloseTo(10, 9);
    expect(r.t).toBeCloseTo(1 / Math.sqrt((2 * s2) / 6), 9);
  });

  it('is symmetric: swapping the periods flips the sign', () => {
    const a = periodOverPeriod(CURRENT, PREVIOUS);
    const b = periodOverPeriod(PREVIOUS, CURRENT);
    expect(b.difference).toBeCloseTo(-a.difference, 12);
    expect(b.pValue).toBeCloseTo(a.pValue!, 12);
    expect(b.differenceUpper).toBeCloseTo(-a.differenceLower!, 9);
  });

  it.each([
    { desc: 'a single current value', cur: [5], prev: [3, 4], code: 'too-few-points', difference: 1.5, ci: false },
    { desc: 'an empty previous period', cur: [1, 2, 3], prev: [], code: 'too-few-points', difference: Number.NaN, ci: false },
    { desc: 'small periods', cur: [5, 6, 7], prev: [3, 4, 5], code: 'small-sample', difference: 2, ci: true },
    { desc: 'a zero previous mean', cur: [1, 2, 3], prev: [0, 0, 0, 0, 0], code: 'zero-baseline', difference: 2, ci: true },
    { desc: 'two constant periods', cur: [2, 2, 2], prev: [1, 1, 1], code: 'zero-variance', difference: 1, ci: true },
    { desc: 'missing values', cur: [1, Number.NaN, 3, 2, 2], prev: [1, 1, 2, 0, 1], code: 'dropped-non-finite', difference: 1, ci: true },
  ])('warns instead of throwing: $desc', ({ cur, prev, code, difference, ci }) => {
    const r = periodOverPeriod(cur, prev);
    expect(r.warnings.map((w) => w.code)).toContain(code);
    if (Number.isNaN(difference)) expect(r.difference).toBeNaN();
    else expect(r.difference).toBeCloseTo(difference, 12);
    expect(r.differenceLower !== null).toBe(ci);
  });

  it('gives no relative change from a zero previous mean', () => {
    const r = periodOverPeriod([1, 2, 3], [0, 0, 0, 0, 0]);
    expect(r.relativeChange).toBeNull();
    expect(r.relativeLower).toBeNull();
    expect(r.pValue).toBeGreaterThan(0);
  });

  it('says p = 1 for two identical constant periods', () => {
    expect(periodOverPeriod([3, 3], [3, 3]).pValue).toBe(1);
  });

  it('has the comparePeriods alias', () => {
    expect(comparePeriods).toBe(periodOverPeriod);
  });
});
