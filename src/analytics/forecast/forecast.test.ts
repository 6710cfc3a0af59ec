import { describe, expect, it } from 'vitest';
import { forecast, type ForecastResult } from './forecast.js';
import { MODEL_NAMES } from './models.js';
import { planted } from './fixtures/planted-series.js';

function expectOrdered(r: ForecastResult): void {
  r.point.forEach((p, k) => {
    expect(r.lower95[k]).toBeLessThanOrEqual(r.lower80[k]);
    expect(r.lower80[k]).toBeLessThanOrEqual(p);
    expect(p).toBeLessThanOrEqual(r.upper80[k]);
    expect(r.upper80[k]).toBeLessThanOrEqual(r.upper95[k]);
  });
}

const monthly = planted({ n: 72, level: 200, slope: 1, cycles: [[12, 30]], noiseSd: 4, seed: 21 });
const withNegatives = planted({ n: 60, level: 0, slope: 0.1, cycles: [[12, 8]], noiseSd: 2, seed: 22 });

describe('forecast: shape of the answer', () => {
  it('returns every field for auto', () => {
    const r = forecast(monthly, { horizon: 18, season: 12 });
    expect(r.point).toHaveLength(18);
    for (const k of ['lower80', 'upper80', 'lower95', 'upper95'] as const) expect(r[k]).toHaveLength(18);
    expect(r.model).toBe('auto');
    expect(r.models.reduce((a, m) => a + m.weight, 0)).toBeCloseTo(1, 10);
    expect(r.season).toBe(12);
    expect(r.backtestOrigins).toBe(8);
    expect(r.backtestError.smape).toBeGreaterThan(0);
    expect(r.backtestError.mase).toBeGreaterThan(0);
    expect(r.intervalScale).toBe('log');
    expect(r.intervals.map((i) => i.level)).toEqual([80, 95]);
    expect(r.warnings).toEqual([]);
    expectOrdered(r);
  });

  it('detects the season when not given', () => {
    expect(forecast(monthly, { horizon: 6 }).season).toBe(12);
  });

  it('finds daily and weekly cycles in hourly data', () => {
    const hourly = planted({ n: 168 * 6, cycles: [[24, 10], [168, 8]], noiseSd: 2, seed: 7 });
    const r = forecast(hourly, { horizon: 24, season: 'auto' });
    expect(r.seasons).toEqual([24, 168]);
    expectOrdered(r);
  });

  it('extra levels come back in `intervals`', () => {
    const r = forecast(monthly, { horizon: 3, season: 12, level: [50, 80, 99] });
    expect(r.intervals.map((i) => i.level)).toEqual([50, 80, 99]);
    r.point.forEach((p, k) => {
      expect(r.intervals[0].upper[k]).toBeLessThanOrEqual(r.intervals[1].upper[k]);
      expect(r.intervals[1].upper[k]).toBeLessThanOrEqual(r.intervals[2].upper[k]);
      expect(r.intervals[0].lower[k]).toBeLessThanOrEqual(p);
    });
  });

  it('a clean line is continued', () => {
    const y = Array.from({ length: 30 }, (_, t) => 100 + 5 * t);
    const r = forecast(y, { horizon: 3, season: 1 });
    r.point.forEach((v, i) => expect(v).toBeCloseTo(250 + 5 * i, 0));
  });
});

describe('forecast: intervals are ordered for every model', () => {
  it.each(['auto' as const, ...MODEL_NAMES].map((model) => ({ model })))('$model', ({ model }) => {
    expectOrdered(forecast(monthly, { horizon: 12, season: 12, model }));
    expectOrdered(forecast(withNegatives, { horizon: 12, season: 12, model }));
  });
});

describe('forecast: edge cases never throw and say what happened', () => {
  it.each([
    { what: 'one point', y: [42], warn: /single observation/ },
    { what: 'two points', y: [1, 3], warn: /short series/ },
    { what: 'three points', y: [5, 7, 6], warn: /short series/ },
    { what: 'constant', y: new Array(30).fill(7), warn: /constant series/ },
    { what: 'gaps', y: [1, 2, null, 4, Number.NaN, 6, 7, 8, 9, 10, 11, 12], warn: /filled by linear interpolation/ },
    { what: 'all missing', y: [null, null], warn: /no finite values/ },
    { what: 'empty', y: [], warn: /empty series/ },
  ])('$what', ({ y, warn }) => {
    const r = forecast(y, { horizon: 4 });
    expect(r.point).toHaveLength(4);
    expect(r.warnings.join('\n')).toMatch(warn);
  });

  it('one point and constants: the value, zero width', () => {
    for (const y of [[42], new Array(30).fill(42)]) {
      const r = forecast(y, { horizon: 2 });
      expect(r.point).toEqual([42, 42]);
      expect(r.lower95).toEqual([42, 42]);
      expect(r.upper95).toEqual([42, 42]);
    }
  });

  it('two or three points still get intervals', () => {
    const r = forecast([5, 7, 6], { horizon: 3 });
    r.point.forEach((p) => expect(Number.isFinite(p)).toBe(true));
    expect(r.upper95[2]).toBeGreaterThan(r.lower95[2]);
    expectOrdered(r);
  });

  it('fewer than two seasons of the given period', () => {
    const r = forecast(monthly.slice(0, 15), { horizon: 6, season: 12 });
    expect(r.warnings.join('\n')).toMatch(/fewer than two cycles of season 12/);
    expectOrdered(r);
  });

  it('zeros and negatives: multiplicative methods fall back, and say so', () => {
    const r = forecast(withNegatives, { horizon: 6, season: 12, model: 'hw-multiplicative' });
    expect(r.warnings).toContain('hw-multiplicative needs positive data: additive seasonality used');
    expect(r.intervalScale).toBe('absolute');
    const t = forecast(withNegatives, { horizon: 6, season: 12, model: 'theta' });
    expect(t.warnings).toContain('series has zero or negative values: additive seasonal adjustment used instead of multiplicative');
  });

  it('non-negative data gets no negative forecasts or bounds', () => {
    const y = [5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 1, 0];
    const r = forecast(y, { horizon: 6, season: 1, model: 'drift' });
    for (const k of ['point', 'lower80', 'lower95'] as const) for (const v of r[k]) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('trailing gaps: the forecast still covers `horizon` steps after the input', () => {
    const y = [...Array.from({ length: 20 }, (_, t) => 10 + t), null, null];
    const r = forecast(y, { horizon: 2, season: 1, model: 'drift' });
    // drift from the last observation (29) over steps 3 and 4 after it
    expect(r.point[0]).toBeCloseTo(32, 10);
    expect(r.point[1]).toBeCloseTo(33, 10);
    expect(r.warnings.join('\n')).toMatch(/at the end/);
  });

  it.each([
    { what: 'horizon 0', options: { horizon: 0 }, length: 0, warn: /horizon must be a positive integer/ },
    { what: 'fractional horizon', options: { horizon: 2.7 }, length: 2, warn: /rounded down to 2/ },
    { what: 'unknown model', options: { horizon: 2, model: 'prophet' as never }, length: 2, warn: /unknown model "prophet": auto used/ },
    { what: 'bad season', options: { horizon: 2, season: -3 }, length: 2, warn: /season -3 is not a positive integer/ },
  ])('$what', ({ options, length, warn }) => {
    const r = forecast(monthly, options);
    expect(r.point).toHaveLength(length);
    expect(r.warnings.join('\n')).toMatch(warn);
  });
});
