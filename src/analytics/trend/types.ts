/**
 * Shared result vocabulary for trend and change analysis. Functions here return
 * warnings as data instead of throwing on awkward input (tiny samples, zeros,
 * constant series), so a caller can show the number and the caveat together.
 */

/** Why a result is weaker than it looks. A closed union: add a code, then handle it. */
export type TrendWarningCode =
  | 'dropped-non-finite'
  | 'too-few-points'
  | 'constant-series'
  | 'zero-baseline'
  | 'zero-variance'
  | 'small-sample';

export interface TrendWarning {
  code: TrendWarningCode;
  message: string;
}

export function createWarning(code: TrendWarningCode, message: string): TrendWarning {
  return { code, message };
}

/**
 * Keeps the pairs (x[i], y[i]) where both are finite, sorted by x (stable), and
 * says how many were dropped. `x` defaults to the index 0…n−1.
 */
export function cleanPairs(
  y: readonly number[],
  x?: readonly number[],
): { x: number[]; y: number[]; warnings: TrendWarning[] } {
  if (x && x.length !== y.length) {
    throw new RangeError(`times has ${x.length} entries but the series has ${y.length}; they must be the same length`);
  }
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < y.length; i++) {
    const xi = x ? x[i] : i;
    if (Number.isFinite(xi) && Number.isFinite(y[i])) pairs.push([xi, y[i]]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const warnings: TrendWarning[] = [];
  const dropped = y.length - pairs.length;
  if (dropped > 0) warnings.push(createWarning('dropped-non-finite', `${dropped} point(s) with a missing or non-finite value or time were ignored`));
  return { x: pairs.map((p) => p[0]), y: pairs.map((p) => p[1]), warnings };
}

/** Median of a non-empty array (average of the two middle values for even length). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
