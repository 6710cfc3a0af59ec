/**
 * The benchmark forecasts: naive (random walk), seasonal naive and drift.
 * Naive2 is `naive` on seasonally adjusted data (see `models.ts`).
 *
 * Reference: Hyndman & Athanasopoulos, Forecasting: Principles and Practice
 * (3rd ed.) §5.2 "Some simple forecasting methods"; Naive2 as defined by the
 * M4 competition (Makridakis, Spiliotis & Assimakopoulos, IJF 36(1), 2020).
 */
import type { FittedModel } from './types.js';

/** ŷ_{n+h} = y_n. */
export function fitNaive(y: readonly number[]): FittedModel {
  const last = y[y.length - 1];
  return { notes: [], forecast: (h) => new Array<number>(h).fill(last) };
}

/** ŷ_{n+h} = y_{n+h−m·(⌊(h−1)/m⌋+1)}: the value one season earlier. Needs n ≥ m. */
export function fitSeasonalNaive(y: readonly number[], m: number): FittedModel {
  const n = y.length;
  return {
    notes: [],
    forecast: (h) => Array.from({ length: h }, (_, i) => y[n - m + (i % m)]),
  };
}

/** Random walk with drift: ŷ_{n+h} = y_n + h·(y_n − y_1)/(n − 1). */
export function fitDrift(y: readonly number[]): FittedModel {
  const n = y.length;
  const slope = n > 1 ? (y[n - 1] - y[0]) / (n - 1) : 0;
  return { notes: [], forecast: (h) => Array.from({ length: h }, (_, i) => y[n - 1] + (i + 1) * slope) };
}
