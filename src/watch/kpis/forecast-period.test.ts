import { describe, expect, it } from 'vitest';
import type { DatasetDef } from '../../core/dataset.js';
import { checkMeasure } from '../../expr/check.js';
import { forecastPeriodValue } from './forecast-period.js';
import { measureShape } from './measure-shape.js';

const ds: DatasetDef = { kind: 'dataset', name: 'http', timeColumn: 'time', columns: [{ name: 'time', type: 'time' }, { name: 'status', type: 'number' }, { name: 'ms', type: 'number' }] };
const shapeOf = (expr: string) => measureShape(checkMeasure(expr, { dataset: ds, metric: () => undefined })).kind;

describe('measure shape', () => {
  it.each([
    ['count()', 'additive'], ['sum(ms)', 'additive'], ['count_if(status >= 500)', 'additive'], ['sum(ms) - 2 * count()', 'additive'], ['sum(ms) / 1000', 'additive'],
    ['count_if(status >= 500) / count()', 'ratio'], ['sum(ms) / count()', 'ratio'],
    ['avg(ms)', 'other'], ['p95(ms)', 'other'], ['max(ms)', 'other'], ['count_distinct(status)', 'other'], ['1 - count_if(status >= 500) / count()', 'other'], ['count() + 1', 'other'],
  ])('%s is %s', (expr, kind) => {
    expect(shapeOf(expr)).toBe(kind);
  });
});

const base = { observedInPeriod: [], elapsedBuckets: 12, remainingOfFirst: 1 };
const flat = (v: number, n = 72) => Array.from({ length: n }, () => v);

describe('forecast to the end of the period', () => {
  it('additive: the value so far plus the forecast of the remaining buckets (a partly elapsed first bucket counts in part)', () => {
    expect(forecastPeriodValue({ ...base, shape: 'additive', valueSoFar: 120, history: { value: flat(10) }, horizon: 12 })).toBeCloseTo(240, 9);
    expect(forecastPeriodValue({ ...base, shape: 'additive', valueSoFar: 125, history: { value: flat(10) }, horizon: 12, remainingOfFirst: 0.5 })).toBeCloseTo(240, 9);
  });
  it('ratio: numerator and denominator forecast apart, so busy buckets weigh more', () => {
    // So far 10 errors in 1000 requests; the rest of the day: 12 buckets of 2 errors in 50 requests.
    const v = forecastPeriodValue({ ...base, shape: 'ratio', valueSoFar: 0.01, soFar: { numerator: 10, denominator: 1000 }, history: { value: flat(0.04), numerator: flat(2), denominator: flat(50) }, horizon: 12 });
    expect(v).toBeCloseTo((10 + 24) / (1000 + 600), 9);
  });
  it('other: the value so far scaled by the forecast level against the observed level', () => {
    const v = forecastPeriodValue({ ...base, shape: 'other', valueSoFar: 300, observedInPeriod: flat(100, 12), history: { value: flat(200) }, horizon: 12 });
    expect(v).toBeCloseTo((300 * (12 * 100 + 12 * 200)) / (24 * 100), 9);
  });
  it('a complete period is its value; no history is no forecast', () => {
    expect(forecastPeriodValue({ ...base, shape: 'additive', valueSoFar: 7, history: { value: [] }, horizon: 0 })).toBe(7);
    expect(forecastPeriodValue({ ...base, shape: 'additive', valueSoFar: 7, history: { value: [null, null] }, horizon: 3 })).toBeNull();
  });
});
