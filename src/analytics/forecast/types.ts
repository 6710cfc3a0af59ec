/**
 * Shared types of the forecasting module. Every model is a small value:
 * `fit(y, context)` returns a `FittedModel` whose `forecast(h)` gives point
 * forecasts h steps past the end of `y`. Intervals are not a model's business:
 * they come from out-of-sample backtest errors (see `intervals.ts`), so every
 * model — and every combination of models — gets them the same way.
 */

import type { SeasonalAdjustment } from './seasonality.js';

/** The single models Almanac can fit. A closed union: adding one breaks the build until every mapping handles it. */
export type ModelName =
  | 'naive'
  | 'seasonal-naive'
  | 'naive2'
  | 'drift'
  | 'ses'
  | 'holt'
  | 'damped'
  | 'hw-additive'
  | 'hw-multiplicative'
  | 'theta'
  | 'robust-trend'
  | 'ets'
  | 'mstl';

/** What a fitter needs to know about the series beyond its values. */
export interface FitContext {
  /** The primary seasonal period (1 = none). */
  season: number;
  /**
   * All seasonal periods, ascending, including `season` (e.g. [24, 168] for hourly
   * data). Models that handle one period use `season`; MSTL and the seasonal
   * adjustment of non-seasonal models use them all.
   */
  seasons: number[];
  /**
   * The periods to remove before non-seasonal models, decided once on the whole
   * series (`seasonalPeriods` in `seasonality.ts`). Backtests pass it so that a
   * shortened training window is adjusted the same way as the full series
   * (its seasonal figure is still re-estimated from the window alone). Without
   * it, each fit runs the seasonality test itself.
   */
  seasonalPeriods?: number[];
  /**
   * `seasonalAdjustment(y, seasons, seasonalPeriods)` of exactly the `y` being
   * fitted, computed once and shared by the models fitted to the same window
   * (a speed-up for backtests; must not be reused for another series).
   */
  adjustment?: SeasonalAdjustment;
}

/** A model fitted to one series. */
export interface FittedModel {
  /** Point forecasts for steps 1…h after the last observation. */
  forecast(h: number): number[];
  /** Notes about the fit (fallbacks taken); surfaced as warnings. */
  notes: string[];
}

/** A fitter: pure, deterministic, never throws on finite input (it falls back and says so in `notes`). */
export type Fitter = (y: readonly number[], context: FitContext) => FittedModel;

/** Forecast accuracy on held-out data. */
export interface AccuracyScores {
  /** Symmetric MAPE in percent (M4 definition, 0…200). */
  smape: number;
  /** Mean absolute scaled error (scaled by the in-sample seasonal-naive MAE). */
  mase: number;
}
