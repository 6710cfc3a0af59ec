/**
 * `auto`: a per-series combination of models weighted by their rolling-origin
 * backtest accuracy.
 *
 * Every candidate is refitted at up to 8 earlier origins of the training data
 * (`backtest.ts`) and scored by its mean absolute scaled error there (MASE,
 * Hyndman & Koehler 2006, scaled per origin). The forecast is the weighted mean
 * of all candidates with weights ∝ 1 / MASE² — the inverse-MSE weighting of
 * J. M. Bates & C. W. J. Granger, "The combination of forecasts", Operational
 * Research Quarterly 20(4), 1969, on scaled absolute errors. Combining rather
 * than picking one model is what the forecasting competitions keep showing
 * (Makridakis et al., M3 2000 and M4 2020; Clemen, "Combining forecasts: a
 * review", IJF 5(4), 1989): selection from a few noisy backtest windows
 * often picks the wrong model, while a weighted average of sensible models is
 * rarely far from the best and keeps weak ones at a small weight.
 *
 * The candidate set depends on the data: seasonal naive and Holt–Winters only
 * with a seasonal period and two cycles of data, multiplicative Holt–Winters
 * only for positive data. AutoETS (augurs) is not a candidate: on the M3
 * training data it was both slower and less accurate than our damped trend and
 * did not improve the combination (docs/analytics-forecast.md).
 *
 * The combination's backtest windows (for its intervals and its reported
 * backtest error) are cross-fitted: at each origin the weights come only from
 * the origins whose test windows do not overlap that origin's window
 * (`crossFittedWindows`). Errors of a combination weighted on the very windows
 * it is scored on are optimistic — the weights were chosen to make them small.
 */
import { smape } from './accuracy.js';
import { backtest, type Origin } from './backtest.js';
import type { BacktestWindow } from './intervals.js';
import { fitModel } from './models.js';
import { seasonalAdjustment } from './seasonality.js';
import type { AccuracyScores, FitContext, ModelName } from './types.js';

export interface CombinationMember {
  name: ModelName;
  weight: number;
  /** Mean backtest MASE (NaN without a backtest). */
  score: number;
}

export interface Selection {
  members: CombinationMember[];
  /** Point forecast for steps 1…horizon. */
  point: number[];
  origins: Origin[];
  /**
   * The combined forecast from each backtest origin, with the actual values —
   * cross-fitted (`crossFittedWindows`), so its errors are out-of-sample for the
   * weights too. The intervals come from these windows.
   */
  windows: BacktestWindow[];
  /** Mean sMAPE and MASE of the cross-fitted combination over the origins (NaN without origins). */
  backtestError: AccuracyScores;
  notes: string[];
}

export interface SelectOptions {
  horizon: number;
  /** Candidate models (default: `defaultCandidates`). */
  candidates?: readonly ModelName[];
  /** Maximum number of backtest origins (default 8). */
  origins?: number;
  /** Distance between origins (default ⌈h/3⌉). */
  spacing?: number;
}

/** Members below this weight are dropped and the rest renormalised (keeps the answer readable). */
const MIN_WEIGHT = 0.005;

/** The candidates `auto` combines for a series of this shape. */
export function defaultCandidates(y: readonly number[], context: FitContext): ModelName[] {
  const n = y.length;
  const m = context.season;
  const out: ModelName[] = ['naive2', 'drift', 'ses', 'holt', 'damped', 'theta', 'robust-trend'];
  if (m > 1 && n > m) out.push('seasonal-naive');
  if (m > 1 && n >= 2 * m + 2) {
    out.push('hw-additive');
    if (y.every((v) => v > 0)) out.push('hw-multiplicative');
  }
  return out;
}

function normaliser(o: Origin): number {
  if (o.scale > 0) return o.scale;
  const level = o.actual.reduce((a, v) => a + Math.abs(v), 0) / Math.max(1, o.actual.length);
  return level > 0 ? level : 1;
}

/** Mean absolute scaled error of `forecasts[o]` at each origin o. */
function originScaledErrors(origins: readonly Origin[], forecasts: readonly (readonly number[])[]): number[] {
  return origins.map((o, i) => {
    let e = 0;
    for (let k = 0; k < o.actual.length; k++) e += Math.abs(o.actual[k] - forecasts[i][k]);
    return e / o.actual.length / normaliser(o);
  });
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Inverse-squared-error weights; exact ties at zero error share the weight. */
export function combinationWeights(scores: readonly number[]): number[] {
  if (scores.length === 0) return [];
  if (scores.some((s) => !Number.isFinite(s))) return scores.map(() => 1 / scores.length);
  const min = Math.min(...scores);
  if (min <= 0) {
    const zero = scores.filter((s) => s <= 0).length;
    return scores.map((s) => (s <= 0 ? 1 / zero : 0));
  }
  const raw = scores.map((s) => 1 / (s * s));
  const total = raw.reduce((a, b) => a + b, 0);
  let w = raw.map((v) => v / total);
  if (w.some((v) => v < MIN_WEIGHT)) {
    w = w.map((v) => (v < MIN_WEIGHT ? 0 : v));
    const kept = w.reduce((a, b) => a + b, 0);
    w = w.map((v) => v / kept);
  }
  return w;
}

function combine(parts: readonly (readonly number[])[], weights: readonly number[], length: number): number[] {
  const out = new Array<number>(length).fill(0);
  parts.forEach((f, j) => {
    if (weights[j] === 0) return;
    for (let k = 0; k < length; k++) out[k] += weights[j] * f[k];
  });
  return out;
}

/**
 * The combination's backtest windows with honest weights: the forecast from
 * origin o combines the candidates with the weights `combinationWeights` gives
 * on the origins whose test windows do not overlap o's window — h-block
 * cross-validation (P. Burman, E. Chow & D. Nolan, "A cross-validatory method
 * for dependent data", Biometrika 81(2), 1994; J. Racine, "Consistent
 * cross-validatory model-selection for dependent data: hv-block
 * cross-validation", J. Econometrics 99(1), 2000). Plain leave-one-origin-out is
 * not enough: `auto`'s origins are ⌈h/3⌉ apart with h-step windows, so the
 * neighbours left in share most of o's actual values and the weights still
 * "know" them (on the M3 training data: 77 % / 92.5 % coverage for leave-one-out,
 * 79 % / 94 % for h-block, 76 % / 92 % weighting on all origins).
 * An origin with no independent origin gets equal weights — weights chosen with
 * no information. With a single candidate this is its own backtest.
 *
 * `forecasts[j][o]` is candidate j's forecast from origin o.
 */
export function crossFittedWindows(origins: readonly Origin[], forecasts: readonly (readonly (readonly number[])[])[]): BacktestWindow[] {
  const errors = forecasts.map((f) => originScaledErrors(origins, f));
  return origins.map((o, i) => {
    const end = o.train + o.actual.length;
    const independent = origins.map((_, j) => j).filter((j) => origins[j].train + origins[j].actual.length <= o.train || end <= origins[j].train);
    const weights =
      forecasts.length === 1
        ? [1]
        : combinationWeights(errors.map((e) => (independent.length ? mean(independent.map((j) => e[j])) : Number.NaN)));
    return { actual: o.actual, forecast: combine(forecasts.map((f) => f[i]), weights, o.actual.length) };
  });
}

/**
 * Backtest the candidates, weight them, fit the weighted ones on all of `y` and
 * combine. With one candidate this is that model with its backtest.
 */
export function selectModels(y: readonly number[], context: FitContext, options: SelectOptions): Selection {
  const h = options.horizon;
  const candidates = [...(options.candidates ?? defaultCandidates(y, context))];
  const bt = backtest(y, candidates, context, {
    horizon: h,
    origins: options.origins ?? 8,
    spacing: options.spacing ?? Math.ceil(h / 3),
  });
  const { origins } = bt;
  const scores = candidates.map((name) => (origins.length > 0 ? mean(originScaledErrors(origins, bt.forecasts[name]!)) : Number.NaN));
  const weights = candidates.length === 1 ? [1] : combinationWeights(scores);
  const notes: string[] = [];
  const point = new Array<number>(h).fill(0);
  const full: FitContext = { ...context, adjustment: seasonalAdjustment(y, context.seasons, context.seasonalPeriods) };
  candidates.forEach((name, j) => {
    if (weights[j] === 0) return;
    const model = fitModel(name, y, full);
    const f = model.forecast(h);
    for (let k = 0; k < h; k++) point[k] += weights[j] * f[k];
    for (const note of model.notes) if (!notes.includes(note)) notes.push(note);
  });
  const windows = crossFittedWindows(origins, candidates.map((name) => bt.forecasts[name]!));
  let backtestError: AccuracyScores = { smape: Number.NaN, mase: Number.NaN };
  if (origins.length > 0) {
    const s = windows.reduce((a, w) => a + smape(w.actual, w.forecast), 0) / windows.length;
    const withScale = origins.map((o, i) => ({ o, i })).filter(({ o }) => o.scale > 0);
    const m = withScale.length
      ? withScale.reduce((a, { o, i }) => a + windows[i].actual.reduce((b, v, k) => b + Math.abs(v - windows[i].forecast[k]), 0) / o.actual.length / o.scale, 0) / withScale.length
      : Number.NaN;
    backtestError = { smape: s, mase: m };
  }
  const members = candidates
    .map((name, j) => ({ name, weight: weights[j], score: scores[j] }))
    .filter((mbr) => mbr.weight > 0)
    .sort((a, b) => b.weight - a.weight);
  return { members, point, origins, windows, backtestError, notes };
}
