import { describe, expect, it } from 'vitest';
import { fitModel, MODEL_NAMES } from './models.js';
import { planted } from './fixtures/planted-series.js';
import type { ModelName } from './types.js';

const shapes: { what: string; y: number[]; season: number }[] = [
  { what: '3 points', y: [4, 6, 5], season: 1 },
  { what: '10 trending points', y: Array.from({ length: 10 }, (_, t) => 10 + 2 * t + (t % 3)), season: 1 },
  { what: '48 seasonal points', y: planted({ n: 48, slope: 0.5, cycles: [[12, 10]], noiseSd: 1 }), season: 12 },
  { what: 'zeros and negatives', y: planted({ n: 40, level: 0, cycles: [[4, 5]], noiseSd: 1, seed: 2 }), season: 4 },
  { what: 'intermittent counts', y: [0, 0, 3, 0, 1, 0, 0, 2, 0, 0, 0, 4, 0, 1, 0, 0], season: 4 },
];

describe('every model on every shape', () => {
  for (const shape of shapes) {
    it.each(MODEL_NAMES.map((name) => ({ name })))(`$name on ${shape.what}: finite forecasts, no throw`, ({ name }) => {
      const f = fitModel(name, shape.y, { season: shape.season, seasons: [shape.season] }).forecast(7);
      expect(f).toHaveLength(7);
      for (const v of f) expect(Number.isFinite(v)).toBe(true);
    });
  }
});

describe('fallbacks say what they did', () => {
  it.each([
    { name: 'holt', y: [1, 2], season: 1, note: 'holt needs at least 3 points: naive used' },
    { name: 'hw-additive', y: [1, 2, 3, 4, 5, 6], season: 1, note: 'hw-additive: no seasonal period, damped trend used' },
    { name: 'hw-multiplicative', y: [1, -2, 3, -4, 1, -2, 3, -4, 1, -2, 3, -4], season: 4, note: 'hw-multiplicative needs positive data: additive seasonality used' },
    { name: 'seasonal-naive', y: [1, 2, 3], season: 12, note: 'seasonal-naive needs 12 points: naive used' },
    { name: 'ets', y: [1, 2, 3, 4, 5], season: 1, note: 'ets (AutoETS) needs 8 points: damped trend used' },
    { name: 'mstl', y: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], season: 24, note: 'mstl needs at least two cycles of a seasonal period: theta used' },
  ] as { name: ModelName; y: number[]; season: number; note: string }[])('$name: $note', ({ name, y, season, note }) => {
    expect(fitModel(name, y, { season, seasons: [season] }).notes).toContain(note);
  });
});

describe('augurs models', () => {
  it('ets (AutoETS, non-seasonal) continues a clean trend', () => {
    const y = Array.from({ length: 30 }, (_, t) => 50 + 3 * t);
    const f = fitModel('ets', y, { season: 1, seasons: [1] }).forecast(3);
    f.forEach((v, i) => expect(v).toBeCloseTo(50 + 3 * (30 + i), 0));
  });

  it('mstl follows two seasonal cycles', () => {
    const y = planted({ n: 24 * 14, cycles: [[24, 10], [84, 6]], noiseSd: 0.5, seed: 4 });
    const truth = planted({ n: 24 * 14 + 24, cycles: [[24, 10], [84, 6]], noiseSd: 0, seed: 4 }).slice(-24);
    const f = fitModel('mstl', y, { season: 24, seasons: [24, 84] }).forecast(24);
    const mae = f.reduce((a, v, i) => a + Math.abs(v - truth[i]), 0) / 24;
    expect(mae).toBeLessThan(2);
  });
});
