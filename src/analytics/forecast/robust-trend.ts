/**
 * Robust linear trend: the Theil–Sen estimator.
 *
 * References: H. Theil, "A rank-invariant method of linear and polynomial
 * regression analysis", Indagationes Mathematicae 12, 1950; P. K. Sen,
 * "Estimates of the regression coefficient based on Kendall's tau", JASA 63(324),
 * 1968. Slope = median of pairwise slopes; intercept = median of y_t − slope·t.
 * Breakdown point ≈ 29 %, so a few outliers or a spike do not tilt the line.
 *
 * Above 200 points the pairwise slopes are taken between the medians of 200
 * equal consecutive blocks (placed at the blocks' mean times), which keeps the
 * cost O(n + 200²) and the estimator robust.
 */
import type { FittedModel } from './types.js';

const MAX_POINTS = 200;

/** The k-th smallest value (0-based) of `a`, reordering `a` in place (Hoare's quickselect, CACM 4(7), 1961). */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i]; a[i] = a[j]; a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Median of a copy of `xs`, by quickselect (O(n) expected). */
export function median(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n === 0) return Number.NaN;
  const a = Float64Array.from(xs);
  const upper = select(a, n >> 1);
  if (n % 2) return upper;
  // The lower middle is the largest value left of the upper middle after selection.
  let lower = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n >> 1; i++) if (a[i] > lower) lower = a[i];
  return (lower + upper) / 2;
}

export function theilSen(y: readonly number[]): { intercept: number; slope: number } {
  const n = y.length;
  let ts: number[];
  let vs: number[];
  if (n > MAX_POINTS) {
    ts = [];
    vs = [];
    for (let b = 0; b < MAX_POINTS; b++) {
      const lo = Math.floor((b * n) / MAX_POINTS);
      const hi = Math.floor(((b + 1) * n) / MAX_POINTS);
      ts.push((lo + 1 + hi) / 2);
      vs.push(median(y.slice(lo, hi)));
    }
  } else {
    ts = y.map((_, i) => i + 1);
    vs = [...y];
  }
  const slopes = new Float64Array((ts.length * (ts.length - 1)) / 2);
  let k = 0;
  for (let i = 0; i < ts.length; i++) for (let j = i + 1; j < ts.length; j++) slopes[k++] = (vs[j] - vs[i]) / (ts[j] - ts[i]);
  const slope = k > 0 ? median(slopes) : 0;
  const intercept = median(y.map((v, i) => v - slope * (i + 1)));
  return { intercept, slope };
}

/** ŷ_{n+h} = a + b·(n + h) with the Theil–Sen line. */
export function fitRobustTrend(y: readonly number[]): FittedModel {
  const n = y.length;
  const { intercept, slope } = theilSen(y);
  return { notes: [], forecast: (h) => Array.from({ length: h }, (_, i) => intercept + slope * (n + i + 1)) };
}
