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
 * says how many were dropped. `x` defaults to the index 0…n−1; `index` maps each
 * kept pair back to its position in the input.
 */
export function cleanPairs(
  y: readonly number[],
  x?: readonly number[],
): { x: number[]; y: number[]; index: number[]; warnings: TrendWarning[] } {
  const pairs: Array<[number, number, number]> = [];
  for (let i = 0; i < y.length; i++) {
    const xi = x ? x[i] : i;
    if (Number.isFinite(xi) && Number.isFinite(y[i])) pairs.push([xi, y[i], i]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const warnings: TrendWarning[] = [];
  const dropped = y.length - pairs.length;
  if (dropped > 0) warnings.push(createWarning('dropped-non-finite', `${dropped} point(s) with a missing or non-finite value or time were ignored`));
  return { x: pairs.map((p) => p[0]), y: pairs.map((p) => p[1]), index: pairs.map((p) => p[2]), warnings };
}

/** Median of a non-empty array (average of the two middle values for even length). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Largest |value| (0 for an empty array); a loop, as spreading a long array into Math.max overflows the stack. */
export function maxAbs(values: readonly number[]): number {
  let m = 0;
  for (const v of values) if (Math.abs(v) > m) m = Math.abs(v);
  return m;
}
