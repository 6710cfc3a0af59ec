/**
 * Seasonal periods for the anomaly detectors: calendar candidates from the time step
 * (a day and a week, in steps) and periods found in the data by autocorrelation.
 */

const DAY_MS = 86_400_000;

/** The typical step of a timestamp sequence: the median positive difference (NaN if none). */
export function estimateStep(timestamps: ArrayLike<number>): number {
  const diffs: number[] = [];
  for (let i = 1; i < timestamps.length; i++) {
    const d = timestamps[i] - timestamps[i - 1];
    if (d > 0 && Number.isFinite(d)) diffs.push(d);
  }
  if (diffs.length === 0) return Number.NaN;
  diffs.sort((a, b) => a - b);
  return diffs[diffs.length >> 1];
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Steps that monitoring systems use (scrape and rollup intervals). */
const NICE_STEPS = [
  1, 2, 5, 10, 15, 20, 30].map((x) => x * SECOND).concat(
  [1, 2, 3, 5, 10, 15, 20, 30].map((x) => x * MINUTE),
  [1, 2, 3, 4, 6, 8, 12, 24].map((x) => x * HOUR),
);

/**
 * Snaps a measured step to the nearest common interval (1 s … 1 day) when within 5 %,
 * so jittery timestamps (a collector that samples at 4:59, 5:01, …) still give whole
 * daily and weekly periods; other steps are returned as measured.
 */
export function snapStep(stepMs: number): number {
  if (!(stepMs > 0)) return stepMs;
  let best = stepMs;
  let bestErr = 0.05;
  for (const nice of NICE_STEPS) {
    const err = Math.abs(stepMs - nice) / nice;
    if (err <= bestErr) {
      best = nice;
      bestErr = err;
    }
  }
  return best;
}

/**
 * Calendar periods in steps: a day and a week, kept when they are a whole number of
 * steps between `minPeriod` and `maxPeriod` (monitoring data at 5 min, 30 min or 1 h
 * has daily and weekly cycles; a detector still checks whether they help).
 */
export function calendarPeriods(stepMs: number, minPeriod = 4, maxPeriod = 20_160): number[] {
  if (!(stepMs > 0)) return [];
  const out: number[] = [];
  for (const span of [DAY_MS, 7 * DAY_MS]) {
    const m = span / stepMs;
    const r = Math.round(m);
    if (Math.abs(m - r) < 1e-6 * m && r >= minPeriod && r <= maxPeriod) out.push(r);
  }
  return out;
}

/** In-place iterative radix-2 FFT (Cooley & Tukey 1965); `re.length` must be a power of two. */
function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = ((inverse ? 2 : -2) * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const xr = re[b] * cr - im[b] * ci;
        const xi = re[b] * ci + im[b] * cr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
        const t = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = t;
      }
    }
  }
  if (inverse) {
    for (let i = 0; i < n; i++) {
      re[i] /= n;
      im[i] /= n;
    }
  }
}

/**
 * Autocorrelation r(0..maxLag) of the finite values of a series after removing its
 * least-squares line (missing values count as the mean), by the Wiener–Khinchin
 * theorem: r = IFFT(|FFT(x)|²), zero-padded so it is not circular. O(n log n).
 */
export function autocorrelation(values: ArrayLike<number>, maxLag: number): Float64Array {
  const n = values.length;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    sx += i;
    sy += v;
    sxx += i * i;
    sxy += i * v;
    m++;
  }
  const lags = Math.max(0, Math.min(maxLag, n - 1));
  const out = new Float64Array(lags + 1);
  if (m < 3) return out;
  const den = m * sxx - sx * sx;
  const slope = den > 0 ? (m * sxy - sx * sy) / den : 0;
  const icept = (sy - slope * sx) / m;
  let size = 1;
  while (size < 2 * n) size <<= 1;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  for (let i = 0; i < n; i++) re[i] = Number.isFinite(values[i]) ? values[i] - (icept + slope * i) : 0;
  fft(re, im, false);
  for (let i = 0; i < size; i++) {
    re[i] = re[i] * re[i] + im[i] * im[i];
    im[i] = 0;
  }
  fft(re, im, true);
  if (!(re[0] > 0)) return out;
  for (let k = 0; k <= lags; k++) out[k] = re[k] / re[0];
  return out;
}

export interface PeriodDetectionOptions {
  readonly minPeriod?: number;
  /** Largest period considered; at most a third of the series so two cycles are compared. */
  readonly maxPeriod?: number;
  /** Smallest autocorrelation a peak needs (default 0.3). */
  readonly minStrength?: number;
  /** How many periods to return at most (default 2). */
  readonly maxCount?: number;
}

/**
 * Seasonal periods of a series, strongest first: lags where the autocorrelation has
 * a local maximum of at least `minStrength` that rises at least 0.1 above the lowest
 * autocorrelation between half its lag and itself, dropping a lag that is (within ±1) a
 * multiple of a shorter period already kept, since every multiple of a period peaks
 * too. The peak lag is taken where r is largest among lag−1, lag, lag+1, so a period
 * of 24 is not reported as 23 or 25.
 */
export function detectPeriods(values: ArrayLike<number>, options: PeriodDetectionOptions = {}): number[] {
  const n = values.length;
  const minPeriod = Math.max(2, options.minPeriod ?? 2);
  const maxPeriod = Math.min(options.maxPeriod ?? Math.floor(n / 3), Math.floor(n / 3));
  if (maxPeriod < minPeriod) return [];
  const r = autocorrelation(values, maxPeriod + 1);
  const minStrength = options.minStrength ?? 0.3;
  const peaks: { lag: number; r: number }[] = [];
  for (let k = minPeriod; k <= maxPeriod; k++) {
    if (!(r[k] >= minStrength && r[k] >= r[k - 1] && r[k] > r[k + 1])) continue;
    // Prominence: a seasonal peak rises above the dip between it and half its lag;
    // the slowly wiggling autocorrelation of a trend or random walk does not.
    let dip = r[k];
    for (let j = Math.ceil(k / 2); j < k; j++) if (r[j] < dip) dip = r[j];
    if (r[k] - dip >= 0.1) peaks.push({ lag: k, r: r[k] });
  }
  peaks.sort((a, b) => a.lag - b.lag);
  const kept: { lag: number; r: number }[] = [];
  for (const p of peaks) {
    const isMultiple = kept.some((q) => {
      const ratio = Math.round(p.lag / q.lag);
      return ratio >= 2 && Math.abs(p.lag - ratio * q.lag) <= ratio && p.r <= q.r + 0.1;
    });
    if (!isMultiple) kept.push(p);
  }
  kept.sort((a, b) => b.r - a.r);
  return kept.slice(0, options.maxCount ?? 2).map((p) => p.lag);
}

/**
 * The seasonal periods a batch detector should use for a series: with timestamps,
 * the calendar periods (day, week) that fit twice in the series and show up in its
 * autocorrelation (r ≥ 0.2 within ±1 step; the week only if it beats the day by 0.05);
 * otherwise, or when none does, the
 * periods found by `detectPeriods`.
 */
export function seasonalPeriodsFor(values: ArrayLike<number>, timestamps?: ArrayLike<number>): number[] {
  const n = values.length;
  if (timestamps && timestamps.length === n) {
    const candidates = calendarPeriods(snapStep(estimateStep(timestamps))).filter((p) => n >= 2 * p);
    if (candidates.length) {
      const r = autocorrelation(values, Math.max(...candidates) + 1);
      const strength = (p: number) => Math.max(r[p - 1], r[p], r[p + 1] ?? r[p]);
      // A week is seven days: its lag also shows a purely daily cycle. Keep it only when
      // it correlates clearly better than the day (weekdays differ from weekends).
      const kept = candidates.filter((p, i) => strength(p) >= 0.2 && (i === 0 || strength(p) >= strength(candidates[0]) + 0.05));
      if (kept.length) return kept;
    }
  }
  return detectPeriods(values).sort((a, b) => a - b);
}
