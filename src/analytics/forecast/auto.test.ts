import { describe, expect, it } from 'vitest';
import { combinationWeights, defaultCandidates, selectModels } from './auto.js';
import { planOrigins } from './backtest.js';
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
