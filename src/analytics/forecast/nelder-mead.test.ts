import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelder-mead.js';

describe('nelderMead', () => {
  it('finds the minimum of a quadratic bowl', () => {
    const r = nelderMead(([a, b]) => (a - 1) ** 2 + 3 * (b - 2) ** 2, [0, 0], { lower: [-5, -5], upper: [5, 5], maxEvaluations: 400, tolerance: 1e-14 });
    expect(r.x[0]).toBeCloseTo(1, 3);
    expect(r.x[1]).toBeCloseTo(2, 3);
    expect(r.value).toBeLessThan(1e-6);
  });

  it('stays inside the box when the unconstrained minimum is outside', () => {
    const r = nelderMead(([a]) => (a - 3) ** 2, [0.5], { lower: [0], upper: [1], tolerance: 1e-12 });
    expect(r.x[0]).toBeCloseTo(1, 6);
  });

  it('treats non-finite objective values as +∞', () => {
    const r = nelderMead(([a]) => (a < 0.2 ? Number.NaN : (a - 0.5) ** 2), [0.9], { lower: [0], upper: [1], tolerance: 1e-12 });
    expect(r.x[0]).toBeCloseTo(0.5, 3);
  });
});
