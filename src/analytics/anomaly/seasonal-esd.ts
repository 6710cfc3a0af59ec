import { AlmanacError } from '../../core/errors.js';
import { checkBatchInput, pointVerdict, resolvePeriods, type BatchOptions, type BatchResult } from './batch-result.js';
import { decompose } from './decompose.js';
import { MAD_TO_SIGMA, madSorted, quantileSorted, robustScaleSorted } from './robust-stats.js';
import { scoreFromProbability } from './score-scale.js';
import { studentTQuantile, studentTSurvival as studentTUpperTail } from '../distributions.js';

/** The t with P(T ≥ t) = p. */
const studentTQuantileUpper = (p: number, df: number) => -studentTQuantile(p, df);
import type { Sensitivity } from './types.js';

/** Significance level α of the ESD test per sensitivity (family-wise, over the whole series). */
export const ESD_ALPHA: Record<Sensitivity, number> = { high: 0.05, medium: 0.01, low: 0.001 };

/** One step of the generalized ESD procedure. */
export interface EsdStep {
  /** Index (in the input) of the point removed at this step: the farthest from the median. */
  readonly index: number;
  /** Test statistic R_i = |x − centre| / σ of the remaining points (median and robust σ, or mean and standard deviation). */
  readonly statistic: number;
  /** Critical value λ_i at the requested α. */
  readonly critical: number;
  /**
   * The smallest α at which this step's point is declared an outlier (the ESD count is
   * the last step with R_i > λ_i, so this is the minimum over this and later steps).
   */
  readonly alpha: number;
}

function criticalValue(remaining: number, alpha: number): number {
  // Rosner (1983): λ_i = (n − i)·t_{p, n−i−1} / √((n − i − 1 + t²)(n − i + 1)), p = 1 − α / (2(n − i + 1)),
  // written here with `remaining` = n − i + 1 points still in the sample.
  const df = remaining - 2;
  const t = studentTQuantileUpper(alpha / (2 * remaining), df);
  return ((remaining - 1) * t) / Math.sqrt((df + t * t) * remaining);
}

/** The α at which R = λ_i exactly (inverse of `criticalValue` in α), capped to [0, 1]. */
function alphaForStatistic(remaining: number, statistic: number): number {
  const df = remaining - 2;
  const c2 = statistic * statistic;
  const den = (remaining - 1) ** 2 - c2 * remaining;
  if (den <= 0) return 0;
  const t = Math.sqrt((c2 * df * remaining) / den);
  return Math.min(1, 2 * remaining * studentTUpperTail(t, df));
}

/**
 * Generalized ESD test for up to `maxOutliers` outliers (Rosner, "Percentage Points for
 * a Generalized ESD Many-Outlier Procedure", Technometrics 1983). `robust` (default)
 * is the hybrid form of Hochenbaum et al. (2017): median and MAD instead of mean and
 * standard deviation, so the outliers being tested do not mask each other (and, when
 * more than half the sample is one value so the MAD is 0, the whole sample's
 * robustScaleSorted fallback — where the reference implementation stops); `classic` is
 * Rosner's test.
 * The farthest point from the centre is always at one end of the sorted sample, so each
 * step is O(log n) after one sort.
 */
export function generalizedEsd(
  values: ArrayLike<number>,
  maxOutliers: number,
  alpha: number,
  form: 'robust' | 'classic' = 'robust',
): { steps: EsdStep[]; outliers: number } {
  const idx: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) idx.push(i);
  idx.sort((a, b) => values[a] - values[b]);
  const sorted = Float64Array.from(idx, (i) => values[i]);
  let lo = 0;
  let hi = sorted.length - 1;
  let sum = 0;
  let sumSq = 0;
  for (const v of sorted) {
    sum += v;
    sumSq += v * v;
  }
  const raw: { index: number; statistic: number; critical: number; alpha: number }[] = [];
  const k = Math.min(maxOutliers, sorted.length - 3);
  // When the MAD of what remains is 0 (a mostly-constant sample), use the fallback scale
  // of the whole sample, fixed: re-estimating it as points are removed would shrink it
  // step by step until ordinary values look extreme.
  const fallbackSigma = form === 'robust' && sorted.length ? robustScaleSorted(sorted, sorted.length) : 0;
  for (let step = 0; step < k; step++) {
    const count = hi - lo + 1;
    let center: number;
    let sigma: number;
    if (form === 'classic') {
      center = sum / count;
      sigma = Math.sqrt(Math.max(0, (sumSq - count * center * center) / (count - 1)));
    } else {
      const view = sorted.subarray(lo, hi + 1);
      center = quantileSorted(view, 0.5);
      sigma = madSorted(view, count, center) * MAD_TO_SIGMA;
      if (!(sigma > 0)) sigma = fallbackSigma;
    }
    if (!(sigma > 0)) break;
    const takeLow = center - sorted[lo] > sorted[hi] - center;
    const pos = takeLow ? lo : hi;
    const statistic = Math.abs(sorted[pos] - center) / sigma;
    raw.push({ index: idx[pos], statistic, critical: criticalValue(count, alpha), alpha: alphaForStatistic(count, statistic) });
    sum -= sorted[pos];
    sumSq -= sorted[pos] * sorted[pos];
    if (takeLow) lo++;
    else hi--;
  }
  let outliers = 0;
  raw.forEach((s, i) => {
    if (s.statistic > s.critical) outliers = i + 1;
  });
  const steps: EsdStep[] = new Array(raw.length);
  let running = 1;
  for (let i = raw.length - 1; i >= 0; i--) {
    running = Math.min(running, raw[i].alpha);
    steps[i] = { ...raw[i], alpha: running };
  }
  return { steps, outliers };
}

/**
 * Seasonal hybrid ESD (S-H-ESD; Hochenbaum, Vallis & Kejariwal, "Automatic Anomaly
 * Detection in the Cloud Via Statistical Learning", 2017 — Twitter's AnomalyDetection):
 * remove the seasonal component (decompose.ts) and the median, then run the hybrid
 * generalized ESD test for at most `maxAnomalies` × n anomalies (default 10 %, as in
 * the reference implementation; at most 49 %).
 *
 * score = 1 − α*^(1/3), where α* is the smallest family-wise significance level at which
 * ESD flags the point, so thresholds are α = 0.05 / 0.01 / 0.001 for high / medium /
 * low sensitivity (ESD_ALPHA) — a multiple-testing-corrected test, stricter per point
 * than the z-score detectors at the same sensitivity.
 */
export function detectSeasonalEsd(values: ArrayLike<number>, options: BatchOptions & { maxAnomalies?: number } = {}): BatchResult {
  const maxAnomalies = options.maxAnomalies ?? 0.1;
  checkBatchInput(values, options, !(maxAnomalies > 0 && maxAnomalies < 0.5)
    ? [{ path: 'maxAnomalies', message: `must be a fraction in (0, 0.5), got ${maxAnomalies}` }] : []);
  const sensitivity = options.sensitivity ?? 'medium';
  const alpha = ESD_ALPHA[sensitivity];
  const threshold = scoreFromProbability(alpha);
  const periods = resolvePeriods(values, options);
  const { seasonal, periods: used } = decompose(values, periods);
  const adjusted = Float64Array.from({ length: values.length }, (_, i) => values[i] - seasonal[i]);
  const finite = Float64Array.from(adjusted).filter(Number.isFinite).sort();
  if (finite.length === 0) throw new AlmanacError('bad_request', 'seasonal ESD needs at least one finite value');
  const median = quantileSorted(finite, 0.5);
  const sigma = robustScaleSorted(finite, finite.length, median);
  const n = finite.length;
  const { steps } = generalizedEsd(adjusted, Math.floor(maxAnomalies * n), alpha);

  // Points never removed are scored as if tested at the next step, and never above the last removed one.
  const alphaOf = new Float64Array(values.length).fill(Number.NaN);
  for (const s of steps) alphaOf[s.index] = s.alpha;
  const floorAlpha = steps.length ? steps[steps.length - 1].alpha : 0;
  const remaining = n - steps.length;
  const halfWidth = n >= 4 ? criticalValue(n, alpha) * sigma : Number.POSITIVE_INFINITY;
  const points = Array.from({ length: values.length }, (_, i) => {
    const expected = median + seasonal[i];
    if (!Number.isFinite(adjusted[i])) return pointVerdict(i, values[i], expected, halfWidth, 0, threshold);
    let a = alphaOf[i];
    if (Number.isNaN(a)) {
      a = sigma > 0 && remaining >= 3 ? Math.max(floorAlpha, alphaForStatistic(remaining, Math.abs(adjusted[i] - median) / sigma)) : 1;
    }
    return pointVerdict(i, values[i], expected, halfWidth, scoreFromProbability(a), threshold);
  });
  return { method: 'seasonal-esd', sensitivity, threshold, periods: used, points };
}
