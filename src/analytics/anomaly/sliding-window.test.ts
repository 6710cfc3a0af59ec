import { describe, expect, it } from 'vitest';
import { normalNoise } from './fixtures/series.js';
import { madSorted, quantileSorted } from './robust-stats.js';
import { History, SlidingWindow } from './sliding-window.js';

describe('SlidingWindow', () => {
  it('matches a recomputed window on a random stream (median, quantiles, MAD, mean, σ)', () => {
    const noise = normalNoise(11);
    const w = new SlidingWindow(17);
    const kept: number[] = [];
    for (let t = 0; t < 500; t++) {
      const v = Math.round(noise() * 10) / 4;
      w.push(v);
      kept.push(v);
      if (kept.length > 17) kept.shift();
      const sorted = Float64Array.from(kept).sort();
      expect(w.size).toBe(kept.length);
      expect(w.median()).toBe(quantileSorted(sorted, 0.5));
      expect(w.quantile(0.9)).toBeCloseTo(quantileSorted(sorted, 0.9), 12);
      expect(w.mad()).toBeCloseTo(madSorted(sorted), 12);
      const mean = kept.reduce((a, b) => a + b, 0) / kept.length;
      expect(w.mean()).toBeCloseTo(mean, 9);
      expect(w.std()).toBeCloseTo(Math.sqrt(kept.reduce((a, b) => a + (b - mean) ** 2, 0) / kept.length), 9);
    }
  });

  it('shift removes the oldest value', () => {
    const w = new SlidingWindow(4);
    for (const v of [5, 1, 9, 3]) w.push(v);
    w.shift();
    expect(w.size).toBe(3);
    expect(w.median()).toBe(3);
    w.push(100);
    w.push(200);
    expect(w.size).toBe(4);
    expect(w.quantile(0)).toBe(3);
  });

  it('rejects a non-integer capacity', () => {
    expect(() => new SlidingWindow(0)).toThrow(RangeError);
  });
});

describe('History', () => {
  it('returns values by lag and NaN beyond what it holds', () => {
    const h = new History(3);
    for (const v of [1, 2, 3, 4]) h.push(v);
    expect([h.back(1), h.back(2), h.back(3)]).toEqual([4, 3, 2]);
    expect(h.back(4)).toBeNaN();
    expect(h.back(0)).toBeNaN();
  });
});
