import { AlmanacError, type Issue } from '../../core/errors.js';
import { studentTTwoSided } from '../distributions.js';

export type CorrelationMethod = 'pearson' | 'spearman';

export interface CorrelationResult {
  readonly method: CorrelationMethod;
  /** Correlation coefficient in [−1, 1]; null when undefined (fewer than 3 pairs or a constant series). */
  readonly r: number | null;
  /** Number of pairs used (pairs where either value is missing or not finite are dropped). */
  readonly n: number;
  /** t = r√(n − 2)/√(1 − r²). */
  readonly statistic: number | null;
  /** Two-sided p-value of H₀: ρ = 0 from Student's t with n − 2 degrees of freedom. */
  readonly pValue: number | null;
  /** Why r is null, when it is. */
  readonly note?: string;
}

type Series = readonly (number | null | undefined)[];

/** Keep the pairs where both values are finite numbers. */
export function alignPairs(x: Series, y: Series): { xs: number[]; ys: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b)) {
      xs.push(a);
      ys.push(b);
    }
  }
  return { xs, ys };
}

/** Pearson's product-moment r of two equal-length arrays (two-pass, centred sums); NaN when a series is constant. */
export function pearsonR(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx;
    const dy = ys[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Fractional ranks 1…n, ties getting the average of the ranks they span. */
export function rank(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k][1]] = avg;
    i = j + 1;
  }
  return ranks;
}

/**
 * p-value of a correlation r over n pairs: t = r√(n − 2)/√(1 − r²) ~ t(n − 2) under H₀
 * (Fisher 1915; e.g. Sheskin, Handbook of Parametric and Nonparametric Statistical Procedures, Test 28).
 * Accepts a non-integer n (an effective sample size).
 */
export function correlationPValue(r: number, n: number): { statistic: number; pValue: number } {
  const df = n - 2;
  if (df <= 0) return { statistic: NaN, pValue: 1 };
  if (Math.abs(r) >= 1) return { statistic: Math.sign(r) * Infinity, pValue: 0 };
  const statistic = (r * Math.sqrt(df)) / Math.sqrt(1 - r * r);
  return { statistic, pValue: studentTTwoSided(statistic, df) };
}

export function checkSameLength(x: Series, y: Series): void {
  const issues: Issue[] = [];
  if (x.length !== y.length) issues.push({ path: 'y', message: `expected ${x.length} values (as many as x), received ${y.length}` });
  if (issues.length) throw new AlmanacError('bad_request', 'invalid correlation input', { issues });
}

function fromPairs(method: CorrelationMethod, xs: number[], ys: number[]): CorrelationResult {
  const n = xs.length;
  if (n < 3) return { method, r: null, n, statistic: null, pValue: null, note: `needs at least 3 complete pairs, has ${n}` };
  const r = method === 'pearson' ? pearsonR(xs, ys) : pearsonR(rank(xs), rank(ys));
  if (Number.isNaN(r)) return { method, r: null, n, statistic: null, pValue: null, note: 'one series is constant, so the correlation is undefined' };
  return { method, r, n, ...correlationPValue(r, n) };
}

/**
 * Correlation of two aligned series (same length, same timestamps). Missing or non-finite values
 * drop their pair.
 *
 * - `pearson`: linear association (Pearson 1896).
 * - `spearman`: monotonic association, Pearson's r on fractional ranks so ties are handled
 *   (Spearman 1904). Its p-value uses the same t approximation, adequate for n ≥ 10.
 *
 * @example correlate([1, 2, 3, 4], [2, 4, 5, 9]) // { r: 0.96…, pValue: 0.03… }
 */
export function correlate(x: Series, y: Series, method: CorrelationMethod = 'pearson'): CorrelationResult {
  checkSameLength(x, y);
  const { xs, ys } = alignPairs(x, y);
  return fromPairs(method, xs, ys);
}

/** Pearson correlation; see {@link correlate}. */
export const pearson = (x: Series, y: Series): CorrelationResult => correlate(x, y, 'pearson');
/** Spearman rank correlation; see {@link correlate}. */
export const spearman = (x: Series, y: Series): CorrelationResult => correlate(x, y, 'spearman');
