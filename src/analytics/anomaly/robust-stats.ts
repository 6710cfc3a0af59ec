/**
 * Small robust-statistics kernels shared by the anomaly detectors: order statistics,
 * median absolute deviation and the normal tail in log space.
 */

/** 1 / Φ⁻¹(3/4): makes the MAD a consistent estimator of σ for normal data (Rousseeuw & Croux 1993). */
export const MAD_TO_SIGMA = 1.482602218505602;

/** The q-quantile (0 ≤ q ≤ 1) of an ascending array, linear interpolation between order statistics (Hyndman & Fan type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number, count = sorted.length): number {
  if (count === 0) return Number.NaN;
  const h = (count - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, count - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Median of the finite values of `values` (NaN when there are none). Does not modify its input. */
export function median(values: ArrayLike<number>): number {
  const sorted = finiteSorted(values);
  return quantileSorted(sorted, 0.5);
}

/** The finite values of `values`, ascending, in a new typed array. */
export function finiteSorted(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[k++] = values[i];
  return out.sort();
}

/**
 * k-th smallest (0-based) distance |a[i] − m| over an ascending array `a[0..count)`,
 * where `split` is the first index with a[split] ≥ m. The distances on the left
 * (m − a[split−1], m − a[split−2], …) and on the right (a[split] − m, …) are two
 * ascending sequences; this selects from their union by binary search in O(log n).
 */
function kthDistance(a: ArrayLike<number>, count: number, m: number, split: number, k: number): number {
  // No inner closures here: this runs per point and per model in the streaming detector.
  const leftLen = split;
  const rightLen = count - split;
  // Take i from the left and k + 1 − i from the right: find the i where the cut is valid.
  let lo = Math.max(0, k + 1 - rightLen);
  let hi = Math.min(k + 1, leftLen);
  while (lo <= hi) {
    const i = (lo + hi) >> 1;
    const j = k + 1 - i;
    const leftMax = i > 0 ? m - a[split - i] : Number.NEGATIVE_INFINITY;
    const rightMax = j > 0 ? a[split + j - 1] - m : Number.NEGATIVE_INFINITY;
    const leftNext = i < leftLen ? m - a[split - 1 - i] : Number.POSITIVE_INFINITY;
    const rightNext = j < rightLen ? a[split + j] - m : Number.POSITIVE_INFINITY;
    if (leftMax > rightNext) hi = i - 1;
    else if (rightMax > leftNext) lo = i + 1;
    else return Math.max(leftMax, rightMax);
  }
  throw new Error('kthDistance: no valid cut (input not sorted?)');
}

/** First index in ascending `a[0..count)` whose value is ≥ x. */
export function lowerBound(a: ArrayLike<number>, x: number, count = a.length): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Median absolute deviation from the median of an ascending array, unscaled
 * (multiply by MAD_TO_SIGMA for a σ estimate). Exact, in O(log n) for sorted input.
 */
export function madSorted(sorted: ArrayLike<number>, count = sorted.length, center = quantileSorted(sorted, 0.5, count)): number {
  if (count === 0) return Number.NaN;
  const split = lowerBound(sorted, center, count);
  const k = (count - 1) >> 1;
  const a = kthDistance(sorted, count, center, split, k);
  return count % 2 === 1 ? a : (a + kthDistance(sorted, count, center, split, k + 1)) / 2;
}

/** Median and unscaled MAD of the finite values of an unsorted array. */
export function medianMad(values: ArrayLike<number>): { median: number; mad: number } {
  const sorted = finiteSorted(values);
  const m = quantileSorted(sorted, 0.5);
  return { median: m, mad: madSorted(sorted, sorted.length, m) };
}

const LN10 = Math.log(10);

/**
 * log10 of the two-sided normal tail probability P(|Z| ≥ z) = erfc(z/√2), accurate
 * far into the tail (no underflow): the Chebyshev fit of erfc in Numerical Recipes
 * (Press et al. 2007, §6.2.2, `erfccheb`-style `erfcc`, relative error < 1.2e-7),
 * evaluated as a logarithm.
 */
export function log10NormalTwoSided(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const lnErfc = Math.log(t) - x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return Math.min(0, lnErfc / LN10);
}

/** Standard normal upper tail P(Z ≥ z). */
export function normalUpperTail(z: number): number {
  const p = 0.5 * 10 ** log10NormalTwoSided(z);
  return z >= 0 ? p : 1 - p;
}

/**
 * A robust σ estimate of an ascending array: MAD·1.4826; when more than half the
 * values are equal (a mostly-zero counter) the MAD is 0, so fall back to the
 * interquartile range / 1.349, then the 5–95 % range / 3.29 (each consistent for
 * normal data), then the standard deviation. 0 only for constant data.
 */
export function robustScaleSorted(sorted: ArrayLike<number>, count = sorted.length, center = quantileSorted(sorted, 0.5, count)): number {
  if (count === 0) return Number.NaN;
  const mad = madSorted(sorted, count, center) * MAD_TO_SIGMA;
  if (mad > 0) return mad;
  const iqr = (quantileSorted(sorted, 0.75, count) - quantileSorted(sorted, 0.25, count)) / 1.3489795;
  if (iqr > 0) return iqr;
  const wide = (quantileSorted(sorted, 0.95, count) - quantileSorted(sorted, 0.05, count)) / 3.2897073;
  if (wide > 0) return wide;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < count; i++) {
    s += sorted[i];
    s2 += sorted[i] * sorted[i];
  }
  const m = s / count;
  return Math.sqrt(Math.max(0, s2 / count - m * m));
}
