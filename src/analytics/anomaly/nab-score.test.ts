import { describe, expect, it } from 'vitest';
import { NAB_PROFILES, nabRowWeights, optimiseNabThreshold, probationLength, scaledSigmoid, scoreNabAtThreshold, type NabSeries } from './nab-score.js';

// σ(y) = 2/(1 + e^{5y}) − 1 at the positions used below, written out.
const sig = (y: number) => 2 / (1 + Math.exp(5 * y)) - 1;
const MAX_TP = sig(-1); // 0.9866142981514305

// Series A: 20 rows, probation 3 rows, one window at rows 8..11 (width 4).
// Series B: 10 rows, probation 1 row, no window.
const A: NabSeries = { name: 'A', length: 20, windows: [[8, 11]] };
const B: NabSeries = { name: 'B', length: 10, windows: [] };

function scores(length: number, at: Record<number, number>): Float64Array {
  const s = new Float64Array(length);
  for (const [i, v] of Object.entries(at)) s[Number(i)] = v;
  return s;
}

describe('NAB scoring', () => {
  it.each([
    { n: 20, p: 3 },
    { n: 4032, p: 604 },
    { n: 22695, p: 750 },
  ])('probation of $n rows is $p', ({ n, p }) => {
    expect(probationLength(n)).toBe(p);
  });

  it('scaled sigmoid', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.9866142981514305, 15);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(3.01)).toBe(-1);
  });

  it('per-row weights: window positions, distance past the window, probation', () => {
    const w = nabRowWeights(A);
    expect(Array.from(w.window.slice(0, 4))).toEqual([-2, -2, -2, -1]);
    expect(w.weight[5]).toBe(-1); // before any window
    expect(w.weight[8]).toBeCloseTo(1, 15); // window start: y = −4/4
    expect(w.weight[9]).toBeCloseTo(sig(-3 / 4) / MAX_TP, 15);
    expect(w.weight[11]).toBeCloseTo(sig(-1 / 4) / MAX_TP, 15);
    expect(w.weight[12]).toBeCloseTo(sig(1 / 3), 15); // |11 − 12| / (4 − 1)
    expect(w.weight[14]).toBeCloseTo(sig(1), 15);
  });

  it('totals at a fixed threshold, by hand', () => {
    // A: FP at 5 (−0.11), earliest TP at 10 (σ(−0.5)/σ(−1)), 11 ignored, FP at 12 (0.11·σ(1/3)).
    // B: row 0 is probation; FP at 4 with no window before it (−0.11).
    const a = scores(20, { 5: 1, 10: 1, 11: 1, 12: 1 });
    const b = scores(10, { 0: 1, 4: 1 });
    const expected = sig(-0.5) / MAX_TP - 0.11 + 0.11 * sig(1 / 3) - 0.11;
    expect(expected).toBeCloseTo(0.564744, 5);
    const out = scoreNabAtThreshold([A, B], [a, b], 0.5, NAB_PROFILES.standard);
    expect(out.score).toBeCloseTo(expected, 12);
    expect(out.normalised).toBeCloseTo((100 * (expected + 1)) / 2, 10);
    expect([out.truePositives, out.falsePositives, out.falseNegatives]).toEqual([1, 3, 0]);
    const lowFn = scoreNabAtThreshold([A, B], [a, b], 0.5, NAB_PROFILES.reward_low_FN);
    expect(lowFn.normalised).toBeCloseTo((100 * (expected + 2)) / 3, 10);
    const missed = scoreNabAtThreshold([A, B], [scores(20, {}), b], 0.5, NAB_PROFILES.reward_low_FN);
    expect(missed.score).toBeCloseTo(-2 - 0.11, 12);
  });

  it('chooses the best corpus-wide threshold among the distinct scores', () => {
    const a = scores(20, { 5: 0.6, 10: 0.9, 11: 0.9, 12: 0.7 });
    const b = scores(10, { 0: 1, 4: 0.6 });
    const best = optimiseNabThreshold([A, B], [a, b], ['standard', 'reward_low_FP']);
    // 0.9 → TP only: σ(−0.5)/σ(−1); 0.7 adds an FP just after the window; 0.6 two more FPs.
    expect(best.standard.threshold).toBe(0.9);
    expect(best.standard.score).toBeCloseTo(sig(-0.5) / MAX_TP, 12);
    expect(best.standard.normalised).toBeCloseTo(100 * (sig(-0.5) / MAX_TP + 1) / 2, 10);
    expect(best.reward_low_FP.threshold).toBe(0.9);
  });

  it('an earlier detection admitted at a lower threshold replaces the later one', () => {
    const a = scores(20, { 11: 0.95, 9: 0.8 });
    const best = optimiseNabThreshold([A], [a], ['standard']).standard;
    expect(best.threshold).toBe(0.8);
    expect(best.score).toBeCloseTo(sig(-0.75) / MAX_TP, 12);
  });

  it('sanity: the null detector scores 0 and the perfect detector 100', () => {
    const corpus = [A, B, { name: 'C', length: 50, windows: [[10, 14], [30, 39]] as [number, number][] }];
    const nothing = corpus.map((s) => new Float64Array(s.length));
    const perfect = corpus.map((s) => {
      const x = new Float64Array(s.length);
      for (const [start] of s.windows) x[start] = 1;
      return x;
    });
    for (const profile of ['standard', 'reward_low_FP', 'reward_low_FN'] as const) {
      // Never firing is S_null by definition (on this tiny corpus, firing everywhere would even beat it).
      expect(scoreNabAtThreshold(corpus, nothing, 1, NAB_PROFILES[profile]).normalised).toBe(0);
      expect(optimiseNabThreshold(corpus, perfect, [profile])[profile].normalised).toBeCloseTo(100, 10);
    }
  });

  it('rejects windows outside the series and NaN scores', () => {
    expect(() => nabRowWeights({ name: 'bad', length: 5, windows: [[3, 9]] })).toThrow(RangeError);
    expect(() => optimiseNabThreshold([B], [scores(10, { 5: Number.NaN })], ['standard'])).toThrow(/NaN/);
  });
});
