import { AlmanacError, type Issue } from '../../core/errors.js';
import { alignPairs, checkSameLength, correlate, correlationPValue, type CorrelationMethod, type CorrelationResult } from './correlate.js';

export interface LagSearchOptions {
  /** Lags −maxLag…maxLag are tried (default: min(n/4, 30)). */
  readonly maxLag?: number;
  readonly method?: CorrelationMethod;
}

export interface LagCorrelation extends CorrelationResult {
  /** Pairs x[t] with y[t + lag]: a positive lag means y follows x (x leads) by `lag` steps. */
  readonly lag: number;
}

export interface LagSearchResult {
  /** The lag with the largest |r|; null when no lag has a defined correlation. */
  readonly best: LagCorrelation | null;
  /** Every lag tried, in order −maxLag…maxLag. */
  readonly lags: readonly LagCorrelation[];
  /** Number of lags with a defined correlation (the Bonferroni multiplier). */
  readonly lagsTested: number;
  /** The best lag's p-value × lagsTested, capped at 1 (Bonferroni): corrects for picking the best of many lags. */
  readonly bonferroniPValue: number | null;
  /**
   * Effective number of independent pairs at the best lag for autocorrelated series,
   * n_eff = n(1 − ρ₁ˣρ₁ʸ)/(1 + ρ₁ˣρ₁ʸ) with ρ₁ the lag-1 autocorrelations (capped at n).
   */
  readonly effectiveSampleSize: number | null;
  /** Lag-1 autocorrelations of x and y. */
  readonly autocorrelation: { readonly x: number | null; readonly y: number | null };
  /** The best lag's p-value recomputed with n_eff, then Bonferroni-corrected: the one to report. */
  readonly adjustedPValue: number | null;
  /** Plain-language caveat when autocorrelation shrinks the effective sample size noticeably. */
  readonly note?: string;
}

/** Lag-1 autocorrelation r₁ = Σ(xₜ − x̄)(xₜ₊₁ − x̄)/Σ(xₜ − x̄)² (Box & Jenkins); null for < 3 values or a constant series. */
export function lag1Autocorrelation(values: readonly number[]): number | null {
  const n = values.length;
  if (n < 3) return null;
  const m = values.reduce((s, v) => s + v, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    den += (values[i] - m) ** 2;
    if (i + 1 < n) num += (values[i] - m) * (values[i + 1] - m);
  }
  return den === 0 ? null : num / den;
}

function shifted(x: readonly (number | null | undefined)[], y: readonly (number | null | undefined)[], lag: number) {
  // x[t] with y[t + lag] for every t where both indices exist.
  const start = Math.max(0, -lag);
  const end = Math.min(x.length, y.length - lag);
  const xs: (number | null | undefined)[] = [];
  const ys: (number | null | undefined)[] = [];
  for (let t = start; t < end; t++) {
    xs.push(x[t]);
    ys.push(y[t + lag]);
  }
  return { xs, ys };
}

/**
 * Cross-correlation lag search: correlate x[t] with y[t + k] for k in −maxLag…maxLag and return
 * the lag with the largest |r|.
 *
 * Choosing the best of 2·maxLag + 1 lags inflates false positives, so the best lag's p-value is
 * Bonferroni-corrected (Dunn 1961). Trending or smooth series are autocorrelated, which makes the
 * plain t-test far too confident; the effective sample size of Bretherton et al. (1999, J. Climate
 * 12, eq. 31), n_eff = n(1 − ρ₁ˣρ₁ʸ)/(1 + ρ₁ˣρ₁ʸ), gives the adjusted p-value. For trending series,
 * correlating first differences is usually more meaningful; that is left to the caller.
 *
 * @example lagSearch(orders, revenue, { maxLag: 7 }).best?.lag // 2 → revenue follows orders by 2 steps
 */
export function lagSearch(x: readonly (number | null | undefined)[], y: readonly (number | null | undefined)[], options: LagSearchOptions = {}): LagSearchResult {
  checkSameLength(x, y);
  const method = options.method ?? 'pearson';
  const maxLag = options.maxLag ?? Math.min(Math.floor(x.length / 4), 30);
  const issues: Issue[] = [];
  if (!(Number.isInteger(maxLag) && maxLag >= 0)) issues.push({ path: 'maxLag', message: `expected a non-negative integer, received ${String(maxLag)}` });
  else if (maxLag > x.length - 3) issues.push({ path: 'maxLag', message: `expected at most ${Math.max(0, x.length - 3)} (series length − 3), received ${maxLag}` });
  if (issues.length) throw new AlmanacError('bad_request', 'invalid lag search options', { issues });

  const lags: LagCorrelation[] = [];
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const { xs, ys } = shifted(x, y, lag);
    lags.push({ lag, ...correlate(xs, ys, method) });
  }
  const defined = lags.filter((l) => l.r !== null);
  const { xs: ax, ys: ay } = alignPairs(x, y);
  const autocorrelation = { x: lag1Autocorrelation(ax), y: lag1Autocorrelation(ay) };
  if (defined.length === 0) {
    return { best: null, lags, lagsTested: 0, bonferroniPValue: null, effectiveSampleSize: null, autocorrelation, adjustedPValue: null };
  }
  // Largest |r|; ties go to the smallest |lag| (then the negative one, by scan order).
  let best = defined[0];
  for (const l of defined) {
    const d = Math.abs(l.r!) - Math.abs(best.r!);
    if (d > 1e-12 || (Math.abs(d) <= 1e-12 && Math.abs(l.lag) < Math.abs(best.lag))) best = l;
  }
  const m = defined.length;
  const bonferroniPValue = Math.min(1, best.pValue! * m);
  const rho = (autocorrelation.x ?? 0) * (autocorrelation.y ?? 0);
  const effectiveSampleSize = Math.min(best.n, (best.n * (1 - rho)) / (1 + rho));
  const adjusted = Math.min(1, correlationPValue(best.r!, effectiveSampleSize).pValue * m);
  const note =
    effectiveSampleSize < 0.8 * best.n
      ? `Both series are autocorrelated (lag-1 autocorrelation ${fmt(autocorrelation.x)} and ${fmt(autocorrelation.y)}), so the ${best.n} pairs carry about as much information as ${Math.max(0, Math.round(effectiveSampleSize))} independent ones; adjustedPValue accounts for this.`
      : undefined;
  return { best, lags, lagsTested: m, bonferroniPValue, effectiveSampleSize, autocorrelation, adjustedPValue: adjusted, ...(note ? { note } : {}) };
}

const fmt = (v: number | null) => (v === null ? 'n/a' : v.toFixed(2));
