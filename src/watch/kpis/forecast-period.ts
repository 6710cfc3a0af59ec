import { forecast } from '../../analytics/forecast/index.js';
import type { MeasureShape } from './measure-shape.js';

/**
 * The value a measure is expected to have at the end of an incomplete period,
 * from forecasts of its per-bucket series (pure: series in, number out).
 *
 * The buckets still to come are `horizon` buckets; the first is the bucket
 * holding the scorecard time, of which `remainingOfFirst` (0–1) is still ahead.
 * - additive: value so far + Σ forecast of the rest;
 * - ratio: (Σ numerator so far + Σ its forecast) / (Σ denominator so far + Σ its forecast)
 *   — numerator and denominator are forecast separately, so a quiet night with
 *   few requests does not weigh like a busy afternoon;
 * - other (averages, percentiles): the value so far scaled by how the forecast
 *   bucket level compares with the level observed so far in the period,
 *   value · (e·m̄ + r·f̄) / ((e + r)·m̄), with e and r the elapsed and remaining
 *   bucket counts, m̄ the mean observed bucket value and f̄ the mean forecast.
 *   An approximation: a percentile of a period is not an average of its buckets.
 */
export interface PeriodForecastInput {
  shape: MeasureShape['kind'];
  /** Exact value of the period so far (untransformed). */
  valueSoFar: number;
  /** Per-bucket history up to the start of the current bucket (the measure; for a ratio, its numerator and denominator). */
  history: { value: (number | null)[]; numerator?: (number | null)[]; denominator?: (number | null)[] };
  /** For a ratio: Σ numerator and Σ denominator over the period so far. */
  soFar?: { numerator: number; denominator: number };
  /** Complete buckets already in the period, with their values (for `other`). */
  observedInPeriod: (number | null)[];
  elapsedBuckets: number;
  horizon: number;
  remainingOfFirst: number;
}

function restOf(series: (number | null)[], horizon: number, remainingOfFirst: number): { sum: number; mean: number } | null {
  if (!series.some((v) => v !== null && Number.isFinite(v))) return null;
  const r = forecast(series.map((v) => v ?? Number.NaN), { horizon, season: 'auto', origins: 4 });
  const point = r.point.map((v) => (Number.isFinite(v) ? v : 0));
  const sum = point.reduce((a, v, k) => a + (k === 0 ? v * remainingOfFirst : v), 0);
  return { sum, mean: point.reduce((a, b) => a + b, 0) / point.length };
}

/** The forecast period value, or null when there is nothing to forecast from. */
export function forecastPeriodValue(input: PeriodForecastInput): number | null {
  const { horizon, remainingOfFirst } = input;
  if (horizon <= 0) return input.valueSoFar;
  switch (input.shape) {
    case 'additive': {
      const rest = restOf(input.history.value, horizon, remainingOfFirst);
      return rest === null ? null : input.valueSoFar + rest.sum;
    }
    case 'ratio': {
      const num = restOf(input.history.numerator ?? [], horizon, remainingOfFirst);
      const den = restOf(input.history.denominator ?? [], horizon, remainingOfFirst);
      if (num === null || den === null || !input.soFar) return null;
      const d = input.soFar.denominator + den.sum;
      return d === 0 ? null : (input.soFar.numerator + num.sum) / d;
    }
    case 'other': {
      const rest = restOf(input.history.value, horizon, remainingOfFirst);
      const observed = input.observedInPeriod.filter((v): v is number => v !== null && Number.isFinite(v));
      if (rest === null) return null;
      if (observed.length === 0) return rest.mean; // nothing complete yet in the period: the forecast level is all we have
      const m = observed.reduce((a, b) => a + b, 0) / observed.length;
      if (m === 0) return input.valueSoFar;
      const e = input.elapsedBuckets;
      const r = horizon - 1 + remainingOfFirst;
      return (input.valueSoFar * (e * m + r * rest.mean)) / ((e + r) * m);
    }
  }
}
