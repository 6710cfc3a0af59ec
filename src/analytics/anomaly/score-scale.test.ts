import { describe, expect, it } from 'vitest';
import { scoreFromProbability, scoreFromSurprise, SENSITIVITY_THRESHOLDS, surpriseFromScore } from './score-scale.js';

describe('score scale', () => {
  it.each([
    { p: 1, score: 0 },
    { p: 1e-3, score: 0.9 },
    { p: 1e-6, score: 0.99 },
    { p: 0, score: 1 },
  ])('p = $p ↔ score $score', ({ p, score }) => {
    expect(scoreFromProbability(p)).toBeCloseTo(score, 12);
  });

  it('round-trips and orders the sensitivities', () => {
    for (const s of [0.1, 1, 3, 7.5, 20]) expect(surpriseFromScore(scoreFromSurprise(s))).toBeCloseTo(s, 4);
    expect(SENSITIVITY_THRESHOLDS.high).toBeLessThan(SENSITIVITY_THRESHOLDS.medium);
    expect(SENSITIVITY_THRESHOLDS.medium).toBeLessThan(SENSITIVITY_THRESHOLDS.low);
    expect(scoreFromSurprise(Number.NaN)).toBe(0);
  });
});
