import { describe, expect, it } from 'vitest';
import { normalNoise, seasonalSeries, timestamps } from './fixtures/series.js';
import { autocorrelation, calendarPeriods, detectPeriods, estimateStep, seasonalPeriodsFor, snapStep } from './seasonality.js';

describe('seasonality', () => {
  it.each([
    { description: '5 minutes', stepMs: 300_000, periods: [288, 2016] },
    { description: '30 minutes', stepMs: 1_800_000, periods: [48, 336] },
    { description: '1 hour', stepMs: 3_600_000, periods: [24, 168] },
    { description: '1 day (a day is too short a period)', stepMs: 86_400_000, periods: [7] },
    { description: '7 minutes (divides a week only)', stepMs: 420_000, periods: [1440] },
    { description: '11 minutes (divides neither)', stepMs: 660_000, periods: [] },
  ])('calendar periods at $description', ({ stepMs, periods }) => {
    expect(calendarPeriods(stepMs)).toEqual(periods);
  });

  it.each([
    { measured: 300_004, snapped: 300_000 },
    { measured: 3_590_000, snapped: 3_600_000 },
    { measured: 59_000, snapped: 60_000 },
    { measured: 420_000, snapped: 420_000 },
    { measured: 250_000, snapped: 250_000 },
  ])('snaps a measured step of $measured ms to $snapped ms', ({ measured, snapped }) => {
    expect(snapStep(measured)).toBe(snapped);
  });

  it('estimates the step as the median difference', () => {
    expect(estimateStep([0, 10, 20, 50, 60])).toBe(10);
    expect(estimateStep([5])).toBeNaN();
  });

  it('autocorrelation of a sine peaks at its period', () => {
    const r = autocorrelation(seasonalSeries({ n: 480, period: 24, sigma: 0.1 }), 30);
    expect(r[0]).toBeCloseTo(1, 12);
    expect(r[24]).toBeGreaterThan(0.9);
    expect(r[12]).toBeLessThan(-0.8);
  });

  it.each([
    { description: 'period 24 with noise', values: seasonalSeries({ n: 600, period: 24, sigma: 2 }), expected: [24] },
    { description: 'period 7', values: seasonalSeries({ n: 300, period: 7, sigma: 1 }), expected: [7] },
    { description: 'white noise', values: Float64Array.from({ length: 600 }, normalNoise(5)), expected: [] },
    { description: 'a random walk', values: (() => { const e = normalNoise(9); let x = 0; return Float64Array.from({ length: 800 }, () => (x += e())); })(), expected: [] },
    { description: 'too short for two cycles', values: seasonalSeries({ n: 40, period: 24 }), expected: [] },
  ])('detects periods: $description', ({ values, expected }) => {
    expect(detectPeriods(values)).toEqual(expected);
  });

  it('two seasonalities: daily and weekly in hourly data', () => {
    const n = 24 * 7 * 5;
    const e = normalNoise(2);
    const values = Float64Array.from({ length: n }, (_, t) => 10 * Math.sin((2 * Math.PI * t) / 24) + (Math.floor(t / 24) % 7 >= 5 ? -15 : 0) + e());
    expect(seasonalPeriodsFor(values, timestamps(n, 3_600_000))).toEqual([24, 168]);
    expect(detectPeriods(values, { maxCount: 2 })).toContain(24);
  });
});
