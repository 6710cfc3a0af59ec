import { describe, expect, it } from 'vitest';
import { AlmanacError, isAlmanacError } from '../../core/errors.js';
import { detectChangepoints, mannKendall, periodOverPeriod, senSlope, trend, type ChangeKind } from './index.js';

function issuesOf(run: () => unknown): { message: string; issues: unknown } {
  try {
    run();
  } catch (e) {
    if (!isAlmanacError(e)) throw e;
    expect(e.code).toBe('bad_request');
    return { message: e.message, issues: (e as AlmanacError).issues };
  }
  throw new Error('expected a bad_request error');
}

describe('option validation: every problem at once, with its path', () => {
  it.each([
    {
      desc: 'Mann-Kendall alpha and times',
      run: () => mannKendall([1, 2, 3], { alpha: 5, times: [1, 2] }),
      message: 'invalid Mann-Kendall options',
      issues: [
        { path: 'alpha', message: 'expected a number strictly between 0 and 1, received 5' },
        { path: 'times', message: 'expected 3 times (one per value), received 2' },
      ],
    },
    {
      desc: "Sen's slope confidence",
      run: () => senSlope([1, 2, 3], undefined, { confidence: 1 }),
      message: "invalid Sen's slope options",
      issues: [{ path: 'confidence', message: 'expected a number strictly between 0 and 1, received 1' }],
    },
    {
      desc: 'trend time unit and times',
      run: () => trend([1, 2, 3], [1, 2], { timeUnit: 0 }),
      message: 'invalid trend options',
      issues: [
        { path: 'timeUnit', message: 'expected a finite number > 0, received 0' },
        { path: 'times', message: 'expected 3 times (one per value), received 2' },
      ],
    },
    {
      desc: 'period comparison confidence given as a percentage',
      run: () => periodOverPeriod([1, 2], [1, 2], { confidence: 95 }),
      message: 'invalid period comparison options',
      issues: [{ path: 'confidence', message: 'expected a number strictly between 0 and 1, received 95' }],
    },
    {
      desc: 'changepoint kind, minSegment and penalty',
      run: () => detectChangepoints([1, 2, 3], { kind: 'mean' as ChangeKind, minSegment: 0, penalty: -1 }),
      message: 'invalid changepoint options',
      issues: [
        { path: 'kind', message: `expected 'level', 'slope' or 'both', received "mean"` },
        { path: 'minSegment', message: 'expected a finite number > 0, received 0' },
        { path: 'penalty', message: 'expected a finite number ≥ 0, received -1' },
      ],
    },
  ])('$desc', ({ run, message, issues }) => {
    expect(issuesOf(run)).toEqual({ message, issues });
  });
});
