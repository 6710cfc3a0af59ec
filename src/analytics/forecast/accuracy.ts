/**
 * Accuracy measures of the M4 competition.
 *
 * Reference: Makridakis, Spiliotis & Assimakopoulos, "The M4 Competition: 100,000
 * time series and 61 forecasting methods", IJF 36(1), 2020, §2 — sMAPE, MASE
 * (Hyndman & Koehler, "Another look at measures of forecast accuracy", IJF 22(4),
 * 2006) and OWA.
 */

/** sMAPE = mean of 200·|y − ŷ| / (|y| + |ŷ|); a term with y = ŷ = 0 counts 0. */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i]) + Math.abs(forecast[i]);
    s += d > 0 ? (200 * Math.abs(actual[i] - forecast[i])) / d : 0;
  }
  return s / actual.length;
}

/** In-sample mean |x_t − x_{t−m}| (the MASE denominator); falls back to lag 1 when n ≤ m. */
export function maseScale(insample: readonly number[], m: number): number {
  const lag = insample.length > m ? m : 1;
  let s = 0;
  let c = 0;
  for (let t = lag; t < insample.length; t++) {
    s += Math.abs(insample[t] - insample[t - lag]);
    c++;
  }
  return c > 0 ? s / c : 0;
}

/** MASE = mean |y − ŷ| / `scale` (from `maseScale`); NaN when the scale is 0. */
export function mase(actual: readonly number[], forecast: readonly number[], scale: number): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i] - forecast[i]);
  return scale > 0 ? s / actual.length / scale : Number.NaN;
}

/** OWA = ½ (sMAPE / sMAPE_Naive2 + MASE / MASE_Naive2), on averages over a set of series. */
export function owa(score: { smape: number; mase: number }, naive2: { smape: number; mase: number }): number {
  return 0.5 * (score.smape / naive2.smape + score.mase / naive2.mase);
}
