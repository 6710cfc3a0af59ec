import { describe, expect, it } from 'vitest';
import { combinationWeights, crossFittedWindows, defaultCandidates, selectModels } from './auto.js';
import { backtest, planOrigins, type Origin } from './backtest.js';
import { predictionIntervals } from './intervals.js';
import { planted } from './fixtures/planted-series.js';

describe('combinationWeights (inverse squared error)', () => {
  it.each([
    { what: 'errors 1 and 2 → 1 : ¼', scores: [1, 2], want: [0.8, 0.2] },
    { what: 'equal errors → equal weights', scores: [3, 3, 3], want: [1 / 3, 1 / 3, 1 / 3] },
    { what: 'perfect backtests share the weight', scores: [0, 1, 0], want: [0.5, 0, 0.5] },
    { what: 'no backtest → equal weights', scores: [Number.NaN, Number.NaN], want: [0.5, 0.5] },
    { what: 'negligible weights are dropped', scores: [1, 100], want: [1, 0] },
  ])('$what', ({ scores, want }) => {
    combinationWeights(scores).forEach((w, i) => expect(w).toBeCloseTo(want[i], 12));
  });
});

describe('crossFittedWindows (weights from the other, non-overlapping origins)', () => {
  // Actual value 10 everywhere, MASE scale 1: a forecast 10 + e has scaled error |e|.
  const origin = (train: number, h: number): Origin => ({ train, actual: new Array<number>(h).fill(10), scale: 1 });
  const constant = (errors: number[], h: number) => errors.map((e) => new Array<number>(h).fill(10 + e));

  it('one-step windows: each origin weighted by the other two (hand-computed)', () => {
    const origins = [origin(20, 1), origin(21, 1), origin(22, 1)];
    // Scaled errors per origin: A 1, 2, 1; B 2, 1, 3.
    const w = crossFittedWindows(origins, [constant([1, 2, 1], 1), constant([2, 1, 3], 1)]);
    // o0: A mean(2,1) = 1.5, B mean(1,3) = 2 → weights ∝ 1/2.25 : 1/4 = 16 : 9 → 0.64·11 + 0.36·12 = 11.36
    // o1: A mean(1,1) = 1, B mean(2,3) = 2.5 → 1 : 0.16 = 25 : 4 → (25·12 + 4·11) / 29 = 344/29
    // o2: A mean(1,2) = 1.5, B mean(2,1) = 1.5 → equal → (11 + 13) / 2 = 12
    expect(w.map((x) => x.forecast[0])).toEqual([expect.closeTo(11.36, 12), expect.closeTo(344 / 29, 12), expect.closeTo(12, 12)]);
    expect(w.map((x) => x.actual)).toEqual([[10], [10], [10]]);

    // The intervals are built on these errors: σ_1 = RMS(e) and, with 3 windows,
    // half-width = t(0.9; ν = 2) · σ_1 = 1.885618 · σ_1 (absolute scale).
    const e = [10 - 11.36, 10 - 344 / 29, 10 - 12];
    const sigma = Math.sqrt(e.reduce((a, x) => a + x * x, 0) / 3);
    const r = predictionIntervals({ point: [10], windows: w, positive: false }, [80]);
    expect(r.sigma[0]).toBeCloseTo(sigma, 10);
    expect(r.intervals[0].upper[0] - 10).toBeCloseTo(1.885618 * sigma, 5);
  });

  it('two-step windows: overlapping origins are left out; none left → equal weights', () => {
    // Windows [20,22), [21,23), [22,24): o0 and o2 are independent of each other, o1 overlaps both.
    const origins = [origin(20, 2), origin(21, 2), origin(22, 2)];
    const w = crossFittedWindows(origins, [constant([1, 2, 3], 2), constant([2, 1, 1], 2)]);
    // o0 from o2 only: A 3, B 1 → 1/9 : 1 → 0.1·11 + 0.9·12 = 11.9
    // o1: no independent origin → (12 + 11) / 2 = 11.5
    // o2 from o0 only: A 1, B 2 → 1 : 1/4 → 0.8·13 + 0.2·11 = 12.6
    expect(w.map((x) => x.forecast)).toEqual([[11.9, 11.9], [11.5, 11.5], [12.6, 12.6]].map((f) => f.map((v) => expect.closeTo(v, 12))));
  });

  it('a single candidate keeps its own backtest', () => {
    const y = planted({ n: 40, slope: 0.5, noiseSd: 1, seed: 3 });
    const ctx = { season: 1, seasons: [1] };
    const bt = backtest(y, ['theta'], ctx, { horizon: 4, origins: 8, spacing: 2 });
    const s = selectModels(y, ctx, { horizon: 4, candidates: ['theta'] });
    expect(s.windows.map((x) => x.forecast)).toEqual(bt.forecasts.theta);
  });
});

describe('planOrigins', () => {
  it.each([
    { what: 'spaced full-horizon origins', args: [40, 6, 3, 5, 2], want: [34, 32, 30] },
    { what: 'gaps filled when spacing runs out of room', args: [14, 6, 4, 5, 2], want: [8, 7, 6, 5] },
    { what: 'partial horizons for a short series', args: [8, 6, 5, 5, 1], want: [7, 6, 5] },
    { what: 'nothing fits', args: [4, 6, 5, 5, 1], want: [] },
  ] as { what: string; args: [number, number, number, number, number]; want: number[] }[])('$what', ({ args, want }) => {
    expect(planOrigins(...args)).toEqual(want);
  });
});

describe('defaultCandidates', () => {
  it.each([
    { what: 'non-seasonal', y: [1, 2, 3, 4, 5, 6], season: 1, extra: [] },
    { what: 'seasonal, positive', y: planted({ n: 30, cycles: [[12, 5]] }), season: 12, extra: ['seasonal-naive', 'hw-additive', 'hw-multiplicative'] },
    { what: 'seasonal with negatives: no multiplicative', y: planted({ n: 30, level: 0, cycles: [[12, 5]] }), season: 12, extra: ['seasonal-naive', 'hw-additive'] },
    { what: 'seasonal but under two cycles', y: planted({ n: 20, cycles: [[12, 5]] }), season: 12, extra: ['seasonal-naive'] },
  ])('$what', ({ y, season, extra }) => {
    expect(defaultCandidates(y, { season, seasons: [season] })).toEqual(['naive2', 'drift', 'ses', 'holt', 'damped', 'theta', 'robust-trend', ...extra]);
  });
});

describe('selectModels', () => {
  it('puts most weight on models that capture a strong season', () => {
    const y = planted({ n: 96, slope: 0.2, cycles: [[12, 20]], noiseSd: 1, seed: 9 });
    const s = selectModels(y, { season: 12, seasons: [12] }, { horizon: 12 });
    expect(s.windows.length).toBe(8);
    const total = s.members.reduce((a, m) => a + m.weight, 0);
    expect(total).toBeCloseTo(1, 12);
    expect(s.backtestError.mase).toBeLessThan(0.5);
    const truth = planted({ n: 108, slope: 0.2, cycles: [[12, 20]], noiseSd: 0, seed: 9 }).slice(96);
    const mae = s.point.reduce((a, v, i) => a + Math.abs(v - truth[i]), 0) / 12;
    expect(mae).toBeLessThan(3);
  });

  it('with one candidate is that model with weight 1', () => {
    const s = selectModels([1, 3, 2, 4, 3, 5, 4, 6, 5, 7], { season: 1, seasons: [1] }, { horizon: 3, candidates: ['theta'] });
    expect(s.members).toEqual([{ name: 'theta', weight: 1, score: expect.any(Number) }]);
  });
});
