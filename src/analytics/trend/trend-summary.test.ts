import { describe, expect, it } from 'vitest';
import { gaussianNoise } from './fixtures/planted-changes.js';
import { trend } from './trend-summary.js';

const DAY = 86_400_000;

describe('trend', () => {
  it('reports slope per time unit and % change along the line', () => {
    // 100 + 2/day over 10 days: +20 from 100 → +20 %.
    const times = Array.from({ length: 11 }, (_, i) => Date.UTC(2026, 0, 1) + i * DAY);
    const y = times.map((_, i) => 100 + 2 * i);
    const r = trend(y, times, { timeUnit: DAY });
    expect(r.direction).toBe('increasing');
    expect(r.slopePerUnit).toBeCloseTo(2, 9);
    expect(r.slopeLower).toBeCloseTo(2, 9);
    expect(r.startValue).toBeCloseTo(100, 6);
    expect(r.endValue).toBeCloseTo(120, 6);
    expect(r.percentChange).toBeCloseTo(20, 6);
    expect(r.warnings).toEqual([]);
  });

  it('uses the index when no times are given', () => {
    const r = trend([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(r.slopePerUnit).toBeCloseTo(-1, 12);
    expect(r.percentChange).toBeCloseTo(-90, 9);
    expect(r.direction).toBe('decreasing');
  });

  it('is not moved by one odd end point', () => {
    const y = [10, 11, 12, 13, 14, 15, 16, 17, 18, 60];
    expect(trend(y).percentChange).toBeCloseTo(90, 9);
  });

  it('finds no trend in noise', () => {
    const r = trend(gaussianNoise(200, 1, 7).map((v) => 50 + v));
    expect(r.direction).toBe('none');
    expect(r.slopeLower).toBeLessThan(0);
    expect(r.slopeUpper).toBeGreaterThan(0);
  });

  it('gives no % change from a zero start, with a warning', () => {
    const r = trend([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(r.percentChange).toBeNull();
    expect(r.absoluteChange).toBeCloseTo(9, 12);
    expect(r.warnings.map((w) => w.code)).toContain('zero-baseline');
  });

  it('handles a constant series and an empty one without throwing', () => {
    const c = trend([3, 3, 3, 3, 3]);
    expect(c.direction).toBe('none');
    expect(c.slopePerUnit).toBe(0);
    expect(c.percentChange).toBe(0);
    const e = trend([]);
    expect(e.n).toBe(0);
    expect(e.warnings.map((w) => w.code)).toContain('too-few-points');
  });

});
