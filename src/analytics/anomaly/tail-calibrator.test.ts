import { describe, expect, it } from 'vitest';
import { MAX_SURPRISE, TailCalibrator } from './tail-calibrator.js';

describe('TailCalibrator', () => {
  it('is empirical inside the history: 1 in 100 values at or above x gives S ≈ 2', () => {
    const c = new TailCalibrator(1000);
    for (let i = 0; i < 999; i++) c.push(i % 100 === 0 ? 50 : 1);
    // 10 of 999 values are 50; the +1 smoothing gives (10 + 1) / 1000.
    expect(c.surprise(40)).toBeCloseTo(-Math.log10(11 / 1000), 6);
    expect(c.surprise(0)).toBeCloseTo(0, 6);
  });

  it('extrapolates beyond the largest values, monotonically and finitely', () => {
    const c = new TailCalibrator(2000);
    for (let i = 0; i < 2000; i++) c.push((i * 7919) % 1000 / 250);
    const s = [5, 6, 10, 100, 1e6, 1e300].map((x) => c.surprise(x));
    for (let i = 1; i < s.length; i++) expect(s[i]).toBeGreaterThanOrEqual(s[i - 1]);
    expect(s[0]).toBeGreaterThan(Math.log10(2001) - 0.01);
    expect(s.at(-1)).toBe(MAX_SURPRISE);
  });

  it('forgets values older than its horizon', () => {
    const c = new TailCalibrator(100);
    for (let i = 0; i < 100; i++) c.push(10);
    expect(c.surprise(5)).toBeCloseTo(0, 6);
    for (let i = 0; i < 100; i++) c.push(0.1);
    expect(c.size).toBe(100);
    expect(c.surprise(5)).toBeGreaterThan(1.9);
  });

  it('valueAt inverts surprise', () => {
    const c = new TailCalibrator(5000);
    for (let i = 0; i < 5000; i++) c.push(((i * 104729) % 5000) / 1000);
    for (const s of [0.5, 1, 2, 3, 5]) {
      const x = c.valueAt(s);
      expect(c.surprise(x)).toBeGreaterThanOrEqual(s - 1e-9);
      expect(c.surprise(x * (1 - 1e-6))).toBeLessThan(s);
    }
    expect(new TailCalibrator(10).valueAt(2)).toBe(Number.POSITIVE_INFINITY);
  });

  it('ignores negative and NaN input', () => {
    const c = new TailCalibrator(10);
    c.push(Number.NaN);
    c.push(-1);
    expect(c.size).toBe(0);
    expect(c.surprise(Number.NaN)).toBe(0);
  });
});
