import { describe, expect, it } from 'vitest';
import { isAlmanacError } from '../../core/errors.js';
import { analyzeContinuousExperiment, analyzeConversionExperiment } from './analyze-experiment.js';
import { refNormalTwoSided, refTQuantile, refTTwoSided } from './fixtures/reference.js';
import { SLEEP_GROUP_1, SLEEP_GROUP_2 } from './fixtures/sleep.js';

const Z975 = 1.959963984540054;

function issuesOf(f: () => unknown): { code: string; paths: (string | undefined)[] } {
  try {
    f();
  } catch (e) {
    if (isAlmanacError(e)) return { code: e.code, paths: e.issues.map((i) => i.path) };
    throw e;
  }
  throw new Error('expected an error');
}

describe('analyzeConversionExperiment', () => {
  const result = analyzeConversionExperiment([
    { name: 'control', n: 1000, conversions: 100 },
    { name: 'b', n: 1000, conversions: 120 },
    { name: 'c', n: 980, conversions: 90 },
  ]);

  it.each([
    ['b: 12.0 % vs 10.0 %', 1, 120, 1000],
    ['c: 9.18 % vs 10.0 %', 2, 90, 980],
  ])('agrees with the hand formulas to 1e-6 (%s)', (_d, index, c, n) => {
    const row = result.variants[index];
    const pA = 0.1;
    const p = c / n;
    const seA2 = (pA * (1 - pA)) / 1000;
    const se2 = (p * (1 - p)) / n;
    const pooled = (100 + c) / (1000 + n);
    const z = (p - pA) / Math.sqrt(pooled * (1 - pooled) * (1 / 1000 + 1 / n));
    expect(row.value).toBeCloseTo(p, 12);
    expect(row.absoluteLift).toBeCloseTo(p - pA, 12);
    expect(row.absoluteLiftInterval!.lower).toBeCloseTo(p - pA - Z975 * Math.sqrt(seA2 + se2), 9);
    expect(row.absoluteLiftInterval!.upper).toBeCloseTo(p - pA + Z975 * Math.sqrt(seA2 + se2), 9);
    expect(row.statistic).toBeCloseTo(z, 9);
    expect(Math.abs(row.pValue! - refNormalTwoSided(z))).toBeLessThan(1e-6);
    const ratio = p / pA;
    const seRel = ratio * Math.sqrt(se2 / (p * p) + seA2 / (pA * pA));
    expect(row.relativeLift).toBeCloseTo(ratio - 1, 12);
    expect(row.relativeLiftInterval!.lower).toBeCloseTo(ratio - 1 - Z975 * seRel, 9);
    expect(row.relativeLiftInterval!.upper).toBeCloseTo(ratio - 1 + Z975 * seRel, 9);
  });

  it('matches the published 2×2 chi-square: z² equals Pearson χ² without continuity correction', () => {
    // 2×2 table [[120, 880], [100, 900]]: χ² = N(ad − bc)² / (row and column totals product).
    const chi2 = (2000 * (120 * 900 - 880 * 100) ** 2) / (1000 * 1000 * 220 * 1780);
    expect(result.variants[1].statistic! ** 2).toBeCloseTo(chi2, 10);
  });

  it('reports the control row without comparisons and a balanced sample ratio', () => {
    expect(result.variants[0]).toMatchObject({ isControl: true, pValue: null, absoluteLift: null, probabilityToBeatControl: null });
    expect(result.control).toBe('control');
    expect(result.sampleRatio.degreesOfFreedom).toBe(2);
    expect(result.sampleRatio.mismatch).toBe(false);
  });

  it('orders probability to beat control with the observed rates', () => {
    expect(result.variants[1].probabilityToBeatControl).toBeGreaterThan(0.9);
    expect(result.variants[2].probabilityToBeatControl).toBeLessThan(0.5);
  });

  it('handles 0 % in both groups (no evidence, p = 1) and a 0 % control (no relative lift)', () => {
    const zero = analyzeConversionExperiment([{ name: 'a', n: 50, conversions: 0 }, { name: 'b', n: 50, conversions: 0 }]);
    expect(zero.variants[1]).toMatchObject({ pValue: 1, statistic: 0, relativeLift: null, relativeLiftInterval: null });
    expect(zero.variants[1].probabilityToBeatControl).toBeCloseTo(0.5, 12);
  });

  it('takes the control by name and a 90/10 expected split', () => {
    const r = analyzeConversionExperiment(
      [{ name: 'treatment', n: 100, conversions: 10 }, { name: 'base', n: 900, conversions: 80 }],
      { control: 'base', expectedSplit: [0.1, 0.9] },
    );
    expect(r.control).toBe('base');
    expect(r.variants[1].isControl).toBe(true);
    expect(r.sampleRatio.chiSquare).toBeCloseTo(0, 12);
  });

  it('reports every invalid field at once', () => {
    const e = issuesOf(() =>
      analyzeConversionExperiment(
        [{ name: 'a', n: 0, conversions: 1 }, { name: 'a', n: 10, conversions: 11 }],
        { control: 'z', confidence: 1.5 },
      ),
    );
    expect(e.code).toBe('bad_request');
    expect(e.paths).toEqual(['variants[1].name', 'control', 'confidence', 'variants[0].n', 'variants[0].conversions', 'variants[1].conversions']);
  });
});

describe('analyzeContinuousExperiment', () => {
  it("reproduces R's Welch test on Student's sleep data (t = 1.8608, df = 17.776, p = 0.07939)", () => {
    const r = analyzeContinuousExperiment([{ name: 'drug1', values: SLEEP_GROUP_1 }, { name: 'drug2', values: SLEEP_GROUP_2 }]);
    const row = r.variants[1];
    expect(row.statistic).toBeCloseTo(1.8608, 4);
    expect(row.degreesOfFreedom).toBeCloseTo(17.776, 3);
    expect(row.pValue).toBeCloseTo(0.07939, 5);
    expect(row.absoluteLiftInterval!.lower).toBeCloseTo(-0.2054832, 7);
    expect(row.absoluteLiftInterval!.upper).toBeCloseTo(3.3654832, 7);
    expect(row.absoluteLift).toBeCloseTo(1.58, 12);
  });

  it.each([
    ['unequal variances and sizes', { n: 40, mean: 10, variance: 4 }, { n: 25, mean: 11.2, variance: 9 }],
    ['small effect, large samples', { n: 5000, mean: 3.1, variance: 12 }, { n: 5100, mean: 3.05, variance: 11 }],
    ['tiny samples', { n: 3, mean: 1, variance: 0.5 }, { n: 4, mean: 2.5, variance: 1.5 }],
  ])('agrees with hand formulas and a quadrature t-distribution to 1e-6 (%s)', (_d, a, b) => {
    const r = analyzeContinuousExperiment([{ name: 'a', ...a }, { name: 'b', ...b }]);
    const row = r.variants[1];
    const va = a.variance / a.n;
    const vb = b.variance / b.n;
    const t = (b.mean - a.mean) / Math.sqrt(va + vb);
    const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
    expect(row.statistic).toBeCloseTo(t, 10);
    expect(row.degreesOfFreedom).toBeCloseTo(df, 9);
    expect(Math.abs(row.pValue! - refTTwoSided(t, df))).toBeLessThan(1e-6);
    const crit = refTQuantile(0.975, df);
    expect(Math.abs(row.absoluteLiftInterval!.upper - (b.mean - a.mean + crit * Math.sqrt(va + vb)))).toBeLessThan(1e-6);
    const ratio = b.mean / a.mean;
    const seRel = Math.sqrt(vb / a.mean ** 2 + (b.mean ** 2 * va) / a.mean ** 4);
    expect(Math.abs(row.relativeLiftInterval!.lower - (ratio - 1 - crit * seRel))).toBeLessThan(1e-6);
  });

  it('raw values and their summary statistics give the same answer', () => {
    const raw = analyzeContinuousExperiment([{ name: 'a', values: SLEEP_GROUP_1 }, { name: 'b', values: SLEEP_GROUP_2 }]);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = (xs: number[]) => xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1);
    const summary = analyzeContinuousExperiment([
      { name: 'a', n: 10, mean: mean(SLEEP_GROUP_1), variance: variance(SLEEP_GROUP_1) },
      { name: 'b', n: 10, mean: mean(SLEEP_GROUP_2), variance: variance(SLEEP_GROUP_2) },
    ]);
    expect(raw.variants[1].pValue).toBeCloseTo(summary.variants[1].pValue!, 12);
  });

  it('reports every invalid field at once', () => {
    const e = issuesOf(() =>
      analyzeContinuousExperiment([{ name: 'a', values: [1] }, { name: 'b', n: 1.5, mean: NaN, variance: -1 }]),
    );
    expect(e.paths).toEqual(['variants[0].values', 'variants[1].n', 'variants[1].mean', 'variants[1].variance']);
  });
});

describe('analyzeContinuousExperiment edge cases', () => {
  it('zero variance in both groups: a difference is certain, no difference is p = 1', () => {
    const diff = analyzeContinuousExperiment([{ name: 'a', n: 10, mean: 1, variance: 0 }, { name: 'b', n: 10, mean: 2, variance: 0 }]);
    expect(diff.variants[1]).toMatchObject({ pValue: 0, probabilityToBeatControl: 1, degreesOfFreedom: Infinity });
    const same = analyzeContinuousExperiment([{ name: 'a', n: 10, mean: 1, variance: 0 }, { name: 'b', n: 10, mean: 1, variance: 0 }]);
    expect(same.variants[1]).toMatchObject({ pValue: 1, statistic: 0, probabilityToBeatControl: 0.5 });
  });

  it('a zero control mean has no relative lift', () => {
    const r = analyzeContinuousExperiment([{ name: 'a', n: 10, mean: 0, variance: 1 }, { name: 'b', n: 10, mean: 1, variance: 1 }]);
    expect(r.variants[1]).toMatchObject({ relativeLift: null, relativeLiftInterval: null });
  });
});

describe('Fieller interval for the relative lift', () => {
  it('solves (b − θa)² = z²(se_b² + θ²se_a²) by hand', () => {
    const r = analyzeConversionExperiment(
      [{ name: 'a', n: 400, conversions: 20 }, { name: 'b', n: 400, conversions: 32 }],
      { relativeInterval: 'fieller' },
    );
    const a = 0.05;
    const b = 0.08;
    const va = (a * (1 - a)) / 400;
    const vb = (b * (1 - b)) / 400;
    const z2 = Z975 ** 2;
    const A = a * a - z2 * va;
    const B = -2 * a * b;
    const C = b * b - z2 * vb;
    const root = Math.sqrt(B * B - 4 * A * C);
    const row = r.variants[1];
    expect(row.relativeLift).toBeCloseTo(0.6, 12);
    expect(row.relativeLiftInterval!.lower).toBeCloseTo((-B - root) / (2 * A) - 1, 10);
    expect(row.relativeLiftInterval!.upper).toBeCloseTo((-B + root) / (2 * A) - 1, 10);
    // Asymmetric: longer above the estimate than below.
    expect(row.relativeLiftInterval!.upper - 0.6).toBeGreaterThan(0.6 - row.relativeLiftInterval!.lower);
  });

  it('is close to the delta method for large samples and unbounded (null) when the control is not clearly non-zero', () => {
    const variants = [{ name: 'a', n: 1_000_000, conversions: 100_000 }, { name: 'b', n: 1_000_000, conversions: 101_000 }];
    const delta = analyzeConversionExperiment(variants).variants[1].relativeLiftInterval!;
    const fieller = analyzeConversionExperiment(variants, { relativeInterval: 'fieller' }).variants[1].relativeLiftInterval!;
    expect(Math.abs(delta.lower - fieller.lower)).toBeLessThan(1e-4);
    expect(Math.abs(delta.upper - fieller.upper)).toBeLessThan(1e-4);
    const noisy = analyzeContinuousExperiment(
      [{ name: 'a', n: 5, mean: 0.2, variance: 4 }, { name: 'b', n: 5, mean: 1, variance: 4 }],
      { relativeInterval: 'fieller' },
    );
    expect(noisy.variants[1].relativeLiftInterval).toBeNull();
  });
});
