import { AlmanacError, type Issue } from '../../core/errors.js';
import { log10NormalTwoSided } from './robust-stats.js';
import { seasonalPeriodsFor } from './seasonality.js';
import { directionOf, isSensitivity, type AnomalyPoint, type Sensitivity } from './types.js';

/** Options shared by the batch detectors. */
export interface BatchOptions {
  /** Default `medium`. */
  readonly sensitivity?: Sensitivity;
  /** Seasonal periods in points; default: found from the data (and timestamps). `[]`: none. */
  readonly periods?: readonly number[];
  /** Timestamps (ms) of the values, used to propose daily/weekly periods. */
  readonly timestamps?: ArrayLike<number>;
}

export type BatchMethod = 'robust-zscore' | 'decomposition-residuals' | 'seasonal-esd';

/** A batch detector's verdict on every point, with what it used. */
export interface BatchResult {
  readonly method: BatchMethod;
  readonly sensitivity: Sensitivity;
  /** Score at or above which `isAnomaly` is set. */
  readonly threshold: number;
  readonly periods: readonly number[];
  /** One entry per input value, in input order. */
  readonly points: readonly AnomalyPoint[];
}

export function checkBatchInput(values: ArrayLike<number>, options: BatchOptions, extra: Issue[] = []): void {
  const issues = [...extra];
  if (options.sensitivity !== undefined && !isSensitivity(options.sensitivity)) {
    issues.push({ path: 'sensitivity', message: `must be low, medium or high, got ${String(options.sensitivity)}` });
  }
  options.periods?.forEach((p, i) => {
    if (!(Number.isInteger(p) && p >= 2)) issues.push({ path: `periods[${i}]`, message: `must be an integer ≥ 2, got ${p}` });
  });
  if (options.timestamps && options.timestamps.length !== values.length) {
    issues.push({ path: 'timestamps', message: `has ${options.timestamps.length} entries for ${values.length} values` });
  }
  if (issues.length) throw new AlmanacError('bad_request', 'invalid anomaly detection input', { issues });
}

export function resolvePeriods(values: ArrayLike<number>, options: BatchOptions): number[] {
  return options.periods ? [...options.periods] : seasonalPeriodsFor(values, options.timestamps);
}

/** The |z| whose two-sided normal tail probability is p (bisection in log space). */
export function normalQuantileTwoSided(p: number): number {
  const target = -Math.log10(p);
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (-log10NormalTwoSided(mid) < target) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Builds the per-point verdict. A non-finite value gets score 0 and keeps its expected value. */
export function pointVerdict(index: number, value: number, expected: number, halfWidth: number, score: number, threshold: number): AnomalyPoint {
  const finite = Number.isFinite(value);
  const deviation = finite ? value - expected : 0;
  const s = finite && Number.isFinite(score) ? score : 0;
  return {
    index, value, score: s, isAnomaly: s >= threshold, expected,
    lower: expected - halfWidth, upper: expected + halfWidth, deviation, direction: directionOf(deviation),
  };
}
