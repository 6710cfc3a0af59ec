import type { Sensitivity } from './types.js';

/**
 * One scale for every detector's score. Each detector measures how surprising a point
 * is as a tail probability p (under its own model), written as the surprise
 * S = −log10 p ("S = 3" means "1 in 1,000"). The score is
 *
 *     score = 1 − p^(1/3) = 1 − 10^(−S/3)
 *
 * so 0.9 ↔ p = 10⁻³, 0.95 ↔ p ≈ 1.25·10⁻⁴, 0.99 ↔ p = 10⁻⁶. The cube root spreads the
 * interesting tail over [0.5, 1) instead of crowding it against 1 as `1 − p` would;
 * the map is monotone, so thresholds on the score and on p are the same thing.
 */
export function scoreFromSurprise(surprise: number): number {
  if (!(surprise > 0)) return 0;
  return 1 - 10 ** (-surprise / 3);
}

/** Inverse of `scoreFromSurprise`. */
export function surpriseFromScore(score: number): number {
  if (!(score > 0)) return 0;
  if (score >= 1) return Number.POSITIVE_INFINITY;
  return -3 * Math.log10(1 - score);
}

/** Score from a tail probability p ∈ [0, 1]. */
export function scoreFromProbability(p: number): number {
  if (!(p < 1)) return 0;
  if (!(p > 0)) return 1;
  return scoreFromSurprise(-Math.log10(p));
}

/**
 * The score at or above which a point is flagged, per sensitivity: `high` flags
 * points with p ≤ 10⁻³, `medium` p ≤ 1.25·10⁻⁴, `low` p ≤ 10⁻⁶.
 */
export const SENSITIVITY_THRESHOLDS: Record<Sensitivity, number> = {
  high: 0.9,
  medium: 0.95,
  low: 0.99,
};
