import { describe, expect, it } from 'vitest';
import { normalQuantile, studentTQuantile } from './distributions.js';

describe('normalQuantile (AS 241)', () => {
  it.each([
    { p: 0.5, want: 0 },
    { p: 0.9, want: 1.2815515655446004 },
    { p: 0.975, want: 1.959963984540054 },
    { p: 0.025, want: -1.959963984540054 },
    { p: 1e-10, want: -6.361340902404056 },
  ])('Φ⁻¹($p) = $want', ({ p, want }) => expect(normalQuantile(p)).toBeCloseTo(want, 12));
});

describe('studentTQuantile', () => {
  // Published table values (e.g. Abramowitz & Stegun Table 26.10).
  it.each([
    { p: 0.975, nu: 1, want: 12.7062 },
    { p: 0.975, nu: 2, want: 4.3027 },
    { p: 0.975, nu: 3, want: 3.1824 },
    { p: 0.975, nu: 5, want: 2.5706 },
    { p: 0.975, nu: 10, want: 2.2281 },
    { p: 0.9, nu: 4, want: 1.5332 },
    { p: 0.9, nu: 30, want: 1.3104 },
  ])('t($p, ν=$nu) ≈ $want', ({ p, nu, want }) => expect(Math.abs(studentTQuantile(p, nu) - want)).toBeLessThan(5e-3));
});
