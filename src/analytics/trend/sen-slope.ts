/**
 * Sen's slope: the median of all pairwise slopes, a robust trend estimate that
 * pairs with the Mann-Kendall test.
 *
 * References: P. K. Sen, "Estimates of the regression coefficient based on
 * Kendall's tau", JASA 63, 1968; H. Theil, 1950. Confidence interval by R. O.
 * Gilbert, Statistical Methods for Environmental Pollution Monitoring, 1987,
 * §16.5.1: with N' ordered slopes and C = z_{1−α/2}·√Var S (the tie-corrected
 * Mann-Kendall variance), M1 = (N' − C)/2 and M2 = (N' + C)/2; the limits are the
 * M1-th and (M2 + 1)-th smallest slopes. Non-integer ranks are rounded to the
 * nearest rank as R's `trend::sens.slope` does, and clamped to [1, N'].
 * Intercept: median(y) − slope·median(x) (Conover, Practical Nonparametric
 * Statistics, 1980, §5.5), so the line passes through the medians.
 */
import type { Issue } from '../../core/errors.js';
import { normalQuantile } from '../distributions.js';
import { mannKendallVariance } from './mann-kendall.js';
import { cleanPairs, createWarning, median, type TrendWarning } from './types.js';
import { checkOpenUnit, checkTimes, throwIfInvalid } from './validate-options.js';

export interface SenSlopeOptions {
  /** Confidence level of the slope interval (default 0.95). */
  confidence?: number;
}

export interface SenSlopeResult {
  /** Median pairwise slope, in units of y per unit of x. */
  slope: number;
  intercept: number;
  /** Lower limit of the confidence interval for the slope (NaN when it cannot be formed). */
  lower: number;
  upper: number;
  /** Number of pairwise slopes used (pairs with equal x are skipped). */
  pairs: number;
  warnings: TrendWarning[];
}

/**
 * Sen's slope of `y` against `x` (default: the index 0…n−1).
 *
 * @example
 * senSlope([1, 3, 2, 5, 4]).slope // 0.875 (median of the 10 pairwise slopes)
 */
export function senSlope(y: readonly number[], x?: readonly number[], opts: SenSlopeOptions = {}): SenSlopeResult {
  const issues: Issue[] = [];
  checkOpenUnit(issues, 'confidence', opts.confidence);
  checkTimes(issues, 'x', x, y.length);
  throwIfInvalid("Sen's slope options", issues);
  const confidence = opts.confidence ?? 0.95;
  const clean = cleanPairs(y, x);
  const warnings = clean.warnings;
  const n = clean.y.length;
  const slopes: number[] = [];
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = clean.x[j] - clean.x[i];
      if (dx !== 0) slopes.push((clean.y[j] - clean.y[i]) / dx);
    }
  }
  if (slopes.length === 0) {
    warnings.push(createWarning('too-few-points', `Sen's slope needs at least 2 points at different times; got ${n}`));
    return { slope: Number.NaN, intercept: Number.NaN, lower: Number.NaN, upper: Number.NaN, pairs: 0, warnings };
  }
  slopes.sort((a, b) => a - b);
  const slope = median(slopes);
  const intercept = median(clean.y) - slope * median(clean.x);
  const m = slopes.length;
  const c = normalQuantile(1 - (1 - confidence) / 2) * Math.sqrt(mannKendallVariance(clean.y));
  const clamp = (rank: number): number => Math.min(m, Math.max(1, rank));
  const lowerRank = clamp(Math.round((m - c) / 2));
  const upperRank = clamp(Math.round((m + c) / 2 + 1));
  if (n < 10) warnings.push(createWarning('small-sample', `with ${n} points the slope interval is approximate`));
  return { slope, intercept, lower: slopes[lowerRank - 1], upper: slopes[upperRank - 1], pairs: m, warnings };
}
