/**
 * Period-over-period comparison: is the mean of this period different from the
 * mean of the previous one, and by how much?
 *
 * Reference: B. L. Welch, "The generalization of 'Student's' problem when several
 * different population variances are involved", Biometrika 34, 1947 — the
 * unequal-variance t statistic with Welch–Satterthwaite degrees of freedom:
 *
 *   d  = x̄_c − x̄_p,   se = √(s_c²/n_c + s_p²/n_p)
 *   ν  = se⁴ / [ (s_c²/n_c)²/(n_c−1) + (s_p²/n_p)²/(n_p−1) ]
 *   CI = d ± t_{1−α/2, ν}·se,   p = 2·P(T_ν ≥ |d|/se)
 *
 * The relative change is d/|x̄_p|; its interval divides the difference's limits by
 * |x̄_p|, treating the previous mean as known (it ignores that mean's own
 * uncertainty, so it is a little narrow when the previous period is short or noisy).
 * Student t tail and quantile from `anomaly/student-t.ts` (incomplete beta, Numerical Recipes §6.4).
 */
import type { Issue } from '../../core/errors.js';
import { studentTQuantile, studentTSurvival as studentTUpperTail } from '../distributions.js';

/** The t with P(T ≥ t) = p. */
const studentTQuantileUpper = (p: number, df: number) => -studentTQuantile(p, df);
import { createWarning, type TrendWarning } from './types.js';
import { checkOpenUnit, throwIfInvalid } from './validate-options.js';

export interface PeriodOverPeriodOptions {
  /** Confidence level of the intervals (default 0.95). */
  confidence?: number;
}

export interface PeriodSummary {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1 denominator); NaN for n < 2. */
  sd: number;
}

export interface PeriodOverPeriodResult {
  current: PeriodSummary;
  previous: PeriodSummary;
  /** current.mean − previous.mean. */
  difference: number;
  /** Null when the test cannot be formed (fewer than 2 points in a period). */
  differenceLower: number | null;
  differenceUpper: number | null;
  /** difference / |previous.mean|; null when the previous mean is zero. */
  relativeChange: number | null;
  relativeLower: number | null;
  relativeUpper: number | null;
  /** Welch t statistic, degrees of freedom and two-sided p-value; null when not computable. */
  t: number | null;
  df: number | null;
  pValue: number | null;
  confidence: number;
  warnings: TrendWarning[];
}

function summarize(xs: readonly number[]): PeriodSummary {
  const n = xs.length;
  if (n === 0) return { n, mean: Number.NaN, sd: Number.NaN };
  let mean = 0;
  for (const v of xs) mean += v;
  mean /= n;
  if (n < 2) return { n, mean, sd: Number.NaN };
  let ss = 0;
  for (const v of xs) ss += (v - mean) * (v - mean);
  return { n, mean, sd: Math.sqrt(ss / (n - 1)) };
}

/**
 * Compares the values of the current period with those of the previous one
 * (Welch's t). Never throws on data: tiny periods, zero means and zero variance
 * give nulls and warnings.
 *
 * @example
 * const r = periodOverPeriod(thisWeekDaily, lastWeekDaily, { confidence: 0.95 });
 * r.relativeChange // 0.12 → +12 %; r.pValue < 0.05 → unlikely to be noise
 */
export function periodOverPeriod(
  current: readonly number[],
  previous: readonly number[],
  opts: PeriodOverPeriodOptions = {},
): PeriodOverPeriodResult {
  const issues: Issue[] = [];
  checkOpenUnit(issues, 'confidence', opts.confidence);
  throwIfInvalid('period comparison options', issues);
  const confidence = opts.confidence ?? 0.95;
  const warnings: TrendWarning[] = [];
  const cur = current.filter(Number.isFinite);
  const prev = previous.filter(Number.isFinite);
  const dropped = current.length - cur.length + previous.length - prev.length;
  if (dropped > 0) warnings.push(createWarning('dropped-non-finite', `${dropped} missing or non-finite value(s) were ignored`));
  const c = summarize(cur);
  const p = summarize(prev);
  const difference = c.mean - p.mean;
  const zeroBase = p.n > 0 && p.mean === 0;
  if (zeroBase) warnings.push(createWarning('zero-baseline', 'the previous period averages zero, so a relative change is undefined; use difference'));
  const relative = (v: number | null): number | null => (v === null || zeroBase || p.n === 0 ? null : v / Math.abs(p.mean));
  const result = (t: number | null, df: number | null, pValue: number | null, lo: number | null, hi: number | null): PeriodOverPeriodResult => ({
    current: c,
    previous: p,
    difference,
    differenceLower: lo,
    differenceUpper: hi,
    relativeChange: relative(Number.isNaN(difference) ? null : difference),
    relativeLower: relative(lo),
    relativeUpper: relative(hi),
    t,
    df,
    pValue,
    confidence,
    warnings,
  });
  if (c.n < 2 || p.n < 2) {
    warnings.push(createWarning('too-few-points', `each period needs at least 2 values for a confidence interval; got ${c.n} and ${p.n}`));
    return result(null, null, null, null, null);
  }
  if (c.n < 5 || p.n < 5) warnings.push(createWarning('small-sample', `small periods (${c.n} and ${p.n} values): the interval is wide and assumes roughly normal values`));
  const vc = (c.sd * c.sd) / c.n;
  const vp = (p.sd * p.sd) / p.n;
  const se = Math.sqrt(vc + vp);
  if (se === 0) {
    warnings.push(createWarning('zero-variance', 'both periods are constant, so there is no noise to test against'));
    const pValue = difference === 0 ? 1 : 0;
    return result(null, null, pValue, difference, difference);
  }
  const df = (vc + vp) ** 2 / ((vc * vc) / (c.n - 1) + (vp * vp) / (p.n - 1));
  const t = difference / se;
  const pValue = Math.min(1, 2 * studentTUpperTail(Math.abs(t), df));
  const q = studentTQuantileUpper((1 - confidence) / 2, df);
  return result(t, df, pValue, difference - q * se, difference + q * se);
}

/** Alias of {@link periodOverPeriod}, named for the API's `compare periods`. */
export const comparePeriods = periodOverPeriod;
