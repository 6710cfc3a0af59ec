/**
 * The forecasting entry point: `forecast(y, { horizon, season, model, level })`.
 *
 * Cleans the input (`prepare-series.ts`), finds the seasonal periods when asked
 * (`period-detection.ts`), fits one model or the `auto` combination with its
 * rolling-origin backtest (`auto.ts`), and derives 80 % / 95 % intervals from
 * the backtest errors (`intervals.ts`). Never throws on numeric input: what it
 * could not do, or did instead, is listed in `warnings`.
 */
import { selectModels } from './auto.js';
import { predictionIntervals, type Interval } from './intervals.js';
import { isModelName } from './models.js';
import { detectPeriods } from './period-detection.js';
import { prepareSeries, type SeriesInput } from './prepare-series.js';
import type { AccuracyScores, FitContext, ModelName } from './types.js';

export interface ForecastOptions {
  /** Steps to forecast after the end of the input (≥ 1). */
  horizon: number;
  /** Seasonal period, or 'auto' (default) to detect it from the data; 1 = none. */
  season?: number | 'auto';
  /** A model name, or 'auto' (default) for the backtest-weighted combination. */
  model?: ModelName | 'auto';
  /** Interval levels in percent (default [80, 95]); 80 and 95 are always in the named fields. */
  level?: readonly number[];
  /** Maximum number of backtest origins (default 8; fewer is faster). */
  origins?: number;
}

export interface ForecastResult {
  point: number[];
  lower80: number[];
  upper80: number[];
  lower95: number[];
  upper95: number[];
  /** One entry per requested level. */
  intervals: Interval[];
  /** 'auto' or the model asked for. */
  model: ModelName | 'auto';
  /** The models behind `point`, with their weights (one with weight 1 for a single model). */
  models: { name: ModelName; weight: number }[];
  /** The primary seasonal period used (1 = none). */
  season: number;
  /** All seasonal periods used. */
  seasons: number[];
  /** Mean sMAPE / MASE of the method over the backtest origins (NaN when the series was too short). */
  backtestError: AccuracyScores;
  /** How many backtest origins the weights and intervals come from. */
  backtestOrigins: number;
  /** Whether the intervals were built on the log scale (positive data) or the original one. */
  intervalScale: 'log' | 'absolute';
  warnings: string[];
}

function empty(h: number, model: ModelName | 'auto', levels: readonly number[], warnings: string[], fill: number): ForecastResult {
  const a = () => new Array<number>(h).fill(fill);
  return {
    point: a(), lower80: a(), upper80: a(), lower95: a(), upper95: a(),
    intervals: levels.map((level) => ({ level, lower: a(), upper: a() })),
    model, models: [], season: 1, seasons: [1],
    backtestError: { smape: Number.NaN, mase: Number.NaN }, backtestOrigins: 0, intervalScale: 'absolute', warnings,
  };
}

function resolveSeason(values: readonly number[], season: number | 'auto' | undefined, warnings: string[]): { season: number; seasons: number[] } {
  if (season === undefined || season === 'auto') {
    const found = detectPeriods(values);
    if (found.length === 0) return { season: 1, seasons: [1] };
    const primary = found.reduce((a, b) => (b.strength > a.strength ? b : a)).period;
    return { season: primary, seasons: found.map((f) => f.period) };
  }
  if (!Number.isFinite(season) || season < 1) {
    warnings.push(`season ${season} is not a positive integer: no seasonality used`);
    return { season: 1, seasons: [1] };
  }
  const m = Math.floor(season);
  if (m !== season) warnings.push(`season ${season} rounded down to ${m}`);
  if (m > 1 && values.length < 2 * m) warnings.push(`fewer than two cycles of season ${m} (${values.length} points): seasonality cannot be estimated and is not modelled`);
  return { season: m, seasons: [m] };
}

/**
 * Forecast `y` (gaps as null/NaN allowed) `horizon` steps ahead.
 *
 * @example
 * const r = forecast(hourlyCpu, { horizon: 48 });           // season and model chosen from the data
 * r.point[0], r.lower95[0], r.upper95[0], r.models, r.warnings
 * forecast(sales, { horizon: 12, season: 12, model: 'theta' });
 */
export function forecast(y: SeriesInput, options: ForecastOptions): ForecastResult {
  const levels = options.level ?? [80, 95];
  const requested = options.model ?? 'auto';
  const warnings: string[] = [];
  let model: ModelName | 'auto' = 'auto';
  if (requested === 'auto' || isModelName(requested)) model = requested;
  else warnings.push(`unknown model "${String(requested)}": auto used`);

  const h = Math.floor(options.horizon);
  if (!(h >= 1)) return empty(0, model, levels, [...warnings, `horizon must be a positive integer (got ${options.horizon})`], Number.NaN);
  if (h !== options.horizon) warnings.push(`horizon ${options.horizon} rounded down to ${h}`);

  const prepared = prepareSeries(y);
  warnings.push(...prepared.warnings);
  const values = prepared.values;
  const n = values.length;
  if (n === 0) return empty(h, model, levels, warnings, Number.NaN);
  const steps = h + prepared.trailing;

  const { season, seasons } = resolveSeason(values, options.season, warnings);
  const context: FitContext = { season, seasons };
  const allLevels = [...new Set([80, 95, ...levels])];

  // A constant series (or a single point): every model forecasts the constant, with no spread to learn from.
  if (values.every((v) => v === values[0])) {
    warnings.push(n === 1 ? 'a single observation: the forecast repeats it and intervals have zero width' : 'constant series: the forecast is the constant and intervals have zero width');
    const r = empty(h, model, levels, warnings, values[0]);
    return { ...r, models: [{ name: model === 'auto' ? 'naive' : model, weight: 1 }], season, seasons };
  }
  if (n < 2 * Math.max(2, season) + 1) warnings.push(`short series (${n} points): few or no backtest windows, so model weights and intervals are rough`);

  const selection = selectModels(values, context, {
    horizon: steps,
    candidates: model === 'auto' ? undefined : [model],
    origins: options.origins,
  });
  for (const note of selection.notes) warnings.push(note);

  const diffs = values.slice(1).map((v, i) => v - values[i]);
  const fallbackSigma = diffs.length ? Math.sqrt(diffs.reduce((a, d) => a + d * d, 0) / diffs.length) : 0;
  if (selection.windows.length === 0) warnings.push('no backtest window fits in the series: intervals assume random-walk growth of the one-step changes');
  const positive = values.every((v) => v > 0);
  const { intervals, scale } = predictionIntervals({ point: selection.point, windows: selection.windows, positive, fallbackSigma }, allLevels);

  // Data that never went below zero (counts, sales, durations) gets no negative forecasts or bounds.
  const nonNegative = values.every((v) => v >= 0);
  const floor = (xs: number[]) => (nonNegative ? xs.map((v) => Math.max(0, v)) : xs).slice(prepared.trailing);
  const byLevel = new Map(intervals.map((i) => [i.level, i]));
  return {
    point: floor(selection.point),
    lower80: floor(byLevel.get(80)!.lower),
    upper80: floor(byLevel.get(80)!.upper),
    lower95: floor(byLevel.get(95)!.lower),
    upper95: floor(byLevel.get(95)!.upper),
    intervals: levels.map((level) => ({ level, lower: floor(byLevel.get(level)!.lower), upper: floor(byLevel.get(level)!.upper) })),
    model,
    models: selection.members.map(({ name, weight }) => ({ name, weight })),
    season,
    seasons,
    backtestError: selection.backtestError,
    backtestOrigins: selection.windows.length,
    intervalScale: scale,
    warnings,
  };
}
