import { describe, expect, it } from 'vitest';
import { generalizedEsd } from './seasonal-esd.js';

// Rosner's 54 values, the worked example of the NIST/SEMATECH e-Handbook of Statistical
// Methods, §1.3.5.17.3 "Generalized ESD Test for Outliers" (α = 0.05, up to 10 outliers).
const ROSNER = [
  -0.25, 0.68, 0.94, 1.15, 1.2, 1.26, 1.26, 1.34, 1.38, 1.43, 1.49, 1.49, 1.55, 1.56, 1.58, 1.65, 1.69, 1.7, 1.76, 1.77,
  1.81, 1.91, 1.94, 1.96, 1.99, 2.06, 2.09, 2.1, 2.14, 2.15, 2.23, 2.24, 2.26, 2.35, 2.37, 2.4, 2.47, 2.54, 2.62, 2.64,
  2.9, 2.92, 2.92, 2.93, 3.21, 3.26, 3.3, 3.59, 3.68, 4.3, 4.64, 5.34, 5.42, 6.01,
];
// The handbook's table (R_i and λ_i, printed truncated to three decimals).
const PUBLISHED = [
  [3.118, 3.158], [2.942, 3.151], [3.179, 3.143], [2.81, 3.136], [2.815, 3.128],
  [2.848, 3.12], [2.279, 3.111], [2.31, 3.103], [2.101, 3.094], [2.067, 3.085],
];
const truncate3 = (x: number) => Math.trunc(x * 1000) / 1000;

describe('generalized ESD', () => {
  it('reproduces the NIST handbook example: statistics, critical values and 3 outliers', () => {
    const { steps, outliers } = generalizedEsd(ROSNER, 10, 0.05, 'classic');
    expect(outliers).toBe(3);
    expect(steps.map((s) => [truncate3(s.statistic), truncate3(s.critical)])).toEqual(PUBLISHED);
    expect(steps.slice(0, 3).map((s) => ROSNER[s.index])).toEqual([6.01, 5.42, 5.34]);
    // The adjusted α of the three outliers is below 0.05; of the others, above.
    expect(steps.slice(0, 3).every((s) => s.alpha < 0.05)).toBe(true);
    expect(steps.slice(3).every((s) => s.alpha > 0.05)).toBe(true);
  });

  it('hybrid (median/MAD) form finds a cluster of equal outliers', () => {
    const x = [...ROSNER, 30, 30, 30, 30, 30];
    const { steps, outliers } = generalizedEsd(x, 10, 0.05, 'robust');
    expect(outliers).toBeGreaterThanOrEqual(5);
    expect(steps.slice(0, 5).map((s) => x[s.index])).toEqual([30, 30, 30, 30, 30]);
  });

  it('stops on constant data and never removes more than n − 3 points', () => {
    expect(generalizedEsd([5, 5, 5, 5, 5], 3, 0.05).steps).toEqual([]);
    expect(generalizedEsd([1, 2, 3, 100], 10, 0.05).steps.length).toBeLessThanOrEqual(1);
  });
});
