import { describe, expect, it } from 'vitest';
import { isAlmanacError } from '../../core/errors.js';
import { sampleSize } from './sample-size.js';

const z = { a975: 1.959963984540054, a95: 1.6448536269514722, b80: 0.8416212335729143, b90: 1.2815515655446004 };

describe('sampleSize', () => {
  it('two proportions, 10 % → 15 %, α = 0.05 two-sided, 80 % power: 686 per group (Fleiss eq. 4.14)', () => {
    const r = sampleSize({ metric: 'conversion', baseline: 0.1, mde: 0.05 });
    const exact = (z.a975 * Math.sqrt(2 * 0.125 * 0.875) + z.b80 * Math.sqrt(0.1 * 0.9 + 0.15 * 0.85)) ** 2 / 0.05 ** 2;
    expect(r.exact).toBeCloseTo(exact, 9);
    expect(r.perVariant).toBe(686);
    expect(r.total).toBe(1372);
  });

  it('a relative MDE is a fraction of the baseline; one-sided uses z_{1−α}', () => {
    const rel = sampleSize({ metric: 'conversion', baseline: 0.05, mde: 0.1, mdeScale: 'relative', twoSided: false, power: 0.9 });
    const p1 = 0.05;
    const p2 = 0.055;
    const pb = (p1 + p2) / 2;
    const exact = (z.a95 * Math.sqrt(2 * pb * (1 - pb)) + z.b90 * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p2 - p1) ** 2;
    expect(rel.exact).toBeCloseTo(exact, 6);
    expect(rel.absoluteEffect).toBeCloseTo(0.005, 15);
  });

  it('two means, σ = 1, δ = 0.5 (effect size d = 0.5): 2(1.96 + 0.84)²/0.25 = 62.79 → 63 per group', () => {
    const r = sampleSize({ metric: 'continuous', baseline: 10, standardDeviation: 1, mde: 0.5 });
    expect(r.exact).toBeCloseTo((2 * (z.a975 + z.b80) ** 2) / 0.25, 9);
    expect(r.perVariant).toBe(63);
    expect(sampleSize({ metric: 'continuous', baseline: 10, standardDeviation: 1, mde: 0.05, mdeScale: 'relative' }).perVariant).toBe(63);
  });

  it('rejects impossible requests with every problem listed', () => {
    try {
      sampleSize({ metric: 'conversion', baseline: 1.2, mde: 0, alpha: 0, power: 1 });
      expect.unreachable();
    } catch (e) {
      expect(isAlmanacError(e) && e.issues.map((i) => i.path)).toEqual(['alpha', 'power', 'mde', 'baseline']);
    }
    expect(() => sampleSize({ metric: 'conversion', baseline: 0.98, mde: 0.05 })).toThrow(/invalid sample size request/);
  });
});
