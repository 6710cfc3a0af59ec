import { checkBatchInput, normalQuantileTwoSided, pointVerdict, resolvePeriods, type BatchOptions, type BatchResult } from './batch-result.js';
import { decompose } from './decompose.js';
import { finiteSorted, log10NormalTwoSided, quantileSorted, robustScaleSorted } from './robust-stats.js';
import { scoreFromSurprise, SENSITIVITY_THRESHOLDS, surpriseFromScore } from './score-scale.js';

/**
 * Robust standardisation of a residual series: z = (r − median) / robust σ, where σ
 * is the MAD·1.4826 with fallbacks (robust-stats.ts). A floor keeps z finite when the
 * residuals are constant, so any departure from a constant series stands out.
 */
export function robustStandardise(residual: ArrayLike<number>): { center: number; scale: number; z: Float64Array } {
  const sorted = finiteSorted(residual);
  const center = sorted.length ? quantileSorted(sorted, 0.5) : 0;
  const raw = sorted.length ? robustScaleSorted(sorted, sorted.length, center) : 0;
  const scale = Math.max(raw, 1e-12 * (1 + Math.abs(center)));
  const z = Float64Array.from({ length: residual.length }, (_, i) => (Number.isFinite(residual[i]) ? (residual[i] - center) / scale : Number.NaN));
  return { center, scale: raw, z };
}

/**
 * Seasonally adjusted robust z-score (the "modified z-score" of Iglewicz & Hoaglin,
 * "How to Detect and Handle Outliers", 1993, on a seasonally adjusted series): the
 * seasonal profile (decompose.ts) is removed, then each point is compared with the
 * median and MAD of the whole adjusted series. Because the centre is global, a level
 * shift flags every point after it — use `detectDecompositionResiduals` to judge
 * points against their local trend instead.
 *
 * score = 1 − p^(1/3) with p the two-sided normal tail of z (per point: a long series of
 * pure noise will show a few points at p ≈ 1/n).
 *
 * @example
 * detectRobustZScore(values, { timestamps, sensitivity: 'low' }).points.filter((p) => p.isAnomaly)
 */
export function detectRobustZScore(values: ArrayLike<number>, options: BatchOptions = {}): BatchResult {
  checkBatchInput(values, options);
  const sensitivity = options.sensitivity ?? 'medium';
  const threshold = SENSITIVITY_THRESHOLDS[sensitivity];
  const periods = resolvePeriods(values, options);
  const { seasonal, periods: used } = decompose(values, periods);
  const adjusted = Float64Array.from({ length: values.length }, (_, i) => values[i] - seasonal[i]);
  const { center, scale, z } = robustStandardise(adjusted);
  const halfWidth = normalQuantileTwoSided(10 ** -surpriseFromScore(threshold)) * scale;
  const points = Array.from({ length: values.length }, (_, i) => {
    const score = Number.isFinite(z[i]) ? scoreFromSurprise(-log10NormalTwoSided(z[i])) : 0;
    return pointVerdict(i, values[i], center + seasonal[i], halfWidth, score, threshold);
  });
  return { method: 'robust-zscore', sensitivity, threshold, periods: used, points };
}
