/**
 * Rolling-origin backtest: refit on each of the last few origins of the
 * training data and forecast the target horizon from there.
 *
 * Reference: L. J. Tashman, "Out-of-sample tests of forecasting accuracy: an
 * analysis and review", IJF 16(4), 2000 (rolling-origin evaluation);
 * Hyndman & Athanasopoulos, FPP3 §5.10 ("time series cross-validation").
 *
 * Origins are training lengths n − h, n − h − s, … (each followed by a full
 * horizon of known values; `auto` uses s = ⌈h/3⌉ so the windows overlap less).
 * When the series is too short for that, later origins with partial horizons
 * (n − 1, n − 2, …) are used instead, so short series still get some
 * out-of-sample errors (`planOrigins`). The seasonal adjustment is decided once
 * on the whole series and computed once per origin for all models.
 */
import { maseScale } from './accuracy.js';
import { fitModel } from './models.js';
import { seasonalAdjustment, seasonalPeriods } from './seasonality.js';
import type { FitContext, ModelName } from './types.js';

export interface BacktestOptions {
  horizon: number;
  /** Maximum number of origins (default 5). */
  origins?: number;
  /** Distance between full-horizon origins (default 1). */
  spacing?: number;
  /** Smallest training length an origin may have (default max(5, 2·season + 1) capped so short series still get origins). */
  minTrain?: number;
}

export interface Origin {
  /** Training length at this origin (values 0…train−1 are known). */
  train: number;
  /** Actual values after the origin (up to `horizon`). */
  actual: number[];
  /** MASE scale of the training part (in-sample seasonal-naive MAE; 0 for a constant training part). */
  scale: number;
}

export interface Backtest {
  origins: Origin[];
  /** `forecasts[model][o]`: the forecast from origin o (same length as `origins[o].actual`). */
  forecasts: Partial<Record<ModelName, number[][]>>;
}

/**
 * The training lengths to backtest from. Full-horizon origins `spacing` apart
 * (n − h, n − h − s, …) so their test windows overlap less; when fewer than
 * `maxOrigins` fit, the gaps are filled with the origins in between; when not
 * even two full-horizon origins fit, origins with partial horizons
 * (n − 1, n − 2, …) are used.
 */
export function planOrigins(n: number, horizon: number, maxOrigins: number, minTrain: number, spacing = 1): number[] {
  const last = n - horizon;
  const chosen = new Set<number>();
  for (let train = last; train >= minTrain && chosen.size < maxOrigins; train -= Math.max(1, spacing)) chosen.add(train);
  for (let train = last; train >= minTrain && chosen.size < maxOrigins; train--) chosen.add(train);
  const full = [...chosen].sort((a, b) => b - a);
  if (full.length >= Math.min(maxOrigins, 2)) return full;
  const partial: number[] = [];
  for (let train = n - 1; train >= minTrain && partial.length < maxOrigins; train--) partial.push(train);
  return partial.length > full.length ? partial : full;
}

/** Default smallest training length for backtest origins. */
export function defaultMinTrain(n: number, season: number): number {
  const wanted = Math.max(5, season > 1 ? 2 * season + 1 : 5);
  // Never demand more than ⅔ of the series, but keep at least 3 points.
  return Math.max(3, Math.min(wanted, Math.floor((2 * n) / 3)));
}

/** Fit every model at every origin and keep the forecasts. */
export function backtest(
  y: readonly number[],
  models: readonly ModelName[],
  context: FitContext,
  options: BacktestOptions,
): Backtest {
  const n = y.length;
  const h = options.horizon;
  const minTrain = options.minTrain ?? defaultMinTrain(n, context.season);
  const trains = planOrigins(n, h, options.origins ?? 5, minTrain, options.spacing ?? 1);
  const origins: Origin[] = trains.map((train) => ({
    train,
    actual: y.slice(train, Math.min(n, train + h)),
    scale: maseScale(y.slice(0, train), context.season),
  }));
  // Decide the seasonal adjustment once on the whole series (see FitContext.seasonalPeriods).
  const ctx: FitContext = { ...context, seasonalPeriods: context.seasonalPeriods ?? seasonalPeriods(y, context.seasons) };
  const forecasts: Partial<Record<ModelName, number[][]>> = {};
  for (const name of models) forecasts[name] = [];
  for (const o of origins) {
    const train = y.slice(0, o.train);
    const shared: FitContext = { ...ctx, adjustment: seasonalAdjustment(train, ctx.seasons, ctx.seasonalPeriods) };
    for (const name of models) forecasts[name]!.push(fitModel(name, train, shared).forecast(o.actual.length));
  }
  return { origins, forecasts };
}
