/**
 * Prediction intervals from out-of-sample backtest errors.
 *
 * Model-based intervals (e.g. the ETS variance formulas) assume the model is
 * right and are known to be too narrow on real data (Makridakis, Hibon et al.,
 * M3; Athanasopoulos & Hyndman's M4 interval results). Almanac instead uses the
 * errors a method actually made when refitted at earlier origins (`backtest.ts`),
 * the same for every model and for combinations — the idea of empirical
 * intervals (C. W. J. Granger, "Can we improve the perceived quality of economic
 * forecasts?", J. Applied Econometrics 11(5), 1996; R. L. Winkler & D. W.
 * Williams, "Empirical prediction intervals", 1998 — and conformal prediction's
 * split calibration, Vovk, Gammerman & Shafer 2005):
 *
 * 1. errors e_{o,k} at origin o and step k, on the log scale when the series and
 *    all forecasts are positive (uncertainty then scales with the level and the
 *    interval is asymmetric), on the original scale otherwise;
 * 2. per-step root mean square σ_k, smoothed across steps by a weighted
 *    least-squares power law σ_k = c·k^p (0 ≤ p ≤ 1.5), which also extrapolates
 *    to steps no origin could check;
 *    for a combination, the windows are its cross-fitted ones (`auto.ts`,
 *    `crossFittedWindows`): at each origin, weights from the origins whose test
 *    windows do not overlap it, so the errors are out-of-sample for the weights
 *    as well as for the models. (The combination weighted on all origins is
 *    optimistic — 76 % / 92 % on the M3 training data; the weighted mean of the
 *    members' σ_k, used before, is the scale under perfectly correlated member
 *    errors and is conservative — 85 % / 96 % on M3 test);
 * 3. half-width q·σ_k with q the Student-t quantile with ν = (number of origins − 1)
 *    degrees of freedom (at least 2): σ_k is estimated from few, overlapping
 *    windows, and t accounts for that estimation error (the classical prediction
 *    interval for a new observation with estimated variance).
 */
import { studentTQuantile } from '../distributions.js';

export interface BacktestWindow {
  actual: readonly number[];
  forecast: readonly number[];
}

export interface IntervalInput {
  /** Point forecasts for steps 1…h. */
  point: readonly number[];
  /** The method's out-of-sample backtest windows: actual values and its forecasts from each origin. */
  windows: readonly BacktestWindow[];
  /** True when every training value is positive (log-scale errors are allowed). */
  positive: boolean;
  /** Fallback one-step scale when there is no backtest window (e.g. sd of first differences). */
  fallbackSigma?: number;
}

export interface Interval {
  level: number;
  lower: number[];
  upper: number[];
}

export interface IntervalResult {
  intervals: Interval[];
  scale: 'log' | 'absolute';
  /** Smoothed error scale per step (log or absolute units). */
  sigma: number[];
}

const P_MIN = 0;
const P_MAX = 1.5;

/** Weighted least-squares fit of log σ_k = a + p·log k over steps with errors; p defaults to ½ (random walk). */
export function smoothSigma(sumSq: readonly number[], counts: readonly number[], h: number): number[] {
  const pts: { x: number; y: number; w: number }[] = [];
  for (let k = 0; k < sumSq.length; k++) {
    if (counts[k] > 0 && sumSq[k] > 0) pts.push({ x: Math.log(k + 1), y: 0.5 * Math.log(sumSq[k] / counts[k]), w: counts[k] });
  }
  if (pts.length === 0) return new Array<number>(h).fill(0);
  let p = 0.5;
  let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const { x, y, w } of pts) { sw += w; sx += w * x; sy += w * y; sxx += w * x * x; sxy += w * x * y; }
  const det = sw * sxx - sx * sx;
  if (pts.length >= 2 && det > 1e-12) p = Math.min(P_MAX, Math.max(P_MIN, (sw * sxy - sx * sy) / det));
  const a = (sy - p * sx) / sw;
  return Array.from({ length: h }, (_, k) => Math.exp(a + p * Math.log(k + 1)));
}

/**
 * Intervals at each level (percent, e.g. 80 and 95) around `point`.
 * Guarantees lower ≤ point ≤ upper, and nested intervals for nested levels.
 */
export function predictionIntervals(input: IntervalInput, levels: readonly number[]): IntervalResult {
  const h = input.point.length;
  const { windows } = input;
  const useLog =
    input.positive &&
    input.point.every((v) => v > 0) &&
    windows.every((w) => w.forecast.every((v) => v > 0) && w.actual.every((v) => v > 0));
  const sumSq = new Array<number>(h).fill(0);
  const counts = new Array<number>(h).fill(0);
  let seen = false;
  for (const w of windows) {
    for (let k = 0; k < Math.min(h, w.actual.length); k++) {
      const e = useLog ? Math.log(w.actual[k] / w.forecast[k]) : w.actual[k] - w.forecast[k];
      if (!Number.isFinite(e)) continue;
      sumSq[k] += e * e;
      counts[k]++;
      seen = true;
    }
  }
  let sigma = smoothSigma(sumSq, counts, h);
  let scale: 'log' | 'absolute' = useLog ? 'log' : 'absolute';
  if (!seen && input.fallbackSigma !== undefined) {
    // No backtest window: random-walk growth of the fallback scale, on the original scale.
    sigma = Array.from({ length: h }, (_, k) => input.fallbackSigma! * Math.sqrt(k + 1));
    scale = 'absolute';
  }
  const nu = Math.max(2, windows.length - 1);
  const intervals = levels.map((level) => {
    const q = studentTQuantile(0.5 + level / 200, nu);
    const lower: number[] = [];
    const upper: number[] = [];
    for (let k = 0; k < h; k++) {
      const f = input.point[k];
      const d = q * sigma[k];
      if (scale === 'log') {
        lower.push(f * Math.exp(-d));
        upper.push(f * Math.exp(d));
      } else {
        lower.push(f - d);
        upper.push(f + d);
      }
    }
    return { level, lower, upper };
  });
  return { intervals, scale, sigma };
}
