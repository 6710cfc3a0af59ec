import { describe, expect, it } from 'vitest';
import { backtest } from './backtest.js';
import { planted } from './fixtures/planted-series.js';

describe('backtest', () => {
  it('refits each model at each origin and keeps forecasts the length of the known values', () => {
    const y = Array.from({ length: 30 }, (_, t) => t);
    const bt = backtest(y, ['naive', 'drift'], { season: 1, seasons: [1] }, { horizon: 4, origins: 3, spacing: 2 });
    expect(bt.origins.map((o) => o.train)).toEqual([26, 24, 22]);
    expect(bt.origins[0].actual).toEqual([26, 27, 28, 29]);
    expect(bt.forecasts.naive![0]).toEqual([25, 25, 25, 25]);
    // drift on 0…25 continues the line exactly
    expect(bt.forecasts.drift![1]).toEqual([24, 25, 26, 27]);
    expect(bt.origins[0].scale).toBe(1);
  });

  it('adjusts short windows for the seasonality found on the whole series', () => {
    // the test needs 36 points (3 cycles): the 26-point origin window alone could not run it
    const y = planted({ n: 44, cycles: [[12, 30]], seed: 3 });
    const bt = backtest(y, ['naive2'], { season: 12, seasons: [12] }, { horizon: 18, origins: 1, minTrain: 26 });
    expect(bt.origins[0].train).toBe(26);
    const f = bt.forecasts.naive2![0];
    // a seasonal forecast, not a flat naive one
    expect(Math.max(...f) - Math.min(...f)).toBeGreaterThan(20);
  });

  it('has no origins when nothing fits', () => {
    expect(backtest([1, 2, 3], ['naive'], { season: 1, seasons: [1] }, { horizon: 2 }).origins).toEqual([]);
  });
});
