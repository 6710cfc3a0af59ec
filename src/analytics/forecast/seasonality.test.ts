import { describe, expect, it } from 'vitest';
import { fitModel } from './models.js';
import { autocorrelation, classicalDecomposition, isSeasonal, seasonalAdjustment } from './seasonality.js';

const tiny = [10, 20, 30, 40, 10, 20, 30, 40, 10, 20, 30, 40];

describe('autocorrelation', () => {
  it('matches hand-computed values on [1, 2, 3, 4]', () => {
    // mean 2.5, deviations −1.5 −0.5 0.5 1.5, Σd² = 5; r1 = (0.75 − 0.25 + 0.75)/5 = 0.25; r2 = (−0.75 − 0.75)/5 = −0.3
    const r = autocorrelation([1, 2, 3, 4], 2);
    expect(r[0]).toBeCloseTo(0.25, 12);
    expect(r[1]).toBeCloseTo(-0.3, 12);
  });

  it('is zero for a constant series', () => {
    expect(autocorrelation([2, 2, 2, 2], 2)).toEqual([0, 0]);
  });
});

describe('isSeasonal (M4 90 % test)', () => {
  it('says seasonal for a repeated pattern', () => expect(isSeasonal(tiny, 4)).toBe(true));
  it('needs three cycles', () => expect(isSeasonal(tiny.slice(0, 11), 4)).toBe(false));
  it('says not seasonal for a straight line', () => expect(isSeasonal(Array.from({ length: 24 }, (_, t) => t), 4)).toBe(false));
});

describe('classical decomposition and Naive2', () => {
  it('finds the multiplicative figure of a flat seasonal series', () => {
    // 2×4 moving average is 25 everywhere it is defined; ratios 0.4, 0.8, 1.2, 1.6
    const { figure } = classicalDecomposition(tiny, 4, 'multiplicative');
    [0.4, 0.8, 1.2, 1.6].forEach((v, i) => expect(figure[i]).toBeCloseTo(v, 12));
  });

  it('Naive2 = naive on the adjusted series (25), reseasonalised', () => {
    const f = fitModel('naive2', tiny, { season: 4, seasons: [4] }).forecast(6);
    [10, 20, 30, 40, 10, 20].forEach((v, i) => expect(f[i]).toBeCloseTo(v, 10));
  });

  it('Naive2 without seasonality is the naive forecast', () => {
    expect(fitModel('naive2', [1, 3, 2, 5], { season: 4, seasons: [4] }).forecast(2)).toEqual([5, 5]);
  });

  it('falls back to additive adjustment with zeros or negatives, and says so', () => {
    const y = tiny.map((v) => v - 25);
    const sa = seasonalAdjustment(y, [4]);
    expect(sa.type).toBe('additive');
    expect(sa.notes.join(' ')).toMatch(/additive seasonal adjustment/);
    sa.adjusted.forEach((v) => expect(v).toBeCloseTo(0, 10));
    const f = fitModel('naive2', y, { season: 4, seasons: [4] }).forecast(4);
    [-15, -5, 5, 15].forEach((v, i) => expect(f[i]).toBeCloseTo(v, 10));
  });
});
