/**
 * The Mann-Kendall test for a monotonic trend.
 *
 * References: H. B. Mann, "Nonparametric tests against trend", Econometrica 13,
 * 1945; M. G. Kendall, Rank Correlation Methods, 1975; the tie-corrected variance
 * and continuity correction as in K. W. Hipel & A. I. McLeod, Time Series Modelling
 * of Water Resources and Environmental Systems, 1994, and R. O. Gilbert,
 * Statistical Methods for Environmental Pollution Monitoring, 1987, §16.4:
 *
 *   S     = Σ_{i<j} sign(y_j − y_i)
 *   Var S = [n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5)] / 18   (t_g = size of tie group g)
 *   Z     = (S − 1)/√Var S if S > 0, 0 if S = 0, (S + 1)/√Var S if S < 0
 *   p     = 2·(1 − Φ(|Z|))                                  (two-sided)
 *   τ     = S / (n(n−1)/2)                                  (Kendall's τ_a)
 *
 * The normal approximation is the one in those references; for n < 10 it is rough
 * (Gilbert tabulates exact probabilities there), which the result flags.
 * The test assumes independent observations: positive autocorrelation makes p too small.
 */
import type { Issue } from '../../core/errors.js';
import { normalSurvival as normalUpperTail } from '../distributions.js';
import { cleanPairs, createWarning, type TrendWarning } from './types.js';
import { checkOpenUnit, checkTimes, throwIfInvalid } from './validate-options.js';

export type TrendDirection = 'increasing' | 'decreasing' | 'none';

export interface MannKendallOptions {
  /** Significance level for `trend` (default 0.05). */
  alpha?: number;
  /** Observation times, same length as `y`; the series is ordered by them. Default: the index. */
  times?: readonly number[];
}

export interface MannKendallResult {
  /** Number of finite observations used. */
  n: number;
  s: number;
  /** Variance of S under no trend, tie-corrected. */
  varS: number;
  z: number;
  /** Two-sided p-value of the normal approximation. */
  pValue: number;
  /** Kendall's τ_a = S / (n(n−1)/2), in [−1, 1]. */
  tau: number;
  trend: TrendDirection;
  warnings: TrendWarning[];
}

/** Sizes of the groups of equal values (only groups of 2 or more). */
export function tieGroupSizes(y: readonly number[]): number[] {
  const s = [...y].sort((a, b) => a - b);
  const sizes: number[] = [];
  let run = 1;
  for (let i = 1; i <= s.length; i++) {
    if (i < s.length && s[i] === s[i - 1]) run++;
    else {
      if (run > 1) sizes.push(run);
      run = 1;
    }
  }
  return sizes;
}

/** Var S under H0 with the tie correction (Gilbert 1987, eq. 16.4). */
export function mannKendallVariance(y: readonly number[]): number {
  const n = y.length;
  let ties = 0;
  for (const t of tieGroupSizes(y)) ties += t * (t - 1) * (2 * t + 5);
  return (n * (n - 1) * (2 * n + 5) - ties) / 18;
}

/**
 * Mann-Kendall trend test. Non-finite values are dropped (with a warning).
 *
 * @example
 * const r = mannKendall([3, 4, 4, 6, 5, 7, 8, 8, 9, 11]);
 * r.s      // 41 (pairs going up minus pairs going down)
 * r.trend  // 'increasing'
 */
export function mannKendall(y: readonly number[], opts: MannKendallOptions = {}): MannKendallResult {
  const issues: Issue[] = [];
  checkOpenUnit(issues, 'alpha', opts.alpha);
  checkTimes(issues, 'times', opts.times, y.length);
  throwIfInvalid('Mann-Kendall options', issues);
  const alpha = opts.alpha ?? 0.05;
  const clean = cleanPairs(y, opts.times);
  const v = clean.y;
  const warnings = clean.warnings;
  const n = v.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) s += Math.sign(v[j] - v[i]);
  }
  const varS = n >= 2 ? mannKendallVariance(v) : 0;
  if (n < 3) warnings.push(createWarning('too-few-points', `Mann-Kendall needs at least 3 points; got ${n}`));
  else if (n < 10) warnings.push(createWarning('small-sample', `with ${n} points the normal approximation of the Mann-Kendall test is rough`));
  if (n >= 2 && varS === 0) warnings.push(createWarning('constant-series', 'all values are equal; there is no trend to test'));
  let z = 0;
  if (varS > 0) {
    if (s > 0) z = (s - 1) / Math.sqrt(varS);
    else if (s < 0) z = (s + 1) / Math.sqrt(varS);
  }
  const pValue = varS > 0 ? Math.min(1, 2 * normalUpperTail(Math.abs(z))) : 1;
  const tau = n >= 2 ? s / ((n * (n - 1)) / 2) : 0;
  const trend: TrendDirection = n >= 3 && pValue < alpha ? (z > 0 ? 'increasing' : 'decreasing') : 'none';
  return { n, s, varS, z, pValue, tau, trend, warnings };
}
