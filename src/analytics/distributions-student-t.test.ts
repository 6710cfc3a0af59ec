import { describe, expect, it } from 'vitest';
import { incompleteBeta, logGamma, studentTQuantile, studentTSurvival as studentTUpperTail } from './distributions.js';

const studentTQuantileUpper = (p: number, df: number) => -studentTQuantile(p, df);

describe('Student t', () => {
  it.each([
    { p: 0.025, df: 10, t: 2.228138851986274 },
    { p: 0.005, df: 5, t: 4.032142983557536 },
    { p: 0.05, df: 1, t: 6.313751514675045 },
    { p: 0.05, df: 30, t: 1.697260886500106 },
  ])('upper quantile t($p, df $df) = $t (published tables)', ({ p, df, t }) => {
    expect(studentTQuantileUpper(p, df)).toBeCloseTo(t, 5);
    expect(studentTUpperTail(t, df)).toBeCloseTo(p, 8);
  });

  it.each([1e-2, 1e-4, 1e-6, 1e-9])('closed forms far in the tail (p = %s): Cauchy (df 1) and df 2', (p) => {
    expect(studentTQuantileUpper(p, 1) / Math.tan(Math.PI * (0.5 - p))).toBeCloseTo(1, 6);
    const a = 1 - 2 * p;
    expect(studentTQuantileUpper(p, 2) / (a * Math.sqrt(2 / (1 - a * a)))).toBeCloseTo(1, 6);
  });

  it('basic identities', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(studentTUpperTail(0, 7)).toBeCloseTo(0.5, 12);
    expect(studentTQuantileUpper(0.975, 10)).toBeCloseTo(-2.228138851986274, 6);
  });
});
