/**
 * A one-call trend summary for a metric series: the Mann-Kendall test for
 * "is there a trend?", Sen's slope for "how steep?", and the change over the
 * window implied by that slope. References: see `mann-kendall.ts` and `sen-slope.ts`.
 */
import type { Issue } from '../../core/errors.js';
import { mannKendall, type TrendDirection } from './mann-kendall.js';
import { senSlope } from './sen-slope.js';
import { cleanPairs, createWarning, maxAbs, median, type TrendWarning } from './types.js';
import { checkOpenUnit, checkPositive, checkTimes, throwIfInvalid } from './validate-options.js';

export interface TrendOptions {
  /** Significance level of the Mann-Kendall test (default 0.05). */
  alpha?: number;
  /** Confidence level of the slope interval (default 0.95). */
  confidence?: number;
  /**
   * Length of the reporting time unit in units of `times`, e.g. 86_400_000 with
   * epoch-millisecond times to get the slope per day. Default 1.
   */
  timeUnit?: number;
}

export interface TrendSummary {
  direction: TrendDirection;
  pValue: number;
  tau: number;
  /** Sen's slope per time unit, with its confidence interval. */
  slopePerUnit: number;
  slopeLower: number;
  slopeUpper: number;
  /** Sen's line at the first and last time of the window. */
  startValue: number;
  endValue: number;
  /** endValue − startValue. */
  absoluteChange: number;
  /**
   * 100·(endValue − startValue)/|startValue|: the change over the window along
   * Sen's line. Null when the line starts at (or near) zero.
   */
  percentChange: number | null;
  n: number;
  warnings: TrendWarning[];
}

/**
 * Trend over a window: direction and significance (Mann-Kendall), slope per unit
 * time (Sen) and the % change over the window along Sen's line — a line fitted
 * through all points, so one odd first or last value does not set the % change.
 *
 * @example
 * const day = 86_400_000;
 * trend(dailyValues, dailyTimestamps, { timeUnit: day }).slopePerUnit // change per day
 */
export function trend(y: readonly number[], times?: readonly number[], opts: TrendOptions = {}): TrendSummary {
  const issues: Issue[] = [];
  checkOpenUnit(issues, 'alpha', opts.alpha);
  checkOpenUnit(issues, 'confidence', opts.confidence);
  checkPositive(issues, 'timeUnit', opts.timeUnit);
  checkTimes(issues, 'times', times, y.length);
  throwIfInvalid('trend options', issues);
  const unit = opts.timeUnit ?? 1;
  const clean = cleanPairs(y, times);
  const mk = mannKendall(clean.y, { alpha: opts.alpha });
  const sen = senSlope(clean.y, clean.x, { confidence: opts.confidence });
  const warnings: TrendWarning[] = [...clean.warnings];
  for (const w of [...mk.warnings, ...sen.warnings]) {
    if (!warnings.some((k) => k.code === w.code)) warnings.push(w);
  }
  const n = clean.y.length;
  const t0 = n > 0 ? clean.x[0] : Number.NaN;
  const t1 = n > 0 ? clean.x[n - 1] : Number.NaN;
  // Anchored at the medians (where Sen's line passes) rather than at x = 0, so
  // epoch-millisecond times do not lose precision to a far-away intercept.
  const mx = n > 0 ? median(clean.x) : Number.NaN;
  const my = n > 0 ? median(clean.y) : Number.NaN;
  const startValue = my + sen.slope * (t0 - mx);
  const endValue = my + sen.slope * (t1 - mx);
  const absoluteChange = endValue - startValue;
  // A start near zero relative to the data's own scale makes a % change meaningless.
  const scale = maxAbs(clean.y);
  let percentChange: number | null = null;
  if (Number.isFinite(startValue) && Math.abs(startValue) > 1e-9 * Math.max(scale, Number.MIN_VALUE)) {
    percentChange = (100 * absoluteChange) / Math.abs(startValue);
  } else if (n >= 2) {
    warnings.push(createWarning('zero-baseline', 'the trend line starts at zero, so a percentage change is undefined; use absoluteChange'));
  }
  return {
    direction: mk.trend,
    pValue: mk.pValue,
    tau: mk.tau,
    slopePerUnit: sen.slope * unit,
    slopeLower: sen.lower * unit,
    slopeUpper: sen.upper * unit,
    startValue,
    endValue,
    absoluteChange,
    percentChange,
    n,
    warnings,
  };
}
