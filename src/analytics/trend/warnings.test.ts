import { describe, expect, it } from 'vitest';
import { detectChangepoints, mannKendall, periodOverPeriod, senSlope, trend } from './index.js';

// The warning texts are shown to users: pin them so a change is a decision.
describe('warning messages', () => {
  it.each([
    { desc: 'dropped values', run: () => mannKendall([1, Number.NaN, 3, 4, 5, 6, 7, 8, 9, 10, 11]).warnings, expected: [{ code: 'dropped-non-finite', message: '1 point(s) with a missing or non-finite value or time were ignored' }] },
    { desc: 'Mann-Kendall on two points', run: () => mannKendall([1, 2]).warnings, expected: [{ code: 'too-few-points', message: 'Mann-Kendall needs at least 3 points; got 2' }] },
    {
      desc: 'constant short series',
      run: () => mannKendall([4, 4, 4, 4]).warnings,
      expected: [
        { code: 'small-sample', message: 'with 4 points the normal approximation of the Mann-Kendall test is rough' },
        { code: 'constant-series', message: 'all values are equal; there is no trend to test' },
      ],
    },
    { desc: "Sen's slope of one point", run: () => senSlope([1]).warnings, expected: [{ code: 'too-few-points', message: "Sen's slope needs at least 2 points at different times; got 1" }] },
    { desc: 'trend from zero', run: () => trend([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).warnings, expected: [{ code: 'zero-baseline', message: 'the trend line starts at zero, so a percentage change is undefined; use absoluteChange' }] },
    {
      desc: 'periods from zero, small',
      run: () => periodOverPeriod([1, 2, 3], [0, 0, 0]).warnings,
      expected: [
        { code: 'zero-baseline', message: 'the previous period averages zero, so a relative change is undefined; use difference' },
        { code: 'small-sample', message: 'small periods (3 and 3 values): the interval is wide and assumes roughly normal values' },
      ],
    },
    { desc: 'period of one value', run: () => periodOverPeriod([1], [1, 2, 3, 4, 5]).warnings, expected: [{ code: 'too-few-points', message: 'each period needs at least 2 values for a confidence interval; got 1 and 5' }] },
    {
      desc: 'constant periods',
      run: () => periodOverPeriod([2, 2, 2, 2, 2], [1, 1, 1, 1, 1]).warnings,
      expected: [{ code: 'zero-variance', message: 'both periods are constant, so there is no noise to test against' }],
    },
    { desc: 'changepoints on a short series', run: () => detectChangepoints([1, 2, 3]).warnings, expected: [{ code: 'too-few-points', message: 'need at least 10 points (two segments of minSegment = 5); got 3' }] },
    {
      desc: 'changepoints on a constant series',
      run: () => detectChangepoints(Array(30).fill(1)).warnings,
      expected: [{ code: 'constant-series', message: 'the first differences are all equal (a constant series or an exact line): there is no noise to measure a change against' }],
    },
  ])('$desc', ({ run, expected }) => {
    expect(run()).toEqual(expected);
  });
});
