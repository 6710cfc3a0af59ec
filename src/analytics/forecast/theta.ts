/**
 * The standard Theta method.
 *
 * Reference: V. Assimakopoulos, K. Nikolopoulos, "The theta model: a decomposition
 * approach to forecasting", IJF 16(4), 2000; R. J. Hyndman, B. Billah, "Unmasking
 * the Theta method", IJF 19(2), 2003 (SES plus half the drift). Implemented as the
 * M4 benchmark `Theta.classic`: the θ=0 line is the least-squares linear trend,
 * the θ=2 line (2y − trend) is extrapolated by SES with optimised α and ℓ0, and
 * the forecast is their equal-weight average. Seasonal adjustment (multiplicative
 * classical decomposition when the 90 % ACF test says seasonal) is applied around
 * it by `models.ts`, as in M3/M4.
 */
import { fitSes } from './exponential-smoothing.js';
import type { FittedModel } from './types.js';

/** Least-squares line through (t, y_t), t = 1…n. */
export function linearFit(y: readonly number[]): { intercept: number; slope: number } {
  const n = y.length;
  const tBar = (n + 1) / 2;
  const yBar = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i + 1 - tBar) * (y[i] - yBar);
    sxx += (i + 1 - tBar) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { intercept: yBar - slope * tBar, slope };
}

/**
 * @example // on a straight line the forecast keeps the last value and adds half the slope per step
 * fitTheta([1, 2, 3, 4, 5]).forecast(2) // → ≈[5.5, 6]
 */
export function fitTheta(y: readonly number[]): FittedModel {
  const n = y.length;
  const { intercept, slope } = linearFit(y);
  const thetaTwo = y.map((v, i) => 2 * v - (intercept + slope * (i + 1)));
  const ses = fitSes(thetaTwo);
  return {
    notes: [],
    forecast(h) {
      const s = ses.forecast(h);
      return s.map((v, i) => 0.5 * v + 0.5 * (intercept + slope * (n + i + 1)));
    },
  };
}
