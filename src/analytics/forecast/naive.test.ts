import { describe, expect, it } from 'vitest';
import { fitDrift, fitNaive, fitSeasonalNaive } from './naive.js';

describe('benchmark forecasts', () => {
  it('naive repeats the last value', () => {
    expect(fitNaive([3, 1, 4]).forecast(3)).toEqual([4, 4, 4]);
  });

  it('seasonal naive repeats the last season', () => {
    expect(fitSeasonalNaive([1, 2, 3, 4, 5, 6, 7, 8], 4).forecast(6)).toEqual([5, 6, 7, 8, 5, 6]);
  });

  it('drift extends the line from the first to the last value', () => {
    expect(fitDrift([1, 5, 2, 7]).forecast(3)).toEqual([9, 11, 13]);
  });
});
