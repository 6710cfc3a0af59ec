import { checkBatchInput, normalQuantileTwoSided, pointVerdict, resolvePeriods, type BatchOptions, type BatchResult } from './batch-result.js';
import { decompose } from './decompose.js';
import { log10NormalTwoSided } from './robust-stats.js';
import { robustStandardise } from './robust-zscore.js';
import { scoreFromSurprise, SENSITIVITY_THRESHOLDS, surpriseFromScore } from './score-scale.js';

/**
 * Decomposition residuals: value = trend + seasonal + residual (decompose.ts, a robust
 * MSTL-style decomposition with running-median trend and per-phase median seasonal
 * profiles), then a robust z-score of the residual. The expected value is the local
 * trend plus the season, so this judges a point against its neighbourhood: it finds
 * spikes and dips on a drifting or seasonal series, and the edges (not the plateau)
 * of a level shift.
 *
 * References: Cleveland et al., "STL: A Seasonal-Trend Decomposition Procedure Based on
 * Loess", J. Official Statistics 1990; Bandara, Hyndman & Bergmeir, "MSTL", 2021.
 */
export function detectDecompositionResiduals(values: ArrayLike<number>, options: BatchOptions & { trendWindow?: number } = {}): BatchResult {
  checkBatchInput(values, options);
  const sensitivity = options.sensitivity ?? 'medium';
  const threshold = SENSITIVITY_THRESHOLDS[sensitivity];
  const periods = resolvePeriods(values, options);
  const { trend, seasonal, residual, periods: used } = decompose(values, periods, { trendWindow: options.trendWindow });
  const { center, scale, z } = robustStandardise(residual);
  const halfWidth = normalQuantileTwoSided(10 ** -surpriseFromScore(threshold)) * scale;
  const points = Array.from({ length: values.length }, (_, i) => {
    const score = Number.isFinite(z[i]) ? scoreFromSurprise(-log10NormalTwoSided(z[i])) : 0;
    const expected = (Number.isFinite(trend[i]) ? trend[i] : 0) + seasonal[i] + center;
    return pointVerdict(i, values[i], expected, halfWidth, score, threshold);
  });
  return { method: 'decomposition-residuals', sensitivity, threshold, periods: used, points };
}
