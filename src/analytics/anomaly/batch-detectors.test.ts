import { describe, expect, it } from 'vitest';
import { isAlmanacError } from '../../core/errors.js';
import type { BatchResult } from './batch-result.js';
import { detectDecompositionResiduals } from './decomposition-residuals.js';
import { seasonalSeries, timestamps } from './fixtures/series.js';
import { detectRobustZScore } from './robust-zscore.js';
import { detectSeasonalEsd } from './seasonal-esd.js';

const flagged = (r: BatchResult) => r.points.filter((p) => p.isAnomaly).map((p) => p.index);
const HOUR = 3_600_000;
const detectors = [
  { name: 'robust z-score', detect: detectRobustZScore },
  { name: 'decomposition residuals', detect: detectDecompositionResiduals },
  { name: 'seasonal ESD', detect: detectSeasonalEsd },
] as const;

describe.each(detectors)('$name', ({ detect }) => {
  const spikes = [{ at: 150, size: 9 }, { at: 400, size: -9 }, { at: 611, size: 12 }];
  const values = seasonalSeries({ n: 24 * 30, period: 24, amplitude: 15, sigma: 1, seed: 22, spikes });

  it('flags exactly the planted spikes on a seasonal series, with expected value, band and direction', () => {
    const r = detect(values, { timestamps: timestamps(values.length, HOUR), sensitivity: 'low' });
    expect(r.periods).toContain(24);
    expect(flagged(r)).toEqual([150, 400, 611]);
    const p = r.points[400];
    expect(p.direction).toBe('down');
    expect(p.value).toBeLessThan(p.lower);
    expect(p.deviation).toBeCloseTo(p.value - p.expected, 12);
    expect(Math.abs(p.expected - (100 + 15 * Math.sin((2 * Math.PI * 400) / 24)))).toBeLessThan(1.5);
    expect(r.points).toHaveLength(values.length);
    expect(r.points.every((q) => q.score >= 0 && q.score <= 1)).toBe(true);
  });

  it('finds the period without timestamps', () => {
    expect(flagged(detect(values, { sensitivity: 'low' }))).toEqual([150, 400, 611]);
  });

  it('constant series: no flags and no NaN', () => {
    const r = detect(new Float64Array(500).fill(7));
    expect(flagged(r)).toEqual([]);
    expect(r.points.filter((p) => [p.score, p.expected, p.lower, p.upper, p.deviation].some(Number.isNaN))).toEqual([]);
  });

  it('a spike on a mostly-zero counter is flagged (MAD = 0 fallback)', () => {
    const x = new Float64Array(400);
    for (let i = 0; i < 400; i += 10) x[i] = 1;
    x[333] = 25;
    expect(flagged(detect(x, { periods: [] }))).toEqual([333]);
  });

  it('more sensitivity never flags fewer points', () => {
    const noisy = seasonalSeries({ n: 1000, period: 24, sigma: 3, seed: 9, spikes: [{ at: 500, size: 12 }] });
    const count = (sensitivity: 'low' | 'medium' | 'high') => flagged(detect(noisy, { sensitivity })).length;
    expect(count('low')).toBeLessThanOrEqual(count('medium'));
    expect(count('medium')).toBeLessThanOrEqual(count('high'));
  });

  it('missing values get score 0', () => {
    const x = Float64Array.from(values);
    x[50] = Number.NaN;
    const r = detect(x, { periods: [24] });
    expect(r.points[50].score).toBe(0);
    expect(r.points[50].isAnomaly).toBe(false);
  });
});

describe('level shifts', () => {
  const values = seasonalSeries({ n: 600, period: 0, sigma: 1, seed: 4, shifts: [{ at: 450, size: 10 }] });

  it('robust z-score (global centre) flags the shifted segment', () => {
    const hits = flagged(detectRobustZScore(values, { periods: [] }));
    expect(hits.length).toBeGreaterThan(140);
    expect(hits.every((i) => i >= 450)).toBe(true);
  });

  it('decomposition residuals (local trend) flag only around the step', () => {
    const hits = flagged(detectDecompositionResiduals(values, { periods: [], trendWindow: 31 }));
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((i) => i >= 430 && i < 470)).toBe(true);
  });
});

describe('input checks', () => {
  it('lists every problem at once', () => {
    try {
      detectSeasonalEsd([1, 2, 3], { periods: [0], timestamps: [1, 2], sensitivity: 'max' as never, maxAnomalies: 0.7 });
      expect.unreachable();
    } catch (e) {
      expect(isAlmanacError(e) && e.issues.map((i) => i.path)).toEqual(['maxAnomalies', 'sensitivity', 'periods[0]', 'timestamps']);
    }
  });
});
