/**
 * Autocorrelation, the M4 seasonality test and classical decomposition — the
 * seasonal adjustment used by Naive2, SES, Holt, damped trend, Theta, drift and
 * the robust trend (the M4 competition applied its benchmarks this way).
 *
 * References:
 * - Sample autocorrelation: G. E. P. Box, G. M. Jenkins, Time Series Analysis
 *   (1976) §2.1.5; the estimator of R's `acf` (demeaned, divided by the lag-0 sum).
 * - Seasonality test: M4 competition benchmark code (Makridakis, Spiliotis,
 *   Assimakopoulos, "The M4 Competition", IJF 36(1), 2020; `SeasonalityTest` in
 *   github.com/Mcompetitions/M4-methods): seasonal when |r_m| exceeds
 *   1.645 · √((1 + 2 Σ_{k<m} r_k²) / n) (a one-sided 90 % test using Bartlett's
 *   variance), and only for n ≥ 3m.
 * - Classical decomposition: the centred moving average of order m (2×m for even
 *   m), seasonal figure = mean detrended ratio (or difference) per position,
 *   normalised to mean 1 (or 0) — R's `decompose` (Kendall & Stuart 1983 §46).
 */

/** Sample autocorrelations r_1…r_maxLag (index k-1 holds lag k); zeros for a constant series. */
export function autocorrelation(y: readonly number[], maxLag: number): number[] {
  const n = y.length;
  let mean = 0;
  for (const v of y) mean += v;
  mean /= n;
  let denom = 0;
  for (const v of y) denom += (v - mean) ** 2;
  const out: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    if (k >= n || denom <= 0) {
      out.push(0);
      continue;
    }
    let s = 0;
    for (let t = 0; t + k < n; t++) s += (y[t] - mean) * (y[t + k] - mean);
    out.push(s / denom);
  }
  return out;
}

/**
 * The M4 90 % autocorrelation test for seasonality at lag `m`.
 *
 * @example isSeasonal([10, 20, 30, 40, 10, 20, 30, 40, 10, 20, 30, 40], 4) // → true
 */
export function isSeasonal(y: readonly number[], m: number): boolean {
  const n = y.length;
  if (m <= 1 || n < 3 * m) return false;
  const r = autocorrelation(y, m);
  let sum = 1;
  for (let k = 0; k < m - 1; k++) sum += 2 * r[k] * r[k];
  const limit = (1.645 / Math.sqrt(n)) * Math.sqrt(sum);
  return Math.abs(r[m - 1]) > limit;
}

export type DecompositionType = 'multiplicative' | 'additive';

export interface Decomposition {
  /** Centred moving average (NaN at the ends where it is undefined). */
  trend: number[];
  /** The seasonal figure: `figure[i]` applies at positions t ≡ i (mod m), counted from the first observation. */
  figure: number[];
}

/** Classical decomposition (R's `decompose`). Needs n ≥ 2m; the caller checks. */
export function classicalDecomposition(y: readonly number[], m: number, type: DecompositionType): Decomposition {
  const n = y.length;
  const trend = new Array<number>(n).fill(Number.NaN);
  // Filter weights: m-term MA for odd m, 2×m MA (half weights at the ends) for even m.
  const even = m % 2 === 0;
  const half = Math.floor(m / 2);
  // Running sum of the m (odd) or m − 1 (even, inner part) central values: O(n).
  const inner = even ? m - 1 : m;
  const innerHalf = Math.floor(inner / 2);
  let s = 0;
  for (let j = half - innerHalf; j <= half + innerHalf && j < n; j++) s += y[j];
  for (let t = half; t < n - half; t++) {
    if (t > half) s += y[t + innerHalf] - y[t - innerHalf - 1];
    trend[t] = (even ? s + 0.5 * (y[t - half] + y[t + half]) : s) / m;
  }
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  for (let t = 0; t < n; t++) {
    if (Number.isNaN(trend[t])) continue;
    const v = type === 'multiplicative' ? y[t] / trend[t] : y[t] - trend[t];
    if (!Number.isFinite(v)) continue;
    sums[t % m] += v;
    counts[t % m]++;
  }
  let figure = sums.map((s, i) => (counts[i] > 0 ? s / counts[i] : type === 'multiplicative' ? 1 : 0));
  const mean = figure.reduce((a, b) => a + b, 0) / m;
  figure = type === 'multiplicative' ? figure.map((f) => (mean !== 0 ? f / mean : 1)) : figure.map((f) => f - mean);
  return { trend, figure };
}

/** The result of removing seasonality before a non-seasonal model. */
export interface SeasonalAdjustment {
  adjusted: number[];
  /** How it was removed; 'none' when no period passed the test. */
  type: DecompositionType | 'none';
  /** The periods removed, ascending. */
  periods: number[];
  /** Seasonal factors (multiplicative) or offsets (additive) for steps 1…h after the end. */
  future(h: number): number[];
  /** Apply `future(h)` to a forecast of the adjusted series. */
  reseasonalise(forecast: readonly number[]): number[];
  notes: string[];
}

/**
 * The periods `seasonalAdjustment` would remove from `y` (each passing the test
 * on the series adjusted for the shorter ones).
 */
export function seasonalPeriods(y: readonly number[], seasons: readonly number[]): number[] {
  return seasonalAdjustment(y, seasons).periods;
}

/**
 * Remove each period that passes the seasonality test (or, with `decided`, each
 * of those periods when there are two cycles of it), shortest first, each
 * tested and decomposed on the series already adjusted for the shorter ones
 * (the sequential idea of MSTL, Bandara, Hyndman & Bergmeir 2021, with
 * classical instead of STL decompositions). Multiplicative when every value is
 * positive (as in M4), additive otherwise.
 */
export function seasonalAdjustment(
  y: readonly number[],
  seasons: readonly number[],
  decided?: readonly number[],
): SeasonalAdjustment {
  const n = y.length;
  const positive = y.every((v) => v > 0);
  const type: DecompositionType = positive ? 'multiplicative' : 'additive';
  const notes: string[] = [];
  let current = [...y];
  const removed: { period: number; figure: number[] }[] = [];
  const periods = [...new Set(decided ?? seasons)].filter((m) => m > 1).sort((a, b) => a - b);
  for (const m of periods) {
    if (decided ? n < 2 * m : !isSeasonal(current, m)) continue;
    const { figure } = classicalDecomposition(current, m, type);
    current = current.map((v, t) => (type === 'multiplicative' ? v / figure[t % m] : v - figure[t % m]));
    removed.push({ period: m, figure });
  }
  if (removed.length > 0 && !positive) notes.push('series has zero or negative values: additive seasonal adjustment used instead of multiplicative');
  const future = (h: number): number[] => {
    const out: number[] = [];
    for (let k = 1; k <= h; k++) {
      let f = type === 'multiplicative' ? 1 : 0;
      for (const { period, figure } of removed) {
        const s = figure[(n - 1 + k) % period];
        f = type === 'multiplicative' ? f * s : f + s;
      }
      out.push(f);
    }
    return out;
  };
  return {
    adjusted: current,
    type: removed.length > 0 ? type : 'none',
    periods: removed.map((r) => r.period),
    future,
    reseasonalise(forecast) {
      if (removed.length === 0) return [...forecast];
      const f = future(forecast.length);
      return forecast.map((v, i) => (type === 'multiplicative' ? v * f[i] : v + f[i]));
    },
    notes,
  };
}
