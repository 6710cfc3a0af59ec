import { describe, expect, it } from 'vitest';
import { prepareSeries } from './prepare-series.js';

describe('prepareSeries', () => {
  it.each([
    { what: 'clean input', input: [1, 2, 3], values: [1, 2, 3], leading: 0, trailing: 0, filled: 0 },
    { what: 'an inner gap is interpolated', input: [1, null, null, 4], values: [1, 2, 3, 4], leading: 0, trailing: 0, filled: 2 },
    { what: 'NaN and Infinity count as missing', input: [2, Number.NaN, 6, Number.POSITIVE_INFINITY, 10], values: [2, 4, 6, 8, 10], leading: 0, trailing: 0, filled: 2 },
    { what: 'leading gaps are dropped', input: [null, undefined, 5, 6], values: [5, 6], leading: 2, trailing: 0, filled: 0 },
    { what: 'trailing gaps are counted, not filled', input: [5, 6, null], values: [5, 6], leading: 0, trailing: 1, filled: 0 },
    { what: 'no finite values', input: [null, Number.NaN], values: [], leading: 2, trailing: 0, filled: 0 },
  ])('$what', ({ input, values, leading, trailing, filled }) => {
    const r = prepareSeries(input);
    expect(r.values).toEqual(values);
    expect({ leading: r.leading, trailing: r.trailing, filled: r.filled }).toEqual({ leading, trailing, filled });
  });

  it('says what it did', () => {
    expect(prepareSeries([null, 1, null, 3, null]).warnings).toEqual([
      '1 missing value inside the series filled by linear interpolation (longest gap 1)',
      '1 missing value before the first observation ignored',
      '1 missing value at the end: the forecast starts after the last observation and covers them',
    ]);
  });
});
