import { describe, expect, it } from 'vitest';
import { studentTCdf } from '../../analytics/distributions.js';
import { achievement, categorize, categoryConfidence, categoryInterval, forecastText, overallScore, scoringSpec } from './score.js';

const higher = scoringSpec({ direction: 'higher', target: 200 });
const lower = scoringSpec({ direction: 'lower', target: 50 });
const band = scoringSpec({ direction: 'band', targetLow: 10, targetHigh: 20 });

describe('achievement', () => {
  it.each([
    ['higher: value / target', higher, 150, 75],
    ['higher: above target is above 100 (uncapped)', higher, 300, 150],
    ['higher: a negative value scores 0', higher, -5, 0],
    ['lower: target / value', lower, 100, 50],
    ['lower: below target is above 100', lower, 25, 200],
    ['lower: zero is scored at the cap', lower, 0, 120],
    ['band: inside is 100', band, 15, 100],
    ['band: on a bound is 100', band, 20, 100],
    ['band: half a width below is 50', band, 5, 50],
    ['band: a quarter width above is 75', band, 22.5, 75],
    ['band: more than a width away is 0', band, 40, 0],
  ])('%s', (_d, spec, value, expected) => {
    expect(achievement(spec, value)).toBeCloseTo(expected, 12);
  });
  it('the cap for lower at zero is the KPI\'s own', () => {
    expect(achievement(scoringSpec({ direction: 'lower', target: 5, maxAchievement: 150 }), 0)).toBe(150);
  });
});

describe('categories', () => {
  it.each([
    [100, 'excellent'], [99.99, 'good'], [90, 'good'], [89.9, 'average'], [75, 'average'], [74.9, 'poor'], [0, 'poor'],
  ] as const)('default thresholds: %d → %s', (a, cat) => {
    expect(categorize(a, scoringSpec({ direction: 'higher', target: 1 }).thresholds)).toBe(cat);
  });
  it('custom thresholds replace the defaults one by one', () => {
    const t = scoringSpec({ direction: 'higher', target: 1, thresholds: { good: 95 } }).thresholds;
    expect(t).toEqual({ excellent: 100, good: 95, average: 75 });
    expect(categorize(94, t)).toBe('average');
  });
});

describe('overall score', () => {
  it('weight-averages capped achievements, skipping KPIs without a value or weight', () => {
    const r = overallScore([
      { achievement: 200, weight: 1, maxAchievement: 120 },
      { achievement: 60, weight: 3, maxAchievement: 120 },
      { achievement: null, weight: 5, maxAchievement: 120 },
      { achievement: 10, weight: 0, maxAchievement: 120 },
    ]);
    expect(r.score).toBeCloseTo((120 + 3 * 60) / 4, 12); // 75: exactly the average threshold
    expect(r.category).toBe('average');
  });
  it('is null without any scored KPI', () => {
    expect(overallScore([{ achievement: null, weight: 1, maxAchievement: 120 }])).toEqual({ score: null, category: null });
  });
});

describe('category interval and confidence', () => {
  it('higher: the values between the thresholds around the value', () => {
    expect(categoryInterval(higher, 190)).toEqual({ low: 180, high: 200 }); // good: 90–100 % of 200
    expect(categoryInterval(higher, 250)).toEqual({ low: 200, high: Infinity });
    expect(categoryInterval(higher, 10)).toEqual({ low: -Infinity, high: 150 });
  });
  it('lower: boundaries are target·100/threshold', () => {
    const { low, high } = categoryInterval(lower, 52); // 96 %: good, from 50 up to 55.6
    expect(low).toBe(50);
    expect(high).toBeCloseTo(50 / 0.9, 12);
  });
  it('band: inside is one region from low to high', () => {
    expect(categoryInterval(band, 12)).toEqual({ low: 10, high: 20 });
    const below = categoryInterval(band, 9.5); // 95 %: good, between 9 and 10
    expect(below.low).toBeCloseTo(9, 12);
    expect(below.high).toBe(10);
  });

  const buckets = (mean: number, spread: number, n: number) => Array.from({ length: n }, (_, i) => mean + spread * (i % 2 === 0 ? 1 : -1));

  it('equals the t probability of staying between the boundaries', () => {
    const xs = buckets(190, 10, 24); // mean 190, sd ≈ 10.2
    const n = xs.length;
    const mean = xs.reduce((a, b) => a + b) / n;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    const se = sd / Math.sqrt(n);
    expect(categoryConfidence(higher, 190, xs)).toBeCloseTo(studentTCdf((200 - 190) / se, n - 1) - studentTCdf((180 - 190) / se, n - 1), 12);
  });
  it('a sum of the buckets carries √n·s as its standard error', () => {
    const xs = buckets(10, 2, 16); // the period value is the sum, 160
    const spec = scoringSpec({ direction: 'higher', target: 170 }); // 94 %: good (153–170)
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - 10) ** 2, 0) / 15);
    const se = Math.sqrt(16) * sd;
    expect(categoryConfidence(spec, 160, xs)).toBeCloseTo(studentTCdf(10 / se, 15) - studentTCdf(-7 / se, 15), 12);
  });
  it('falls with noise and with fewer buckets; is 1 without noise and 0 below two buckets', () => {
    const quiet = categoryConfidence(higher, 190, buckets(190, 2, 24));
    const noisy = categoryConfidence(higher, 190, buckets(190, 20, 24));
    const few = categoryConfidence(higher, 190, buckets(190, 20, 4));
    expect(quiet).toBeGreaterThan(noisy);
    expect(noisy).toBeGreaterThan(few);
    expect(categoryConfidence(higher, 190, [190, 190, 190])).toBe(1);
    expect(categoryConfidence(higher, 190, [190])).toBe(0);
  });
});

describe('forecast text', () => {
  it('rounds to whole percents unless that would cross a threshold', () => {
    expect(forecastText(higher, 188, 94, 'good', 'running')).toBe('on track for 94 % of target (good)');
    expect(forecastText(higher, 199.4, 99.7, 'good', 'running')).toBe('on track for 99.7 % of target (good)');
    expect(forecastText(higher, 250, 125, 'excellent', 'ended')).toBe('ended at 125 % of target (excellent)');
    expect(forecastText(band, 15, 100, 'excellent', 'running')).toBe('on track to end inside the band (excellent)');
    expect(forecastText(band, 25, 50, 'poor', 'rolling')).toBe('at 50 % (above the band, poor)');
  });
});
