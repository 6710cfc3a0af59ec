/**
 * Exponential smoothing: simple (SES), Holt's linear trend, damped trend and
 * Holt–Winters with additive or multiplicative seasonality, in the
 * error-correction (state space) form with additive errors.
 *
 * References:
 * - R. J. Hyndman, A. B. Koehler, J. K. Ord, R. D. Snyder, Forecasting with
 *   Exponential Smoothing: The State Space Approach (Springer 2008), Table 2.1
 *   (ETS(A,N,N), (A,A,N), (A,Ad,N), (A,Ad,A), (A,Ad,M)) and §2.6.1 (initial states).
 * - E. S. Gardner Jr., E. McKenzie, "Forecasting trends in time series",
 *   Management Science 31(10), 1985 (damped trend).
 * - P. R. Winters, "Forecasting sales by exponentially weighted moving averages",
 *   Management Science 6(3), 1960 (Holt–Winters).
 * - Hyndman & Athanasopoulos, Forecasting: Principles and Practice (3rd ed.),
 *   §8.1–8.3; parameter bounds of R's `forecast::ets` ("usual"): α ∈ [1e-4, 0.9999],
 *   β ∈ [1e-4, α], γ ∈ [1e-4, 1 − α], φ ∈ [0.8, 0.98].
 *
 * Parameters minimise the in-sample sum of squared one-step errors (the ETS
 * likelihood for additive errors). For the linear models the initial level and
 * trend enter the errors linearly, so for given smoothing parameters their
 * optimum is an exact least-squares solve; only the smoothing parameters are
 * searched (golden section for SES's α, Nelder–Mead from the best point of a
 * small grid otherwise).
 */
import { goldenSection } from './golden-section.js';
import { nelderMead } from './nelder-mead.js';
import { classicalDecomposition } from './seasonality.js';
import type { FittedModel } from './types.js';

const A_MIN = 1e-4;
const A_MAX = 0.9999;
const PHI_MIN = 0.8;
const PHI_MAX = 0.98;

export interface EtsParameters {
  alpha: number;
  /** Trend smoothing (0 with no trend). */
  beta: number;
  /** Seasonal smoothing (0 with no season). */
  gamma: number;
  /** Damping (1 = undamped). */
  phi: number;
}

export interface EtsSpec {
  trend: boolean;
  /** Seasonal period (1 = none). */
  season: number;
  seasonal: 'none' | 'additive' | 'multiplicative';
}

export interface EtsState {
  level: number;
  trend: number;
  /** Ring buffer: `seasonals[i]` is the latest seasonal for positions ≡ i (mod season). */
  seasonals: number[];
  /** Number of observations processed (the position of the next one). */
  t: number;
}

export interface EtsRun {
  state: EtsState;
  /** One-step-ahead fitted values ŷ_t. */
  fitted: number[];
  sse: number;
}

/**
 * Run the ETS recursions over `y` from the initial state (Hyndman et al. 2008, Table 2.1).
 *
 * @example // SES with α = 0.5, ℓ0 = 10 on [12, 14]: fitted [10, 11], final level 12.5
 * etsFilter([12, 14], { alpha: 0.5, beta: 0, gamma: 0, phi: 1 }, { trend: false, season: 1, seasonal: 'none' },
 *   { level: 10, trend: 0, seasonals: [0], t: 0 })
 */
export function etsFilter(y: readonly number[], p: EtsParameters, spec: EtsSpec, init: EtsState): EtsRun {
  let l = init.level;
  let b = spec.trend ? init.trend : 0;
  const s = [...init.seasonals];
  const m = spec.seasonal === 'none' ? 1 : spec.season;
  const fitted: number[] = [];
  let sse = 0;
  for (let i = 0; i < y.length; i++) {
    const pos = (init.t + i) % m;
    const base = l + p.phi * b;
    let yhat: number;
    if (spec.seasonal === 'additive') yhat = base + s[pos];
    else if (spec.seasonal === 'multiplicative') yhat = base * s[pos];
    else yhat = base;
    const e = y[i] - yhat;
    fitted.push(yhat);
    sse += e * e;
    if (spec.seasonal === 'multiplicative') {
      const sp = s[pos];
      const safe = Math.abs(sp) > 1e-12 ? sp : 1e-12;
      l = base + (p.alpha * e) / safe;
      if (spec.trend) b = p.phi * b + (p.beta * e) / safe;
      s[pos] = sp + (p.gamma * e) / (Math.abs(base) > 1e-12 ? base : 1e-12);
    } else {
      l = base + p.alpha * e;
      if (spec.trend) b = p.phi * b + p.beta * e;
      if (spec.seasonal === 'additive') s[pos] = s[pos] + p.gamma * e;
    }
  }
  return { state: { level: l, trend: b, seasonals: s, t: init.t + y.length }, fitted, sse };
}

/** Point forecasts h steps ahead from a state. */
export function etsForecast(state: EtsState, p: EtsParameters, spec: EtsSpec, h: number): number[] {
  const out: number[] = [];
  const m = spec.seasonal === 'none' ? 1 : spec.season;
  let damp = 0;
  let phiK = 1;
  for (let k = 1; k <= h; k++) {
    phiK *= p.phi;
    damp += phiK;
    const base = state.level + (spec.trend ? damp * state.trend : 0);
    const pos = (state.t + k - 1) % m;
    if (spec.seasonal === 'additive') out.push(base + state.seasonals[pos]);
    else if (spec.seasonal === 'multiplicative') out.push(base * state.seasonals[pos]);
    else out.push(base);
  }
  return out;
}

/**
 * For the additive (linear) models: the sum of squared errors at the least-squares
 * optimal initial level (and trend), given smoothing parameters and fixed initial
 * seasonals. Three runs of the recursion at once: the data from a zero state, and
 * a zero series from a unit level and from a unit trend; errors are linear in the
 * initial state, so e(ℓ0, b0) = e₀ + ℓ0·d_ℓ + b0·d_b.
 */
function linearOptimum(
  y: readonly number[],
  p: EtsParameters,
  spec: EtsSpec,
  seasonals0: readonly number[],
): { sse: number; level: number; trend: number } {
  const seasonal = spec.seasonal === 'additive';
  const m = seasonal ? spec.season : 1;
  const sY = new Float64Array(m);
  if (seasonal) for (let i = 0; i < m; i++) sY[i] = seasonals0[i];
  const sL = new Float64Array(m);
  const sB = new Float64Array(m);
  let lY = 0, bY = 0, lL = 1, bL = 0, lB = 0, bB = 1;
  let ee = 0, eL = 0, eB = 0, LL = 0, LB = 0, BB = 0;
  const { alpha, gamma, phi } = p;
  const beta = spec.trend ? p.beta : 0;
  const g = seasonal ? gamma : 0;
  const n = y.length;
  let pos = 0;
  for (let i = 0; i < n; i++) {
    // Without a season m = 1 and the seasonal terms stay 0 (g = 0), so one loop serves all three models.
    const baseY = lY + phi * bY;
    const baseL = lL + phi * bL;
    const baseB = lB + phi * bB;
    const e0 = y[i] - baseY - sY[pos];
    const dL = -baseL - sL[pos];
    const dB = -baseB - sB[pos];
    ee += e0 * e0; eL += e0 * dL; eB += e0 * dB; LL += dL * dL; LB += dL * dB; BB += dB * dB;
    lY = baseY + alpha * e0; lL = baseL + alpha * dL; lB = baseB + alpha * dB;
    bY = phi * bY + beta * e0; bL = phi * bL + beta * dL; bB = phi * bB + beta * dB;
    sY[pos] += g * e0; sL[pos] += g * dL; sB[pos] += g * dB;
    if (++pos === m) pos = 0;
  }
  if (!spec.trend) {
    const level = LL > 1e-12 ? -eL / LL : 0;
    return { sse: Math.max(0, ee + 2 * level * eL + level * level * LL), level, trend: 0 };
  }
  // Solve [LL LB; LB BB] [ℓ; b] = −[eL; eB] with a tiny ridge for near-singular cases.
  const ridge = 1e-10 * (LL + BB + 1);
  const a11 = LL + ridge, a22 = BB + ridge, a12 = LB;
  const det = a11 * a22 - a12 * a12;
  if (!(Math.abs(det) > 1e-300)) {
    const level = LL > 1e-12 ? -eL / LL : 0;
    return { sse: Math.max(0, ee + 2 * level * eL + level * level * LL), level, trend: 0 };
  }
  const level = (-eL * a22 + eB * a12) / det;
  const trend = (-eB * a11 + eL * a12) / det;
  const sse = ee + 2 * (level * eL + trend * eB) + level * level * LL + 2 * level * trend * LB + trend * trend * BB;
  return { sse: Math.max(0, sse), level, trend };
}

/** Sum of squared one-step errors of ETS(A,Ad,M) from a fixed initial state, without allocating fitted values. */
function multiplicativeSse(y: readonly number[], p: EtsParameters, m: number, init: EtsState): number {
  const s = Float64Array.from(init.seasonals);
  let l = init.level;
  let b = init.trend;
  let sse = 0;
  let pos = 0;
  for (let i = 0; i < y.length; i++) {
    const base = l + p.phi * b;
    const sp = s[pos];
    const e = y[i] - base * sp;
    sse += e * e;
    const safe = Math.abs(sp) > 1e-12 ? sp : 1e-12;
    l = base + (p.alpha * e) / safe;
    b = p.phi * b + (p.beta * e) / safe;
    s[pos] = sp + (p.gamma * e) / (Math.abs(base) > 1e-12 ? base : 1e-12);
    if (++pos === m) pos = 0;
  }
  return Number.isFinite(sse) ? sse : Number.POSITIVE_INFINITY;
}

/** A fitted exponential smoothing model with its parameters and final state. */
export interface EtsFit extends FittedModel {
  parameters: EtsParameters;
  spec: EtsSpec;
  state: EtsState;
  fitted: number[];
  sse: number;
}

function makeFit(y: readonly number[], p: EtsParameters, spec: EtsSpec, init: EtsState, notes: string[]): EtsFit {
  const run = etsFilter(y, p, spec, init);
  return {
    parameters: p,
    spec,
    state: run.state,
    fitted: run.fitted,
    sse: run.sse,
    notes,
    forecast: (h) => etsForecast(run.state, p, spec, h),
  };
}

/** Map the search box [0,1]^k to admissible parameters: β = α·b, γ = (1 − α)·g (so β ≤ α, γ ≤ 1 − α). */
function toParameters(x: readonly number[], spec: EtsSpec, damped: boolean): EtsParameters {
  const alpha = Math.min(A_MAX, Math.max(A_MIN, x[0]));
  let i = 1;
  const beta = spec.trend ? Math.max(A_MIN, alpha * x[i++]) : 0;
  const gamma = spec.seasonal !== 'none' ? Math.max(A_MIN, (1 - alpha) * x[i++]) : 0;
  const phi = spec.trend && damped ? x[i++] : 1;
  return { alpha, beta, gamma, phi };
}

/** Starting points tried before Nelder–Mead: a small grid over the smoothing parameters. */
function startGrid(spec: EtsSpec, damped: boolean): number[][] {
  const alphas = [0.1, 0.4, 0.8];
  let grid: number[][] = alphas.map((a) => [a]);
  if (spec.trend) grid = grid.flatMap((g) => [0.05, 0.5].map((b) => [...g, b]));
  if (spec.seasonal !== 'none') grid = grid.flatMap((g) => [0.05, 0.4].map((c) => [...g, c]));
  if (spec.trend && damped) grid = grid.flatMap((g) => [0.9, 0.97].map((f) => [...g, f]));
  return grid;
}

function boxFor(spec: EtsSpec, damped: boolean): { lower: number[]; upper: number[] } {
  const lower = [A_MIN];
  const upper = [A_MAX];
  if (spec.trend) { lower.push(0); upper.push(1); }
  if (spec.seasonal !== 'none') { lower.push(0); upper.push(1); }
  if (spec.trend && damped) { lower.push(PHI_MIN); upper.push(PHI_MAX); }
  return { lower, upper };
}

function optimise(objective: (x: number[]) => number, spec: EtsSpec, damped: boolean): number[] {
  if (!spec.trend && spec.seasonal === 'none') {
    // One parameter (α): a coarse grid, then golden-section search between the best point's neighbours.
    const grid = [A_MIN, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, A_MAX];
    const values = grid.map((a) => objective([a]));
    const i = values.indexOf(Math.min(...values));
    const found = goldenSection((a) => objective([a]), grid[Math.max(0, i - 1)], grid[Math.min(grid.length - 1, i + 1)]);
    return found.value <= values[i] ? [found.x] : [grid[i]];
  }
  let best: number[] = [];
  let bestValue = Number.POSITIVE_INFINITY;
  for (const x of startGrid(spec, damped)) {
    const v = objective(x);
    if (v < bestValue) { bestValue = v; best = x; }
  }
  const dims = best.length;
  const result = nelderMead(objective, best, { ...boxFor(spec, damped), maxEvaluations: 20 + 30 * dims, tolerance: 1e-5 });
  return result.value <= bestValue ? result.x : best;
}

/** Simple exponential smoothing, ETS(A,N,N), with optimised α and ℓ0. */
export function fitSes(y: readonly number[]): EtsFit {
  const spec: EtsSpec = { trend: false, season: 1, seasonal: 'none' };
  return fitLinear(y, spec, false, [0]);
}

/** Holt's linear trend, ETS(A,A,N) (`damped` = true: ETS(A,Ad,N), Gardner & McKenzie). */
export function fitHolt(y: readonly number[], damped: boolean): EtsFit {
  const spec: EtsSpec = { trend: true, season: 1, seasonal: 'none' };
  return fitLinear(y, spec, damped, [0]);
}

function fitLinear(y: readonly number[], spec: EtsSpec, damped: boolean, seasonals0: number[]): EtsFit {
  const objective = (x: number[]) => linearOptimum(y, toParameters(x, spec, damped), spec, seasonals0).sse;
  const p = toParameters(optimise(objective, spec, damped), spec, damped);
  const { level, trend } = linearOptimum(y, p, spec, seasonals0);
  return makeFit(y, p, spec, { level, trend, seasonals: seasonals0, t: 0 }, []);
}

/** Initial seasonals from a classical decomposition of the first (up to) four seasons (Hyndman et al. 2008 §2.6.1). */
function initialSeasonals(y: readonly number[], m: number, type: 'additive' | 'multiplicative'): number[] {
  const head = y.slice(0, Math.min(y.length, 4 * m));
  return classicalDecomposition(head, m, type).figure;
}

/**
 * Holt–Winters with damped trend, ETS(A,Ad,A) or ETS(A,Ad,M). Needs n ≥ 2m;
 * multiplicative needs positive data — callers fall back otherwise.
 */
export function fitHoltWinters(y: readonly number[], m: number, seasonal: 'additive' | 'multiplicative'): EtsFit {
  const spec: EtsSpec = { trend: true, season: m, seasonal };
  const seasonals0 = initialSeasonals(y, m, seasonal);
  if (seasonal === 'additive') return fitLinear(y, spec, true, seasonals0);
  // Multiplicative: level and trend from a regression on the first two seasonally adjusted seasons.
  const k = Math.min(y.length, 2 * m);
  const adj = y.slice(0, k).map((v, t) => v / seasonals0[t % m]);
  const tBar = (k + 1) / 2;
  const aBar = adj.reduce((a, b) => a + b, 0) / k;
  let sxy = 0, sxx = 0;
  adj.forEach((a, i) => { sxy += (i + 1 - tBar) * (a - aBar); sxx += (i + 1 - tBar) ** 2; });
  const slope = sxx > 0 ? sxy / sxx : 0;
  const init: EtsState = { level: aBar - slope * tBar, trend: slope, seasonals: seasonals0, t: 0 };
  const objective = (x: number[]) => multiplicativeSse(y, toParameters(x, spec, true), m, init);
  const p = toParameters(optimise(objective, spec, true), spec, true);
  return makeFit(y, p, spec, init, []);
}
