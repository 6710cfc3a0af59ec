import { finiteSorted, quantileSorted } from './robust-stats.js';
import { SlidingWindow } from './sliding-window.js';

/** A series split as value = trend + Σ seasonal + residual (NaN where the value is missing). */
export interface Decomposition {
  readonly trend: Float64Array;
  /** The sum of all seasonal components. */
  readonly seasonal: Float64Array;
  readonly residual: Float64Array;
  /** The periods actually used (those with at least two full cycles of data). */
  readonly periods: readonly number[];
}

/**
 * The window of point i for a centred smoother of `width` (odd) points: [i − half,
 * i + half], either cut at the ends of the series (`shrink`) or slid inside it so it
 * keeps its full width (`clamp` — a full seasonal cycle still averages out there).
 */
function windowOf(i: number, n: number, half: number, edges: 'shrink' | 'clamp'): [number, number] {
  if (edges === 'shrink' || 2 * half + 1 >= n) return [Math.max(0, i - half), Math.min(n - 1, i + half)];
  const start = Math.min(Math.max(0, i - half), n - 1 - 2 * half);
  return [start, start + 2 * half];
}

/**
 * Centred running median over `width` points (odd), skipping missing values;
 * O(n · width) worst case with a sorted window.
 */
export function runningMedian(values: ArrayLike<number>, width: number, edges: 'shrink' | 'clamp' = 'shrink'): Float64Array {
  const n = values.length;
  const half = Math.max(0, Math.floor(width / 2));
  const out = new Float64Array(n).fill(Number.NaN);
  const win = new SlidingWindow(2 * half + 1);
  let added = 0;
  let removed = 0;
  for (let i = 0; i < n; i++) {
    // Window starts and ends never decrease, so values leave and enter in index order.
    const [from, to] = windowOf(i, n, half, edges);
    for (; removed < from; removed++) if (Number.isFinite(values[removed])) win.shift();
    for (; added <= to; added++) if (Number.isFinite(values[added])) win.push(values[added]);
    if (win.size > 0) out[i] = win.median();
  }
  return out;
}

/** Centred moving average over `width` points (odd), skipping missing values. */
export function runningMean(values: ArrayLike<number>, width: number, edges: 'shrink' | 'clamp' = 'shrink'): Float64Array {
  const n = values.length;
  const half = Math.max(0, Math.floor(width / 2));
  const out = new Float64Array(n).fill(Number.NaN);
  let sum = 0;
  let count = 0;
  let added = 0;
  let removed = 0;
  for (let i = 0; i < n; i++) {
    const [from, to] = windowOf(i, n, half, edges);
    for (; removed < from; removed++) {
      if (Number.isFinite(values[removed])) {
        sum -= values[removed];
        count--;
      }
    }
    for (; added <= to; added++) {
      if (Number.isFinite(values[added])) {
        sum += values[added];
        count++;
      }
    }
    if (count > 0) out[i] = sum / count;
  }
  return out;
}

/**
 * Robust classical decomposition with one or more seasonal periods, in the spirit of
 * MSTL (Bandara, Hyndman & Bergmeir 2021: one seasonal component per period,
 * estimated in turn and refined by iteration) with medians in place of STL's loess
 * (Cleveland et al. 1990), so a few anomalies bend neither the trend nor the seasonal
 * profile they are measured against:
 * - trend: centred running median over the longest period (made odd), or over
 *   `trendWindow` points when there is no period, then a centred moving average of
 *   the same width — the median ignores spikes, the average removes the staircase a
 *   running median leaves on a seasonal series (Tukey's "smoothing the smooth"); near
 *   the ends both windows slide inside the series, keeping whole cycles;
 * - each seasonal component: the median, per phase (index mod period), of what is
 *   left after the trend and the other components, centred to median zero; two passes;
 * - residual: what remains.
 * Periods need at least two full cycles; shorter series are decomposed without them.
 */
export function decompose(values: ArrayLike<number>, periods: readonly number[], options: { trendWindow?: number } = {}): Decomposition {
  const n = values.length;
  const used = [...new Set(periods)].filter((p) => Number.isInteger(p) && p >= 2 && n >= 2 * p).sort((a, b) => a - b);
  const longest = used.length ? used[used.length - 1] : 0;
  const width = longest ? longest + (longest % 2 === 0 ? 1 : 0) : (options.trendWindow ?? Math.max(5, Math.min(1001, 2 * Math.floor(n / 20) + 1)));
  const trend = runningMean(runningMedian(values, width, 'clamp'), width, 'clamp');
  const components = used.map(() => new Float64Array(n));
  const work = new Float64Array(n);
  for (let pass = 0; pass < 2; pass++) {
    used.forEach((p, k) => {
      for (let i = 0; i < n; i++) {
        let other = 0;
        for (let j = 0; j < used.length; j++) if (j !== k) other += components[j][i];
        work[i] = values[i] - trend[i] - other;
      }
      const profile = new Float64Array(p);
      const phase: number[] = [];
      for (let ph = 0; ph < p; ph++) {
        phase.length = 0;
        for (let i = ph; i < n; i += p) if (Number.isFinite(work[i])) phase.push(work[i]);
        profile[ph] = phase.length ? quantileSorted(Float64Array.from(phase).sort(), 0.5) : 0;
      }
      const center = quantileSorted(finiteSorted(profile), 0.5);
      for (let i = 0; i < n; i++) components[k][i] = profile[i % p] - center;
    });
  }
  const seasonal = new Float64Array(n);
  const residual = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (const c of components) seasonal[i] += c[i];
    residual[i] = Number.isFinite(values[i]) ? values[i] - trend[i] - seasonal[i] : Number.NaN;
  }
  return { trend, seasonal, residual, periods: used };
}
