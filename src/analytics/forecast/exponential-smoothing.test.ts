import { describe, expect, it } from 'vitest';
import { etsFilter, etsForecast, fitHolt, fitHoltWinters, fitSes, type EtsSpec } from './exponential-smoothing.js';

const SES: EtsSpec = { trend: false, season: 1, seasonal: 'none' };
const HOLT: EtsSpec = { trend: true, season: 1, seasonal: 'none' };

describe('etsFilter (hand-computed steps)', () => {
  it('SES, α = 0.5, ℓ0 = 10 on [12, 14, 10]', () => {
    // ŷ1 = 10, e = 2, ℓ1 = 11; ŷ2 = 11, e = 3, ℓ2 = 12.5; ŷ3 = 12.5, e = −2.5, ℓ3 = 11.25
    const p = { alpha: 0.5, beta: 0, gamma: 0, phi: 1 };
    const run = etsFilter([12, 14, 10], p, SES, { level: 10, trend: 0, seasonals: [0], t: 0 });
    expect(run.fitted).toEqual([10, 11, 12.5]);
    expect(run.state.level).toBe(11.25);
    expect(run.sse).toBeCloseTo(4 + 9 + 6.25, 12);
    expect(etsForecast(run.state, p, SES, 3)).toEqual([11.25, 11.25, 11.25]);
  });

  it("Holt, α = 0.5, β = 0.25, ℓ0 = 10, b0 = 1 on [12, 13]", () => {
    // ŷ1 = 11, e = 1, ℓ1 = 11.5, b1 = 1.25; ŷ2 = 12.75, e = 0.25, ℓ2 = 12.875, b2 = 1.3125
    const p = { alpha: 0.5, beta: 0.25, gamma: 0, phi: 1 };
    const run = etsFilter([12, 13], p, HOLT, { level: 10, trend: 1, seasonals: [0], t: 0 });
    expect(run.fitted).toEqual([11, 12.75]);
    expect(run.state.level).toBe(12.875);
    expect(run.state.trend).toBe(1.3125);
    expect(etsForecast(run.state, p, HOLT, 2)).toEqual([14.1875, 15.5]);
  });

  it('damped trend forecasts add φ + φ² + … of the trend', () => {
    const p = { alpha: 0.5, beta: 0.25, gamma: 0, phi: 0.9 };
    const f = etsForecast({ level: 100, trend: 10, seasonals: [0], t: 5 }, p, HOLT, 3);
    expect(f[0]).toBeCloseTo(109, 12);
    expect(f[1]).toBeCloseTo(117.1, 12);
    expect(f[2]).toBeCloseTo(124.39, 12);
  });
});

describe('fitted models', () => {
  it('SES on a constant series forecasts the constant', () => {
    for (const v of fitSes([5, 5, 5, 5]).forecast(2)) expect(v).toBeCloseTo(5, 10);
  });

  it('SES on small noise around 7 forecasts about 7', () => {
    const fit = fitSes([7, 7.5, 6.5, 7]);
    for (const v of fit.forecast(3)) expect(v).toBeCloseTo(7, 1);
  });

  it('Holt continues a straight line exactly (optimal ℓ0 = intercept, b0 = slope)', () => {
    const y = Array.from({ length: 12 }, (_, t) => 2 + 3 * (t + 1));
    const fit = fitHolt(y, false);
    expect(fit.sse).toBeLessThan(1e-12);
    const f = fit.forecast(3);
    [41, 44, 47].forEach((v, i) => expect(f[i]).toBeCloseTo(v, 6));
  });

  it('damped trend flattens a line: increments shrink by φ ≤ 0.98', () => {
    const y = Array.from({ length: 12 }, (_, t) => 2 + 3 * (t + 1));
    const f = fitHolt(y, true).forecast(4);
    const steps = f.slice(1).map((v, i) => v - f[i]);
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeLessThan(steps[i - 1]);
    expect(f[0]).toBeGreaterThan(38 + 2.3);
  });

  it.each(['additive', 'multiplicative'] as const)('Holt–Winters %s continues a clean seasonal pattern', (kind) => {
    const pattern = [10, 20, 30, 40];
    const y = Array.from({ length: 24 }, (_, t) => 100 + t + pattern[t % 4]);
    const f = fitHoltWinters(y, 4, kind).forecast(4);
    const truth = [124, 125, 126, 127].map((v, i) => v + pattern[i]);
    f.forEach((v, i) => expect(Math.abs(v - truth[i]) / truth[i]).toBeLessThan(0.03));
  });
});
