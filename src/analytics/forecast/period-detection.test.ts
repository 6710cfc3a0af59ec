import { describe, expect, it } from 'vitest';
import { detectPeriods } from './period-detection.js';
import { noise, planted } from './fixtures/planted-series.js';

const periods = (y: number[]) => detectPeriods(y).map((p) => p.period);

describe('detectPeriods', () => {
  it.each([
    { what: 'clean 24 (hourly, daily cycle)', y: planted({ n: 24 * 20, cycles: [[24, 10]] }), want: [24] },
    { what: 'noisy 24 with a trend', y: planted({ n: 24 * 14, slope: 0.3, cycles: [[24, 10]], noiseSd: 4 }), want: [24] },
    { what: '7 (daily data, weekly cycle)', y: planted({ n: 7 * 16, cycles: [[7, 5]], noiseSd: 1, seed: 3 }), want: [7] },
    { what: '12 (monthly data)', y: planted({ n: 12 * 10, slope: 1, cycles: [[12, 20]], noiseSd: 3, seed: 5 }), want: [12] },
    { what: '24 and 168 (hourly, daily + weekly)', y: planted({ n: 168 * 6, cycles: [[24, 10], [168, 8]], noiseSd: 2, seed: 7 }), want: [24, 168] },
    { what: 'white noise', y: noise(300, 1, 11), want: [] },
    { what: 'a straight line', y: Array.from({ length: 100 }, (_, t) => 2 * t), want: [] },
    { what: 'too short', y: [1, 2, 1, 2, 1], want: [] },
  ])('$what → $want', ({ y, want }) => {
    expect(periods(y)).toEqual(want);
  });

  it('a pure 24-point sine gives exactly 24, not 23 or 25 (the augurs off-by-one)', () => {
    const y = Array.from({ length: 240 }, (_, t) => Math.sin((2 * Math.PI * t) / 24));
    const found = detectPeriods(y);
    expect(found.map((p) => p.period)).toEqual([24]);
    expect(found[0].strength).toBeGreaterThan(0.85);
  });

  it('respects maxPeriod', () => {
    const y = planted({ n: 168 * 6, cycles: [[24, 10], [168, 8]], noiseSd: 2, seed: 7 });
    expect(detectPeriods(y, { maxPeriod: 100 }).map((p) => p.period)).toEqual([24]);
  });
});
