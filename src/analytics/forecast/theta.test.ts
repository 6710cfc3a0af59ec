import { describe, expect, it } from 'vitest';
import { fitModel } from './models.js';
import { fitTheta, linearFit } from './theta.js';

describe('Theta (Assimakopoulos & Nikolopoulos 2000)', () => {
  it('on a straight line: last value plus half the slope per step', () => {
    // θ=2 line = the series itself, SES (α → 1) keeps the last value 10; the θ=0 line continues 1, 2, …
    const y = Array.from({ length: 10 }, (_, t) => t + 1);
    const f = fitTheta(y).forecast(3);
    [10.5, 11, 11.5].forEach((v, i) => expect(f[i]).toBeCloseTo(v, 2));
  });

  it('on a constant series forecasts the constant', () => {
    expect(fitTheta([4, 4, 4, 4, 4]).forecast(2)).toEqual([4, 4]);
  });

  it('is reseasonalised for seasonal data', () => {
    const y = Array.from({ length: 16 }, (_, t) => [10, 20, 30, 40][t % 4]);
    const f = fitModel('theta', y, { season: 4, seasons: [4] }).forecast(4);
    [10, 20, 30, 40].forEach((v, i) => expect(f[i]).toBeCloseTo(v, 6));
  });

  it('linearFit recovers intercept and slope at t = 1…n', () => {
    const { intercept, slope } = linearFit([5, 7, 9, 11]);
    expect(intercept).toBeCloseTo(3, 12);
    expect(slope).toBeCloseTo(2, 12);
  });
});
